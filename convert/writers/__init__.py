"""Writers: an Article and a Style in, the bytes of one output format out.

Each format is a package under ``convert/writers/`` whose ``render(article, style,
options)`` makes the bytes, registered here by name. A package's ``__init__`` imports
its modules only when it renders, so the heavy libraries (reportlab, uharfbuzz,
Pillow; python-docx only to make its skeleton once) never load for ``--help`` or
``parse``; the DOCX and the EPUB are written as text. What several
formats share is in ``convert.writers.shared``; each format's style section is
declared in its package's ``settings`` module.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

from convert.options import Options

if TYPE_CHECKING:
    from convert.model import Article
    from convert.styles import Style

#: Output formats and the package that writes each.
FORMATS: Final[dict[str, str]] = {
    "json": "convert.writers.json",
    "pdf": "convert.writers.pdf",
    "docx": "convert.writers.docx",
    "epub": "convert.writers.epub",
    "txt": "convert.writers.txt",
}

#: File name endings other than ``.<format>``: a cleaned text beside ``bai.txt`` must
#: not take the input's own name.
EXTENSIONS: Final[dict[str, str]] = {"txt": "utf8.txt"}

#: Formats that show no photos: an article written only in these is given none (no
#: folder listed, no warning about captions without a photo).
WITHOUT_PHOTOS: Final = frozenset({"txt"})


def shows_photos(formats: Iterable[str]) -> bool:
    """Whether any of ``formats`` places photos (or, as JSON, names them)."""
    return any(fmt not in WITHOUT_PHOTOS for fmt in formats)


def preload(fmt: str, style: Style, options: Options = Options()) -> None:
    """Do now, once, what the first ``render`` of ``fmt`` in this process would do on
    its way: import the writer's libraries and read the style's faces (a writer's
    optional ``preload(style, options)``; JSON and text need none). A process about to
    fork workers calls it, so that they inherit all of it instead of each paying again.
    It changes no output: everything it loads is what rendering would load anyway."""
    module = importlib.import_module(FORMATS[fmt])
    hook = getattr(module, "preload", None)
    if hook is not None:
        hook(style, options)


def render(fmt: str, article: Article, style: Style, options: Options = Options()) -> bytes:
    """Render one article; raises KeyError for a format vnconv does not write."""
    module = importlib.import_module(FORMATS[fmt])
    data: bytes = module.render(article, style, options)
    return data
