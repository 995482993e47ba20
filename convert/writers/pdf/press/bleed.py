"""Press-ready pages: bleed, TrimBox and BleedBox, and crop marks.

The layout is made on the finished (trimmed) page as always. When a print shop asks
for bleed or crop marks, each page is then shifted into a larger sheet (MediaBox):
the trimmed page sits ``slug`` points in from every edge, the TrimBox marks it, the
BleedBox adds the bleed on every side, and the crop marks stand in the slug outside
the bleed, in registration colour, so they print on every plate and are cut away.
A PDF/X file (``always_trim``) has a TrimBox on every page even without bleed: then
it is the MediaBox.
"""

from __future__ import annotations


from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from convert.writers.pdf.press.color import REGISTRATION
from convert.writers.pdf.reportlab_internals.canvas_state import colour_space_unchecked, page_operators, set_media_size
from convert.writers.pdf.settings import Pdf
from convert.writers.pdf.tagging.marking import artifact

Box = tuple[float, float, float, float]


class Press:
    """Where the trimmed page sits on the sheet, in points; all zero for a plain page.
    (A plain class, as ``layout.flow.Extent`` is: a dataclass cost ~0.5 M instructions to make.)"""

    __slots__ = ("width", "height", "bleed", "crop_marks", "mark_offset", "mark_length", "mark_width", "always_trim")

    def __init__(
        self,
        width: float,
        height: float,
        bleed: float,
        crop_marks: bool,
        mark_offset: float,
        mark_length: float,
        mark_width: float,
        always_trim: bool = False,
    ) -> None:
        self.width = width  # the trimmed page
        self.height = height
        self.bleed = bleed
        self.crop_marks = crop_marks
        self.mark_offset = mark_offset  # from the trim edge to where a mark starts
        self.mark_length = mark_length
        self.mark_width = mark_width  # line width, pt
        self.always_trim = always_trim  # a TrimBox on every page, even a plain one (PDF/X)

    @classmethod
    def of(cls, width: float, height: float, bleed_mm: float, crop_marks: bool, pdf: Pdf, always_trim: bool = False) -> Press:
        bleed = max(0.0, bleed_mm) * mm
        return cls(
            width=width,
            height=height,
            bleed=bleed,
            crop_marks=crop_marks,
            # A mark never reaches into the bleed, where it would show after a loose cut.
            mark_offset=max(bleed, pdf.crop_mark_offset * mm),
            mark_length=pdf.crop_mark_length * mm,
            mark_width=pdf.crop_mark_width,
            always_trim=always_trim,
        )

    @property
    def active(self) -> bool:
        return self.bleed > 0 or self.crop_marks

    @property
    def slug(self) -> float:
        """The margin of sheet around the trimmed page: the bleed, or room for the marks."""
        return self.mark_offset + self.mark_length if self.crop_marks else self.bleed

    @property
    def media_size(self) -> tuple[float, float]:
        return self.width + 2 * self.slug, self.height + 2 * self.slug

    @property
    def trim_box(self) -> Box:
        s = self.slug
        return (s, s, s + self.width, s + self.height)

    @property
    def bleed_box(self) -> Box:
        x0, y0, x1, y1 = self.trim_box
        b = self.bleed
        return (x0 - b, y0 - b, x1 + b, y1 + b)

    def finish_page(self, canvas: Canvas) -> None:
        """Move the page's drawing onto the sheet, set its boxes and draw the marks.

        Call it after everything on the page is drawn and before ``showPage``.
        """
        if not self.active:
            if self.always_trim:
                canvas.setTrimBox(self.trim_box)
            return
        code = page_operators(canvas)
        code.insert(0, f"q 1 0 0 1 {self.slug:.4f} {self.slug:.4f} cm")
        code.append("Q")
        set_media_size(canvas, self.media_size)  # not setPageSize: it would remake the page's preamble
        canvas.setTrimBox(self.trim_box)
        canvas.setBleedBox(self.bleed_box)
        if self.crop_marks:
            self._draw_marks(canvas)

    def _draw_marks(self, canvas: Canvas) -> None:
        x0, y0, x1, y1 = self.trim_box
        near, far = self.mark_offset, self.mark_offset + self.mark_length
        lines = []
        for x, outward in ((x0, -1), (x1, 1)):
            for y, upward in ((y0, -1), (y1, 1)):
                lines.append((x + outward * near, y, x + outward * far, y))  # horizontal, beside the corner
                lines.append((x, y + upward * near, x, y + upward * far))  # vertical, above or below it
        # The registration Separation is neither RGB nor plain CMYK.
        with colour_space_unchecked(canvas), artifact(canvas):  # outside the page's marked content (tagging.marking)
            canvas.saveState()
            canvas.setStrokeColor(REGISTRATION)
            canvas.setLineWidth(self.mark_width)
            canvas.lines(lines)
            canvas.restoreState()


__all__ = ["Press"]
