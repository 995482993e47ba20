"""One conversion, start to finish: read the input, render, write the output atomically.

The CLI's writer commands and the batch converter both come through here, so naming,
refusals (output = input) and error wording are the same everywhere. Every failure is
a ``FileError`` naming the file it is about.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from convert.fonts import FontError
from convert.io import (
    STDIO,
    FileError,
    InputError,
    OutputError,
    display_name,
    load_article,
    same_file,
    write_output,
)
from convert.model import Article
from convert.options import Options, Warn
from convert.styles import Style, StyleError
from convert.writers import render


def default_output(input_path: str, fmt: str, outdir: str | None = None) -> str:
    """``bai.txt`` → ``bai.pdf`` beside it (or in ``outdir``); standard input → standard output."""
    if input_path == STDIO:
        return STDIO if outdir is None else os.path.join(outdir, f"stdin.{fmt}")
    path = Path(input_path)
    name = f"{path.stem}.{fmt}" if path.suffix.lower() in (".txt", ".json", ".text", "") else f"{path.name}.{fmt}"
    return str(Path(outdir) / name if outdir is not None else path.with_name(name))


def limit_bytes(style: Style) -> int:
    return int(style.limits.max_input_mb * 1_000_000)


def load(
    input_path: str,
    style: Style,
    encoding: str | None = None,
    warn: Warn | None = None,
    stdin: BinaryIO | None = None,
) -> Article:
    return load_article(input_path, encoding=encoding, warn=warn, limit_bytes=limit_bytes(style), stdin=stdin)


def render_article(
    fmt: str, article: Article, style: Style, options: Options, input_path: str, warn: Warn | None = None
) -> bytes:
    """Render, turning a font that cannot set the text into an error about the input;
    the writer's warnings (text kept that no font shows) go to ``warn``."""
    try:
        return render(fmt, article, style, replace(options, warn=warn) if warn is not None else options)
    except FontError as exc:
        raise InputError(display_name(input_path), str(exc)) from None
    except StyleError as exc:  # a page this article's blocks do not fit (commands check the page first)
        raise FileError(display_name(input_path), str(exc)) from None


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
) -> None:
    check_output([input_path], output)
    article = load(input_path, style, encoding, warn)
    write_output(output, render_article(fmt, article, style, options, input_path, warn))


def convert_edition(
    input_paths: Sequence[str],
    output: str,
    style: Style,
    options: Options,
    encoding: str | None = None,
    warn: Callable[[str], Warn] | None = None,
    title: str | None = None,
) -> None:
    """Several articles into one EPUB edition, in the given order.

    ``warn`` makes the warning callback for a file from its display name: a warning
    about one article's text names its input, one about the edition (its title) names
    the output.
    """
    from importlib import import_module

    from convert.writers import FORMATS

    check_output(input_paths, output)
    warns = [warn(display_name(p)) if warn else None for p in input_paths]
    articles = [load(p, style, encoding, w) for p, w in zip(input_paths, warns, strict=True)]
    if warn is not None:
        options = replace(options, warn=warn(display_name(output)))
    try:
        data = import_module(FORMATS["epub"]).render_edition(
            articles, style, options, title, [w for w in warns if w is not None] if warn else None
        )
    except FontError as exc:
        raise OutputError(output, str(exc)) from None
    write_output(output, data)


__all__ = [
    "FileError",
    "display_name",
    "InputError",
    "OutputError",
    "check_output",
    "convert_edition",
    "convert_file",
    "default_output",
    "load",
    "render_article",
]
