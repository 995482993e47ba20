"""Marked content on the canvas: what ties the drawing of each page to the structure tree.

A ``MarkingCanvas`` keeps every page in an artifact by default (``/Artifact BMC``, ISO
32000-1 §14.8.2.2): whatever is drawn outside a tagged flowable (the running header,
the page number line, rules, a table's grid and fill, a placeholder's box, column
rules, crop marks) is an artifact without anyone marking it. A flowable that shows
article text or a photo draws inside ``marked`` instead: the artifact is closed, a
``/Tag <</MCID n>> BDC`` sequence of its element is opened and closed around its
drawing, and the artifact resumes. The wrapping is at the flowable level (each part
of a split paragraph is its own sequence, on its own page), so how a flowable draws
its lines does not matter here.

The space ReportLab leaves out where it breaks a line is drawn back, at the end of the
line's text (invisible, after the last glyph), inside the same sequence, wherever
the paragraph's text had one (``spaces``): the structure text reads "Tiếng Việt", not
"TiếngViệt", where a line breaks between the two.

A list item's marker is drawn by ReportLab as a text object of its own before the
item's text: it is the item's ``Lbl``, the rest its ``LBody``. A flowable drawn a
second time (a table's header row repeated on the next page) is left in the
artifact: its words are in the tree once.

The canvas itself, which reaches into ReportLab's private parts, is
``reportlab_internals.marked_content.MarkingCanvas``; these are the helpers the
flowables and the press call, no-ops on any other canvas (a trial layout's).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from reportlab.pdfgen.canvas import Canvas

from convert.writers.pdf.reportlab_internals.marked_content import MarkingCanvas
from convert.writers.pdf.tagging.structure import Element


@contextmanager
def spaced(canvas: Canvas, spaces: Callable[[], list[bool]]) -> Iterator[None]:
    """Draw a paragraph with a space at the end of each line where ``spaces()`` says its
    break took one (``spaces.line_end_spaces``); a no-op on a canvas that does not mark."""
    if not isinstance(canvas, MarkingCanvas):
        yield
        return
    with canvas.spaced_lines(spaces()):
        yield


@contextmanager
def marked(canvas: Canvas, flowable: object, element: Element | None, label: Element | None = None) -> Iterator[None]:
    """Draw ``flowable`` as ``element``'s content (see ``MarkingCanvas.begin``); a no-op
    on a canvas that does not mark (a trial layout), for a flowable without an
    element, and for a flowable drawn before (it stays an artifact)."""
    if element is None or not isinstance(canvas, MarkingCanvas) or not canvas.first_drawing(flowable):
        yield
        return
    canvas.begin(element, label)
    try:
        yield
    finally:
        canvas.end()


@contextmanager
def artifact(canvas: Canvas) -> Iterator[None]:
    """Draw an artifact on a closed page of a marking canvas; a no-op on any other."""
    if not isinstance(canvas, MarkingCanvas):
        yield
        return
    with canvas.artifact():
        yield


__all__ = ["artifact", "marked", "spaced"]
