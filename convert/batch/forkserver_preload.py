"""The fork server of a ``local:N`` cluster: started with what its workers need loaded.

The local pool's parent reads the style's faces and imports the batch's writers before
it forks (``job.preload``), and its workers inherit them; a ``local:N`` cluster's
workers are forked from multiprocessing's fork server instead, which without this
would hand each of them a process that pays about 0.2 s of CPU in its first article,
and about 0.25 s more importing Dask.

``start`` starts that fork server. Where it can, it forks it from this process once
this process has imported Dask (which it needs for the scheduler anyway): the fork
server then only loads the writers and the faces, while this process starts the
scheduler, and it costs no new interpreter importing Dask and vnconv again (about
0.35 s of CPU, and 0.1 s before the first worker starts). That needs the fork server
of the Pythons this was written against (``_forkable``), and this process still
single-threaded: forking a process whose other threads may hold locks is unsafe.

Otherwise, the classic way: multiprocessing starts a new interpreter, before this
process imports Dask, so both import it at once. It takes only names of modules to
import (``set_forkserver_preload``), no arguments, so the batch's context travels
pickled in an environment variable that the fork server inherits when it starts:
importing this module there preloads it. Importing it anywhere the variable is unset
does nothing.
"""

from __future__ import annotations

import base64
import gc
import inspect
import os
import pickle
import signal
import socket
import sys
import threading
from collections.abc import Callable, Iterable

from convert.batch.job import Context, preload

#: Holds the pickled (context, formats) while a new fork server starts, and only then.
VARIABLE = "VNCONV_FORKSERVER_PRELOAD"
#: The parameters of ``multiprocessing.forkserver.main`` in the Pythons whose fork server
#: ``_fork_server`` can start by forking (3.11 to 3.13.0): the parent names the socket and
#: the "alive" pipe, nothing more (later ones add an authentication key).
_MAIN_PARAMETERS = ["listener_fd", "alive_r", "preload", "main_path", "sys_path"]


def start(context: Context, formats: Iterable[str]) -> None:
    """Start multiprocessing's fork server for the workers of a batch writing
    ``formats`` in ``context``, with Ctrl-C ignored (the workers inherit that: Ctrl-C
    reaches vnconv alone, which closes the cluster in order), Dask imported and the
    writers and faces loaded; and import Dask here. A fork server already running in
    this process is kept (what it preloaded is only a head start)."""
    formats = tuple(formats)
    if _forkable():
        import convert.batch.on_worker  # noqa: F401 - Dask, and what a worker runs

        if _forkable():  # importing Dask started no thread
            _fork_server(lambda: preload(context, formats))
            return
    import multiprocessing
    from multiprocessing import forkserver

    # The context distributed uses (``get_mp_context``) is this same default one.
    multiprocessing.get_context("forkserver").set_forkserver_preload(["convert.batch.on_worker", __name__])
    mask = _hold_ctrl_c()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ[VARIABLE] = encode(context, formats)
    try:
        forkserver.ensure_running()
    finally:
        os.environ.pop(VARIABLE, None)
        signal.signal(signal.SIGINT, previous)
        _release(mask)


def _forkable() -> bool:
    """Whether ``_fork_server`` can start the fork server here: a Python whose fork
    server takes what it does, none running yet, and no other thread in this process."""
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return False
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    try:
        parameters = list(inspect.signature(forkserver.main).parameters)
    except (TypeError, ValueError):
        return False
    return (
        parameters == _MAIN_PARAMETERS
        and all(hasattr(server, name) for name in ("_forkserver_address", "_forkserver_alive_fd", "_forkserver_pid"))
        and server._forkserver_pid is None  # type: ignore[union-attr]
    )


def _fork_server(load: Callable[[], None]) -> None:
    """What ``ForkServer.ensure_running`` does, but with ``os.fork`` where it starts a new
    interpreter: the listening socket, the "alive" pipe (the server stops when every
    process holding its write end has), the resource tracker; then ``forkserver.main``,
    which forks each worker, runs in a fork of this process, which first runs ``load``
    and freezes what it has for the collector."""
    from multiprocessing import connection, forkserver, resource_tracker, util

    server = forkserver._forkserver
    resource_tracker.ensure_running()
    listener = socket.socket(socket.AF_UNIX)
    address = connection.arbitrary_address("AF_UNIX")  # type: ignore[attr-defined]
    listener.bind(address)
    if not util.is_abstract_socket_namespace(address):
        os.chmod(address, 0o600)
    listener.listen()
    alive_r, alive_w = os.pipe()
    for stream in (sys.stdout, sys.stderr):  # nothing buffered here is written twice
        stream.flush()
    mask = _hold_ctrl_c()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        pid = os.fork()
    except OSError:
        os.close(alive_r)
        os.close(alive_w)
        listener.close()
        signal.signal(signal.SIGINT, previous)
        _release(mask)
        raise
    if pid == 0:  # the fork server: it never returns from here
        code = 1
        try:
            _release(mask)  # Ctrl-C stays ignored here
            os.close(alive_w)
            # What this process and the load leave alive lives as long as the workers:
            # kept out of every collection (``gc.freeze``), in the workers too, whose
            # collections would otherwise walk it all again and again (and copy every
            # page they touch). See the gc module's documentation, ``freeze``.
            gc.disable()
            load()
            gc.freeze()
            gc.enable()
            forkserver.main(listener.detach(), alive_r, [])
        except SystemExit:  # main's way out, once every holder of alive_w is gone
            code = 0
        finally:
            os._exit(code)
    signal.signal(signal.SIGINT, previous)
    _release(mask)
    os.close(alive_r)
    listener.close()
    server._forkserver_address = address
    server._forkserver_alive_fd = alive_w
    server._forkserver_pid = pid


def _hold_ctrl_c() -> set[signal.Signals] | None:
    """Block SIGINT while it is ignored for the fork server to inherit: a Ctrl-C that comes
    meanwhile stays pending (Linux never discards a blocked signal, even one ignored when
    it comes), and reaches this process once its handler is back (``_release``), instead
    of being lost. The mask before, to give back; None where there are no masks."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def _release(mask: set[signal.Signals] | None) -> None:
    if mask is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def encode(context: Context, formats: Iterable[str]) -> str:
    """The variable's value for a batch writing ``formats`` in ``context``."""
    return base64.b64encode(pickle.dumps((context, tuple(formats)))).decode("ascii")


def _preload_from_environment() -> None:
    payload = os.environ.pop(VARIABLE, None)  # not passed on to the workers
    if not payload:
        return
    if hasattr(signal, "pthread_sigmask"):  # the mask ``start`` held Ctrl-C with: it stays ignored
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:
        context, formats = pickle.loads(base64.b64decode(payload))  # noqa: S301 - written by our own parent
    except Exception:  # noqa: BLE001 - a head start only; a fork server must not die of it
        return
    preload(context, formats)
    gc.freeze()  # as ``_fork_server`` does


_preload_from_environment()
