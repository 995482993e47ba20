"""Files in and out: reading an input (path or ``-``) and writing an output atomically.

Shell users redirect, Makefiles run ``make -j``, and people press Ctrl-C: an output
file is therefore either the complete new file or untouched, never half written.
Every failure is an ``InputError``/``OutputError`` whose message names the file.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import stat
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Final

from convert.model import Article, ModelError
from convert.options import Warn
from convert.readers import Decision, explain, read
from convert.text import DecodeError

STDIO = "-"
#: ``scheme://`` as RFC 3986 (section 3.1) spells a scheme; a Windows drive (C:\) is no URL.
_URL: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")


class FileError(Exception):
    """A problem with one file: ``FILE: reason``."""

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason
        super().__init__(f"{name}: {reason}")


class InputError(FileError):
    pass


class OutputError(FileError):
    pass


def display_name(path: str) -> str:
    return "<stdin>" if path == STDIO else path


def local_path(path: str) -> str:
    """A ``file://`` URL as the plain path it names (RFC 8089; ``%20`` decoded), so it
    works wherever a path does; anything else unchanged."""
    if path[:7].lower() == "file://":
        from urllib.parse import unquote, urlsplit  # only for such a URL: urllib.parse costs every command ~2 ms

        return unquote(urlsplit(path).path) or "/"
    return path


class ClosedOutput(BrokenPipeError):
    """Standard output was closed before vnconv started (``>&-``): nothing written to it
    can arrive. A ``BrokenPipeError``, so the writers pass it on untouched."""

    def __init__(self) -> None:
        super().__init__(errno.EBADF, "standard output is closed")


class ClosedStdout(io.TextIOBase):
    """What stands for ``sys.stdout`` when the process started without one (Python
    sets it to None): writing anything raises ``ClosedOutput``, which the command
    line reports as one line, instead of an AttributeError and a traceback."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, text: str) -> int:
        if text:
            raise ClosedOutput()
        return 0

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise ClosedOutput()

    @property
    def buffer(self) -> ClosedStdout:
        return self  # bytes or text: nothing can be written


def is_url(path: str) -> bool:
    """An object-store (fsspec) URL such as ``s3://bucket/arch/``, not a local path."""
    return bool(_URL.match(path))


def read_input(path: str, limit_bytes: int | None = None, stdin: BinaryIO | None = None) -> bytes:
    """The bytes of a file or of standard input, refusing what is not a readable file."""
    name = display_name(path)
    if path == STDIO:
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(limit_bytes + 1) if limit_bytes is not None else stream.read()
    else:
        with reading(name):
            with open(path, "rb") as handle:
                if limit_bytes is not None and os.fstat(handle.fileno()).st_size > limit_bytes:
                    raise InputError(name, too_large(limit_bytes))
                data = handle.read(limit_bytes + 1) if limit_bytes is not None else handle.read()
    return within_limit(name, data, limit_bytes)


@contextlib.contextmanager
def reading(name: str) -> Iterator[None]:
    """Turn the operating system's (or fsspec's) errors while reading ``name`` into one line."""
    try:
        yield
    except IsADirectoryError:
        raise InputError(name, "is a directory, not a file") from None
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from None


def within_limit(name: str, data: bytes, limit_bytes: int | None) -> bytes:
    """``data``, unless it is over the limit (it was read with one byte to spare)."""
    if limit_bytes is not None and len(data) > limit_bytes:
        raise InputError(name, too_large(limit_bytes))
    return data


def too_large(limit_bytes: int) -> str:
    """The reason given for an input over the size limit."""
    return f"larger than the {limit_bytes / 1_000_000:g} MB limit (raise it with --set limits.max_input_mb=N)"


def load_article(
    path: str,
    encoding: str | None = None,
    warn: Warn | None = None,
    limit_bytes: int | None = None,
    stdin: BinaryIO | None = None,
) -> Article:
    """Read and parse one input; an empty article is an error, since it renders to nothing."""
    return parse_article(read_input(path, limit_bytes, stdin), path, encoding, warn)


def parse_article(data: bytes, path: str, encoding: str | None = None, warn: Warn | None = None) -> Article:
    """Parse bytes already read from ``path`` (a file, ``-`` or a URL a batch read)."""
    return parse_explained(data, path, encoding, warn, explaining=False)[0]


def parse_explained(
    data: bytes, path: str, encoding: str | None = None, warn: Warn | None = None, explaining: bool = True
) -> tuple[Article, list[Decision]]:
    """``parse_article``, with how the reader decided each part (none unless ``explaining``)."""
    name = display_name(path)
    decisions: list[Decision] = []
    try:
        if explaining:
            article, decisions = explain(data, name=path, encoding=encoding, warn=warn)
        else:
            article = read(data, name=path, encoding=encoding, warn=warn)
    except DecodeError as exc:
        raise InputError(name, str(exc)) from None
    except ModelError as exc:
        raise InputError(name, f"invalid vnconv.article model: {exc}") from None
    if not any(article.texts()):
        raise InputError(name, "no text: the article is empty" if data else "empty file")
    return article, decisions


def write_all(stream: BinaryIO, data: bytes) -> None:
    """Write every byte of ``data`` to ``stream`` and flush it.

    With ``PYTHONUNBUFFERED`` set (or ``python -u``: usual in containers and CI),
    ``sys.stdout.buffer`` is the raw file, whose ``write`` makes one write(2) and
    returns how many bytes it took: to a pipe, fewer than asked when a signal comes or
    the reader leaves while it waits (pipe(7)). One call alone would end the output
    short and the command with status 0; here the rest is written, and a reader gone
    is a BrokenPipeError, as through a buffered stream. A stream in non-blocking mode
    that takes nothing for now (``write`` returns None) is waited on."""
    view = memoryview(data)
    while view:
        written = stream.write(view)
        if written is None:
            import select

            select.select([], [stream.fileno()], [])
            continue
        view = view[written:]
    stream.flush()


def write_output(path: str, data: bytes, stdout: BinaryIO | None = None) -> None:
    """Write bytes to ``path`` via a temporary file and a rename, or to stdout for ``-``."""
    if path == STDIO:
        write_all(stdout if stdout is not None else sys.stdout.buffer, data)
        return
    try:
        existing = os.stat(path)  # through a symbolic link
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise OutputError(path, exc.strerror or str(exc)) from None
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise OutputError(path, "is a directory")
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        _write_into(path, data)
        return
    # A symbolic link stays a link: the file it names is the one replaced.
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    directory = target.parent
    if not directory.is_dir():
        raise OutputError(path, f"directory {str(directory)!r} does not exist")
    with _in_progress_lock:
        if _stopped:
            raise OutputError(path, "not written: the process is stopping")
        try:
            fd, tmp = _temporary_file(str(directory), temporary_prefix(directory, target.name))
        except OSError as exc:
            raise OutputError(path, f"cannot write in {str(directory)!r}: {exc.strerror}") from None
        _in_progress.add(tmp)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, stat.S_IMODE(existing.st_mode) if existing is not None else _default_mode())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(path, exc.strerror or str(exc)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        _in_progress.discard(tmp)


#: What marks a temporary output, and how many random characters come before it.
TEMPORARY_SUFFIX: Final = ".part"
_RANDOM_CHARS: Final = 8
#: The characters of the random part: tempfile's (``_RandomNameSequence``).
_NAME_CHARS: Final = "abcdefghijklmnopqrstuvwxyz0123456789_"
#: Names tried before giving up, as tempfile does (``TMP_MAX``).
_ATTEMPTS: Final = 10000


def _temporary_file(directory: str, prefix: str) -> tuple[int, str]:
    """A new file ``directory/PREFIX + 8 random characters + .part``, open for writing,
    readable by its owner alone: what ``tempfile.mkstemp`` makes (Lib/tempfile.py,
    ``_mkstemp_inner``: ``O_EXCL``, no symbolic link followed, mode 0600), without
    importing tempfile and its ``random`` (seeded for the process), which cost a
    ``vnconv docx`` or ``epub`` about 1.5 ms of its start (callgrind, 6.6 M instructions):
    no other module on their way imports them. ``FileExistsError`` tries another name."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(_ATTEMPTS):
        name = "".join(_NAME_CHARS[byte % len(_NAME_CHARS)] for byte in os.urandom(_RANDOM_CHARS))
        path = os.path.abspath(os.path.join(directory, prefix + name + TEMPORARY_SUFFIX))
        try:
            return os.open(path, flags, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "No usable temporary file name found")
#: The usual limit of a file name in bytes (NAME_MAX), where the system does not say.
_NAME_MAX: Final = 255


def temporary_prefix(directory: Path, name: str) -> str:
    """``.NAME.``, the start of the temporary file an output is written to beside it.

    NAME is the output's name, shortened (between characters) where needed so that the
    whole temporary name, its random part and ``.part`` included, fits in the
    directory's file-name limit: any name legal for the output is legal for its
    temporary file.
    """
    try:
        limit = os.pathconf(directory, "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = _NAME_MAX
    room = max(0, limit - len("..") - _RANDOM_CHARS - len(TEMPORARY_SUFFIX))
    encoded = os.fsencode(name)
    if len(encoded) > room:
        while room and encoded[room] & 0xC0 == 0x80:  # not inside a UTF-8 character
            room -= 1
        name = os.fsdecode(encoded[:room])
    return f".{name}."


def _write_into(path: str, data: bytes) -> None:
    """Write into a device, pipe or socket (``/dev/null``, ``/dev/stdout``, ``>(gzip)``).

    Renaming a temporary file over it would replace the device node itself (as root,
    ``-o /dev/null`` would leave a PDF where /dev/null was); such an output has no old
    content to protect, so it is written in place.
    """
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise OutputError(path, exc.strerror or str(exc)) from None


#: Temporary files being written right now, for a signal handler to remove.
_in_progress: set[str] = set()
#: Re-entrant: a signal handler may run while the same thread holds it.
_in_progress_lock = threading.RLock()
_stopped = False


def discard_partial_outputs() -> None:
    """Remove the temporary files of writes under way, and refuse any write after this.

    For a process being stopped: a terminated pool worker, or a Dask worker closing
    while a task's thread is still converting (that thread must not start a new
    temporary file the process would leave behind when it exits).
    """
    global _stopped
    with _in_progress_lock:
        _stopped = True
        for tmp in list(_in_progress):
            Path(tmp).unlink(missing_ok=True)


def discard_stale_partials(path: str) -> None:
    """Remove temporary files that a killed process left while writing ``path`` (they
    are named ``.NAME.*.part`` beside it, by ``write_output``). Only for a caller that
    knows no one is writing ``path`` now."""
    import glob  # here: only after a worker died; every command imports this module (2 M instructions)

    target = Path(path)
    for stale in target.parent.glob(f".{glob.escape(target.name)}.*.part"):
        stale.unlink(missing_ok=True)


def _default_mode() -> int:
    """mkstemp makes 0600 files; an output should get the usual 0666 minus the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def same_file(a: str, b: str) -> bool:
    if STDIO in (a, b):
        return False
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)
