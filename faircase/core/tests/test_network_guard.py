"""The suite reaches no network but this machine (pyproject.toml: pytest-socket's --allow-hosts)."""

import socket
import urllib.request

import pytest
from pytest_socket import SocketConnectBlockedError

# TEST-NET-1 (RFC 5737): reserved for documentation, never routed, so nothing is reached even if the guard fails.
NON_LOCAL = "192.0.2.1"


def test_a_connection_to_a_non_local_address_is_refused():
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock,
        pytest.warns(UserWarning, match=NON_LOCAL),
        pytest.raises(SocketConnectBlockedError),
    ):
        sock.settimeout(2)
        sock.connect((NON_LOCAL, 80))


def test_a_web_request_to_a_non_local_address_is_refused():
    with pytest.warns(UserWarning, match=NON_LOCAL), pytest.raises(SocketConnectBlockedError):
        urllib.request.urlopen(f"http://{NON_LOCAL}/", timeout=2)


def test_a_connection_to_this_machine_is_allowed():
    # The live server of the browser journeys and a PostgreSQL on 127.0.0.1 depend on it.
    with (
        socket.create_server(("127.0.0.1", 0)) as server,
        socket.create_connection(server.getsockname(), timeout=2) as client,
    ):
        accepted, _address = server.accept()
        with accepted:
            client.sendall(b"ping")
            assert accepted.recv(4) == b"ping"
