"""The fault proxy relays bytes, refuses connections when cut and holds bytes when frozen."""
import asyncio
import socket
import threading

import pytest

from tests.faults.tcp_proxy import fault_proxy

pytestmark = pytest.mark.unit


@pytest.fixture
def echo_server():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()

    def serve():
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            threading.Thread(target=lambda c=conn: [c.sendall(b) for b in iter(lambda: c.recv(1024), b"")],
                             daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    yield sock.getsockname()[1]
    sock.close()


def _echo(port: int, payload: bytes, timeout: float = 2.0) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        conn.sendall(payload)
        return conn.recv(1024)


def test_relays_then_refuses_when_cut_then_relays_again(echo_server):
    with fault_proxy("127.0.0.1", echo_server) as proxy:
        assert _echo(proxy.port, b"hello") == b"hello"
        proxy.cut()
        with pytest.raises(ConnectionRefusedError):
            _echo(proxy.port, b"x")
        proxy.restore()
        assert _echo(proxy.port, b"again") == b"again"


def test_cut_closes_open_connections(echo_server):
    with fault_proxy("127.0.0.1", echo_server) as proxy:
        conn = socket.create_connection(("127.0.0.1", proxy.port), timeout=2)
        conn.sendall(b"a")
        assert conn.recv(10) == b"a"
        proxy.cut()
        conn.settimeout(2)
        try:
            closed = conn.recv(10) == b""
        except ConnectionResetError:
            closed = True
        assert closed, "the relayed connection is still open after cut()"


def test_freeze_holds_bytes_until_thaw(echo_server):
    with fault_proxy("127.0.0.1", echo_server) as proxy:
        conn = socket.create_connection(("127.0.0.1", proxy.port), timeout=2)
        conn.sendall(b"warm")
        assert conn.recv(10) == b"warm"
        proxy.freeze()
        conn.sendall(b"held")
        conn.settimeout(0.5)
        with pytest.raises(socket.timeout):
            conn.recv(10)
        proxy.thaw()
        conn.settimeout(2)
        assert conn.recv(10) == b"held"
        conn.close()


def test_dsn_points_at_the_proxy():
    with fault_proxy("127.0.0.1", 1) as proxy:
        assert proxy.dsn("postgresql://postgres@127.0.0.1:55432/relapse") == \
            f"postgresql://postgres@127.0.0.1:{proxy.port}/relapse"
