"""``--scheduler tcp://…`` at something that is not a Dask scheduler: one line, exit 1,
within the timeout (``VNCONV_SCHEDULER_TIMEOUT``), never a hang or an internal error.

The servers are the test's own, on the loopback interface."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from convert.batch.probe import DEFAULT_TIMEOUT_SECONDS, TIMEOUT_VARIABLE, ProbeError, probe, timeout_seconds
from tests.support.articles import make_articles


def _answer(kind: str, connection: socket.socket) -> None:
    with connection:
        if kind == "0xff":  # a server answering with bytes no protocol has
            connection.sendall(b"\xff" * 64)
        elif kind == "http":  # as `python -m http.server`: silent until a request line comes
            data = b""
            while b"\n" not in data:
                chunk = connection.recv(4096)
                if not chunk:
                    return
                data += chunk
            connection.sendall(b"HTTP/1.0 400 Bad request\r\n\r\n")
        else:  # "closes": accepts and closes at once
            return
        with contextlib.suppress(OSError):
            connection.recv(1)  # until the client leaves


@contextlib.contextmanager
def server(kind: str) -> Iterator[int]:
    """A TCP server on 127.0.0.1 (a free port, which is yielded) that is not Dask."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def serve() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:  # closed: the test is over
                return
            threading.Thread(target=_answer, args=(kind, connection), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("http", "is not a Dask scheduler: it sent no Dask handshake within 1 s (set VNCONV_SCHEDULER_TIMEOUT to wait longer)"),
        ("0xff", "is not a Dask scheduler: it does not speak Dask's protocol (it began with b'\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff')"),
        ("closes", "is not a Dask scheduler: it closed the connection after 0 byte(s), without a Dask handshake"),
    ],
)
def test_a_server_that_is_not_dask_is_one_line_and_exit_1(tmp_path: Path, kind: str, reason: str) -> None:
    pytest.importorskip("distributed", reason="needs the dask extra: pip install 'vnconv[dask]' (make test installs it)")
    make_articles(tmp_path / "in", 2)
    root = Path(__file__).resolve().parents[2]
    with server(kind) as port:
        address = f"tcp://127.0.0.1:{port}"
        command = [sys.executable, "-m", "convert", "convert", str(tmp_path / "in"), "--to", "json", "-O", str(tmp_path / "out")]
        done = subprocess.run(
            [*command, "--scheduler", address],
            cwd=root,
            capture_output=True,
            timeout=60,  # a hang fails the test; the batch itself gives up after 1 s
            env={**os.environ, TIMEOUT_VARIABLE: "1"},
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr.decode() == f"vnconv: error: {address} {reason}\n"
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_nothing_listening_is_named_so() -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]  # bound, never listening: the connection is refused
        with pytest.raises(ProbeError, match=rf"^cannot reach the Dask scheduler at tcp://127.0.0.1:{port}: Connection refused$"):
            probe(f"tcp://127.0.0.1:{port}", "127.0.0.1", port, 1.0)


def test_a_dask_scheduler_passes(dask_scheduler: str) -> None:
    host, port = dask_scheduler.removeprefix("tcp://").rsplit(":", 1)
    probe(dask_scheduler, host, int(port), 10.0)


def test_the_timeout_is_10_s_unless_the_variable_says(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TIMEOUT_VARIABLE, raising=False)
    assert timeout_seconds() == DEFAULT_TIMEOUT_SECONDS == 10.0
    monkeypatch.setenv(TIMEOUT_VARIABLE, "2.5")
    assert timeout_seconds() == 2.5
    for bad in ("soon", "0", "-1", "nan", "inf"):
        monkeypatch.setenv(TIMEOUT_VARIABLE, bad)
        with pytest.raises(ProbeError, match=f"^{TIMEOUT_VARIABLE}="):
            timeout_seconds()
