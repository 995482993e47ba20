"""vnconv's cache directory, and how files get into it.

What is kept there is only what was measured to pay (the README's *Caches*): the font
registry's answers and static instances of variable faces (``convert.fonts``), the
style files as parsed (``convert.styles``), ReportLab's reading of each face file
(``convert.writers.pdf.reportlab_internals.parsed_faces``) and the ink check's glyph table of each face
(``convert.writers.pdf.fonts.ink_tables``). Deleting the directory is always safe.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
import sys
import tempfile
import zlib
from pathlib import Path


def cache_dir() -> Path:
    """``$VNCONV_CACHE_DIR``, else ``$XDG_CACHE_HOME/vnconv``, else ``~/.cache/vnconv``."""
    explicit = os.environ.get("VNCONV_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "vnconv"


def file_stamp(path: Path) -> str:
    """A file's size and mtime: what is cached about it holds while these do."""
    try:
        stat = path.stat()
    except OSError:
        return ""
    return f"{stat.st_size}|{stat.st_mtime_ns}"


def file_fingerprint(path: Path) -> str:
    """A key for what is cached about a file: its resolved path, size and mtime."""
    return hashlib.sha256(f"{path.resolve()}|{file_stamp(path)}".encode()).hexdigest()[:20]


def marshal_entry(folder: str, path: Path, *recipe: str) -> Path:
    """Where what is kept about a file in ``marshal`` form lives: in ``folder``, named by
    the file (its name and ``file_fingerprint``), the ``recipe`` it was made by (a
    module's recipe number, a library's version) and Python's version (``marshal``'s
    format may change with it)."""
    key = "-".join((file_fingerprint(path), *recipe, f"py{sys.version_info[0]}.{sys.version_info[1]}"))
    return cache_dir() / folder / f"{path.stem}-{key}.marshal"


def write_atomically(target: Path, data: bytes) -> None:
    """Parallel workers may race to fill the cache: each writes whole files or none."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sealed(magic: bytes, payload: bytes) -> bytes:
    """A cache entry: ``magic`` (what and which recipe), a CRC-32 of ``payload``, ``payload``."""
    return magic + zlib.crc32(payload).to_bytes(4, "big") + payload


def unsealed(magic: bytes, data: bytes) -> bytes | None:
    """The payload of a ``sealed`` entry; None if it is of another kind or not whole
    (truncated, damaged): such an entry is never used."""
    head = len(magic) + 4
    payload = data[head:]
    if data[: len(magic)] != magic or zlib.crc32(payload).to_bytes(4, "big") != data[len(magic) : head]:
        return None
    return payload


def read_marshalled(entry: Path, magic: bytes) -> object | None:
    """What a ``sealed`` entry of ``marshal`` data holds; None if there is none, it is
    not whole or not of this kind. Read with the cycle collector paused: an entry is
    thousands of objects, none garbage, and collecting meanwhile doubled the time."""
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    payload = unsealed(magic, data)
    if payload is None:
        return None
    collecting = gc.isenabled()
    gc.disable()
    try:
        found: object = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    finally:
        if collecting:
            gc.enable()
    return found
