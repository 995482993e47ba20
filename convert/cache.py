"""vnconv's cache directory, and how files get into it.

What is kept there is only what was measured to pay (the manual's *Caches*, docs/contributors.md): the font
registry's answers and static instances of variable faces (``convert.fonts``), the
style files as parsed (``convert.styles``), ReportLab's reading of each face file
(``convert.writers.pdf.reportlab_internals.parsed_faces``), the ink check's glyph table of each face
(``convert.writers.pdf.fonts.ink_tables``) and its pair kerning (``convert.writers.pdf.fonts.kern_tables``). Deleting the directory is always safe.

Every entry is checked before it is used (``unsealed``: a magic and a CRC-32 written
with it; an instance's length and CRC-32 beside it) and read only if it is a regular
file (``read_entry``: a folder, a symlink or a device in its place is never followed,
since a symlink to ``/dev/zero`` would be read forever). An entry that fails is
``spoiled``: removed, made again, with one warning. Entries are written once
(``write_once``: a hard link of a whole temporary file, which fails if a racing
process linked its identical entry first), so ten processes starting on an empty
cache leave one entry each, and its mtime, which names what is kept about it,
does not change under them.
"""

from __future__ import annotations

import errno
import gc
import marshal
import os
import stat
import sys
import zlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path


def cache_dir() -> Path:
    """``$VNCONV_CACHE_DIR``, else ``$XDG_CACHE_HOME/vnconv``, else ``~/.cache/vnconv``."""
    from pathlib import Path

    return Path(cache_folder())


def cache_folder() -> str:
    """``cache_dir`` as a string, for what runs before ``pathlib`` is imported (the kept
    code of ``convert.start``: pathlib imports urllib and ipaddress, which ``--help`` never needs)."""
    explicit = os.environ.get("VNCONV_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "vnconv")


#: The commands whose kept code has an entry of its own (``command_name``); any other
#: command line shares one, "other".
_OWN_ENTRIES = frozenset({"pdf", "docx", "epub", "txt", "parse", "convert", "styles", "server"})


def command_name() -> str:
    """The command this process runs (``vnconv --debug parse x.txt``: ``parse``), naming
    the entries of the code a command keeps (``convert.dataclass_code``,
    ``convert.regex_code``): one entry for every command was each command's code and
    every other's, read at each start (``vnconv parse`` used some 300 of 560 methods'
    code, 307 of 569 kB), and the part read in vain was time and fresh pages of memory.
    Named once a process, so that what it keeps goes where it was read from."""
    global _command
    if _command is None:
        words = [word for word in sys.argv[1:] if not word.startswith("-")]
        _command = words[0] if words and words[0] in _OWN_ENTRIES else "other"
    return _command


_command: str | None = None


def file_stamp(path: Path) -> str:
    """A file's size and mtime: what is cached about it holds while these do."""
    try:
        stat = path.stat()
    except OSError:
        return ""
    return f"{stat.st_size}|{stat.st_mtime_ns}"


def installation_fingerprint() -> str:
    """The directories packages are installed in, with their mtimes: what names the font
    registry's entry (``fonts._registry_files``) and dates a style's fonts checked
    (``styles.check_style_fonts``).

    ``sys.path[0]`` is left out (unless ``-P`` kept it off): it is the script's
    directory or, for ``python -m convert``, the working directory, whose mtime
    changes with every output file written there; no font package lives in it.
    Nor is vnconv's own source tree, for an editable install (``_source_checkout``).

    Summed by two zlib checksums, 64 bits, rather than SHA-256: importing hashlib loads
    OpenSSL (~11 M instructions, a fortieth of a whole ``vnconv docx``, which needs no
    other digest), and this names a cache entry, it guards against no one; each face
    such an entry names is checked against its file's own stamp as well.
    """
    parts = []
    for entry in sys.path if sys.flags.safe_path else sys.path[1:]:
        if entry == _SOURCE_CHECKOUT:
            continue
        try:
            parts.append(f"{entry}|{os.stat(entry or '.').st_mtime_ns}")
        except OSError:
            continue
    text = "\n".join(parts).encode()
    return f"{zlib.crc32(text):08x}{zlib.adler32(text):08x}"


def _source_checkout() -> str | None:
    """The folder holding ``convert/`` when it is vnconv's own source tree (an editable
    install puts it on sys.path, and ``pyproject.toml`` is beside the package), else
    ``None``. ``installation_fingerprint`` leaves it out: no font package lives in it,
    and its mtime changes with every file made at its top (``.hypothesis/``,
    ``.pytest_cache/``, ``site/``, ``build/``), which would make every command of a
    developer's, and every test process running beside those files being made, find
    the font registry and the checked fonts out of date and build them again."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return root if os.path.exists(os.path.join(root, "pyproject.toml")) else None


_SOURCE_CHECKOUT = _source_checkout()


def file_fingerprint(path: Path) -> str:
    """A key for what is cached about a file: its resolved path, size and mtime. Kept
    for the process by the path as given and the size and mtime: the PDF writer names
    three entries by each face file (``pdf-faces``, ``pdf-kern``, ``pdf-ink``), and
    resolving walks the path a folder at a time (one ``lstat`` each). A relative path
    is resolved every time (a server's child runs each request in its client's folder)."""
    stamp = file_stamp(path)
    key = (str(path), stamp)
    found = _fingerprints.get(key)
    if found is None:
        found = sha256(f"{path.resolve()}|{stamp}".encode()).hexdigest()[:20]
        if path.is_absolute():
            _fingerprints[key] = found
    return found


_fingerprints: dict[tuple[str, str], str] = {}


_sha256: Any = None


def sha256(data: bytes) -> Any:
    """``hashlib.sha256(data)`` for a key's few bytes, from CPython's own SHA-256
    (``_sha2`` from 3.12, ``_sha256`` before: the modules hashlib falls back to without
    OpenSSL), the same digest: importing hashlib loads OpenSSL (~11 M instructions, ~200
    page faults), which a PDF command otherwise never needs (its MD5 is CPython's too,
    ``pdf/reportlab_internals/deferred_modules.py``). hashlib's where neither is there."""
    global _sha256
    if _sha256 is None:
        try:  # only the one this Python has: a module not found is looked for in every folder of sys.path
            _sha256 = __import__("_sha2" if sys.version_info >= (3, 12) else "_sha256").sha256
        except (ImportError, AttributeError):
            import hashlib

            _sha256 = hashlib.sha256
    return _sha256(data)


def marshal_entry(folder: str, path: Path, *recipe: str) -> Path:
    """Where what is kept about a file in ``marshal`` form lives: in ``folder``, named by
    the file (its name and ``file_fingerprint``), the ``recipe`` it was made by (a
    module's recipe number, a library's version) and Python's version (``marshal``'s
    format may change with it)."""
    key = "-".join((file_fingerprint(path), *recipe, f"py{sys.version_info[0]}.{sys.version_info[1]}"))
    return cache_dir() / folder / f"{path.stem}-{key}.marshal"


def write_atomically(target: Path, data: bytes) -> None:
    """Parallel workers may race to fill the cache: each writes whole files or none."""
    import tempfile  # here, as in write_once: a warm cache is only read
    from pathlib import Path

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_once(target: Path, data: bytes) -> None:
    """Write a cache entry whole, unless one is already there: a racing process made the
    same bytes, and replacing them would change the file's mtime, which names what is
    cached about it (``file_fingerprint``). Where hard links are not supported, replaced."""
    import tempfile
    from pathlib import Path

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        try:
            os.link(tmp, target)
        except FileExistsError:
            if not target.is_symlink() and target.is_file():
                return  # the racing process's entry, the same bytes
            spoiled(target, "is not a regular file")  # a folder, a symlink: cleared
            os.replace(tmp, target)
        except OSError:
            os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)


_reported: set[str] = set()


def spoiled(entry: Path | str, reason: str) -> None:
    """An entry that cannot be used (truncated, damaged, a folder or a symlink in its
    place): removed, so it is made again, with one warning per entry and process."""
    entry = str(entry)
    try:
        if stat.S_ISDIR(os.lstat(entry).st_mode):  # a folder, not a symlink to one
            import shutil

            shutil.rmtree(entry)
        else:
            os.unlink(entry)
    except OSError:
        pass  # none there any more; or a read-only cache: the entry is made again in memory, every time
    if entry not in _reported and sys.stderr is not None:
        _reported.add(entry)
        print(f"vnconv: warning: cache entry {entry} {reason}; made again", file=sys.stderr)


def read_entry(entry: Path | str) -> bytes | None:
    """The bytes of a cache entry; None if there is none. What is there but is no
    regular file (a folder, a symlink, a device) is ``spoiled``: never followed or read."""
    try:
        fd = os.open(entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None
    except PermissionError:
        return None  # an unreadable cache costs time, not correctness
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a symlink (O_NOFOLLOW)
            spoiled(entry, "is a symlink, not a file")
        return None  # else no folder there to read (ENOTDIR, ...): as if absent
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        spoiled(entry, "is a folder, not a file" if stat.S_ISDIR(mode) else "is not a regular file")
        return None
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def sealed(magic: bytes, payload: bytes) -> bytes:
    """A cache entry: ``magic`` (what and which recipe), a CRC-32 of ``payload``, ``payload``."""
    return magic + zlib.crc32(payload).to_bytes(4, "big") + payload


def unsealed(magic: bytes, data: bytes) -> bytes | None:
    """The payload of a ``sealed`` entry; None if it is of another kind or not whole
    (truncated, damaged): such an entry is never used."""
    payload = _unsealed_view(magic, data)
    return None if payload is None else payload.tobytes()


def _unsealed_view(magic: bytes, data: bytes) -> memoryview | None:
    """``unsealed``, the payload a view of ``data`` rather than a copy, for ``marshal``,
    which reads a view as well. Why: the kept code of every command
    (``convert.dataclass_code``, ``convert.regex_code``) is some 700 kB read at each
    start, and a copy of it was as many fresh pages of memory to fault in: ``vnconv
    parse`` 3,061 -> 2,921 page faults (its CPU time the same within the noise of a
    loaded machine)."""
    head = len(magic) + 4
    if data[: len(magic)] != magic:
        return None
    payload = memoryview(data)[head:]
    if zlib.crc32(payload).to_bytes(4, "big") != data[len(magic) : head]:
        return None
    return payload


def read_marshalled(entry: Path | str, magic: bytes) -> object | None:
    """What a ``sealed`` entry of ``marshal`` data holds; None if there is none, or it
    is not whole or not of this kind (``spoiled``). Read with the cycle collector paused: an entry is
    thousands of objects, none garbage, and collecting meanwhile doubled the time."""
    data = read_entry(entry)
    if data is None:
        return None
    payload = _unsealed_view(magic, data)
    if payload is None:
        spoiled(entry, "is damaged or truncated")
        return None
    collecting = gc.isenabled()
    gc.disable()
    try:
        found: object = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        spoiled(entry, "is damaged")
        return None
    finally:
        if collecting:
            gc.enable()
    return found
