"""A real OpenID Connect provider for the suite: provider.mjs (panva's oidc-provider) run with node.

`local_provider(redirect_uri)` starts it on a free port and waits for its discovery document; the
`oidc_provider` fixture starts one for the session's live server, whose callback must be the redirect URI, and
`single_sign_on` points faircase's settings at it for one test.
"""

import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from django.urls import reverse

from faircase.accounts.single_sign_on import provider

SCRIPT = Path(__file__).with_name("provider.mjs")
CLIENT_ID = "faircase-test"
CLIENT_SECRET = "a-secret-only-the-tests-know"
START_SECONDS = 20


@dataclass(frozen=True)
class LocalProvider:
    issuer: str
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def local_provider(redirect_uri: str) -> Iterator[LocalProvider]:
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(  # noqa: S603 (our own script, fixed arguments)
            # node from PATH, as `make install` uses it
            ["node", str(SCRIPT), str(port), CLIENT_ID, CLIENT_SECRET, redirect_uri],  # noqa: S607
            cwd=SCRIPT.parents[3],
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            _wait_for_discovery(issuer, process, log)
            yield LocalProvider(issuer=issuer)
        finally:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for_discovery(issuer: str, process: subprocess.Popen[bytes], log: object) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)  # type: ignore[attr-defined]
            pytest.fail(f"The test OIDC provider stopped: {log.read()}", pytrace=False)  # type: ignore[attr-defined]
        try:
            if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    pytest.fail(f"The test OIDC provider did not start within {START_SECONDS} s (is `make install` done?)")


@pytest.fixture(scope="session")
def oidc_provider(live_server) -> Iterator[LocalProvider]:
    """Started after the live server: the provider accepts only faircase's own callback as redirect URI."""
    with local_provider(live_server.url + reverse("single_sign_on:callback")) as running:
        yield running


@pytest.fixture
def single_sign_on(settings, oidc_provider: LocalProvider) -> Iterator[LocalProvider]:
    settings.FAIRCASE_OIDC_ISSUER = oidc_provider.issuer
    settings.FAIRCASE_OIDC_CLIENT_ID = oidc_provider.client_id
    settings.FAIRCASE_OIDC_CLIENT_SECRET = oidc_provider.client_secret
    settings.FAIRCASE_OIDC_BUTTON_TEXT = "Sign in with your organisation's account"
    provider.forget_discovery()
    yield oidc_provider
    provider.forget_discovery()
