"""Where a batch's articles and outputs live: local paths, or fsspec URLs.

An archive may sit in an object store (``s3://bucket/arch/``, ``gs://…``) as well as on
disk. Local paths (and ``file://`` URLs, turned into paths) go through ``convert.io``:
its one-line errors, and writes by temporary file and rename. Any other URL goes
through fsspec, imported only when a URL is given, and an output is written with one
call carrying the finished bytes: for S3 that is one PUT (s3fs's ``pipe_file`` sends one
``PutObject`` below 100 MB), and an object store shows an object whole or not at all,
so a killed worker never leaves half an output.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import stat
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, BinaryIO

from convert.io import STDIO, InputError, OutputError, is_url, local_path, read_input, reading, within_limit, write_output

if TYPE_CHECKING:
    from fsspec import AbstractFileSystem

INSTALL_FSSPEC = "pip install 'vnconv[dask]'"
#: fsspec names the package a scheme needs; this says which extra of ours brings it.
EXTRAS = {"s3": "pip install 'vnconv[s3]'", "s3a": "pip install 'vnconv[s3]'"}


def localise(path: str) -> str:
    """A ``file://`` URL as a plain path (written by rename, like any local path); others
    unchanged. ``convert.io.local_path``, which imports ``urllib.parse`` only for such a
    URL: every batch, one article's in a make rule too, plans its inputs through here."""
    return local_path(path)


def _filesystem(url: str, error: type[InputError] | type[OutputError] = InputError) -> tuple[AbstractFileSystem, str]:
    """fsspec's filesystem for a URL, and the URL's path within it."""
    try:
        import fsspec
    except ImportError:
        raise error(url, f"URLs need fsspec: {INSTALL_FSSPEC}") from None
    try:
        return fsspec.core.url_to_fs(url)
    except ImportError as exc:  # fsspec knows the scheme but its backend is not installed
        hint = EXTRAS.get(url.split("://", 1)[0].lower())
        raise error(url, one_line(exc) + (f" ({hint})" if hint else "")) from None
    except ValueError as exc:
        raise error(url, one_line(exc)) from None


def one_line(exc: BaseException) -> str:
    """An exception's message as one line (a store's errors span several), else its type's name."""
    return " ".join(str(exc).split()) or type(exc).__name__


# --- folders ---------------------------------------------------------------------------


def is_folder(path: str) -> bool:
    if not is_url(path):
        return path != STDIO and os.path.isdir(path)
    fs, inner = _filesystem(path)
    try:
        return bool(fs.isdir(inner))
    except Exception as exc:  # noqa: BLE001 - a store's own errors (credentials, network)
        raise InputError(path, f"cannot read: {one_line(exc)}") from None


def articles_in(folder: str, warn: Callable[[str], None] | None = None) -> list[tuple[str, str]]:
    """Every ``*.txt`` below ``folder``, sorted, as (path or URL, its folder relative to
    ``folder``); what is left out of a local folder that may hold articles (a broken
    symbolic link, a link making a loop, a folder that cannot be listed) is one line each
    to ``warn``."""
    if not is_url(folder):
        listed = []
        for path in _LocalWalk(folder, warn or (lambda message: None)).articles():
            relative = os.path.relpath(os.path.dirname(path), folder)
            listed.append((path, "" if relative == "." else relative))
        return sorted(listed)
    fs, root = _filesystem(folder)
    root = root.rstrip("/")
    try:
        keys = fs.find(root)
    except Exception as exc:  # noqa: BLE001
        raise InputError(folder, f"cannot list: {one_line(exc)}") from None
    found = []
    for key in sorted(keys):
        if key.endswith(".txt"):
            relative = posixpath.dirname(key[len(root) :].lstrip("/"))
            found.append((fs.unstrip_protocol(key), relative))
    return found


class _LocalWalk:
    """The ``*.txt`` files below a local folder, symbolic links to folders followed.

    An archive assembled from several disks links folders into its tree, so a link to a
    folder is followed, and its articles are mirrored below the link's name, unless it
    leads to a folder already in the batch: to a folder holding the link (a loop, which
    would never end) or to one walked already (its articles would be converted twice);
    such a link is left out, with one line saying where it leads. The real tree is
    walked first and the links after, in order of their names, so which of two ways to
    a folder is taken does not depend on where the link sits. A link to a file is
    followed (its article is converted); a broken one, or one in a loop of links, is
    left out, with one line. Folders are told apart by device and inode, as ``find -L``
    does to detect loops (POSIX, ``find``)."""

    def __init__(self, folder: str, warn: Callable[[str], None]) -> None:
        self.warn = warn
        status = os.stat(folder)
        self.walked: dict[tuple[int, int], str] = {(status.st_dev, status.st_ino): folder}
        self.links: list[tuple[str, os.stat_result]] = []  # links to folders, followed once the real tree is known
        self.found: list[str] = []
        self._walk(folder)

    def articles(self) -> list[str]:
        while self.links:
            self.links.sort(key=lambda link: link[0])
            path, status = self.links.pop(0)
            key = (status.st_dev, status.st_ino)
            if key in self.walked:
                there = self.walked[key]
                target = os.readlink(path)
                if path.startswith(os.path.join(there, "")):
                    self.warn(f"{path}: symbolic link to {target!r} leads back to {there}, a loop: not followed")
                else:
                    self.warn(f"{path}: symbolic link to {target!r} leads to {there}, already in the batch: not followed")
                continue
            self.walked[key] = path
            self._walk(path)
        return self.found

    def _walk(self, top: str) -> None:
        folders = [top]
        while folders:
            folder = folders.pop()
            try:
                with os.scandir(folder) as listing:
                    entries = sorted(listing, key=lambda entry: entry.name, reverse=True)
            except OSError as exc:
                self.warn(f"{folder}: cannot list the folder ({exc.strerror or exc}): its articles are left out")
                continue
            for entry in entries:
                if entry.is_symlink():
                    self._link(entry.path, entry.name)
                elif entry.is_dir(follow_symlinks=False):
                    status = entry.stat(follow_symlinks=False)
                    self.walked.setdefault((status.st_dev, status.st_ino), entry.path)
                    folders.append(entry.path)
                elif entry.name.endswith(".txt") and entry.is_file(follow_symlinks=False):
                    self.found.append(entry.path)

    def _link(self, path: str, name: str) -> None:
        try:
            status = os.stat(path)
        except FileNotFoundError:
            self.warn(f"{path}: broken symbolic link (to {os.readlink(path)!r}, which does not exist): left out")
            return
        except OSError as exc:  # ELOOP: links leading to each other
            self.warn(f"{path}: symbolic link that cannot be followed ({exc.strerror or exc}): left out")
            return
        if stat.S_ISDIR(status.st_mode):
            self.links.append((path, status))
        elif name.endswith(".txt") and stat.S_ISREG(status.st_mode):
            self.found.append(path)


def join(folder: str, *parts: str) -> str:
    """``folder/part/…``: with ``/`` for a URL, the platform's separator for a path."""
    parts = tuple(p for p in parts if p)
    if is_url(folder):
        return "/".join([folder.rstrip("/"), *(p.replace(os.sep, "/") for p in parts)])
    return os.path.join(folder, *parts)


def beside(path: str, name: str) -> str:
    """``name`` in the folder that holds ``path``."""
    if is_url(path):
        return f"{path.rsplit('/', 1)[0]}/{name}"
    return os.path.join(os.path.dirname(path), name)


def basename(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1] if is_url(path) else os.path.basename(path)


# --- reading and writing ----------------------------------------------------------------


def read(path: str, limit_bytes: int | None = None, stdin: BinaryIO | None = None) -> bytes:
    """The bytes of a file, ``-`` or a URL; never more than one byte past the limit."""
    if not is_url(path):
        return read_input(path, limit_bytes, stdin)
    fs, inner = _filesystem(path)
    try:
        with reading(path):
            data: bytes = fs.cat_file(inner, start=0, end=limit_bytes + 1 if limit_bytes is not None else None)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - a store's own errors, as one line about this input
        raise InputError(path, f"cannot read: {one_line(exc)}") from None
    return within_limit(path, data, limit_bytes)


def write(path: str, data: bytes) -> None:
    """Write a whole output: a URL with one upload, a path by temporary file and rename
    (creating the folders of a mirrored tree on the way)."""
    if not is_url(path):
        folder = os.path.dirname(path)
        if path != STDIO and folder and not os.path.isdir(folder):
            try:
                os.makedirs(folder, exist_ok=True)
            except OSError as exc:
                raise OutputError(path, f"cannot create its folder: {exc.strerror or exc}") from None
        write_output(path, data)
        return
    fs, inner = _filesystem(path, OutputError)
    try:
        fs.pipe_file(inner, data)
    except Exception as exc:  # noqa: BLE001
        raise OutputError(path, f"cannot write: {one_line(exc)}") from None


# --- modification times, for --update ------------------------------------------------


def modified_in(folder: str) -> Mapping[str, int]:
    """URL → modification time (ns since 1970) of every object directly in a URL folder:
    one listing per folder, not one request per object."""
    fs, inner = _filesystem(folder)
    try:
        entries = fs.ls(inner.rstrip("/"), detail=True, refresh=True)
    except FileNotFoundError:
        return {}
    except Exception as exc:  # noqa: BLE001
        raise InputError(folder, f"cannot list: {one_line(exc)}") from None
    times = {}
    for entry in entries:
        stamp = _stamp_ns(entry)
        if stamp is not None and entry.get("type") != "directory":
            times[fs.unstrip_protocol(entry["name"])] = stamp
    return times


def _stamp_ns(info: Mapping[str, object]) -> int | None:
    """The modification time in an fsspec listing entry, whatever the backend calls it."""
    for key in ("mtime", "LastModified", "last_modified", "updated", "modified", "created"):
        value = info.get(key)
        if isinstance(value, (int, float)):
            return int(value * 1_000_000_000)
        if isinstance(value, str):
            try:
                value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                continue
        if isinstance(value, dt.datetime):
            if value.tzinfo is None:
                value = value.replace(tzinfo=dt.timezone.utc)
            return int(value.timestamp() * 1_000_000_000)
    return None
