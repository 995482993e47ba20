"""``vnconv server client``: the command line of the quick client, which samples/Makefile
runs in vnconv's place while a server runs (``convert.server.quick``,
``convert.client.quick``). Imported by the console script and the command line alike,
and importing neither."""

import posix
import sys

from convert.server import wire
from convert.server.address import OFF, absolute, setting, socket_path


def quick_command(fallback: list[str]) -> str:
    """What ``vnconv server client`` prints: while a server of this installation runs
    for this user, a command line to use in vnconv's place (samples/Makefile does): this
    Python without ``site`` (``-S``: its .pth files, the editable installs' finders and
    setuptools' distutils shim are ~2.5 ms of each start, and the client needs none of
    them) on ``convert/server/quick.py``, then ``fallback``, the vnconv command that
    runs what the server does not. Empty when no server answers, or when a word has a
    character make or the shell would split or read (a space, a quote, a ``$``)."""
    if setting() in OFF or not wire.standard_streams_open():
        return ""
    words = [sys.executable, "-S", absolute(__file__).removesuffix("command.py") + "quick.py", *fallback]
    if any(not word or not all(ch.isalnum() or ch in "/._-+,=@%" for ch in word) for word in words):
        return ""
    path = socket_path()
    sock = wire.connect(path) if path is not None and hasattr(wire.socket, "SO_PEERCRED") else None
    if sock is None:
        return ""
    try:
        if wire.peer_uid(sock) != posix.getuid():
            return ""
        wire.send_request(sock, {"kind": "status"})
        kind, _ = wire.receive_answer(sock)
    except (OSError, wire.WireError):
        return ""
    finally:
        sock.close()
    return " ".join(words) if kind == wire.INFO else ""
