"""The faces an EPUB embeds: which characters each one sets, and the face cut down to them.

A book embeds a face only if some text is set in it, and only the glyphs that text
needs: the seed's five faces shrink from 1.1 MB to 121 kB. Every piece of text
is cut into runs with ``fonts.runs`` (the role's face, then its fallbacks), so a
character Spectral lacks lands in the Noto Serif subset, exactly where a reading
system's per-character fallback will look for it.

Subsetting costs 0.06–0.3 s a face (Spectral's large GPOS table), several times the
rest of a conversion, and a newsroom converts the same article again and again. So
subsets are cached per process and on disk (``fonts.cache_dir()/subsets``), keyed by
the font file, the characters and the fontTools version; the cached bytes are the
subsetter's own output, so a cache hit gives the same book as a miss. Every new
article brings new character sets, so the disk cache keeps only the most recently
used ``CACHE_FILES`` subsets (a few MB).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Final

from convert import fonts
from convert.fonts import Face
from convert.styles import Style

#: Bump when the subsetting recipe in ``fonts.subset`` changes, to retire old cache entries.
_RECIPE: Final = 1
#: How many subsets the disk cache keeps (about 30 kB each); the least recently used go first.
CACHE_FILES: Final = 400


def role_faces(style: Style, role: str) -> tuple[Face, tuple[Face, ...]]:
    """The face a text role is set in, and the faces that stand in for it."""
    text = style.text[role]
    family = style.family(text.font)
    fallbacks = tuple(f.face(text.bold, text.italic) for f in style.fallbacks(text.font))
    return family.face(text.bold, text.italic), fallbacks


def characters_by_face(pieces: Iterable[tuple[str, str]], style: Style) -> tuple[dict[Face, frozenset[str]], set[str]]:
    """For (role, text) pieces: each face that sets some of the text, and what it sets;
    and the characters no face in their role's chain has.

    Those characters stay in the text (a reading system sets them in a font of its
    own); the caller warns about them. The faces are ordered by name, so the book
    lists its fonts in a fixed order.
    """
    usage: dict[Face, set[str]] = {}
    lacking: set[str] = set()
    chains = {role: role_faces(style, role) for role in style.text}
    for role, text in pieces:
        face, fallbacks = chains[role]
        missing = fonts.uncovered(text, (face, *fallbacks))
        if missing:
            lacking |= missing
            text = "".join(ch for ch in text if ch not in missing)
        for run, run_face in fonts.runs(text, face, fallbacks):
            usage.setdefault(run_face, set()).update(run)
    return {face: frozenset(usage[face]) for face in sorted(usage, key=lambda f: f.name)}, lacking


def subsets(usage: Mapping[Face, frozenset[str]]) -> Iterator[tuple[Face, bytes]]:
    for face, chars in usage.items():
        yield face, subset(face, chars)


@functools.lru_cache(maxsize=64)
def subset(face: Face, chars: frozenset[str]) -> bytes:
    """``fonts.subset(face, chars)``, from the disk cache when it has been made before."""
    path = _cache_path(face, chars)
    if path is not None:
        try:
            data = path.read_bytes()
        except OSError:
            pass
        else:
            with contextlib.suppress(OSError):
                os.utime(path)  # recently used: kept when the cache is pruned
            return data
    with _quiet_subsetter():
        data = fonts.subset(face, chars)
    if path is not None:
        with contextlib.suppress(OSError):  # a read-only cache costs time, not correctness
            _store(path, data)
            _prune(path.parent, CACHE_FILES)
    return data


def _cache_path(face: Face, chars: frozenset[str]) -> Path | None:
    import fontTools

    try:
        source = face.path
        stat = source.stat()
    except OSError:
        return None
    key = json.dumps(
        [_RECIPE, fontTools.version, str(source.resolve()), stat.st_size, stat.st_mtime_ns, sorted(chars)],
        ensure_ascii=True,
    )
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return fonts.cache_dir() / "subsets" / f"{face.name}-{digest}.ttf"


def _store(target: Path, data: bytes) -> None:
    """Whole file or nothing: parallel conversions may fill the same entry."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _prune(folder: Path, keep: int) -> None:
    """Delete all but the ``keep`` most recently used subsets."""
    entries = []
    for entry in os.scandir(folder):
        if entry.name.endswith(".ttf"):
            with contextlib.suppress(OSError):  # another process may have pruned it already
                entries.append((entry.stat().st_mtime_ns, entry.path))
    entries.sort(reverse=True)
    for _, stale in entries[keep:]:
        with contextlib.suppress(OSError):
            os.unlink(stale)


@contextlib.contextmanager
def _quiet_subsetter() -> Iterator[None]:
    """fontTools logs "meta NOT subset; ... dropped" for tables it drops: not the user's concern."""
    logger = logging.getLogger("fontTools.subset")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
