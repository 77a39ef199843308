"""The malware scanner hook: ClamAV's daemon (clamd), asked through clamdpy, when FAIRCASE_CLAMD_SOCKET names it.

FAIRCASE_CLAMD_SOCKET is a Unix socket's path (`/run/clamav/clamd.ctl`) or `host:port` (`127.0.0.1:3310`);
empty (the default) switches scanning off, and the upload page says so. When scanning is on and clamd cannot be
reached or cannot give an answer, the file is refused: a file is never saved unscanned while scanning is on.
clamd refuses a stream longer than its StreamMaxLength (25 MB by default): set it at least as high as
FAIRCASE_DOCUMENT_MAX_BYTES.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path

import clamdpy
from clamdpy.exceptions import ClamdException
from clamdpy.exceptions import ConnectionError as ClamdConnectionError
from django.conf import settings
from django.utils.translation import gettext as _

CHUNK_BYTES = 64 * 1024


def _connected(family: int, address: str | tuple[str, int], timeout: float) -> socket.socket:
    """A socket connected to clamd, closed again when the connection fails (clamdpy 0.2 leaves it open)."""
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect(address)
    except OSError as error:
        sock.close()
        raise ClamdConnectionError(f"Could not connect to clamd at {address}: {error}") from error
    return sock


class _NetworkClamd(clamdpy.ClamdNetworkSocket):
    def _acquire_socket(self) -> socket.socket:
        return _connected(socket.AF_INET, (self.host, self.port), float(self.timeout or 60))


class _UnixClamd(clamdpy.ClamdUnixSocket):
    def _acquire_socket(self) -> socket.socket:
        return _connected(socket.AF_UNIX, str(self.socket_path), float(self.timeout or 60))


class ScanRefused(Exception):
    """The file was not accepted by the scan: it holds malware, or it could not be scanned."""

    def __init__(self, message: str, *, found: str = ""):
        self.found = found
        super().__init__(message)


@dataclass(frozen=True)
class Scanner:
    address: str
    timeout: float

    def client(self) -> clamdpy.ClamdNetworkSocket:
        host, sep, port = self.address.rpartition(":")
        if sep and port.isdigit() and not self.address.startswith("/"):
            return _NetworkClamd(host=host, port=int(port), timeout=self.timeout, max_chunk_size=CHUNK_BYTES)
        return _UnixClamd(path=self.address, timeout=self.timeout, max_chunk_size=CHUNK_BYTES)

    def scan(self, path: Path) -> None:
        """Stream the file to clamd. Returns when clamd finds nothing; raises ScanRefused otherwise."""
        try:
            with path.open("rb") as handle:
                result = self.client().instream(handle)
        except (ClamdException, OSError) as error:
            raise ScanRefused(
                _("The file could not be checked for viruses, so it was not saved. Try again later")
            ) from error
        if result.status == "FOUND":
            raise ScanRefused(_("The file contains a virus, so it was not saved"), found=result.reason or "")
        if result.status != "OK":
            raise ScanRefused(
                _("The file could not be checked for viruses, so it was not saved. Try again later")
            )


def configured_scanner() -> Scanner | None:
    """The scanner settings name, or None when scanning is off."""
    address = str(getattr(settings, "FAIRCASE_CLAMD_SOCKET", "") or "").strip()
    if not address:
        return None
    return Scanner(address=address, timeout=float(getattr(settings, "FAIRCASE_CLAMD_TIMEOUT", 60)))


def scanning_on() -> bool:
    return configured_scanner() is not None
