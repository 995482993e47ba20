"""The request and the answers between the console script and the server, on a Unix
stream socket.

A request is a length (4 bytes, big-endian) and a ``marshal``-ed dict, with the
client's standard input, output and error passed along as file descriptors
(``SCM_RIGHTS``, unix(7)): the server's child writes to the very terminal, pipe or
file the client would have, so ``-o -``, ``isatty`` and a reader that leaves early
behave as they do in-process. ``marshal`` is the interpreter's own format (no import,
the same Python on both sides: ``address.identity``); it is not safe against a hostile
peer, and only a peer of the same user (``peer_uid``) is ever read.

Answers are one byte, and for some a payload: ``RUNNING`` (the request is accepted and
runs now), then ``EXIT`` and a 4-byte exit status; ``DECLINE`` (the server will not run
this request: the client runs it itself);
``INFO`` and a marshal-ed dict (``status``); ``KILLED`` and a 4-byte signal number
(the command was ended by a signal it left to its default action: the client ends by
it too). While a request runs the client sends the signals it is sent, a byte each
(``FORWARDED``: Ctrl-C's ``INTERRUPT``, ``kill``'s SIGTERM, a closed terminal's SIGHUP).
"""

import _socket as socket  # the C module: ``socket``'s enums cost the client milliseconds
import marshal
import posix  # os's own calls: the quick client imports no os (see convert.server.address)
import sys

EXIT = b"E"
RUNNING = b"R"
DECLINE = b"D"
INFO = b"I"
KILLED = b"K"
INTERRUPT = b"C"
#: The signals a client passes on to its request, by number (POSIX's numbers for these
#: three, the same on every system: no ``signal`` import here), and the byte for each.
FORWARDED = {2: INTERRUPT, 15: b"T", 1: b"H"}
#: The client's standard input, output and error, in that order.
STDIO_FDS = (0, 1, 2)
#: A request larger than this is refused (the environment and the arguments, not data).
MAX_REQUEST = 16 * 1024 * 1024


class WireError(Exception):
    """The other side closed the connection, or sent what this side does not expect."""


def connect(path: str) -> socket.socket | None:
    """A connection to the socket at ``path``; None when none listens there (a stale
    socket after a crash), none is there, or the path is too long."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(path)
    except OSError:
        sock.close()
        return None
    return sock


def standard_streams_open() -> bool:
    """Whether this process has its three standard streams, open, to pass on."""
    if None in (sys.stdin, sys.stdout, sys.stderr):
        return False
    try:
        for fd in STDIO_FDS:
            posix.fstat(fd)
    except OSError:
        return False
    return True


def peer_uid(sock: socket.socket) -> int:
    """The user id of the process at the other end (``SO_PEERCRED``: pid, uid, gid)."""
    raw = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
    return int.from_bytes(raw[4:8], sys.byteorder)  # struct ucred, in the machine's order


def send_request(sock: socket.socket, request: dict[str, object], fds: tuple[int, ...] = ()) -> None:
    body = marshal.dumps(request)
    data = len(body).to_bytes(4, "big") + body
    ancillary = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, _fd_bytes(fds))] if fds else []
    sent = sock.sendmsg([data], ancillary)
    # Never a second, empty send: the server's child may have read the whole request,
    # run it, answered and closed already, and a send to a closed end fails (EPIPE) on a
    # request that went whole; the client would then run the command a second time here.
    if sent < len(data):
        sock.sendall(data[sent:])


def _fd_bytes(fds: tuple[int, ...]) -> bytes:
    """The descriptors as the C ints SCM_RIGHTS carries (without ``array``: the client
    would import it for this alone)."""
    return b"".join(fd.to_bytes(4, sys.byteorder, signed=True) for fd in fds)


def receive_request(sock: socket.socket, max_fds: int = len(STDIO_FDS)) -> tuple[dict[str, object], list[int]]:
    """The request and the file descriptors that came with it (the caller owns them)."""
    import array

    fds = array.array("i")
    data, ancillary, _flags, _address = sock.recvmsg(4096, socket.CMSG_SPACE(max_fds * fds.itemsize))
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(payload[: len(payload) - len(payload) % fds.itemsize])
    if len(data) < 4:
        data += receive_exactly(sock, 4 - len(data))
    size = int.from_bytes(data[:4], "big")
    if size > MAX_REQUEST:
        raise WireError(f"a request of {size} bytes")
    body = data[4:] + receive_exactly(sock, size - (len(data) - 4))
    try:
        request = marshal.loads(body)
    except (EOFError, ValueError, TypeError) as exc:
        raise WireError(f"an unreadable request: {exc}") from None
    if not isinstance(request, dict):
        raise WireError("a request that is not a table")
    return request, list(fds)


def receive_exactly(sock: socket.socket, size: int) -> bytes:
    chunks = []
    while size > 0:
        chunk = sock.recv(size)
        if not chunk:
            raise WireError("the connection closed")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def send_exit(sock: socket.socket, status: int) -> None:
    sock.sendall(EXIT + (status & 0xFFFFFFFF).to_bytes(4, "big"))


def send_killed(sock: socket.socket, signum: int) -> None:
    sock.sendall(KILLED + signum.to_bytes(4, "big"))


def send_info(sock: socket.socket, info: dict[str, object]) -> None:
    body = marshal.dumps(info)
    sock.sendall(INFO + len(body).to_bytes(4, "big") + body)


def receive_answer(sock: socket.socket) -> tuple[bytes, object]:
    """``(EXIT, status)``, ``(KILLED, signum)``, ``(RUNNING, None)``, ``(DECLINE, None)``
    or ``(INFO, dict)``; WireError if the server went away first."""
    kind = receive_exactly(sock, 1)
    if kind in (EXIT, KILLED):
        return kind, int.from_bytes(receive_exactly(sock, 4), "big")
    if kind in (RUNNING, DECLINE):
        return kind, None
    if kind == INFO:
        size = int.from_bytes(receive_exactly(sock, 4), "big")
        return kind, marshal.loads(receive_exactly(sock, size))
    raise WireError(f"an unknown answer {kind!r}")
