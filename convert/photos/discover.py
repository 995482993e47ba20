"""Where an article's photos are: files named after it, or a folder named after it.

For ``bai.txt`` the photos are, in this order:

- ``bai.jpg``: one photo with the article's own name;
- ``bai-1.jpg``, ``bai_2.png``, ``bai.3.webp`` …: the name, one of ``-``, ``_``, ``.``
  and a number, ordered by that number (2 before 10);
- every image directly inside a folder ``bai/`` or ``bai_files/`` (as browsers save
  a page), in natural order of their names (``anh2`` before ``anh10``).

They are looked for beside the article, or in ``--photos DIR`` instead. ``DIR`` may
also be one article's own folder: with ``whole_folder`` (one article converted), a
``DIR`` holding nothing named after the article gives all its images. Hidden files
(``.DS_Store``, macOS's ``._bai-1.jpg``) are never photos. Names are compared in
Unicode NFC on both sides (macOS writes ``Khánh thành-1.webp`` decomposed, NFD, and an
editor the article's name composed), extensions whatever their case.

A file named as a photo of the article but in a format vnconv cannot place (a BMP, a
HEIC without pillow-heif) is not a photo; ``unusable_photos`` lists them, so the
article's conversion says so instead of leaving its caption a placeholder in silence.

Nothing here opens an image: it only lists folders (once per folder and change), so
a batch, or a ``--update`` check (``photo_paths`` is its dependency list), stays cheap.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Final, NamedTuple

#: HEIC/HEIF (what iPhones save): read through pillow-heif, the ``heic`` extra.
HEIF_EXTENSIONS: Final = frozenset({".heic", ".heif", ".hif"})
#: Looked up without importing it (this module opens no image).
HEIF_READABLE: Final = importlib.util.find_spec("pillow_heif") is not None
#: The file name extensions of the images vnconv reads (Pillow's JPEG, PNG, WebP, TIFF,
#: GIF and AVIF; HEIC with pillow-heif).
EXTENSIONS: Final = frozenset({".jpg", ".jpeg", ".jpe", ".png", ".webp", ".tif", ".tiff", ".gif", ".avif"} | (HEIF_EXTENSIONS if HEIF_READABLE else set()))
#: Extensions of images a newsroom may leave beside an article that vnconv cannot place.
UNUSABLE_EXTENSIONS: Final = frozenset(
    {".bmp", ".jxl", ".jp2", ".psd", ".svg", ".ico", ".dng", ".cr2", ".cr3", ".nef", ".arw", ".raw", ".heic", ".heif", ".hif"}
) - EXTENSIONS
#: Folders of one article's photos: ``bai/`` and, as browsers save pages, ``bai_files/``.
FOLDER_SUFFIXES: Final = ("", "_files")
_DIGITS: Final = re.compile(r"(\d+)")


def natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key of a name with its runs of digits compared as numbers: ``2`` before ``10``."""
    return tuple((0, int(part)) if part.isdigit() else (1, part.casefold()) for part in _DIGITS.split(name) if part)


def is_image_name(name: str, extensions: frozenset[str] | None = None) -> bool:
    return not name.startswith(".") and os.path.splitext(name)[1].lower() in (EXTENSIONS if extensions is None else extensions)


def nfc(name: str) -> str:
    return unicodedata.normalize("NFC", name)


def photo_paths(article_path: str | Path, photos_dir: str | Path | None = None, whole_folder: bool = False) -> list[Path]:
    """The photos of the article at ``article_path``, in caption order.

    ``photos_dir`` (``--photos DIR``) is searched instead of the article's folder;
    with ``whole_folder`` it is taken as the article's own folder when nothing in it
    is named after the article. Standard input (``-``) has no name: only a
    ``whole_folder`` ``photos_dir`` gives it photos.
    """
    article = str(article_path)
    folder = Path(photos_dir) if photos_dir is not None else Path(article).parent
    if article == "-":
        return _images_in(folder) if photos_dir is not None and whole_folder else []
    stem = Path(article).stem
    found = _named_after(folder, stem)
    if not found and photos_dir is not None and whole_folder:
        return _images_in(folder)
    return found


def unusable_photos(article_path: str | Path, photos_dir: str | Path | None = None, whole_folder: bool = False) -> list[Path]:
    """The files ``photo_paths`` would give the article were their format one vnconv
    places (``UNUSABLE_EXTENSIONS``): to be reported, never skipped in silence."""
    article = str(article_path)
    folder = Path(photos_dir) if photos_dir is not None else Path(article).parent
    if article == "-":
        return _images_in(folder, UNUSABLE_EXTENSIONS) if photos_dir is not None and whole_folder else []
    stem = Path(article).stem
    found = _named_after(folder, stem, UNUSABLE_EXTENSIONS)
    if not found and photos_dir is not None and whole_folder and not _named_after(folder, stem):
        return _images_in(folder, UNUSABLE_EXTENSIONS)
    return found


def _named_after(folder: Path, stem: str, extensions: frozenset[str] | None = None) -> list[Path]:
    index = _index(folder, extensions)
    stem = nfc(stem)
    out = [folder / name for name in index.single.get(stem, ())]
    out += [folder / name for name in index.numbered.get(stem, ())]
    for suffix in FOLDER_SUFFIXES:
        name = index.folders.get(stem + suffix)
        if name is not None:
            out += _images_in(folder / name, extensions)
    return out


class _Index(NamedTuple):
    """A folder's images by the article they belong to, made once per listing: a folder of
    N articles is then looked through once, not once for each of them (N times N names:
    5,000 articles in one folder took 16 s to plan, before any was converted)."""

    single: dict[str, list[str]]  # "bai" -> ["bai.jpg", "bai.png"], in natural order
    numbered: dict[str, list[str]]  # "bai" -> ["bai-1.jpg", "bai_2.png", "bai.10.webp"], by number
    folders: dict[str, str]  # a folder's name in NFC -> its name on disk


def _index(folder: Path, extensions: frozenset[str] | None = None) -> _Index:
    """The index of ``folder``'s images with these ``extensions`` (``EXTENSIONS``), keyed by names in NFC."""
    extensions = EXTENSIONS if extensions is None else extensions
    listing = _listing(folder)
    cached = _indexes.get((folder, extensions))
    if cached is not None and (cached[0] is listing or cached[0] == listing):  # a racy folder is listed anew
        return cached[1]
    single: dict[str, list[str]] = {}
    numbered: dict[str, list[tuple[int, tuple[tuple[int, int | str], ...], str]]] = {}
    for name, is_dir in listing:
        if is_dir or not is_image_name(name, extensions):
            continue
        base = nfc(os.path.splitext(name)[0])
        single.setdefault(base, []).append(name)
        # The one article this may be the numbered photo of: the name without its
        # trailing digits and the separator before them (``bai-1-2`` is photo 2 of
        # ``bai-1``, and of no other: what follows the article's name must be exactly
        # a separator and digits).
        if match := _TRAILING_NUMBER.search(base):
            numbered.setdefault(base[: match.start()], []).append((int(match[1]), natural_key(name), name))
    index = _Index(
        {stem: sorted(names, key=natural_key) for stem, names in single.items()},
        {stem: [name for _, _, name in sorted(items)] for stem, items in numbered.items()},
        {nfc(name): name for name, is_dir in listing if is_dir},
    )
    if len(_indexes) >= _MAX_INDEXES:
        _indexes.clear()
    _indexes[(folder, extensions)] = (listing, index)
    return index


#: The index of each folder looked at, with the listing it was made from (made again when
#: the listing is another: the folder changed, or it was listed again as racy).
_indexes: dict[tuple[Path, frozenset[str]], tuple[Sequence[tuple[str, bool]], _Index]] = {}
_MAX_INDEXES: Final = 64
_TRAILING_NUMBER: Final = re.compile(r"[-_.](\d+)\Z")


def _images_in(folder: Path, extensions: frozenset[str] | None = None) -> list[Path]:
    return sorted(
        (folder / name for name, is_dir in _listing(folder) if not is_dir and is_image_name(name, extensions)), key=lambda p: natural_key(p.name)
    )


#: A folder changed this recently may change again within the same tick of the file
#: system's clock, unseen by its modification time (git calls such an entry "racy").
_RACY_NS: Final = 2_000_000_000


def _listing(folder: Path) -> Sequence[tuple[str, bool]]:
    """(name, is a directory) of each entry; cached while the folder is unchanged."""
    try:
        status = os.stat(folder)
    except OSError:
        return ()
    changed = status.st_mtime_ns
    if time.time_ns() - changed < _RACY_NS:
        return _cached_listing.__wrapped__(str(folder), changed, (status.st_dev, status.st_ino))
    # The folder itself (device, inode) in the key: a process serving command after
    # command (the server's child) may meet ``.`` in two folders of the same time.
    return _cached_listing(str(folder), changed, (status.st_dev, status.st_ino))


@functools.lru_cache(maxsize=64)
def _cached_listing(folder: str, changed: int, node: tuple[int, int]) -> tuple[tuple[str, bool], ...]:
    try:
        with os.scandir(folder) as entries:
            return tuple((entry.name, entry.is_dir()) for entry in entries)
    except OSError:
        return ()


__all__ = ["EXTENSIONS", "HEIF_EXTENSIONS", "UNUSABLE_EXTENSIONS", "is_image_name", "natural_key", "photo_paths", "unusable_photos"]
