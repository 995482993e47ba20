"""Giving an article's photos to its captions, after it has been read.

Readers turn bytes into an Article and know nothing of files around them; this step,
run by the job that loaded the article, knows where it came from. A JSON model that
names its photos keeps them: each path is taken relative to the model's folder and
must stay inside it, symbolic links included. Any other article gets the photos
``discover`` finds, the first photo to the first caption and so on; the photos
left over, the captions left without one (when some photo was found, or ``--photos``
named a folder that had none for it: a text-only archive's articles, whose captions
came without photos, are not each warned) and the files named as its photos in a
format vnconv cannot place (a BMP, a HEIC without pillow-heif) are each reported in
one warning: a photo found is never dropped in silence.
A caption without a photo keeps the placeholder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from convert.io import STDIO, is_url
from convert.model import Article, Block, Caption
from convert.options import PhotoFolder, Warn
from convert.photos import PhotoError
from convert.photos.discover import HEIF_EXTENSIONS, photo_paths, unusable_photos


@dataclass(frozen=True)
class Attached:
    """An article with its photos given to its captions, and the photo files it uses."""

    article: Article
    photos: tuple[str, ...]  # every photo file the article uses, for a depfile


def model_folder(article_path: str) -> Path:
    """The folder an article's relative photo paths start from (standard input: here)."""
    return Path(".") if article_path == STDIO else Path(article_path).parent


def attach(article: Article, article_path: str, folder: PhotoFolder | None = None, warn: Warn | None = None) -> Attached:
    """``article`` with a photo on each caption that has one, and the photo files used.

    A ``PhotoError`` names a photo the model gives that cannot be used: missing, or
    (through a symbolic link) outside the model's folder.
    """
    captions = [b for b in article.blocks if isinstance(b, Caption)]
    named = any(c.photo is not None for c in captions)
    if is_url(article_path):  # an object store's article: no photo files beside it here
        if named:
            raise PhotoError(article_path, "a model read from a URL may not name photos: vnconv reads photos from local folders only")
        return Attached(article, ())
    if named:
        return _named_in_model(article, article_path, warn)
    where = (folder.path if folder else None, bool(folder and folder.one_article))
    found = [str(p) for p in photo_paths(article_path, *where)]
    if warn is not None:
        unusable = [str(p) for p in unusable_photos(article_path, *where)]
        if unusable:
            shown = ", ".join(f"{_shown(p, article_path)} ({_why_unusable(p)})" for p in unusable)
            warn(f"{_count(len(unusable), 'photo')} in a format vnconv cannot place, not placed: {shown}")
        if not found and captions and folder is not None:  # --photos DIR was given, and had none for it
            warn(f"{_count(len(captions), 'caption')} without a photo (found none in {folder.path}): placeholders instead")
    if not found:
        return Attached(article, ())
    photos = iter(found)
    blocks = tuple(replace(b, photo=next(photos, None)) if isinstance(b, Caption) else b for b in article.blocks)
    spare = found[len(captions) :]
    if warn is not None:
        if spare:
            warn(f"{_count(len(spare), 'photo')} without a caption, not placed: {', '.join(_shown(p, article_path) for p in spare)}")
        if len(captions) > len(found):
            missing = len(captions) - len(found)
            warn(f"{_count(missing, 'caption')} of {len(captions)} without a photo (found {_count(len(found), 'photo')}): placeholders instead")
    return Attached(replace(article, blocks=blocks), tuple(found[: len(captions)]))


def _named_in_model(article: Article, article_path: str, warn: Warn | None) -> Attached:
    base = model_folder(article_path)
    root = os.path.realpath(base)
    used: list[str] = []
    blocks = []
    without = 0
    for block in article.blocks:
        if isinstance(block, Caption):
            if block.photo is None:
                without += 1
            else:
                path = base / block.photo
                real = os.path.realpath(path)
                if os.path.commonpath([root, real]) != root:
                    raise PhotoError(str(path), "leads out of the model's folder (a symbolic link); refusing to read it")
                if not os.path.isfile(real):
                    raise PhotoError(str(path), "no such photo file" if not os.path.exists(real) else "is not a file")
                block = replace(block, photo=str(path))
                used.append(str(path))
        blocks.append(block)
    if without and warn is not None:
        warn(f"{_count(without, 'caption')} without a photo in the model: placeholders instead")
    return Attached(replace(article, blocks=tuple(blocks)), tuple(used))


def relative_to(article: Article, folder: str | Path) -> Article:
    """The article with its photo paths relative to ``folder``, as a JSON model written
    there gives them (``vnconv parse``, ``--to json``)."""

    def moved(block: Block) -> Block:
        if isinstance(block, Caption) and block.photo is not None:
            return replace(block, photo=Path(os.path.relpath(block.photo, folder)).as_posix())
        return block

    if not any(isinstance(b, Caption) and b.photo for b in article.blocks):
        return article
    return replace(article, blocks=tuple(moved(b) for b in article.blocks))


def _shown(path: str, article_path: str) -> str:
    """A photo as a warning names it: relative to the article's folder when inside it."""
    relative = os.path.relpath(path, model_folder(article_path))
    return path if relative.startswith("..") else relative


def _why_unusable(path: str) -> str:
    extension = os.path.splitext(path)[1].lower()
    if extension in HEIF_EXTENSIONS:
        return "HEIC needs pillow-heif: pip install 'vnconv[heic]'"
    return f"{extension[1:].upper()}: save it as JPEG, PNG, WebP, AVIF or HEIC"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


__all__ = ["Attached", "PhotoFolder", "attach", "model_folder", "relative_to"]
