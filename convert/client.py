"""The ``vnconv`` console script: hand the command to a running vnconv server, or run it here.

A one-file command (``vnconv pdf|docx|epub|txt|parse``) started from a Makefile or a
shell loop spends most of its time starting: Python, Click, ReportLab, the style. When
this user runs a server of this very installation (``vnconv server start``, see
``convert.server``), this module sends it the command instead: the arguments, the
working folder, the umask, the whole environment and the standard streams themselves
(as file descriptors), and exits with the status it answers; the server's child writes
to the same files, pipe or terminal, byte for byte what the command would write here.

Whatever stands in the way (no server, a stale socket, a server of another version or
Python, a closed standard stream, a platform without Unix sockets) and the command
runs here, as it always did, without a word. So this path imports only the standard
library's socket and ``convert.server.address``/``wire``: no Click, no writer, no model,
and not even ``os`` (see ``address``: its ``posix``, ``getenv``).

``VNCONV_SERVER`` (``address.SETTING``): unset or ``on``, use a server if one runs;
``auto``, also start one in the background when none runs (this command still runs
here; the next ones use it); ``off``, never use one.
"""

import sys

import _signal  # built in, and imported as Python starts (signal's enums cost milliseconds)

try:
    import posix  # os's own system calls, without os (see convert.server.address)
except ImportError:  # not a POSIX system: no server, every command runs here
    posix = None  # type: ignore[assignment]

#: The commands a server runs: one article each, the ones a Makefile calls per file (and
#: ``convert -j 1``, see ``serves``), and ``styles`` (samples/Makefile asks ``styles show``
#: at each run, for the style's checksum).
SERVED = frozenset({"pdf", "docx", "epub", "txt", "parse", "styles"})


def main() -> None:
    """The console script's entry point."""
    if posix is not None and sys.argv[1:] == ["server", "client"]:  # samples/Makefile asks it once a run: no Click
        from convert.server.address import absolute
        from convert.server.command import quick_command

        sys.stdout.write(quick_command([absolute(sys.argv[0])]) + "\n")
        sys.stdout.flush()
        posix._exit(0)
    setting = _setting() if posix is not None else None
    if len(sys.argv) > 1 and setting is not None and serves(sys.argv[1:]):
        _exit_if_served(sys.argv[1:], start=setting == "auto")
    from convert import start

    start.begin()  # before the command line is imported (see convert.start)
    from convert.cli import main as in_process

    in_process()


def quick() -> None:
    """The quick client (``convert.server.quick``, run by a Python started without
    ``site``, ``python -S``): ``sys.argv`` is the launcher, then the vnconv command that
    printed it (``quick_command``), then the command's arguments. The command runs in
    the server, as ``main`` would run it there; whatever stands in the way (the server
    gone, another version's, a command a server does not run, ``VNCONV_SERVER=off``),
    that vnconv command runs it instead (exec), and does as it always does: so the
    outputs, messages and statuses are those of vnconv itself."""
    words = 3 if sys.argv[2:4] == ["-m", "convert"] else 1  # ``python -m convert``'s, or the vnconv script
    command, args = sys.argv[1 : 1 + words], sys.argv[1 + words :]
    if args and serves(args) and _setting() is not None:
        _exit_if_served(args, start=False)  # ``auto``: the vnconv below starts one
    try:
        posix.execv(command[0], [*command, *args])
    except OSError as exc:
        sys.stderr.write(f"vnconv: error: cannot run {command[0]}: {exc.strerror}\n")
        sys.stderr.flush()
        posix._exit(127)


def _setting() -> str | None:
    """``VNCONV_SERVER`` (``address.setting``), or None where it keeps the server out."""
    from convert.server.address import OFF, setting

    value = setting()
    return None if value in OFF else value


def _getenv(name: str) -> str | None:
    from convert.server.address import getenv

    return getenv(name)


def _exit_if_served(args: list[str], start: bool) -> None:
    """Run ``vnconv ARGS`` in the server and end this process with its status; return
    if it is to run here."""
    try:
        status = served(args, start=start)
    except KeyboardInterrupt as exc:  # before a child of the server took the request (``_taken``)
        if exc.args:  # SIGTERM or SIGHUP (``_pass_on``): end by it, as the command would have
            _end_by(exc.args[0])
        sys.stderr.write("\nvnconv: interrupted\n")  # as Click and cli._run say it
        status = 130
    if status is not None:
        sys.stderr.flush()
        posix._exit(status)


def serves(args: list[str]) -> bool:
    """Whether a server may run ``vnconv ARGS``: a one-file command, or ``convert`` in
    one process (``-j 1``, no Dask scheduler: samples/Makefile's call per article), which
    the server's child runs as it would here, with no pool of its own."""
    if args[0] in SERVED:
        return True
    if args[0] != "convert" or (_getenv("DASK_SCHEDULER_ADDRESS") or "").strip():
        return False
    options = args[1:]
    if any(a == "--scheduler" or a.startswith("--scheduler=") for a in options):
        return False
    pairs = zip(options, [*options[1:], ""])
    return any(a in ("-j1", "--jobs=1") or (a in ("-j", "--jobs") and value == "1") for a, value in pairs)


def served(args: list[str], start: bool = False) -> int | None:
    """Run ``vnconv ARGS`` in the server; its exit status, or None to run it here."""
    try:
        import _socket as socket  # the C module: ``socket``'s enums cost milliseconds

        from convert.server import wire
        from convert.server.address import environb, identity, socket_path, surroundings
    except ImportError:
        return None
    if not hasattr(socket, "SO_PEERCRED") or not wire.standard_streams_open():
        return None
    path = socket_path()
    sock = wire.connect(path) if path is not None else None
    if sock is None:
        if start:
            _start_server()
        return None
    try:
        try:
            if wire.peer_uid(sock) != posix.getuid():
                return None
            umask = posix.umask(0o022)
            posix.umask(umask)
            request = {
                "kind": "run",
                "identity": identity(),
                "argv": args,
                "cwd": posix.getcwd(),
                "umask": umask,
                "environ": environb(),
                "streams": [[s.encoding, s.errors, s.line_buffering, s.write_through] for s in (sys.stdin, sys.stdout, sys.stderr)],
                "filesystem": [sys.getfilesystemencoding(), sys.getfilesystemencodeerrors()],
                "surroundings": surroundings(),
            }
            wire.send_request(sock, request, wire.STDIO_FDS)
        except (OSError, wire.WireError):
            return None  # nothing ran: run it here
        passed = _pass_on()
        try:
            kind = _taken(sock)
            if kind != wire.RUNNING:
                return None
            return _wait(sock)
        finally:
            for signum, handler in passed:
                _signal.signal(signum, handler)
    finally:
        sock.close()  # type: ignore[attr-defined]


def _pass_on() -> list[tuple[int, object]]:
    """While the server has the request: SIGTERM and SIGHUP, left to their default
    action here (not ignored, as ``nohup`` ignores SIGHUP), raise a KeyboardInterrupt
    that names them (``_answer`` sends them on), as Ctrl-C's does; the handlers they
    had, to set back. Left alone, they ended this process and left the command running
    (it found the connection closed, said ``vnconv: interrupted`` to a stream no one
    waited on, and ``convert`` never said it was stopped nor answered 143)."""
    passed = []
    for signum in (15, 1):  # SIGTERM, SIGHUP (wire.FORWARDED)
        if _signal.getsignal(signum) == _signal.SIG_DFL:
            passed.append((signum, _signal.signal(signum, _raise_signal)))
    return passed


def _raise_signal(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(signum)  # SIGINT's own handler raises it bare


def _end_by(signum: int) -> None:
    """End this process by ``signum`` left to its default action, as the command ended
    in the server did, or as it would have here."""
    sys.stderr.flush()
    _signal.signal(signum, _signal.SIG_DFL)
    posix.kill(posix.getpid(), signum)
    posix._exit(128 + signum)  # not reached: the signal ends the process


def _answer(sock: object) -> tuple[bytes | None, object, int]:
    """The server's next answer, ``(kind, value)`` (kind None: it went away first), and
    the first signal that came while it was awaited (0: none). Each Ctrl-C goes to the
    server (``wire.INTERRUPT``), as do SIGTERM and SIGHUP (``_pass_on``): the child that
    has the request stops its command, before or while it runs, as the signal would
    have stopped it here (``daemon._Watch``), and says ``vnconv: interrupted`` itself."""
    from convert.server import wire

    came = 0
    while True:
        try:
            kind, value = wire.receive_answer(sock)  # type: ignore[arg-type]
        except KeyboardInterrupt as exc:
            signum = exc.args[0] if exc.args else 2
            came = came or signum
            try:
                sock.sendall(wire.FORWARDED[signum])  # type: ignore[attr-defined]
            except OSError:
                pass
            continue
        except (OSError, wire.WireError):
            return None, None, came
        return kind, value, came


def _taken(sock: object) -> bytes | None:
    """The server's first answer to a request sent (``wire.RUNNING`` if a child took it),
    None if it went away first. A Ctrl-C while it is awaited goes to the server
    (``_answer``): a child may have taken the request already (this process saying
    ``vnconv: interrupted`` too, and leaving, printed the line twice, and let the child
    go on to write the output of a command that answered 130). Where no child took it,
    the Ctrl-C is this process's."""
    from convert.server import wire

    kind, _, came = _answer(sock)
    if came and kind != wire.RUNNING:  # nothing runs in the server: stop here
        if came != 2:
            _end_by(came)
        raise KeyboardInterrupt  # 130
    return kind


def _wait(sock: object) -> int:
    """The exit status of the request under way; Ctrl-C passes to it (``_answer``: the
    server's child says ``vnconv: interrupted`` and answers 130, as the command would here)."""
    from convert.server import wire

    while True:
        kind, status, _ = _answer(sock)
        if kind is None:
            sys.stderr.write(
                "vnconv: error: the vnconv server ended before the command finished; its output file was not written "
                "(run it again; VNCONV_SERVER=off runs vnconv without the server)\n"
            )
            sys.stderr.flush()
            return 1
        if kind == wire.EXIT:
            return int(status)  # type: ignore[call-overload]
        if kind == wire.KILLED:  # the command left the signal to its default action: so does this process
            _end_by(int(status))  # type: ignore[call-overload]


def _start_server() -> None:
    """``VNCONV_SERVER=auto`` and no server: start one in the background, for the next
    commands; this one runs here meanwhile. Two at once is harmless (the second finds
    the first's lock and ends)."""
    import subprocess

    try:
        subprocess.Popen(
            [sys.executable, "-m", "convert.server", "start", "--no-wait"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        pass
