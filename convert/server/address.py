"""Where a user's vnconv server listens, and what it must match to serve a client.

The socket lives in ``$XDG_RUNTIME_DIR`` (a folder only its user can enter, made by the
system for each login, see the XDG Base Directory Specification), else in
``/tmp/vnconv-UID``, made 0700 here; a folder that is not the user's own, or that
others may enter, is never used. Its name carries vnconv's version, the Python's
version and a digest of this installation's paths (the interpreter's prefix and this
package's folder), so two virtual environments, or two Pythons, never share a server:
each would write other bytes with other libraries.

Imported by the console script before anything else: the standard library's ``os``,
``sys`` and ``posix`` (built in) only.
"""

import os
import posix
import stat
import sys

from convert import __version__

#: ``VNCONV_SERVER``: unset or ``on``, use a running server; ``auto``, start one when
#: none runs; ``off``, never use one.
SETTING = "VNCONV_SERVER"


def identity() -> str:
    """What a server and its clients must share: vnconv's version, the Python (its
    implementation, version and build) and where both are installed."""
    version = sys.version_info
    python = f"{sys.implementation.name}-{version.major}.{version.minor}.{version.micro}{version.releaselevel[0]}{version.serial}"
    where = f"{sys.prefix}\0{sys.exec_prefix}\0{os.path.dirname(os.path.dirname(os.path.abspath(__file__)))}"
    return f"{__version__}-{python}-{_digest(where)}"


def surroundings() -> list[object]:
    """What else a client's command depends on, which a server's child and the client
    must share too (besides the variables that say where packages are found, which the
    request carries: ``daemon._can_run``): the optimization level (-OO drops the
    docstrings a command's --help is made of), the files a path names (the mount
    namespace and the root folder: a client in a sandbox, ``unshare``, a service's
    private /tmp, or a chroot sees other files at the same paths, and a server would
    write outside its view), the groups files are made and read as (``newgrp``, a
    service's own groups), and the limits set on the process (``ulimit -f``: a file
    too large for them fails). By ``posix``, the C module whose calls ``os`` gives out."""
    root = posix.stat("/")
    return [sys.flags.optimize, _proc("ns/mnt"), root.st_dev, root.st_ino, posix.getegid(), sorted(posix.getgroups()), _proc("limits")]


def _proc(name: str) -> str:
    """What /proc/self/NAME says of this process (proc(5): a namespace's link, the
    limits' table); empty where there is no such file."""
    try:
        if name.startswith("ns/"):
            return posix.readlink(f"/proc/self/{name}")
        fd = posix.open(f"/proc/self/{name}", posix.O_RDONLY)
        try:
            return posix.read(fd, 8192).decode("ascii", "replace")
        finally:
            posix.close(fd)
    except OSError:
        return ""


def _digest(text: str) -> str:
    """A short, stable digest (FNV-1a, 64 bits): ``hashlib`` would cost the client an
    import, and this only has to tell installations apart, not resist anyone."""
    value = 0xCBF29CE484222325
    for byte in text.encode("utf-8", "surrogateescape"):
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{value:016x}"[:12]


def folder(create: bool = False) -> str | None:
    """The user's private folder for the socket, or None when there is none fit for it
    (and ``create`` is false, or it cannot be made)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isabs(runtime) and private(runtime):
        return runtime
    fallback = os.path.join("/tmp", f"vnconv-{os.getuid()}")
    if create:
        try:
            os.mkdir(fallback, 0o700)
        except FileExistsError:
            pass
        except OSError:
            return None
    return fallback if private(fallback) else None


def private(path: str) -> bool:
    """Whether ``path`` is a real folder (not a link) owned by this user that no one
    else may read, write or enter."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o077 == 0


def socket_path(create: bool = False) -> str | None:
    """The socket of this installation's server for this user (None: no private folder)."""
    where = folder(create)
    return None if where is None else os.path.join(where, f"vnconv-{identity()}.sock")
