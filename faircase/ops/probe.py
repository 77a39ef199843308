"""`python -m faircase.ops.probe`: the container's health check. Asks this machine's faircase for /healthz with a
Host header the settings allow, and exits 0 when it answers 200, 1 otherwise. Imports no Django (it runs every
30 seconds: starting Django each time would cost more than the server's answer)."""

import os
import sys
import urllib.error
import urllib.request

from faircase.ops.probes import LIVENESS_PATH

DEFAULT_PORT = "8000"


def probe_request(environ: dict[str, str] | os._Environ[str]) -> urllib.request.Request:
    """GET /healthz on 127.0.0.1, naming the first of FAIRCASE_ALLOWED_HOSTS (Django refuses any other Host)."""
    port = environ.get("FAIRCASE_PORT", DEFAULT_PORT)
    hosts = [h.strip() for h in environ.get("FAIRCASE_ALLOWED_HOSTS", "").split(",") if h.strip()]
    # ".example.nhs.uk" allows every subdomain: any one of them will do.
    host = hosts[0].replace("*", "probe").lstrip(".") if hosts else "localhost"
    return urllib.request.Request(f"http://127.0.0.1:{port}/{LIVENESS_PATH}", headers={"Host": host})


def main() -> int:
    try:
        with urllib.request.urlopen(probe_request(os.environ), timeout=5) as response:  # noqa: S310 (fixed http URL)
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as error:
        sys.stderr.write(f"faircase did not answer /{LIVENESS_PATH}: {error}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
