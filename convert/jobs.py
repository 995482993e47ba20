"""One conversion, start to finish: read the input, render, write the output atomically.

The CLI's writer commands and the batch converter both come through here, so naming,
refusals (output = input) and error wording are the same everywhere. Every failure is
a ``FileError`` naming the file it is about.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
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
from convert.readers.plaintext import Warn
from convert.styles import Style
from convert.writers import Options, render


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


def render_article(fmt: str, article: Article, style: Style, options: Options, input_path: str) -> bytes:
    """Render, turning a font that cannot set the text into an error about the input."""
    try:
        return render(fmt, article, style, options)
    except FontError as exc:
        raise InputError(display_name(input_path), str(exc)) from None


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
    write_output(output, render_article(fmt, article, style, options, input_path))


__all__ = [
    "FileError",
    "display_name",
    "InputError",
    "OutputError",
    "check_output",
    "convert_file",
    "default_output",
    "load",
    "render_article",
]
