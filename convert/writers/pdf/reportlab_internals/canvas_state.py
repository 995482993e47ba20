"""A ReportLab ``Canvas``'s page in progress, and the document it writes into.

ReportLab's canvas keeps the page being drawn in private attributes and has no public
way to hold a page back or to move what is drawn on it: ``layout.page`` holds every
page until their number is known (``page_state``, ``begin_next_page``: the page's
``__dict__`` and ``_startPage``, as ``showPage`` does after writing it), ``press.bleed``
moves a drawn page onto its press sheet (``page_operators``: the list ``_code``;
``set_media_size``: ``_pagesize`` without ``setPageSize``, which would remake the
page's preamble; ``colour_space_unchecked``: ``_enforceColorSpace``), and
``press.pdfx`` and ``document`` reach the ``PDFDocument`` behind it (``_doc``) and the
graphics states it used (``_extgstate._c``).

ReportLab 5.1.0 (``CHECKED_VERSIONS``), ``reportlab/pdfgen/canvas.py``;
``test_private_parts`` checks each.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFDocument
from reportlab.pdfgen.canvas import Canvas


def pdf_document(canvas: Canvas) -> PDFDocument:
    """The ``PDFDocument`` ``canvas`` writes into (``_doc``)."""
    document: PDFDocument = canvas._doc
    return document


def page_state(canvas: Canvas) -> dict[str, Any]:
    """Everything the canvas holds of its current page (a shallow copy of its ``__dict__``),
    to draw more on it later with ``restore_page_state``."""
    return dict(canvas.__dict__)


def restore_page_state(canvas: Canvas, state: dict[str, Any]) -> None:
    """Make a page held by ``page_state`` the canvas's current page again."""
    canvas.__dict__.update(state)


def begin_next_page(canvas: Canvas) -> None:
    """Begin a new page without writing the current one (``_startPage``, the second half
    of ``showPage``)."""
    canvas._startPage()


def page_operators(canvas: Canvas) -> list[str]:
    """The current page's content-stream operators so far (``_code``, the list itself:
    what is inserted or appended is written)."""
    code: list[str] = canvas._code
    return code


def set_media_size(canvas: Canvas, size: tuple[float, float]) -> None:
    """The current page's MediaBox size (``_pagesize``), leaving what is drawn as it is."""
    canvas._pagesize = size


@contextmanager
def colour_space_unchecked(canvas: Canvas) -> Iterator[None]:
    """Let colours outside the canvas's enforced colour space be set (``_enforceColorSpace``
    off), and enforce it again after."""
    enforce = canvas._enforceColorSpace
    canvas._enforceColorSpace = None
    try:
        yield
    finally:
        canvas._enforceColorSpace = enforce


def graphics_state_keys(canvas: Canvas) -> set[str]:
    """The ExtGState keys (``ca``, ``CA``, ``BM``, ...) the document used (``_extgstate._c``)."""
    return {key for key, _ in canvas._extgstate._c}


__all__ = [
    "begin_next_page",
    "colour_space_unchecked",
    "graphics_state_keys",
    "page_operators",
    "page_state",
    "pdf_document",
    "restore_page_state",
    "set_media_size",
]
