"""Where a user's vnconv server listens, and what it must match to serve a client.

The socket lives in ``$XDG_RUNTIME_DIR`` (a folder only its user can enter, made by the
system for each login, see the XDG Base Directory Specification), else in
``/tmp/vnconv-UID``, made 0700 here; a folder that is not the user's own, or that
others may enter, is never used. Its name carries vnconv's version, the Python's
version and a digest of this installation's paths (the interpreter's prefix and this
package's folder), so two virtual environments, or two Pythons, never share a server:
each would write other bytes with other libraries.

Imported by the console script before anything else: ``sys`` and ``posix`` only (the C
module whose functions ``os`` gives out): the quick client runs on a Python started
without ``site`` (``python -S``, ``convert.server.quick``), which has not imported
``os``, and importing it (its ``environ`` mapping needs ``_collections_abc``) would be
~1 ms of each call, a tenth of the client.
"""

import posix
import sys

from convert import __version__

#: ``VNCONV_SERVER``: unset or ``on``, use a running server; ``auto``, start one when
#: none runs; ``off``, never use one.
SETTING = "VNCONV_SERVER"
#: Its values that keep the server out.
OFF = ("off", "0", "no", "false")


def setting() -> str:
    """``VNCONV_SERVER``, as the commands read it."""
    return (getenv(SETTING) or "").strip().lower()


def identity() -> str:
    """What a server and its clients must share: vnconv's version, the Python (its
    implementation, version and build) and where both are installed. Worked out once
    a process (a server's child checks it for every request: the digest is a loop in
    Python, ~0.04 ms)."""
    global _IDENTITY
    if _IDENTITY is None:
        version = sys.version_info
        python = f"{sys.implementation.name}-{version.major}.{version.minor}.{version.micro}{version.releaselevel[0]}{version.serial}"
        prefix, exec_prefix = _prefixes()
        where = f"{prefix}\0{exec_prefix}\0{_parent(_parent(absolute(__file__)))}"
        _IDENTITY = f"{__version__}-{python}-{_digest(where)}"
    return _IDENTITY


_IDENTITY: str | None = None


def _prefixes() -> tuple[str, str]:
    """``sys.prefix`` and ``sys.exec_prefix`` as ``site`` leaves them. A Python started
    without it (``-S``: the quick client, ``convert.server.quick``) still has the base
    installation's; in a virtual environment ``site.venv`` would have set both to the
    folder above the interpreter's when a ``pyvenv.cfg`` lies beside the interpreter or
    in that folder (PEP 405), and so does this."""
    if not sys.flags.no_site:
        return sys.prefix, sys.exec_prefix
    bin_folder = _parent(absolute(sys.executable))
    venv = _parent(bin_folder)
    for where in (bin_folder, venv):
        try:
            if posix.stat(join(where, "pyvenv.cfg")).st_mode & 0o170000 == 0o100000:  # a regular file
                return venv, venv
        except OSError:
            pass
    return sys.prefix, sys.exec_prefix


def getenv(name: str) -> str | None:
    """``os.environ.get(name)``: where ``os`` is loaded, its ``environ`` (which follows
    what the process has set since it started); else, without importing it, the
    environment the process started with, decoded as ``os.environ`` decodes it."""
    os = sys.modules.get("os")
    if os is not None:
        return os.environ.get(name)
    value = posix.environ.get(name.encode(sys.getfilesystemencoding(), "surrogateescape"))
    return None if value is None else value.decode(sys.getfilesystemencoding(), "surrogateescape")


def environb() -> dict[bytes, bytes]:
    """``os.environb``'s items, as ``getenv`` reads them."""
    os = sys.modules.get("os")
    return dict(os.environb) if os is not None else dict(posix.environ)


def join(folder: str, name: str) -> str:
    """``os.path.join(folder, name)`` of a name without a slash."""
    return folder + name if folder.endswith("/") else f"{folder}/{name}"


def absolute(path: str) -> str:
    """``os.path.abspath(path)`` without its normalisation (``a/../b`` stays so): a path
    to open or run, the same file."""
    if path.startswith("/"):
        return path
    path = path.removeprefix("./")
    return join(posix.getcwd(), path) if path else posix.getcwd()


def _parent(path: str) -> str:
    """``os.path.dirname`` of an absolute path (without a trailing slash)."""
    return path.rpartition("/")[0] or "/"


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
    runtime = getenv("XDG_RUNTIME_DIR")
    if runtime and runtime.startswith("/") and private(runtime):
        return runtime
    fallback = f"/tmp/vnconv-{posix.getuid()}"
    if create:
        try:
            posix.mkdir(fallback, 0o700)
        except FileExistsError:
            pass
        except OSError:
            return None
    return fallback if private(fallback) else None


def private(path: str) -> bool:
    """Whether ``path`` is a real folder (not a link) owned by this user that no one
    else may read, write or enter."""
    try:
        info = posix.lstat(path)
    except OSError:
        return False
    is_folder = info.st_mode & 0o170000 == 0o040000  # stat.S_ISDIR
    return is_folder and info.st_uid == posix.getuid() and info.st_mode & 0o077 == 0


def socket_path(create: bool = False) -> str | None:
    """The socket of this installation's server for this user (None: no private folder)."""
    where = folder(create)
    return None if where is None else join(where, f"vnconv-{identity()}.sock")
