"""The wire: a request and its standard streams across the socket; peer credentials."""

from __future__ import annotations

import os
import socket
import sys

import pytest


pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the server needs Linux (SO_PEERCRED)")


def test_peer_uid_is_the_other_ends_user() -> None:
    from convert.server.wire import peer_uid

    a, b = socket.socketpair(socket.AF_UNIX)
    with a, b:
        assert peer_uid(a) == os.getuid()


def test_a_request_carries_its_table_and_its_descriptors() -> None:
    from convert.server import wire

    a, b = socket.socketpair(socket.AF_UNIX)
    read_end, write_end = os.pipe()
    request = {"kind": "run", "argv": ["pdf", "b\udcff.txt"], "environ": {b"K": b"v" * 60_000}}
    with a, b:
        wire.send_request(a, request, (read_end, write_end, write_end))
        received, fds = wire.receive_request(b)
        assert received == request  # a lone surrogate (an undecodable file name) and a large environment
        assert len(fds) == 3
        os.write(fds[1], b"through the passed descriptor")
        assert os.read(read_end, 100) == b"through the passed descriptor"
        for fd in (*fds, read_end, write_end):
            os.close(fd)
        wire.send_exit(a, 130)
        assert wire.receive_answer(b) == (wire.EXIT, 130)
        wire.send_killed(a, 15)  # the command ended by SIGTERM's default action: the client ends by it
        assert wire.receive_answer(b) == (wire.KILLED, 15)


def test_a_request_sent_whole_is_sent_once_though_the_server_has_answered_and_closed() -> None:
    # The server can read a request, run it (`vnconv epub --help` takes milliseconds),
    # answer and close before the client's send returns. A second, empty send would then
    # fail (EPIPE), and the client would run the command again in-process: its output
    # twice (seen under load, and found by running `epub --help` 150 times, 6 at a time).
    from convert.server import wire

    class ServerDoneMeanwhile:
        def __init__(self, sock: socket.socket, server: socket.socket) -> None:
            self.sock, self.server = sock, server

        def sendmsg(self, buffers: list[bytes], ancillary: list[tuple[int, int, bytes]]) -> int:
            sent = self.sock.sendmsg(buffers, ancillary)
            wire.receive_request(self.server, max_fds=0)
            self.server.close()  # answered, gone
            return sent

        def sendall(self, data: bytes) -> None:
            self.sock.sendall(data)

    a, b = socket.socketpair(socket.AF_UNIX)
    with a, b:
        wire.send_request(ServerDoneMeanwhile(a, b), {"kind": "status"})  # type: ignore[arg-type]
