"""The vnconv server: one resident process per user and installation, whose children
serve the console script's requests, each one request after another.

``start`` detaches a server (the double fork of a daemon, see W. R. Stevens, *Advanced
Programming in the UNIX Environment*, 13.3) that holds a lock beside its socket for
as long as it lives (``flock``: the system drops it when the process dies, however it
dies, so a socket without a locked lock file is stale and is replaced). Before it
listens it loads what ``vnconv convert``'s workers inherit (``batch.job.preload``: the
readers, every writer, the default style's faces) and the command line itself, and
runs each command once (``warmup``). Its children, forked before the requests come
(``serve``: two always wait on the socket), take them and run each as the client
would have (``run_request``), answering its exit status; then each waits for the next
(prefork with reuse, as gunicorn's and Apache's workers: a child's pages are its own
after its first request and its caches warm, so a request costs what a second
article costs in one process). Requests run side by side (``make -j N``), and one
that crashes takes no other with it.

Reuse is safe because a child serves another request only after one that ended
normally (success, or a one-line failure about the input: ``_ended_normally``), and
only once what a request may change is set back or replaced (``run_request``,
``_let_go``, ``_Kept``): the folder, umask, environment, time zone, ``sys.argv``,
standard streams, signal dispositions, the warnings shown; a request that changed
what cannot be set back (the warnings filters, a thread left running, a font family
read from a file, an output under way) ends its child, as do a Ctrl-C, a bug, a
vanished client, ``MAX_REQUESTS`` requests and ``MAX_GROWTH`` of memory. The
caches a child keeps are those a batch's worker keeps from article to article:
keyed on what they were made from (a style by its merged sheet, a photo by its
path, size and modification time).

The server watches the files of the code it loaded (``_watch_installation``,
inotify(7)): once one changes, its children decline (the commands run in-process, as
the code now is) and it stops.

A child dies with the server (``PR_SET_PDEATHSIG``, prctl(2)): after a ``kill -9`` of
the server its requests stop, removing their temporary files, and their clients say
so. ``stop`` lets the requests under way finish first. With no request for
``idle_minutes`` the server stops by itself.
"""

from __future__ import annotations

import _signal
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

from convert.server import wire
from convert.server.address import identity, socket_path, surroundings

#: Minutes without a request after which a server stops.
IDLE_MINUTES = 15.0
#: What runs a request: ``convert.cli.main`` with the client's arguments (given by the
#: caller, so that this module and the command line do not import each other).
Command = Callable[[Sequence[str]], object]
#: Children kept waiting for a request (``serve``): two, so that ``make -j2``'s two
#: requests at once both find one ready.
SPARES = 2
#: Children waiting at most: one that has answered and finds this many others waiting
#: ends instead of waiting too. The spares, and one more per CPU: ``make -j N`` runs
#: about as many requests at once as there are CPUs, and the children that ran them
#: are the ones to keep (their caches warm, their pages their own); more would only
#: hold memory (each child's own pages: some 20 MB after a PDF).
MAX_WAITING = SPARES + (os.cpu_count() or 1)
#: Requests a child serves before it ends (and a new one is forked from the server):
#: what a request leaves in the caches that grow with the words met, in the
#: allocator's fragments, or in a leak of a library, goes with it. Each child's
#: share is this plus up to a quarter more (by its pid), so that the children forked
#: together do not all end at once. A new child's first request costs some 20 ms
#: more than a warm one: over 500 requests, 0.04 ms each.
MAX_REQUESTS = 500
#: Growth of a child's resident memory (bytes) after which it ends once it has answered:
#: an article of some megabytes (the arena Python keeps for its objects); a seed
#: article's request leaves a few hundred KB.
MAX_GROWTH = 64 * 1024 * 1024
#: Seconds ``stop`` waits for the server to go.
STOP_WAIT = 30.0
#: The C library's ``prctl``, looked up once by the server for its children (None: not yet).
_PRCTL: Any = None
#: The C library's ``malloc_trim``, looked up with ``_PRCTL`` (None: not yet, or none).
_MALLOC_TRIM: Any = None


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
    stopping: bool = False
    #: The socket file's inode, to remove that file only, never a newer server's.
    inode: int = 0
    #: The lock file's descriptor, which the children close (they must not keep it locked).
    lock: int = -1
    #: The watch on this installation's files (``_watch_installation``; -1: none).
    changes: int = -1


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
            began = time.time_ns()
            _preload(command)
            changes = _watch_installation(began)
            server = _listen(path, idle_seconds, command)
            server.lock, server.changes = lock, changes
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
    global _PRCTL, _MALLOC_TRIM
    import ctypes

    from convert.batch.job import Context, preload
    from convert.options import Options
    from convert.server.warmup import warm
    from convert.styles import load
    from convert.writers import FORMATS

    libc = ctypes.CDLL(None, use_errno=True)
    _PRCTL = libc.prctl  # each child's _die_with_parent
    _MALLOC_TRIM = getattr(libc, "malloc_trim", None)  # glibc's; _Kept.restored
    preload(Context(load(), Options(), None), tuple(FORMATS))
    # The photos' module (and Pillow) too: importing it sets a warnings filter, and a
    # child whose request changed the filters ends (``_Kept``), so without it every
    # request with a photo would have ended its child.
    import convert.photos.image  # noqa: F401
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
    path. A child serves request after request (``_serve_requests``): it says on a pipe
    when it takes one (its pid) and when it waits again (minus its pid), and the server
    forks another whenever fewer than ``SPARES`` wait. The server keeps the count of
    the waiting children on the board (``_Census.take``), where a child that has answered
    reads it to decide whether to wait again or retire. SIGTERM and SIGCHLD only set a
    flag or wake the wait, through a pipe (``signal.set_wakeup_fd``): neither lands
    between a fork and its bookkeeping. To stop, the server shuts its socket down
    (shutdown(2)), which wakes every waiting child with an error: a child stops there,
    unless it has taken a request already, which it then finishes; a client whose
    connection no child took finds it closed before any answer, and runs its command
    itself."""
    import select

    def stop(signum: int, frame: object) -> None:
        server.stopping = True

    wake_r, wake_w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
    taken_r, taken_w = os.pipe2(os.O_CLOEXEC)
    os.set_blocking(taken_r, False)
    server.counter = os.memfd_create("vnconv-requests", os.MFD_CLOEXEC)
    os.ftruncate(server.counter, _SLOTS + SLOTS * _SLOT)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGCHLD, _wake)  # a child's end wakes the wait (set_wakeup_fd)
    inherited = (wake_r, wake_w, taken_r, server.lock)
    census = _Census(server.counter, server.children)
    last = time.monotonic()
    refill_after = 0.0  # a spare that died waiting (a bug): fork the next one a second later
    while not server.stopping:
        if census.take(taken_r):
            last = time.monotonic()
        if census.died_waiting:
            census.died_waiting = False
            refill_after = time.monotonic() + 1.0
        forked = False
        while len(census.waiting) < SPARES and time.monotonic() >= refill_after:
            slot = census.free_slot()
            census.add(_fork_spare(server, taken_w, inherited, slot), slot)
            forked = True
        if forked and census.take(taken_r):  # the count of the waiting, with the new ones
            last = time.monotonic()
        idle = time.monotonic() - last
        if not server.children and idle >= server.idle_seconds:
            break
        wait = server.idle_seconds - idle if not server.children else server.idle_seconds
        if len(census.waiting) < SPARES:
            wait = min(wait, refill_after - time.monotonic())
        watched = [taken_r, wake_r] if server.changes < 0 else [taken_r, wake_r, server.changes]
        readable, _, _ = select.select(watched, [], [], max(wait, 0.0))
        if wake_r in readable:
            _drain(wake_r)
        if server.changes in readable:  # its code changed: stop (the children decline meanwhile, _can_run)
            server.stopping = True
    _unlink_if_ours(server)
    try:
        server.listener.shutdown(socket.SHUT_RDWR)  # every waiting child's accept fails: it stops
    except OSError:
        pass
    server.listener.close()
    server.children |= census.waiting
    while server.children:
        ended = _reaped(block=True)
        if not ended:  # none left to wait for
            break
        server.children.difference_update(ended)
    return 0


#: The board, a memfd the server and its children share (``Server.counter``): the
#: requests taken (8 bytes), the children waiting now (8 bytes), then a slot per child
#: (``SLOTS`` of them, ``_SLOT`` bytes: its pid and the requests it has served), which
#: ``status`` reads. Changed under a record lock (``lockf``), which the system drops if
#: its holder dies.
_REQUESTS, _WAITING, _SLOTS = 0, 8, 64
SLOTS, _SLOT = 256, 8


@dataclass
class _Census:
    """The server's account of its children: which wait, which run a request (from
    what they say on the pipe, and their ends), and the slot of each on the board."""

    board: int
    running: set[int]
    waiting: set[int] = field(default_factory=set)
    slots: dict[int, int] = field(default_factory=dict)
    #: A child ended while it waited (a bug, or a kill): the next one is forked a second later.
    died_waiting: bool = False

    def take(self, taken_r: int) -> bool:
        """Reap the children that ended and read what the others said, then write the
        count of the waiting on the board, all under its lock: a child changes the
        count and says so under the same lock, so the count the server writes is exact
        (and mends one that a child killed between the two left wrong). Whether any
        child took a request or ended one (the idle time counts from then: from the
        taking alone, a request longer than the idle time stopped the server as it
        ended)."""
        fcntl.lockf(self.board, fcntl.LOCK_EX)
        try:
            ended = _reaped()
            took = False
            for pid in _taken(taken_r):  # read after the reaping: a child says so before it ends
                if abs(pid) not in self.slots and abs(pid) not in self.waiting | self.running:
                    continue  # not a child's word: what a request wrote into the pipe (by a link to /dev/fd/N)
                took = True
                if pid > 0:
                    self.waiting.discard(pid)
                    self.running.add(pid)
                else:
                    self.running.discard(-pid)
                    self.waiting.add(-pid)
            for pid in ended:
                took = took or pid in self.running
                if pid in self.waiting:
                    self.died_waiting = True
                self.waiting.discard(pid)
                self.running.discard(pid)
                slot = self.slots.pop(pid, -1)
                if slot >= 0:
                    os.pwrite(self.board, bytes(_SLOT), _SLOTS + slot * _SLOT)
            os.pwrite(self.board, len(self.waiting).to_bytes(8, "little"), _WAITING)
        finally:
            fcntl.lockf(self.board, fcntl.LOCK_UN)
        return took

    def free_slot(self) -> int:
        used = set(self.slots.values())
        return next((slot for slot in range(SLOTS) if slot not in used), -1)

    def add(self, pid: int, slot: int) -> None:
        self.waiting.add(pid)
        if slot >= 0:
            self.slots[pid] = slot
            os.pwrite(self.board, pid.to_bytes(4, "little") + bytes(4), _SLOTS + slot * _SLOT)


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
    """What the children have said since the last call: a pid, it has taken a request;
    minus a pid, it waits again (4 bytes each, signed: a pipe's writes of up to PIPE_BUF
    bytes are whole, pipe(7))."""
    taken = _drain(taken_r)
    return [int.from_bytes(taken[at : at + 4], "little", signed=True) for at in range(0, len(taken) - len(taken) % 4, 4)]


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


def _fork_spare(server: Server, taken_w: int, inherited: tuple[int, ...], slot: int = -1) -> int:
    """Fork a child that waits for requests (``_serve_requests``); its pid."""
    server_pid = os.getpid()
    pid = os.fork()
    if pid == 0:
        signal.set_wakeup_fd(-1)
        for fd in inherited:
            os.close(fd)
        _serve_requests(server, taken_w, slot, server_pid)
    return pid


def _serve_requests(server: Server, taken_w: int, slot: int, server_pid: int) -> NoReturn:
    """A child of the server: ready before a request comes, it takes one (``accept``),
    tells the server, runs it (``_child``), and waits for the next, as long as each
    ended cleanly (``_child``: no Ctrl-C, no bug, the client still there), it has served
    fewer than ``MAX_REQUESTS``, its memory has not grown past ``MAX_GROWTH`` and
    fewer than ``MAX_WAITING`` others wait (``_wait_again``); else it ends. It never
    returns."""
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, _terminated)
        signal.signal(ORPHANED, _terminated)
        signal.signal(signal.SIGHUP, _terminated)  # not ignored, as the server has it: as a client's (``convert`` stops on it)
        signal.signal(signal.SIGINT, _defer_interrupt)  # raised only while the command runs (run_request)
        _die_with_parent(server_pid)
        if hasattr(signal, "SIGIO"):
            signal.signal(signal.SIGIO, _client_spoke)  # each request's watch (``_Watch``), kept as the child's own
        kept = _Kept()
    except BaseException:  # noqa: BLE001 - a child's end is its exit
        os._exit(1)
    served = 0
    limit = MAX_REQUESTS + os.getpid() % 16 * MAX_REQUESTS // 64  # not all children retire at once
    while True:
        try:
            conn, _ = server.listener.accept()
        except OSError:  # the server has shut its socket down: it stops
            os._exit(0)
        try:
            _INTERRUPTED.clear()  # a SIGINT sent to this child while it waited: not the client's
            _say(server.counter, taken_w, os.getpid(), -1)
            _count(server.counter)
        except BaseException:  # noqa: BLE001 - a child's end is its exit
            os._exit(1)
        clean = _child(conn, server)
        served += 1
        try:
            if slot >= 0:
                os.pwrite(server.counter, os.getpid().to_bytes(4, "little") + served.to_bytes(4, "little"), _SLOTS + slot * _SLOT)
            if not clean or served >= limit or not kept.restored() or not _wait_again(server.counter, taken_w):
                os._exit(0)
        except BaseException:  # noqa: BLE001 - a child's end is its exit
            os._exit(1)


def _say(board: int, taken_w: int, said: int, change: int) -> None:
    """Change the count of the waiting by ``change`` and tell the server ``said`` (a pid
    or minus one), both under the board's lock (see ``_Census.take``)."""
    fcntl.lockf(board, fcntl.LOCK_EX)
    try:
        waiting = int.from_bytes(os.pread(board, 8, _WAITING), "little")
        os.pwrite(board, max(waiting + change, 0).to_bytes(8, "little"), _WAITING)
        os.write(taken_w, said.to_bytes(4, "little", signed=True))
    finally:
        fcntl.lockf(board, fcntl.LOCK_UN)


def _wait_again(board: int, taken_w: int) -> bool:
    """Whether this child, its request answered, is to wait for another: yes, unless
    ``MAX_WAITING`` others wait already (then it ends, and the server's memory is not
    held by children no one needs); if yes, it counts itself as waiting, and says so."""
    fcntl.lockf(board, fcntl.LOCK_EX)
    try:
        waiting = int.from_bytes(os.pread(board, 8, _WAITING), "little")
        if waiting >= MAX_WAITING:
            return False
        os.pwrite(board, (waiting + 1).to_bytes(8, "little"), _WAITING)
        os.write(taken_w, (-os.getpid()).to_bytes(4, "little", signed=True))
    finally:
        fcntl.lockf(board, fcntl.LOCK_UN)
    return True


def _count(counter: int) -> int:
    """One more request in the count the children share (a memfd: the server forked
    each child before the requests it counts), under a record lock, which the system
    drops if the child dies holding it; this request's number."""
    fcntl.lockf(counter, fcntl.LOCK_EX)
    try:
        number = _requests(counter) + 1
        os.pwrite(counter, number.to_bytes(8, "little"), _REQUESTS)
    finally:
        fcntl.lockf(counter, fcntl.LOCK_UN)
    return number


def _requests(counter: int) -> int:
    return int.from_bytes(os.pread(counter, 8, _REQUESTS) or b"\0", "little")


def _children(counter: int) -> list[tuple[int, int]]:
    """The server's children on the board: (pid, requests served), each."""
    table = os.pread(counter, SLOTS * _SLOT, _SLOTS)
    rows = [(int.from_bytes(table[at : at + 4], "little"), int.from_bytes(table[at + 4 : at + 8], "little")) for at in range(0, len(table), _SLOT)]
    return [row for row in rows if row[0]]


def _unlink_if_ours(server: Server) -> None:
    try:
        if os.stat(server.path).st_ino == server.inode:
            os.unlink(server.path)
    except OSError:
        pass


def _child(conn: socket.socket, server: Server) -> bool:
    """A request, in a child of the server (``_serve_requests``); whether it
    ended cleanly, so that the child may serve another: answered, not interrupted,
    no bug met (``run_request``). Never raises."""
    clean = False
    fds: list[int] = []
    try:
        if wire.peer_uid(conn) != os.getuid():
            return False
        request, fds = wire.receive_request(conn)
        kind = request.get("kind")
        if kind == "status":
            wire.send_info(conn, _status(server))
            clean = True
        elif kind == "stop":
            os.kill(os.getppid(), signal.SIGTERM)
            wire.send_exit(conn, 0)
        elif kind == "run" and _can_run(request, fds) and _entered(request["cwd"]):
            conn.sendall(wire.RUNNING)
            owned, fds = fds, []  # run_request takes them over
            ran = run_request(request, owned, conn, server.command)
            wire.send_exit(conn, ran.status)
            clean = ran.finish(conn)
        else:
            conn.sendall(wire.DECLINE)
            clean = True
    except BaseException:  # noqa: BLE001 - the child ends; the client says what it saw
        clean = False
    finally:
        for fd in fds:
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            conn.close()
        except OSError:
            pass
    return clean


def _entered(folder: object) -> bool:
    """Whether this child could enter the client's working folder (``run_request``
    enters it again, ~1 us): one renamed or removed since the client named it is
    declined (the command runs in the client, which is in it), before the child says
    it runs the request; after, it could only fail it."""
    try:
        os.chdir(folder)  # type: ignore[arg-type]
    except (OSError, TypeError, ValueError):
        return False
    return True


#: In a child: the Ctrl-C (``wire.INTERRUPT``) that came while no command ran, to stop
#: the request before it begins (a KeyboardInterrupt there would end the child unanswered).
_INTERRUPTED: list[int] = []


def _defer_interrupt(signum: int, frame: object) -> None:
    _INTERRUPTED.append(signum)


def _terminated(signum: int, frame: object) -> NoReturn:
    """SIGTERM, or the server's death (``ORPHANED``): no answer, and no temporary file left."""
    from convert.io import discard_partial_outputs

    discard_partial_outputs()
    os._exit(128 + signum)


def _end_by(signum: int, conn: socket.socket | None) -> NoReturn:
    """End this child as ``signum``'s default action would have ended the command's
    process (0: as SIGKILL did its client's), at once, with no word more on the
    client's streams and no temporary file left, and answer ``KILLED`` (the client
    ends by the signal too)."""
    from convert.io import discard_partial_outputs

    discard_partial_outputs()
    if conn is not None and signum:
        try:
            wire.send_killed(conn, signum)
        except OSError:
            pass
    os._exit(128 + (signum or signal.SIGKILL))


#: The signal a child gets when its server dies (``_die_with_parent``): one no command
#: handles. SIGTERM was, and ``convert`` takes it as the user's (``batch.signals``): a
#: killed server's ``convert -j 1`` said ``vnconv: stopped by SIGTERM`` and answered 143.
ORPHANED = getattr(signal, "SIGRTMIN", signal.SIGUSR2)


def _die_with_parent(server_pid: int) -> None:
    """``ORPHANED`` to this child when the server dies (Linux's PR_SET_PDEATHSIG, 1)."""
    try:
        if _PRCTL is None:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, ORPHANED)
        else:
            _PRCTL(1, ORPHANED)
    except (ImportError, OSError, AttributeError):
        return
    if os.getppid() != server_pid:  # the server died before the prctl (the child is init's, or a subreaper's)
        _terminated(ORPHANED, None)


#: In the server and its children: the inotify descriptor that watches this
#: installation's files (``_watch_installation``), -1 where there is none.
_CHANGES = -1
#: inotify(7)'s flags: a file written, its metadata (a touch, a chmod, a link count: a
#: file replaced by a rename, or removed) or the file itself deleted or moved; a folder's
#: entries made, removed or moved.
_IN_MODIFY, _IN_ATTRIB, _IN_MOVED_FROM, _IN_MOVED_TO, _IN_CREATE, _IN_DELETE = 0x2, 0x4, 0x40, 0x80, 0x100, 0x200
_IN_DELETE_SELF, _IN_MOVE_SELF = 0x400, 0x800
_FILE_CHANGED = _IN_MODIFY | _IN_ATTRIB | _IN_DELETE_SELF | _IN_MOVE_SELF
_FOLDER_CHANGED = _IN_CREATE | _IN_DELETE | _IN_MOVED_FROM | _IN_MOVED_TO | _IN_DELETE_SELF | _IN_MOVE_SELF


def _watch_installation(began: int) -> int:
    """Watch the code this server runs (inotify(7)): every module it has loaded from
    outside the standard library (vnconv's, ReportLab's, the font packages'...), every
    file of the ``convert`` package (a request may import one the server did not), and
    the folders packages are installed in (``pip install`` adds or removes a
    distribution there). The identity (``address.identity``) names vnconv's version,
    not its code: an editable install changed in place, or a package upgraded under
    the same version, is other code under the same name, and the server went on with
    what it had loaded. The descriptor, whose events are never read: once one is
    there, every child sees it (``_installation_changed``: one ``select``, ~1 us a
    request) and declines, and the server stops. A file changed since ``began`` (as
    the server loaded it) stops the start. -1 where inotify is missing."""
    global _CHANGES
    import ctypes
    import sysconfig

    libc = ctypes.CDLL(None, use_errno=True)
    if not hasattr(libc, "inotify_init1"):
        return -1
    fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
    if fd < 0:
        return -1
    paths = sysconfig.get_paths()
    installed = {paths["purelib"], paths["platlib"]}  # the standard library's folder may hold them
    standard = os.path.join(os.path.dirname(os.__file__), "")  # its lib-dynload within
    files = {module.__file__ for module in list(sys.modules.values()) if isinstance(getattr(module, "__file__", None), str)}
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # convert/
    for folder, names, found in os.walk(package):
        names[:] = [name for name in names if name != "__pycache__"]
        files.update(os.path.join(folder, name) for name in found if name.endswith(".py"))
    theirs = tuple(os.path.join(folder, "") for folder in installed)
    watched = [(path, _FILE_CHANGED) for path in sorted(files) if path.startswith(theirs) or not path.startswith(standard)]
    watched += [(folder, _FOLDER_CHANGED) for folder in sorted(installed)]
    for path, mask in watched:
        if libc.inotify_add_watch(fd, os.fsencode(path), mask) < 0:
            continue  # gone, or not ours to watch
        if mask == _FILE_CHANGED and os.stat(path).st_ctime_ns >= began - 50_000_000:  # the file system's clock is coarse
            os.close(fd)
            raise ServerError(f"{path} changed while the server loaded it: start it again")
    _CHANGES = fd
    return fd


def _installation_changed() -> bool:
    """Whether a file of the code this server runs has changed since it loaded it
    (``_watch_installation``)."""
    if _CHANGES < 0:
        return False
    import select

    return bool(select.select([_CHANGES], [], [], 0)[0])


def _can_run(request: dict[str, Any], fds: list[int]) -> bool:
    """The same installation, as it was when the server loaded it
    (``_installation_changed``), three standard streams, file names encoded as here,
    packages found where the server finds them (``PACKAGE_PATH``), the same
    surroundings (``address.surroundings``: how optimized, which files a path names,
    the groups, the limits), and no file named that only the client's process has
    (``_names_the_clients_own``)."""
    environ = request.get("environ")
    return (
        request.get("identity") == identity()
        and len(fds) == len(wire.STDIO_FDS)
        and request.get("filesystem") == [sys.getfilesystemencoding(), sys.getfilesystemencodeerrors()]
        and isinstance(environ, dict)
        and all(environ.get(name) == value for name, value in _PACKAGE_PATH_AT_START.items())
        and request.get("surroundings") == surroundings()
        and not _names_the_clients_own(request)
        and not _installation_changed()
    )


#: Paths to a process's own descriptors and /proc entry (``/dev/fd/63`` of ``<(...)``,
#: ``-o /dev/fd/3 3>x``): a child opening one opens its own, not the client's (only the
#: standard streams are passed, and ``/dev/stdin`` and the like name those, as they
#: name the client's). Where /proc is named by a relative path, the folder is there.
_OWN_PATHS = ("/dev/fd", "/proc/self", "/proc/thread-self")


def _names_the_clients_own(request: dict[str, Any]) -> bool:
    """Whether the request names a file only the client's process has (``_OWN_PATHS``):
    the child would read "no such file", or write into a descriptor of its own (its
    listening socket, the server's board)."""
    argv, cwd = request.get("argv"), request.get("cwd")
    if not isinstance(argv, list) or not isinstance(cwd, str) or f"{cwd}/".startswith(("/proc/", "/dev/")):
        return True
    return any(isinstance(arg, str) and any(own in arg for own in _OWN_PATHS) for arg in argv)


#: The variables that say where Python finds packages (``sys.path``): a client whose
#: PYTHONPATH is not the server's may find a package the server does not (a style's
#: ``package:file.ttf``), and runs its command itself. Their values as the server
#: started (its children's environment is each request's).
PACKAGE_PATH = (b"PYTHONPATH", b"PYTHONHOME", b"PYTHONUSERBASE", b"PYTHONNOUSERSITE")
_PACKAGE_PATH_AT_START = {name: os.environb.get(name) for name in PACKAGE_PATH}


@dataclass
class Ran:
    """A request that has run (``run_request``): its exit status, whether it ended as a
    command ends on success or with its one-line failure (no Ctrl-C, no bug, no
    vanished client), and the watch kept on its client."""

    status: int
    clean: bool
    watch: _Watch

    def finish(self, conn: socket.socket) -> bool:
        """Once the client has its answer: end the watch, and whether the request ended
        cleanly, so that its child may serve another. A Ctrl-C that came too late for
        the command still counts against it."""
        ended = self.watch.end()
        return self.clean and ended and not self.watch.interrupted and not _INTERRUPTED


class _Watch:
    """The watch on a request's client while its command runs, until ``finished``: a
    signal the client passes on (``wire.FORWARDED``) or its end (the connection closed)
    does to the command what it would have done in-process (``_act``): Ctrl-C
    interrupts it (SIGINT's handler: a KeyboardInterrupt while the command runs,
    ``_defer_interrupt`` before); SIGTERM and SIGHUP run the command's own handler
    (``convert``'s ``batch.signals``), or else end it as their default action would
    have ended the process (``_end_by``); a client gone (killed) ends it silently.

    The kernel keeps it: the connection is set to signal ``SIGIO`` to this process when
    something can be read from it (``O_ASYNC`` and ``F_SETOWN``, fcntl(2)), and
    ``_client_spoke`` looks (a ``recv`` that does not wait). A thread
    blocked in ``recv`` kept it before, and its start and join were ~0.06 ms of each
    request in a warm loop (~0.14 ms timed in a server's child); the thread stays where
    the signal cannot be asked for."""

    def __init__(self, conn: socket.socket) -> None:
        self.conn = conn
        self.finished = False
        self.interrupted: list[int] = []
        self.thread: threading.Thread | None = None
        try:
            if _signal.getsignal(signal.SIGIO) is not _client_spoke:
                signal.signal(signal.SIGIO, _client_spoke)
            fd = conn.fileno()
            fcntl.fcntl(fd, fcntl.F_SETOWN, os.getpid())
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_ASYNC)
        except (OSError, ValueError, AttributeError):  # no SIGIO here, or not the main thread
            self.thread = threading.Thread(target=self._wait, daemon=True)
            self.thread.start()
            return
        global _WATCHED
        _WATCHED = self
        self.look()  # what came before the signal was asked for

    def look(self) -> None:
        """Act on what the client sent, or on its end (``SIGIO``)."""
        if self.finished or self.interrupted:
            return
        try:
            said = self.conn.recv(64, socket.MSG_DONTWAIT)
        except (BlockingIOError, InterruptedError):  # nothing to read: not the client's doing
            return
        except OSError:  # the connection reset: the client has gone
            said = b""
        self._act(said, in_handler=True)

    def _act(self, said: bytes, in_handler: bool) -> None:
        """Do to the command what the signals the client passed on (``said``), or its
        end (nothing said), would have done to it in-process."""
        if not said:  # the client has gone (killed): the command would have died with it, saying nothing
            _end_by(0, None)
        signums = {byte: signum for signum, byte in wire.FORWARDED.items()}
        for signum in [signums[said[at : at + 1]] for at in range(len(said)) if said[at : at + 1] in signums]:
            handler = _signal.getsignal(signum)
            if handler == signal.SIG_IGN:
                continue  # ignored, as it would have been
            if signum != signal.SIGINT and not (callable(handler) and handler is not _terminated):
                _end_by(signum, self.conn)  # left to its default action: the process would have ended
            self.interrupted.append(signum)
            # The handler called here, not the signal sent: sent from within this
            # handler, it would be run only at the next check, and a command blocked in
            # a system call (reading its standard input) would go back to waiting in it.
            if in_handler and callable(handler):
                handler(signum, None)
            else:
                os.kill(os.getpid(), signum)
            return

    def _wait(self) -> None:
        while not (self.finished or self.interrupted):
            try:
                said = self.conn.recv(64)
            except OSError:
                said = b""
            if self.finished:
                return
            self._act(said, in_handler=False)

    def end(self) -> bool:
        """Stop watching (the client has its answer); whether the watch has ended (a
        thread's ``recv`` is woken by shutdown(2))."""
        global _WATCHED
        self.finished = True
        if _WATCHED is self:
            _WATCHED = None
        if self.thread is None:  # the connection signals no more
            try:
                fd = self.conn.fileno()
                fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_ASYNC)
            except (OSError, ValueError):
                pass
        try:
            self.conn.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        if self.thread is None:
            return True
        self.thread.join(1.0)
        return not self.thread.is_alive()


#: The watch the ``SIGIO`` of this process is for (``_Watch``), while a command runs.
_WATCHED: _Watch | None = None


def _client_spoke(signum: int, frame: object) -> None:
    """``SIGIO``: the watched client's connection can be read (``_Watch.look``); at any
    other time (between requests, after the answer) nothing is done."""
    if _WATCHED is not None:
        _WATCHED.look()


def run_request(request: dict[str, Any], fds: list[int], conn: socket.socket, command: Command) -> Ran:
    """Run ``vnconv ARGV`` here as the client would have: its folder, umask,
    environment and standard streams; its exit status. Ctrl-C in the client (``wire.INTERRUPT``),
    or the client gone, interrupts it as Ctrl-C would in-process: while the command runs,
    as a KeyboardInterrupt (``cli._run`` says ``vnconv: interrupted``, 130); before it
    began, it does not begin (130, the same line); after it ended, nothing.

    Whatever the previous request of this child set is replaced first: the folder, the
    umask, the environment (cleared, then the client's), the time zone (``tzset``),
    ``sys.argv``, the standard streams (new objects on the new descriptors) and the
    warnings already shown (``_forget_warnings``). When it ends, the streams are
    let go (``_let_go``): the client's descriptors closed, the objects on them made inert."""
    os.chdir(request["cwd"])
    os.umask(request["umask"])
    _set_environ(request["environ"])
    time.tzset()
    _forget_warnings()
    own = (sys.stdin, sys.stdout, sys.stderr)  # the child's, on /dev/null
    for inherited in own[1:]:  # nothing of them may reach the client's streams after the dup2 below
        try:
            inherited.flush()
        except (OSError, ValueError, AttributeError):
            pass
    for fd, target in zip(fds, wire.STDIO_FDS, strict=True):
        os.dup2(fd, target)
        os.close(fd)
    streams = tuple(_stream(fd, spec) for fd, spec in zip(wire.STDIO_FDS, request["streams"], strict=True))
    sys.stdin, sys.stdout, sys.stderr = streams
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = streams
    sys.argv = ["vnconv", *request["argv"]]
    watch = _Watch(conn)
    gc.disable()  # as main() does for a command that is the whole process
    status, said, clean = 130, False, False
    try:
        if not _INTERRUPTED:  # a Ctrl-C that came while the request was set up: not begun
            signal.signal(signal.SIGINT, signal.default_int_handler)
            try:
                command(request["argv"])
            except SystemExit as exc:  # cli._run said why (``vnconv: interrupted`` for a Ctrl-C)
                status, said = (exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1), True
                clean = _ended_normally(exc)
            except Exception:  # noqa: BLE001 - --debug lets a bug's traceback out, as Python would print it
                import traceback

                traceback.print_exc()
                status, said = 1, True
            else:
                status, said, clean = 0, True, True
            finally:
                signal.signal(signal.SIGINT, _defer_interrupt)  # a Ctrl-C too late for the command
    except KeyboardInterrupt:  # landed outside cli._run's own handler, as the command began or ended
        status, clean = 130, False
    watch.finished = True
    if not said:
        sys.stderr.write("vnconv: interrupted\n")  # as cli._run says it
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            status, clean = status or 1, False
    _let_go(streams, own)
    return Ran(status, clean, watch)


def _set_environ(environ: dict[bytes, bytes]) -> None:
    """Make the environment the client's, and only the client's: the variables it
    lacks removed, those it has set to its values. Only what differs is changed
    (``make``'s requests come with the same environment, one after another): clearing
    and filling the whole environment (``MutableMapping.clear``, a variable at a time,
    each an ``unsetenv``, then a ``putenv`` each) cost some 0.3 ms of each request."""
    current = os.environb
    for name in [name for name in current if name not in environ]:
        del current[name]
    for name, value in environ.items():
        if current.get(name) != value:
            current[name] = value


def _ended_normally(exc: SystemExit) -> bool:
    """Whether the command ended as ``cli._run`` ends it on success or on a one-line
    failure about the user's input: what it was handling when it exited (the
    SystemExit's context) is nothing, or Click's exceptions (its Exit, a usage error,
    vnconv's Failure) raised from nothing or from one of vnconv's own (a FileError, a
    StyleError: vnconv knew what went wrong, whatever that was raised from). Not on
    Ctrl-C or a stopping signal (KeyboardInterrupt, Abort), a reader gone
    (BrokenPipeError), or a bug: an exception of Python's or a library's that a
    failure was raised from (``cli.internal_error`` raises its Failure from it), or a
    failure that says ``internal error``."""
    import click

    cause = exc.__context__
    while isinstance(cause, (click.exceptions.Exit, click.ClickException)):
        if "internal error" in str(cause.format_message() if isinstance(cause, click.ClickException) else ""):
            return False
        cause = cause.__context__
    return cause is None or type(cause).__module__.startswith("convert.")


def _let_go(streams: tuple[io.TextIOWrapper, ...], own: tuple[Any, ...]) -> None:
    """After a request: its stream objects made inert (their raw files closed, which
    leaves the descriptors open, ``closefd=False``: no later flush or collection can
    write what they hold into the next request's streams), the client's descriptors
    replaced by /dev/null (a pipe's reader sees its end when the client exits), the
    child's own streams back, and the child out of the client's folder."""
    for stream in streams:
        try:
            stream.buffer.raw.close()
        except (AttributeError, OSError, ValueError):
            pass
    null = os.open(os.devnull, os.O_RDWR)
    for fd in wire.STDIO_FDS:
        os.dup2(null, fd)
    os.close(null)
    sys.stdin, sys.stdout, sys.stderr = own
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = own
    os.chdir("/")


def _forget_warnings() -> None:
    """Show each warning again as a new process would: Python remembers, per module, the
    warnings shown once (``__warningregistry__``), and forgets them when its filters
    change (their version, CPython's ``warnings._filters_mutated``)."""
    import warnings

    warnings.onceregistry.clear()
    mutated = getattr(warnings, "_filters_mutated", None) or getattr(warnings, "_filters_mutated_lock_held", None)
    if mutated is not None:
        mutated()


class _Kept:
    """What a child of the server holds as it was forked, to serve request after request
    from it: what a request may change and a new process would not have (signal
    dispositions and mask, set back after each request), what it must not change (the
    warnings filters, the threads, the output files under way, the font families read
    from files; a request that changed them ends its child), and its memory (a child
    whose resident memory has grown by ``MAX_GROWTH`` ends)."""

    def __init__(self) -> None:
        import warnings

        self.signals = {}
        for signum in signal.valid_signals():
            try:
                self.signals[signum] = _signal.getsignal(signum)
            except (OSError, ValueError):
                pass
        self.mask = signal.pthread_sigmask(signal.SIG_BLOCK, ())
        self.filters = list(warnings.filters)
        self.families = _families()
        self.rss = _statm_rss()

    def restored(self) -> bool:
        """After a request (answered): set back what it changed, collect its garbage
        (``gc`` is off while a command runs: the cycles it left are freed here, while no
        client waits, and what survives is frozen, so each collection walks only what
        the last request made); whether the child may serve another."""
        import warnings

        for signum, handler in self.signals.items():  # _signal's own: signal's wraps each in an enum (0.2 ms a request)
            if handler is not None and _signal.getsignal(signum) != handler:
                try:
                    signal.signal(signum, handler)
                except (OSError, ValueError):
                    return False
        signal.set_wakeup_fd(-1)
        signal.pthread_sigmask(signal.SIG_SETMASK, self.mask)
        writing = sys.modules.get("convert.io")
        if writing is not None and (getattr(writing, "_in_progress", None) or getattr(writing, "_stopped", False)):
            return False
        if warnings.filters != self.filters or threading.active_count() > 1 or _families() > self.families:
            return False
        gc.collect()
        gc.freeze()
        if _statm_rss() - self.rss < MAX_GROWTH:
            return True
        _release_memory()
        return _statm_rss() - self.rss < MAX_GROWTH


def _release_memory() -> None:
    """Give back what a request's photos left: their decoded pixels, which this
    process keeps for its next document (``photos.image.release_pixels``: a batch's
    next format of the same article), and the C library's free memory (``malloc_trim``,
    glibc). A request with a few photos left 60-90 MB, most of it pixels Pillow had
    freed to the C library; about 30 MB stays, and the child serves on."""
    photos = sys.modules.get("convert.photos.image")
    if photos is not None:
        photos.release_pixels()
        gc.collect()
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def _families() -> int:
    """How many font families and files of the user's the process has read
    (``fonts.family``'s cache, ``fonts.USER_FILES_READ``): more than the server read is
    a family named by a file of the user's (a path, or a style's ``files`` table), which
    is kept by its path (a file changed under it would not be read again)."""
    fonts = sys.modules.get("convert.fonts")
    family = getattr(fonts, "family", None)
    families = family.cache_info().currsize if family is not None and hasattr(family, "cache_info") else 0
    return families + len(getattr(fonts, "USER_FILES_READ", ()))


def _statm_rss() -> int:
    """This process's resident memory in bytes (/proc/self/statm, proc(5); 0 where there is none)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _stream(fd: int, spec: list[Any]) -> io.TextIOWrapper:
    """A standard stream on ``fd`` as the client's interpreter had it: encoding, errors,
    line buffering and write-through."""
    encoding, errors, line_buffering, write_through = spec
    raw = io.FileIO(fd, "rb" if fd == 0 else "wb", closefd=False)
    buffered = io.BufferedReader(raw) if fd == 0 else io.BufferedWriter(raw)
    return io.TextIOWrapper(buffered, encoding, errors, line_buffering=line_buffering, write_through=write_through)


def _status(server: Server) -> dict[str, Any]:
    return {
        "pid": os.getppid(),
        "socket": server.path,
        "identity": identity(),
        "uptime": time.time() - server.started,
        "requests": _requests(server.counter),
        "idle_minutes": server.idle_seconds / 60,
        "rss_kb": _rss_kb(os.getppid()),
        "child": os.getpid(),
        "children": _children(server.counter),
        "waiting": int.from_bytes(os.pread(server.counter, 8, _WAITING), "little"),
        "children_kb": sum(_private_kb(pid) for pid, _ in _children(server.counter)),
        "max_requests": MAX_REQUESTS,
    }


def _private_kb(pid: int) -> int:
    """The memory a process holds that no other shares (/proc/PID/smaps_rollup: its
    private pages; a child of the server holds the pages it has written)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            return sum(int(line.split()[1]) for line in rollup if line.startswith(("Private_Clean:", "Private_Dirty:")))
    except (OSError, ValueError, IndexError):
        return 0


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
        f"{known['rss_kb'] / 1024:.0f} MB resident (shared with its children); {len(known.get('children', ()))} children "
        f"({known.get('waiting', 0)} waiting, {known.get('children_kb', 0) / 1024:.0f} MB their own, up to "
        f"{known.get('max_requests', 0)} requests each); stops after "
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
