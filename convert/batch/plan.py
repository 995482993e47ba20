"""The plan of a batch: which article goes to which output files, checked before any work.

A collision (two articles that would write one file) or an output that is also an
input stops the batch before it writes anything. With ``-O OUT``, an article found
inside a directory argument keeps its folder below that directory, so an archive's
dated tree (``arch/2019/08/17/bai.txt``) is mirrored (``OUT/2019/08/17/bai.pdf``);
a file named directly goes to ``OUT/<name>.<format>``. Everything here costs a
listing and a few ``stat`` calls per article: no article is read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass
from typing import Final

from convert.batch import storage
from convert.io import STDIO, FileError, display_name
from convert.jobs import default_output, output_filename
from convert.options import PhotoFolder
from convert.photos.discover import photo_paths
from convert.writers import EXTENSIONS, shows_photos


class PlanError(ValueError):
    """The batch cannot start; nothing has been written."""


@dataclass(frozen=True)
class Job:
    """One article's work: read ``input`` once, write every output."""

    input: str
    outputs: tuple[tuple[str, str], ...]  # (format, output path or URL)
    #: What the outputs are made from, for --update (make's rule): the article file
    #: and its photos.
    dependencies: tuple[str, ...] = ()
    data: bytes | None = None  # standard input, read once by the parent


@dataclass(frozen=True)
class Source:
    """An input, and its folder relative to the directory argument it was found in."""

    path: str
    folder: str = ""


def expand(inputs: Sequence[str], warn: Callable[[str], None] | None = None) -> list[Source]:
    """Files as given, ``-`` as given, directories as their ``*.txt`` files (recursively,
    sorted) but for their own text outputs (``own_text_output``); a file met twice
    (``arch`` and ``arch/2019`` both given) counts once. What a folder's walk leaves
    out (a broken symbolic link, a loop) is one line each to ``warn``."""
    found: list[Source] = []
    seen: set[str] = set()
    for item in inputs:
        try:
            folder = storage.is_folder(item)
            if folder:
                listed = storage.articles_in(item, warn)
                names = {path for path, _ in listed}
                sources = [Source(path, sub) for path, sub in listed if not own_text_output(path, names)]
            else:
                sources = [Source(item)]
        except FileError as exc:
            raise PlanError(str(exc)) from None
        if folder and not sources:
            raise PlanError(f"{item}: directory holds no .txt articles")
        for source in sources:
            key = _identity(source.path)
            if key not in seen or source.path == STDIO:
                seen.add(key)
                found.append(source)
    return found


#: What ``--to txt`` adds to an article's name: ``bai.txt`` → ``bai.utf8.txt``.
_TEXT_OUTPUT: Final = f".{EXTENSIONS['txt']}"


def own_text_output(path: str, listed: Container[str]) -> bool:
    """Is ``path`` (found in a directory) the ``--to txt`` output of an article beside it?

    ``vnconv convert DIR --to txt`` writes ``bai.utf8.txt`` beside ``bai.txt``, and a
    later ``convert DIR`` would take it for one more article: the same text again,
    and ``bai.utf8.utf8.txt`` the next time. So a ``NAME.utf8.txt`` whose ``NAME.txt``
    is in the same folder's listing is left out (no ``stat``: ``listed`` is the scan's
    own result). One without that article is taken (it is all that is left of it, or
    an article that happens to be named so), and so is any file named directly.
    """
    name = storage.basename(path)
    if not name.endswith(_TEXT_OUTPUT) or len(name) == len(_TEXT_OUTPUT):
        return False
    article = name[: -len(_TEXT_OUTPUT)] + ".txt"
    return storage.beside(path, article) in listed


def _identity(path: str) -> str:
    return path if storage.is_url(path) or path == STDIO else os.path.abspath(path)


def output_path(source: Source, fmt: str, outdir: str | None) -> str:
    if source.path == STDIO or (outdir is None and not storage.is_url(source.path)):
        return default_output(source.path, fmt, outdir)
    name = output_filename(storage.basename(source.path), fmt)
    if outdir is None:
        return storage.beside(source.path, name)
    return storage.join(outdir, source.folder, name)


def plan(
    inputs: Sequence[str],
    formats: Sequence[str],
    outdir: str | None,
    stdin: bytes | None = None,
    photos: PhotoFolder | None = None,
    warn: Callable[[str], None] | None = None,
) -> list[Job]:
    """Every (input, format) → output, refusing collisions and self-overwrites up front;
    each job depends on its article and the photos found for it (``photos``: --photos)."""
    sources = expand([storage.localise(item) for item in inputs], warn)
    outdir = storage.localise(outdir) if outdir is not None else None
    paths = [source.path for source in sources]
    if paths.count(STDIO) > 1:
        raise PlanError("standard input ('-') can be given only once")
    if STDIO in paths and outdir is None and (len(formats) > 1 or len(paths) > 1):
        raise PlanError("with standard input ('-') among several inputs or formats, give -O OUTDIR")
    local_outdir = outdir is not None and not storage.is_url(outdir)
    if local_outdir and os.path.exists(outdir) and not os.path.isdir(outdir):  # type: ignore[arg-type]
        raise PlanError(f"{outdir}: not a directory")
    inputs_seen = _Inputs(paths)
    claimed: dict[str, str] = {}
    real_folders: dict[str, str] = {}
    planned: list[Job] = []
    for source in sources:
        outputs = []
        for fmt in formats:
            target = output_path(source, fmt, outdir)
            key = target if target == STDIO or storage.is_url(target) else _real_path(target, real_folders)
            if key in claimed:
                raise PlanError(f"{display_name(claimed[key])} and {display_name(source.path)} would both write {target}")
            claimed[key] = source.path
            if inputs_seen.includes(target):
                raise PlanError(f"{target}: is also the input; refusing to overwrite it")
            outputs.append((fmt, target))
        dependencies = (source.path, *(dependency_photos(source.path, photos) if shows_photos(formats) else ()))
        planned.append(Job(source.path, tuple(outputs), dependencies, stdin if source.path == STDIO else None))
    if local_outdir:
        try:
            os.makedirs(outdir, exist_ok=True)  # type: ignore[arg-type]  # only now that the plan is sound
        except OSError as exc:
            raise PlanError(f"{outdir}: cannot create the output directory: {exc.strerror}") from None
    return planned


def _real_path(path: str, real_folders: dict[str, str]) -> str:
    """``os.path.realpath(path)``, with the real path of its folder worked out once a
    plan (``real_folders``) and only its last name looked at (``lstat``): the outputs
    of a plan share a few folders, and each ``realpath`` looked at every folder on the
    way again (three outputs in out/: ~75 of the plan's ~140 us, warm). A last name
    that is a symbolic link, or not a plain name, is resolved by ``realpath`` whole."""
    folder, name = os.path.split(path)
    if name in ("", ".", "..") or not folder:
        return os.path.realpath(path)
    real_folder = real_folders.get(folder)
    if real_folder is None:
        real_folder = real_folders[folder] = os.path.realpath(folder)
    joined = os.path.join(real_folder, name)
    try:
        if stat.S_ISLNK(os.lstat(joined).st_mode):
            return os.path.realpath(joined)
    except OSError:  # not there yet: realpath keeps the name as it is
        pass
    return joined


def dependency_photos(path: str, photos: PhotoFolder | None) -> list[str]:
    """The photo files an article's outputs show, for --update: a listing of folders, no
    image opened. (A JSON model's own photos are known only once it is read; its
    sidecars stand in for them.) Articles from standard input or a URL have none."""
    if path == STDIO or storage.is_url(path):
        return []
    return [str(p) for p in photo_paths(path, photos.path if photos else None, bool(photos and photos.one_article))]


class _Inputs:
    """Is an output one of the inputs? By name, and by file identity for local files
    (a hard link or a symbolic link to an input is the input): one ``stat`` per file,
    not one per pair of files."""

    def __init__(self, paths: Sequence[str]) -> None:
        self.names = {_identity(p) for p in paths if p != STDIO}
        self.files: set[tuple[int, int]] = set()
        for path in paths:
            if path != STDIO and not storage.is_url(path):
                try:
                    status = os.stat(path)
                except OSError:
                    continue
                self.files.add((status.st_dev, status.st_ino))

    def includes(self, output: str) -> bool:
        if output == STDIO:
            return False
        if _identity(output) in self.names:
            return True
        if storage.is_url(output):
            return False
        try:
            status = os.stat(output)
        except OSError:
            return False
        return (status.st_dev, status.st_ino) in self.files
