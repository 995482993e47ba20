"""Is a Dask scheduler listening at ``--scheduler tcp://HOST:PORT``? Asked before Dask is.

Dask's client, pointed at a server that does not speak its protocol, waits forever
(an HTTP server waits for a request line while the client waits for a handshake), or
reads the server's first bytes as a message length and fails with an OverflowError or
a MemoryError. Every Dask connection opens with both sides sending a handshake
(distributed/comm/core.py, ``connect``: ``comm.write(local_info)``, then
``comm.read()``), and a scheduler sends its own as soon as it accepts; it is framed as
distributed/comm/tcp.py's ``read`` expects: a message length (an unsigned 64-bit
integer, in the machine's byte order, as Dask's ``struct`` format ``"Q"``), then the
frames: their count, their lengths, and msgpack naming the peer's ``compression``,
``python`` and ``pickle-protocol``. So the probe connects, reads that handshake within
the timeout, checks its shape, and closes; only then does Dask's client connect.

The timeout is ``VNCONV_SCHEDULER_TIMEOUT`` seconds (10 by default): for the connection,
and for the handshake after it.
"""

from __future__ import annotations

import os
import socket
import struct
import time

#: The variable that sets the timeout, in seconds.
TIMEOUT_VARIABLE = "VNCONV_SCHEDULER_TIMEOUT"
DEFAULT_TIMEOUT_SECONDS = 10.0
#: A handshake is some 60 bytes; anything near this is not one.
_MAX_HANDSHAKE_BYTES = 1 << 16
_LENGTH = struct.Struct("Q")


class ProbeError(Exception):
    """No Dask scheduler answers at the address: the one-line reason."""


def timeout_seconds() -> float:
    """``$VNCONV_SCHEDULER_TIMEOUT``, or 10 s."""
    value = os.environ.get(TIMEOUT_VARIABLE, "").strip()
    if not value:
        return DEFAULT_TIMEOUT_SECONDS
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < 1e6:
        raise ProbeError(f"{TIMEOUT_VARIABLE}={value!r}: give a number of seconds, e.g. 10")
    return seconds


def probe(address: str, host: str, port: int, timeout: float) -> None:
    """Raise ``ProbeError`` unless a Dask scheduler at ``host``:``port`` sends its
    handshake within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    try:
        connection = socket.create_connection((host, port), timeout=timeout)
    except TimeoutError:
        raise ProbeError(f"cannot reach the Dask scheduler at {address}: no answer within {timeout:g} s") from None
    except OSError as exc:
        raise ProbeError(f"cannot reach the Dask scheduler at {address}: {exc.strerror or exc}") from None
    with connection:
        try:
            head = _read(connection, _LENGTH.size, deadline)
            (length,) = _LENGTH.unpack(head)
            if not 2 * _LENGTH.size < length <= _MAX_HANDSHAKE_BYTES:
                raise ProbeError(f"{address} is not a Dask scheduler: it does not speak Dask's protocol (it began with {head!r})")
            message = _read(connection, length, deadline)
        except TimeoutError:
            raise ProbeError(
                f"{address} is not a Dask scheduler: it sent no Dask handshake within {timeout:g} s "
                f"(set {TIMEOUT_VARIABLE} to wait longer)"
            ) from None
        except OSError as exc:
            raise ProbeError(f"{address} is not a Dask scheduler: {exc.strerror or exc}") from None
    (frames,) = _LENGTH.unpack_from(message)
    if not (0 < frames and _LENGTH.size * (1 + frames) <= length and b"pickle-protocol" in message):
        raise ProbeError(f"{address} is not a Dask scheduler: its first message is not a Dask handshake")


def _read(connection: socket.socket, count: int, deadline: float) -> bytes:
    """``count`` bytes, by the deadline (TimeoutError), or OSError if the peer closes first."""
    data = bytearray()
    while len(data) < count:
        connection.settimeout(max(0.001, deadline - time.monotonic()))
        chunk = connection.recv(count - len(data))
        if not chunk:
            raise OSError(f"it closed the connection after {len(data)} byte(s), without a Dask handshake")
        data += chunk
    return bytes(data)
