"""The PDF writer: a print-ready PDF with embedded, subset Vietnamese fonts (ReportLab).

``document`` puts the pieces together; ``story`` makes the flowables (``blocks`` those
of lists, tables, quotations, interview turns and section breaks, ``photos`` the
photos'), ``fonts`` registers faces and marks text up, ``subsets`` embeds them,
``flowables`` holds the writer's own flowables and ``lines`` how their lines are set,
``page``, ``flow`` and ``decoration`` lay out and dress the pages, ``color``, ``press``
and ``pdfx`` do CMYK, bleed, crop marks and PDF/X-1a; ``tagging`` makes every PDF a
tagged one (structure tree, marked content, artifacts); ``settings`` declares the
style's ``[pdf]`` section. ReportLab is imported only when a PDF is rendered.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

from convert.options import Options

if TYPE_CHECKING:
    from convert.model import Article
    from convert.styles import Style


def render(article: Article, style: Style, options: Options = Options()) -> bytes:
    """The article as PDF bytes; byte-identical for the same input when ``options.timestamp`` is set."""
    return _document().render(article, style, options)


def preload(style: Style, options: Options) -> None:
    """ReportLab and the writer imported, and every face a role may set text in read
    into ReportLab (``fonts.register``), as rendering would on first use; the structure
    tree's writer too (``tagging.tree``)."""
    _document()
    from convert.writers.pdf.tagging import tree  # noqa: F401 - imported as a render would
    from convert.writers.pdf.fonts.faces import register_faces

    register_faces(style)


def _document() -> ModuleType:
    """The writer's ``document`` module, imported (the first time) with ReportLab's slow
    URI pattern left to be compiled when first used (``deferred_patterns``), the modules
    ReportLab imports as it is imported and most PDFs never use (Pillow, HarfBuzz, its
    safe evaluator and tables...) left to be imported when first used
    (``deferred_modules``), and without its walk of the system's font folders
    (``font_search``)."""
    from convert.writers.pdf.reportlab_internals.deferred_modules import deferring_modules
    from convert.writers.pdf.reportlab_internals.deferred_patterns import deferring_slow_patterns
    from convert.writers.pdf.reportlab_internals.font_search import skipping_font_walk

    with deferring_slow_patterns(), deferring_modules(), skipping_font_walk():
        from convert.writers.pdf import document
    return document
