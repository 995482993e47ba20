"""Where a user's vnconv server listens, and what it must match to serve a client.

The socket lives in ``$XDG_RUNTIME_DIR`` (a folder only its user can enter, made by the
system for each login, see the XDG Base Directory Specification), else in
``/tmp/vnconv-UID``, made 0700 here; a folder that is not the user's own, or that
others may enter, is never used. Its name carries vnconv's version, the Python's
version and a digest of this installation's paths (the interpreter's prefix and this
package's folder), so two virtual environments, or two Pythons, never share a server:
each would write other bytes with other libraries.

Imported by the console script before anything else: the standard library's ``os`` and
``sys`` only.
"""

import os
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
    prefix, exec_prefix = _prefixes()
    where = f"{prefix}\0{exec_prefix}\0{os.path.dirname(os.path.dirname(os.path.abspath(__file__)))}"
    return f"{__version__}-{python}-{_digest(where)}"


def _prefixes() -> tuple[str, str]:
    """``sys.prefix`` and ``sys.exec_prefix`` as ``site`` leaves them. A Python started
    without it (``-S``: the quick client, ``convert.server.quick``) still has the base
    installation's; in a virtual environment ``site.venv`` would have set both to the
    folder above the interpreter's when a ``pyvenv.cfg`` lies beside the interpreter or
    in that folder (PEP 405), and so does this."""
    if not sys.flags.no_site:
        return sys.prefix, sys.exec_prefix
    bin_folder = os.path.dirname(os.path.abspath(sys.executable))
    venv = os.path.dirname(bin_folder)
    if any(os.path.isfile(os.path.join(where, "pyvenv.cfg")) for where in (bin_folder, venv)):
        return venv, venv
    return sys.prefix, sys.exec_prefix


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
