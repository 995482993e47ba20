"""The vnconv server: one resident process per user and installation, forking a child
for each request of the console script.

``start`` detaches a server (the double fork of a daemon, see W. R. Stevens, *Advanced
Programming in the UNIX Environment*, 13.3) that holds a lock beside its socket for
as long as it lives (``flock``: the system drops it when the process dies, however it
dies, so a socket without a locked lock file is stale and is replaced). Before it
listens it loads what ``vnconv convert``'s workers inherit (``batch.job.preload``: the
readers, every writer, the default style's faces) and the command line itself; each
request is then taken by a ``fork`` of that process, made before the request came
(``serve``: two wait on the socket), which runs the command as the client would have
(``run_request``) and answers its exit status. Requests run side by side (``make -j
N``), and one that crashes takes no other with it.

A child dies with the server (``PR_SET_PDEATHSIG``, prctl(2)): after a ``kill -9`` of
the server its requests stop, removing their temporary files, and their clients say
so. ``stop`` lets the requests under way finish first. With no request for
``idle_minutes`` the server stops by itself.
"""

from __future__ import annotations

import fcntl
import gc
import io
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NoReturn

from convert.server import pages, wire
from convert.server.address import identity, socket_path

#: Minutes without a request after which a server stops.
IDLE_MINUTES = 15.0
#: What runs a request: ``convert.cli.main`` with the client's arguments (given by the
#: caller, so that this module and the command line do not import each other).
Command = Callable[[Sequence[str]], object]
#: Children kept waiting for a request (``serve``): two, so that ``make -j2``'s two
#: requests at once both find one ready.
SPARES = 2
#: Seconds ``stop`` waits for the server to go.
STOP_WAIT = 30.0
#: The C library's ``prctl``, looked up once by the server for its children (None: not yet).
_PRCTL: Any = None


class ServerError(Exception):
    """Why a server cannot start, stop or answer: one line for the user."""


@dataclass
class Server:
    """A running server's listening socket and what ``status`` reports."""

    path: str
    listener: socket.socket
    idle_seconds: float
    command: Command
    started: float = field(default_factory=time.time)
    #: The children running a request.
    children: set[int] = field(default_factory=set)
    #: The requests taken so far (``_count``), in a memfd the children share (-1: not serving yet).
    counter: int = -1
    #: The pages the children write, learned and copied ahead (None: not on this system).
    pages: pages.Pages | None = None
    stopping: bool = False
    #: The socket file's inode, to remove that file only, never a newer server's.
    inode: int = 0
    #: The lock file's descriptor, which the children close (they must not keep it locked).
    lock: int = -1


def lock_path(path: str) -> str:
    return path.removesuffix(".sock") + ".lock"


def _take_lock(path: str) -> int | None:
    """The lock file's descriptor, locked; None if a server already holds it."""
    fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def running(path: str) -> bool:
    """Whether a server holds the lock of ``path``."""
    fd = _take_lock(path)
    if fd is None:
        return True
    os.close(fd)
    return False


def start(command: Command, idle_minutes: float = IDLE_MINUTES, wait: bool = True) -> str:
    """Start a detached server that runs each request with ``command`` (``cli.main``);
    what to tell the user. ``wait``: return once it listens (else at once, for a client
    that starts one on demand and runs its own command)."""
    if not hasattr(socket, "SO_PEERCRED") or not hasattr(os, "fork"):
        raise ServerError("the server needs Linux (Unix sockets with SO_PEERCRED, and fork)")
    path = socket_path(create=True)
    if path is None:
        raise ServerError("no private folder for the socket: set XDG_RUNTIME_DIR to a folder only you can enter (0700)")
    lock = _take_lock(path)
    if lock is None:
        return f"vnconv: a server is already running ({path})"
    ready_r, ready_w = os.pipe()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    pid = os.fork()
    if pid == 0:  # the first child: a new session, then the server is its child
        os.close(ready_r)
        try:
            os.setsid()
            if os.fork() != 0:
                os._exit(0)
            _daemon(path, lock, ready_w, idle_minutes * 60, command)
        finally:
            os._exit(1)
    os.close(lock)
    os.close(ready_w)
    os.waitpid(pid, 0)
    if not wait:
        os.close(ready_r)
        return ""
    with os.fdopen(ready_r, "rb") as ready:
        answer = ready.read().decode("utf-8", "replace")
    if not answer.startswith("ok "):
        raise ServerError(f"the server did not start: {answer or 'it ended at once'}")
    return f"vnconv: server started (pid {answer[3:]}), listening on {path}; `vnconv server stop` stops it"


def _daemon(path: str, lock: int, ready_w: int, idle_seconds: float, command: Command) -> NoReturn:
    """The server process: detached, loaded, listening; it never returns."""
    code = 1
    try:
        os.ftruncate(lock, 0)
        os.pwrite(lock, f"{os.getpid()}\n".encode(), 0)  # for a ``stop`` while it loads
        os.chdir("/")
        null = os.open(os.devnull, os.O_RDWR)
        for fd in wire.STDIO_FDS:
            os.dup2(null, fd)
        os.close(null)
        _close_other_fds(keep=(lock, ready_w))
        for name in ("SIGINT", "SIGHUP", "SIGPIPE"):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
        try:
            _preload(command)
            server = _listen(path, idle_seconds, command)
            server.lock = lock
        except Exception as exc:  # noqa: BLE001 - told to the starter, in one line
            _tell(ready_w, f"{type(exc).__name__}: {exc}")
            raise
        _tell(ready_w, f"ok {os.getpid()}")
        os.close(ready_w)
        code = serve(server)
    finally:
        os.close(lock)
        os._exit(code)


def _close_other_fds(keep: tuple[int, ...]) -> None:
    """Close what the starter had open (a make's jobserver pipe, a terminal, a pipe a
    script reads to its end) but the standard streams and ``keep``: the server outlives it."""
    import resource

    limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    last = min(limit if limit != resource.RLIM_INFINITY else 65536, 65536)
    start = 3
    for fd in sorted(keep):
        os.closerange(start, fd)
        start = fd + 1
    os.closerange(start, last)


def _tell(ready_w: int, message: str) -> None:
    """Tell the starter how the start went (one that does not wait has closed its end)."""
    try:
        os.write(ready_w, message.encode())
    except OSError:
        pass


def _preload(command: Command) -> None:
    """What every request would load first: the readers, every writer and the default
    style's faces (as a batch's workers inherit them), then each served command run once
    on an article of the server's own (``warmup``), so that a request costs what a
    second article costs in one process. What is left is frozen (``gc.freeze``, as
    Python's documentation advises before forking): the children's collections never
    walk it, nor write to the pages they share."""
    global _PRCTL
    import ctypes

    from convert.batch.job import Context, preload
    from convert.options import Options
    from convert.server.warmup import warm
    from convert.styles import load
    from convert.writers import FORMATS

    _PRCTL = ctypes.CDLL(None, use_errno=True).prctl  # each child's _die_with_parent
    preload(Context(load(), Options(), None), tuple(FORMATS))
    gc.disable()
    warm(command)
    gc.collect()
    gc.freeze()


def _listen(path: str, idle_seconds: float, command: Command) -> Server:
    """Bind the socket (0600, in a folder only this user can enter), replacing a stale
    one: the lock is held, so whatever is at ``path`` belongs to no live server."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    previous = os.umask(0o177)
    try:
        listener.bind(path)
    finally:
        os.umask(previous)
    os.chmod(path, 0o600)
    listener.listen(128)
    return Server(path, listener, idle_seconds, command, inode=os.stat(path).st_ino)


def serve(server: Server) -> int:
    """Keep ``SPARES`` children waiting on the socket, each for a request of its own,
    until ``stop``, SIGTERM or the idle time; then wait for the requests under way.

    A request is taken by a child forked before it came (prefork, as Apache's and
    gunicorn's workers are): the fork, which copies the server's page tables (about
    100 MB mapped, some milliseconds), and the child's own start are off the request's
    path. The child that takes one says so on a pipe (its pid), and the server forks
    another in its place. SIGTERM and SIGCHLD only set a flag or wake the wait, through
    a pipe (``signal.set_wakeup_fd``): neither lands between a fork and its bookkeeping.
    To stop, the server shuts its socket down (shutdown(2)), which wakes every waiting
    child with an error: a child stops there, unless it has taken a request already,
    which it then finishes; a client whose connection no child took finds it closed
    before any answer, and runs its command itself."""
    import select

    def stop(signum: int, frame: object) -> None:
        server.stopping = True

    wake_r, wake_w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
    taken_r, taken_w = os.pipe2(os.O_CLOEXEC)
    os.set_blocking(taken_r, False)
    server.counter = os.memfd_create("vnconv-requests", os.MFD_CLOEXEC)
    server.pages = pages.create()
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGCHLD, _wake)  # a child's end wakes the wait (set_wakeup_fd)
    inherited = (wake_r, wake_w, taken_r, server.lock)
    spares: set[int] = set()
    last = time.monotonic()
    refill_after = 0.0  # a spare that died waiting (a bug): fork the next one a second later
    while not server.stopping:
        ended = _reaped()
        for pid in _taken(taken_r):  # read after the reaping: a child says so before it ends
            spares.discard(pid)
            last = time.monotonic()
            if pid not in ended:
                server.children.add(pid)
        for pid in ended:
            if pid in spares:  # it died waiting (a bug): the next one a second later
                spares.discard(pid)
                refill_after = time.monotonic() + 1.0
            server.children.discard(pid)
        while len(spares) < SPARES and time.monotonic() >= refill_after:
            spares.add(_fork_spare(server, taken_w, inherited))
        idle = time.monotonic() - last
        if not server.children and idle >= server.idle_seconds:
            break
        wait = server.idle_seconds - idle if not server.children else server.idle_seconds
        if len(spares) < SPARES:
            wait = min(wait, refill_after - time.monotonic())
        readable, _, _ = select.select([taken_r, wake_r], [], [], max(wait, 0.0))
        if wake_r in readable:
            _drain(wake_r)
    _unlink_if_ours(server)
    try:
        server.listener.shutdown(socket.SHUT_RDWR)  # every waiting child's accept fails: it stops
    except OSError:
        pass
    server.listener.close()
    server.children |= spares
    while server.children:
        ended = _reaped(block=True)
        if not ended:  # none left to wait for
            break
        server.children.difference_update(ended)
    return 0


def _wake(signum: int, frame: object) -> None:
    """SIGCHLD: nothing to do but wake the server's wait (``signal.set_wakeup_fd``)."""


def _drain(fd: int) -> bytes:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 4096)
        except BlockingIOError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def _taken(taken_r: int) -> list[int]:
    """The children that have taken a request since the last call (their pids, 4 bytes
    each: a pipe's writes of up to PIPE_BUF bytes are whole, pipe(7))."""
    taken = _drain(taken_r)
    return [int.from_bytes(taken[at : at + 4], "little") for at in range(0, len(taken) - len(taken) % 4, 4)]


def _reaped(block: bool = False) -> list[int]:
    """The children that have ended (waited for: no zombie is left); with ``block``, at
    least one, unless none is left."""
    ended = []
    while True:
        try:
            pid, _ = os.waitpid(-1, 0 if block and not ended else os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            break
        ended.append(pid)
    return ended


def _fork_spare(server: Server, taken_w: int, inherited: tuple[int, ...]) -> int:
    """Fork a child that waits for a request (``_spare``); its pid."""
    pid = os.fork()
    if pid == 0:
        signal.set_wakeup_fd(-1)
        for fd in inherited:
            os.close(fd)
        _spare(server, taken_w)
    return pid


def _spare(server: Server, taken_w: int) -> NoReturn:
    """A child of the server: ready before a request comes, it takes one (``accept``),
    tells the server (which forks the next), and runs it; it never returns."""
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, _terminated)
        signal.signal(signal.SIGINT, _defer_interrupt)  # raised only while the command runs (run_request)
        _die_with_parent()
        if server.pages is not None:
            server.pages.copy_ahead()
        try:
            conn, _ = server.listener.accept()
        except OSError:  # the server has shut its socket down: it stops
            os._exit(0)
        os.write(taken_w, os.getpid().to_bytes(4, "little"))
        os.close(taken_w)
        server.listener.close()
        number = _count(server.counter)
    except BaseException:  # noqa: BLE001 - a child's end is its exit
        os._exit(1)
    _child(conn, server, number)


def _count(counter: int) -> int:
    """One more request in the count the children share (a memfd: the server forked
    each child before the requests it counts), under a record lock, which the system
    drops if the child dies holding it; this request's number."""
    fcntl.lockf(counter, fcntl.LOCK_EX)
    try:
        number = _requests(counter) + 1
        os.pwrite(counter, number.to_bytes(8, "little"), 0)
    finally:
        fcntl.lockf(counter, fcntl.LOCK_UN)
    return number


def _requests(counter: int) -> int:
    return int.from_bytes(os.pread(counter, 8, 0) or b"\0", "little")


def _unlink_if_ours(server: Server) -> None:
    try:
        if os.stat(server.path).st_ino == server.inode:
            os.unlink(server.path)
    except OSError:
        pass


def _child(conn: socket.socket, server: Server, number: int = 0) -> NoReturn:
    """The request ``number``, in a child of the server (``_spare``); it never returns."""
    code = 1
    try:
        if wire.peer_uid(conn) != os.getuid():
            return
        request, fds = wire.receive_request(conn)
        kind = request.get("kind")
        if kind == "status":
            wire.send_info(conn, _status(server))
        elif kind == "stop":
            os.kill(os.getppid(), signal.SIGTERM)
            wire.send_exit(conn, 0)
        elif kind == "run" and _can_run(request, fds):
            command = str(request["argv"][0]) if request.get("argv") else ""
            if server.pages is not None:
                server.pages.expect(command)
            conn.sendall(wire.RUNNING)
            status = run_request(request, fds, conn, server.command)
            wire.send_exit(conn, status)
            if server.pages is not None and server.pages.learns(command, number):  # the client has its answer
                server.pages.learn(command)
        else:
            conn.sendall(wire.DECLINE)
        code = 0
    except BaseException:  # noqa: BLE001 - a child's end is its exit; the client says what it saw
        pass
    finally:
        os._exit(code)


#: In a child: the Ctrl-C (``wire.INTERRUPT``) that came while no command ran, to stop
#: the request before it begins (a KeyboardInterrupt there would end the child unanswered).
_INTERRUPTED: list[int] = []


def _defer_interrupt(signum: int, frame: object) -> None:
    _INTERRUPTED.append(signum)


def _terminated(signum: int, frame: object) -> NoReturn:
    """SIGTERM, or the server's death: no answer, and no temporary file left."""
    from convert.io import discard_partial_outputs

    discard_partial_outputs()
    os._exit(128 + signum)


def _die_with_parent() -> None:
    """SIGTERM to this child when the server dies (Linux's PR_SET_PDEATHSIG, 1)."""
    try:
        if _PRCTL is None:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)
        else:
            _PRCTL(1, signal.SIGTERM)
    except (ImportError, OSError, AttributeError):
        return
    if os.getppid() == 1:  # the server died before the prctl
        _terminated(signal.SIGTERM, None)


def _can_run(request: dict[str, Any], fds: list[int]) -> bool:
    """The same installation, three standard streams, and file names encoded as here."""
    return (
        request.get("identity") == identity()
        and len(fds) == len(wire.STDIO_FDS)
        and request.get("filesystem") == [sys.getfilesystemencoding(), sys.getfilesystemencodeerrors()]
    )


def run_request(request: dict[str, Any], fds: list[int], conn: socket.socket, command: Command) -> int:
    """Run ``vnconv ARGV`` here as the client would have: its folder, umask,
    environment and standard streams; its exit status. Ctrl-C in the client (``wire.INTERRUPT``),
    or the client gone, interrupts it as Ctrl-C would in-process: while the command runs,
    as a KeyboardInterrupt (``cli._run`` says ``vnconv: interrupted``, 130); before it
    began, it does not begin (130, the same line); after it ended, nothing."""
    os.chdir(request["cwd"])
    os.umask(request["umask"])
    os.environb.clear()
    os.environb.update(request["environ"])
    time.tzset()
    for inherited in (sys.stdout, sys.stderr):  # the server's, on /dev/null: nothing of it may
        try:  # reach the client's streams when the objects go, after the dup2 below
            inherited.flush()
        except (OSError, ValueError, AttributeError):
            pass
    for fd, target in zip(fds, wire.STDIO_FDS, strict=True):
        os.dup2(fd, target)
        os.close(fd)
    sys.stdin, sys.stdout, sys.stderr = (_stream(fd, spec) for fd, spec in zip(wire.STDIO_FDS, request["streams"], strict=True))
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = sys.stdin, sys.stdout, sys.stderr
    sys.argv = ["vnconv", *request["argv"]]
    finished = threading.Event()
    threading.Thread(target=_watch, args=(conn, finished), daemon=True).start()
    gc.disable()  # as main() does for a command that is the whole process
    status, said = 130, False
    try:
        if not _INTERRUPTED:  # a Ctrl-C that came while the request was set up: not begun
            signal.signal(signal.SIGINT, signal.default_int_handler)
            try:
                command(request["argv"])
            except SystemExit as exc:  # cli._run said why (``vnconv: interrupted`` for a Ctrl-C)
                status, said = (exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1), True
            except Exception:  # noqa: BLE001 - --debug lets a bug's traceback out, as Python would print it
                import traceback

                traceback.print_exc()
                status, said = 1, True
            else:
                status, said = 0, True
            finally:
                signal.signal(signal.SIGINT, _defer_interrupt)  # a Ctrl-C too late for the command
    except KeyboardInterrupt:  # landed outside cli._run's own handler, as the command began or ended
        status = 130
    finished.set()
    if not said:
        sys.stderr.write("vnconv: interrupted\n")  # as cli._run says it
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            status = status or 1
    return status


def _stream(fd: int, spec: list[Any]) -> io.TextIOWrapper:
    """A standard stream on ``fd`` as the client's interpreter had it: encoding, errors,
    line buffering and write-through."""
    encoding, errors, line_buffering, write_through = spec
    raw = io.FileIO(fd, "rb" if fd == 0 else "wb", closefd=False)
    buffered = io.BufferedReader(raw) if fd == 0 else io.BufferedWriter(raw)
    return io.TextIOWrapper(buffered, encoding, errors, line_buffering=line_buffering, write_through=write_through)


def _watch(conn: socket.socket, finished: threading.Event) -> None:
    """Interrupt the request on the client's Ctrl-C (``wire.INTERRUPT``), or when the
    client has gone (the connection closed before the answer)."""
    try:
        conn.recv(1)
    except OSError:
        pass
    if not finished.is_set():
        os.kill(os.getpid(), signal.SIGINT)


def _status(server: Server) -> dict[str, Any]:
    return {
        "pid": os.getppid(),
        "socket": server.path,
        "identity": identity(),
        "uptime": time.time() - server.started,
        "requests": _requests(server.counter),
        "idle_minutes": server.idle_seconds / 60,
        "rss_kb": _rss_kb(os.getppid()),
    }


def _rss_kb(pid: int) -> int:
    """A process's resident memory, from /proc (0 where there is none)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _ask(request: dict[str, Any], path: str | None) -> tuple[bytes, Any] | None:
    """Send ``request`` (``status``, ``stop``: asking twice does no harm) to the server
    at ``path``; its answer, None if none runs. A connection closed before the answer
    is asked again once, for a child that dies before it answers. (What closed it under
    load until now was the client's own empty second send, after the child had read the
    whole request, answered and closed: see ``wire.send_request``.)"""
    if path is None or not running(path):
        return None
    for attempt in (1, 2):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            try:
                sock.connect(path)
            except (FileNotFoundError, ConnectionRefusedError):
                return None  # still loading, or just stopping: not listening
            try:
                if wire.peer_uid(sock) != os.getuid():
                    raise ServerError(f"{path}: the socket is not this user's")
                wire.send_request(sock, request)
                return wire.receive_answer(sock)
            except (BrokenPipeError, ConnectionResetError, wire.WireError) as exc:
                if attempt == 2:
                    raise ServerError(f"{path}: the server did not answer: {exc}") from None
            except OSError as exc:
                raise ServerError(f"{path}: the server did not answer: {exc}") from None
    return None


def info(path: str | None = None) -> dict[str, Any] | None:
    """What the server at ``path`` (default: this installation's) says of itself:
    pid, socket, identity, uptime (s), requests, idle_minutes, rss_kb; None if none runs."""
    answer = _ask({"kind": "status"}, path or socket_path())
    return None if answer is None else answer[1]


def status() -> str | None:
    """A line about the running server, or None if none runs."""
    known = info()
    if known is None:
        return None
    return (
        f"vnconv: server running, pid {known['pid']}, {known['requests']} request(s) in {known['uptime'] / 60:.1f} min, "
        f"{known['rss_kb'] / 1024:.0f} MB resident (shared with its children); stops after "
        f"{known['idle_minutes']:g} min idle; socket {known['socket']}"
    )


def stop() -> bool:
    """Stop the running server once its requests under way have finished; whether one
    ran. A server still loading (it holds its lock, it does not listen yet) is ended
    with SIGTERM: it has no request to finish."""
    path = socket_path()
    if path is None or not running(path):
        return False
    deadline = time.monotonic() + STOP_WAIT
    while _ask({"kind": "stop"}, path) is None:  # not listening: loading, or just ending
        pid = _loading(path)
        if pid is not None:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            break
        if not running(path):
            return True
        if time.monotonic() > deadline:
            raise ServerError(f"the server of {path} neither listens nor says its pid after {STOP_WAIT:g} s")
        time.sleep(0.02)  # started a moment ago: its pid is not written yet
    while running(path):
        if time.monotonic() > deadline:
            raise ServerError(f"the server of {path} has not stopped after {STOP_WAIT:g} s")
        time.sleep(0.02)
    return True


def _loading(path: str) -> int | None:
    """The pid the server wrote in its lock file (``_daemon``), if that process holds
    the lock file open now (so a pid left by an earlier server, and since taken by
    another process, is never signalled); else None."""
    lock = lock_path(path)
    try:
        with open(lock, "rb") as file:
            pid = int(file.read().strip() or b"0")
        wanted = os.stat(lock)
        if pid <= 0:
            return None
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                held = os.stat(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if (held.st_dev, held.st_ino) == (wanted.st_dev, wanted.st_ino):
                return pid
    except (OSError, ValueError):
        pass
    return None
