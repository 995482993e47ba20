"""One conversion, start to finish: read the input, render, write the output atomically.

The CLI's writer commands and the batch converter both come through here, so naming,
refusals (output = input) and error wording are the same everywhere. Every failure is
a ``FileError`` naming the file it is about.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Literal

from convert.io import (
    STDIO,
    FileError,
    InputError,
    OutputError,
    display_name,
    load_article,
    parse_explained,
    read_input,
    same_file,
    write_output,
)
from convert.model import Article, to_json
from convert.options import Options, PhotoFolder, Warn
from convert.photos import PhotoError
from convert.photos.attach import Attached, attach, model_folder, relative_to
from convert.styles import Style, StyleError
from convert.writers import EXTENSIONS, render, shows_photos


def output_filename(input_name: str, fmt: str) -> str:
    """``bai.txt`` → ``bai.pdf``; an unexpected extension is kept: ``bai.md`` → ``bai.md.pdf``.

    The ``txt`` format writes ``bai.utf8.txt`` (``EXTENSIONS``), never over its input.
    """
    extension = EXTENSIONS.get(fmt, fmt)
    stem, suffix = os.path.splitext(input_name)
    return f"{stem}.{extension}" if suffix.lower() in (".txt", ".json", ".text", "") else f"{input_name}.{extension}"


def default_output(input_path: str, fmt: str, outdir: str | None = None) -> str:
    """``bai.txt`` → ``bai.pdf`` beside it (or in ``outdir``); standard input → standard output."""
    if input_path == STDIO:
        return STDIO if outdir is None else os.path.join(outdir, f"stdin.{EXTENSIONS.get(fmt, fmt)}")
    path = Path(input_path)
    name = output_filename(path.name, fmt)
    return str(Path(outdir) / name if outdir is not None else path.with_name(name))


def limit_bytes(style: Style) -> int:
    return int(style.limits.max_input_mb * 1_000_000)


def load(
    input_path: str,
    style: Style,
    encoding: str | None = None,
    warn: Warn | None = None,
    photos: PhotoFolder | None = None,
    with_photos: bool = True,
) -> Attached:
    """Read the article and (``with_photos``) attach its photos (beside it, in ``photos``,
    or named by a JSON model); also the photo files it uses, for a depfile."""
    article = load_article(input_path, encoding=encoding, warn=warn, limit_bytes=limit_bytes(style))
    if not with_photos:
        return Attached(article, ())
    return attach_photos(article, input_path, photos, warn)


def attach_photos(article: Article, input_path: str, photos: PhotoFolder | None = None, warn: Warn | None = None) -> Attached:
    """``convert.photos.attach.attach``, a photo that cannot be used an ``InputError`` naming it."""
    try:
        return attach(article, input_path, photos, warn)
    except PhotoError as exc:
        raise InputError(exc.path, exc.reason) from None


def render_article(
    fmt: str,
    article: Article,
    style: Style,
    options: Options,
    input_path: str,
    warn: Warn | None = None,
    output: str | None = None,
) -> bytes:
    """Render, turning a font that cannot set the text into an error about the input and
    a photo that cannot be placed into one about the photo; the writer's warnings (text
    kept that no font shows, a photo of low resolution) go to ``warn``. A JSON model
    gives its photos relative to ``output``'s folder, where it is written."""
    if fmt == "json":
        article = relative_to(article, os.path.dirname(output) if output and output != STDIO else ".")
    try:
        return render(fmt, article, style, replace(options, warn=warn) if warn is not None else options)
    except Exception as exc:
        # A FontError comes from convert.fonts, which only a writer that reads a font
        # imports: `vnconv parse`, the JSON model and a plain DOCX import none.
        fonts = sys.modules.get("convert.fonts")
        if fonts is not None and isinstance(exc, fonts.FontError):
            raise InputError(display_name(input_path), str(exc)) from None
        if isinstance(exc, PhotoError):
            raise InputError(exc.path, exc.reason) from None
        if isinstance(exc, StyleError):  # a page this article's blocks do not fit (commands check the page first)
            raise FileError(display_name(input_path), str(exc)) from None
        raise


#: What ``vnconv parse`` prints: the JSON model, its outline, or how the reader decided each part.
View = Literal["json", "outline", "explain"]


def describe(
    input_path: str,
    view: View,
    style: Style,
    encoding: str | None = None,
    warn: Warn | None = None,
    photos: PhotoFolder | None = None,
) -> str:
    """``vnconv parse``: the article read (its photos attached and given relative to its
    folder, as a JSON model saved beside it reads them) as JSON or an outline; or the
    reader's decisions, which come before photos."""
    if view == "explain":
        from convert.outline import explanation  # only `vnconv parse --explain|--outline` shows them

        data = read_input(input_path, limit_bytes(style))
        return explanation(parse_explained(data, input_path, encoding, warn)[1])
    loaded = load(input_path, style, encoding, warn, photos)
    model = relative_to(loaded.article, model_folder(input_path))
    if view == "outline":
        from convert.outline import outline

        return outline(model)
    return to_json(model) + "\n"


def check_output(input_paths: Sequence[str], output: str) -> None:
    for input_path in input_paths:
        if same_file(input_path, output):
            raise OutputError(output, "is also the input; refusing to overwrite it")


def convert_file(
    fmt: str,
    input_path: str,
    output: str,
    style: Style,
    options: Options,
    encoding: str | None = None,
    warn: Warn | None = None,
) -> list[str]:
    """Convert one article; the files the output was made from (the article, its photos)."""
    check_output([input_path], output)
    loaded = load(input_path, style, encoding, warn, options.photos, shows_photos([fmt]))
    write_output(output, render_article(fmt, loaded.article, style, options, input_path, warn, output))
    return [p for p in (input_path, *loaded.photos) if p != STDIO]


def convert_edition(
    input_paths: Sequence[str],
    output: str,
    style: Style,
    options: Options,
    encoding: str | None = None,
    warn: Callable[[str], Warn] | None = None,
    title: str | None = None,
) -> list[str]:
    """Several articles into one EPUB edition, in the given order; the files it was made from.

    ``warn`` makes the warning callback for a file from its display name: a warning
    about one article's text names its input, one about the edition (its title) names
    the output.
    """
    from importlib import import_module

    from convert.fonts import FontError
    from convert.writers import FORMATS

    check_output(input_paths, output)
    warns = [warn(display_name(p)) if warn else None for p in input_paths]
    loaded = [load(p, style, encoding, w, options.photos) for p, w in zip(input_paths, warns, strict=True)]
    articles = [item.article for item in loaded]
    if warn is not None:
        options = replace(options, warn=warn(display_name(output)))
    try:
        data = import_module(FORMATS["epub"]).render_edition(
            articles, style, options, title, [w for w in warns if w is not None] if warn else None
        )
    except FontError as exc:
        raise OutputError(output, str(exc)) from None
    except PhotoError as exc:
        raise InputError(exc.path, exc.reason) from None
    write_output(output, data)
    return [p for item, path in zip(loaded, input_paths, strict=True) for p in (path, *item.photos) if p != STDIO]


__all__ = [
    "FileError",
    "display_name",
    "InputError",
    "OutputError",
    "check_output",
    "convert_edition",
    "convert_file",
    "default_output",
    "describe",
    "output_filename",
    "attach_photos",
    "load",
    "render_article",
]
