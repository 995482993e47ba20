"""Writers: an Article and a Style in, the bytes of one output format out.

Each format lives in its own module with a ``render(article, style, options)``
function, imported only when that format is asked for, so the heavy libraries
(reportlab, python-docx, ebooklib, uharfbuzz, fontTools) never load for ``--help`` or ``parse``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from convert.model import Article
    from convert.styles import Style

#: Output formats and the module that writes each.
FORMATS: Final[dict[str, str]] = {
    "json": "convert.writers.model_json",
    "pdf": "convert.writers.pdf",
    "docx": "convert.writers.docx",
    "epub": "convert.writers.epub",
}


@dataclass(frozen=True)
class Options:
    """What a caller may ask of a writer beyond the style; each writer reads its own."""

    #: The moment written into metadata; None means "now" (or the dateline, per writer).
    timestamp: dt.datetime | None = None
    embed_fonts: bool = False  # docx: embed subset fonts
    bleed: float = 0.0  # pdf: bleed in mm
    crop_marks: bool = False  # pdf
    cmyk: bool = False  # pdf: every colour in CMYK
    #: Where a writer reports what it did not refuse but the user should know (text kept
    #: that no embedded font can show). None: a Python ``RenderWarning`` instead.
    warn: Callable[[str], None] | None = field(default=None, compare=False, repr=False)


class RenderWarning(UserWarning):
    """A writer's notice to a caller that gave ``Options`` no ``warn`` callback."""


def notify(options: Options, message: str) -> None:
    """Send a writer's warning to ``options.warn``, or raise it as a ``RenderWarning``."""
    if options.warn is not None:
        options.warn(message)
    else:
        warnings.warn(message, RenderWarning, stacklevel=3)


def uncovered_message(chars: Iterable[str]) -> str:
    """The warning for text a writer keeps although no font it embeds can show it."""
    from convert.fonts import describe

    count = len(set(chars))
    return (
        f"no embedded font has {describe(chars)}; kept as text, so the reader's own fonts must show "
        + ("it" if count == 1 else "them")
    )


def source_date_epoch(environ: os._Environ[str] | dict[str, str] = os.environ) -> dt.datetime | None:
    """``SOURCE_DATE_EPOCH`` (reproducible-builds.org) as an aware UTC datetime."""
    raw = environ.get("SOURCE_DATE_EPOCH")
    if raw is None or not raw.strip():
        return None
    try:
        return dt.datetime.fromtimestamp(int(raw.strip()), tz=dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"SOURCE_DATE_EPOCH={raw!r} is not a whole number of seconds since 1970") from None


def render(fmt: str, article: Article, style: Style, options: Options = Options()) -> bytes:
    """Render one article; raises KeyError for a format vnconv does not write."""
    module = importlib.import_module(FORMATS[fmt])
    data: bytes = module.render(article, style, options)
    return data
