"""The malware scanner hook, against a fake clamd on a socket of this test: it speaks clamd's INSTREAM protocol
and reports the EICAR test string as a virus, as ClamAV does."""

import datetime as dt
import socket
import socketserver
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from faircase.core.models import AuditEvent
from faircase.documents import scanning, services
from faircase.documents.choices import Kind, Marking
from faircase.documents.models import Document
from faircase.documents.tests import files
from faircase.documents.tests.factories import add_document
from faircase.documents.tests.helpers import stored_files

pytestmark = pytest.mark.django_db


class FakeClamd(socketserver.StreamRequestHandler):
    """One command per connection, as clamdpy sends them: INSTREAM, then chunks each led by its length (4 bytes,
    network order), ending with a zero length. Answers "stream: OK" or "stream: <name> FOUND", then closes."""

    def handle(self) -> None:
        command = b""
        while not command.endswith((b"\n", b"\0")):
            byte = self.rfile.read(1)
            if not byte:
                return
            command += byte
        self.server.commands.append(command.decode().strip("\n\0"))
        if command[1:].rstrip(b"\n\0") != b"INSTREAM":
            self.wfile.write(b"UNKNOWN COMMAND\n")
            return
        received = b""
        while True:
            (length,) = struct.unpack("!L", self.rfile.read(4))
            if length == 0:
                break
            received += self.rfile.read(length)
        self.server.received.append(received)
        if files.EICAR in received:
            self.wfile.write(b"stream: Eicar-Test-Signature FOUND\n")
        else:
            self.wfile.write(b"stream: OK\n")


class UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


class TcpServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextmanager
def serving(server: socketserver.BaseServer) -> Iterator[socketserver.BaseServer]:
    server.commands, server.received = [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def clamd(tmp_path, settings):
    """A fake clamd on a Unix socket, named in FAIRCASE_CLAMD_SOCKET."""
    path = tmp_path / "clamd.ctl"
    with serving(UnixServer(str(path), FakeClamd)) as server:
        settings.FAIRCASE_CLAMD_SOCKET = str(path)
        settings.FAIRCASE_CLAMD_TIMEOUT = 5
        yield server


def _add(case, by, name, content):
    return services.add_document(
        case=case, file=files.upload(name, content), name=name, kind=Kind.STATEMENT, dated=dt.date(2026, 3, 2),
        marking=Marking.DISCLOSABLE, by=by,
    )  # fmt: skip


def test_scanning_is_off_unless_settings_name_clamd(settings):
    settings.FAIRCASE_CLAMD_SOCKET = ""
    assert scanning.configured_scanner() is None and not scanning.scanning_on()


def test_a_clean_file_is_streamed_to_clamd_and_recorded_as_scanned(case, case_manager, clamd):
    content = files.pdf("A clean statement")
    document = _add(case, case_manager, "statement.pdf", content)
    assert clamd.received == [content]
    assert document.versions.get().virus_scanned_at is not None
    assert AuditEvent.objects.get(action="document.added").summary["detail"]["virus_scanned"] is True


def test_the_eicar_test_string_is_refused_when_scanning_is_on(case, case_manager, clamd):
    """EICAR inside an otherwise valid PDF, so it passes the type check and reaches the scanner."""
    infected = files.pdf("EICAR follows") + files.EICAR
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refusal:
        _add(case, case_manager, "statement.pdf", infected)
    assert refusal.value.message_dict["file"] == ["The file contains a virus, so it was not saved"]
    assert clamd.received == [infected]
    assert not Document.objects.for_system("command").exists() and stored_files() == []
    assert AuditEvent.objects.count() == events


def test_the_eicar_test_string_is_saved_when_scanning_is_off_if_its_type_is_allowed(
    case, case_manager, settings
):
    """Off means off: the page says files are not scanned, and this is why it must."""
    settings.FAIRCASE_CLAMD_SOCKET = ""
    document = _add(case, case_manager, "statement.pdf", files.pdf() + files.EICAR)
    assert document.versions.get().virus_scanned_at is None


def test_a_file_is_refused_when_clamd_cannot_be_reached(case, case_manager, settings, tmp_path):
    settings.FAIRCASE_CLAMD_SOCKET = str(tmp_path / "nobody-listens.ctl")
    with pytest.raises(ValidationError, match="could not be checked for viruses, so it was not saved"):
        _add(case, case_manager, "statement.pdf", files.pdf())
    assert stored_files() == []


def test_a_file_of_a_wrong_type_is_refused_before_it_reaches_the_scanner(case, case_manager, clamd):
    with pytest.raises(ValidationError, match="The file must be a PDF"):
        _add(case, case_manager, "statement.pdf", files.windows_executable())
    assert clamd.received == []


def test_clamd_on_host_and_port(case, case_manager, settings):
    with serving(TcpServer(("127.0.0.1", 0), FakeClamd)) as server:
        host, port = server.server_address[:2]
        settings.FAIRCASE_CLAMD_SOCKET = f"{host}:{port}"
        assert isinstance(scanning.configured_scanner().client(), scanning.clamdpy.ClamdNetworkSocket)
        with pytest.raises(ValidationError, match="contains a virus"):
            _add(case, case_manager, "statement.pdf", files.pdf() + files.EICAR)
        _add(case, case_manager, "statement.pdf", files.pdf())
        assert len(server.received) == 2


def test_a_unix_socket_path_is_not_taken_for_host_and_port():
    scanner = scanning.Scanner(address="/run/clamav/clamd.ctl", timeout=1)
    assert isinstance(scanner.client(), scanning.clamdpy.ClamdUnixSocket)


def test_the_upload_page_says_whether_files_are_scanned(case, case_manager, signed_in, clamd, settings):
    client = signed_in(case_manager)
    url = reverse("documents:add", kwargs={"case_id": case.pk})
    assert "Files are checked for viruses before they are saved" in client.get(url).content.decode()
    settings.FAIRCASE_CLAMD_SOCKET = ""
    assert "Files are not checked for viruses by faircase here" in client.get(url).content.decode()


def test_the_version_page_says_whether_each_version_was_scanned(
    case, case_manager, signed_in, clamd, settings
):
    document = add_document(case, case_manager)
    settings.FAIRCASE_CLAMD_SOCKET = ""
    services.add_version(document=document, file=files.upload("s.pdf", files.pdf("2")), name="s.pdf",
                         by=case_manager)  # fmt: skip
    html = (
        signed_in(case_manager)
        .get(reverse("documents:detail", kwargs={"case_id": case.pk, "document_id": document.pk}))
        .content.decode()
    )
    assert "Checked for viruses" in html and "Not checked for viruses" in html


def test_the_fake_server_answers_like_clamd(tmp_path):
    """The fake itself: a guard that the tests above talk to something that behaves as clamd does."""
    path = tmp_path / "c.ctl"
    with serving(UnixServer(str(path), FakeClamd)):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.connect(str(path))
            sock.sendall(
                b"zINSTREAM\0" + struct.pack("!L", len(files.EICAR)) + files.EICAR + struct.pack("!L", 0)
            )
            assert sock.makefile("rb").read() == b"stream: Eicar-Test-Signature FOUND\n"
        assert scanning.Scanner(address=str(path), timeout=2).scan(Path(__file__)) is None
