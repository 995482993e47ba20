"""Photos in the PDF: a request per box width, the placed size, and the printer's checks.

Every figure is as wide as a column and at most ``photos.max_height`` of the text
height, so a photo's placed size is known before layout: it fills the column width,
or narrows (centred) when that would make it too tall. In a style with columns and
``photos.span_landscape``, a landscape photo (upright, at least
``photos.span_min_aspect`` times as wide as tall) spans them all, so its box is the
text width (``spans``, from the photo's header). A photo is prepared for its box at
``photos.max_ppi`` (``convert.photos.image``), and one whose own pixels give less
than ``photos.min_ppi`` there is reported, naming the file and its effective
resolution, as a printer's preflight would. With ``--cmyk`` its pixels are CMYK. Its
alternate text is its caption, on the Figure element of the structure tree
(``tagging``); the caption is also printed right under it.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import TYPE_CHECKING, Final

from reportlab.lib.utils import ImageReader

from convert.model import Article, Caption
from convert.options import Options
from convert.styles import MM_PER_PT, Style
from convert.writers.pdf.reportlab_internals.images import without_alpha

if TYPE_CHECKING:  # convert.photos.image imports Pillow: only an article with a photo needs it
    from convert.photos.image import Prepared, Request

POINTS_PER_INCH: Final = 72


class PdfPhotos:
    """The photos of one PDF: each prepared for its figure box, in points.

    ``span_width`` (the text width) is the box of a photo that spans the columns;
    None when none does (one column, or the style keeps photos in their column).
    """

    def __init__(self, style: Style, box_width: float, box_height: float, options: Options, span_width: float | None = None) -> None:
        settings = style.photos
        self.box_width = box_width
        self.box_height = box_height
        self.span_width = span_width if settings.span_landscape and style.page.columns > 1 else None
        self.settings = settings
        self._options = options
        self._requests: dict[float, Request] = {}  # box width -> its request, made with the first photo
        #: path -> the width of the box it was drawn in (a layout clears it first)
        self.drawn: dict[str, float] = {}

    def _request(self, box_width: float) -> Request:
        """The request for a box ``box_width`` points wide (the column's or the text's)."""
        if box_width in self._requests:
            return self._requests[box_width]
        from convert.photos.image import Request

        settings, options = self.settings, self._options
        self._requests[box_width] = request = Request(
            width=max(1, round(box_width / POINTS_PER_INCH * settings.max_ppi)),
            height=max(1, round(self.box_height / POINTS_PER_INCH * settings.max_ppi)),
            max_pixels=settings.max_pixels,
            quality=settings.jpeg_quality,
            max_decoded_bytes=round(settings.max_decoded_mb * 1_000_000),
            cmyk=options.cmyk or options.pdfx,  # PDF/X-1a holds no RGB image either
            flatten=True,
            keep_metadata=options.keep_photo_metadata,
        )
        return request

    def spans(self, path: str) -> bool:
        """Whether the photo spans the columns: landscape enough, in a style that lets it."""
        if self.span_width is None:
            return False
        from convert.photos.image import upright_size

        width, height = upright_size(path, self.settings.max_pixels)
        return width > height and width >= height * self.settings.span_min_aspect

    def width_for(self, path: str) -> float:
        """The width of the photo's box: the text's when it spans, else a column's."""
        return self.span_width if self.span_width is not None and self.spans(path) else self.box_width

    def box_for(self, path: str, frame_width: float | None = None) -> float:
        """The width of the box the photo is prepared for: its own (``width_for``), or a
        column's when it is set in a frame no wider (a spanning photo set in its column
        after all: the story ended on its page)."""
        if frame_width is not None and frame_width <= self.box_width:
            return self.box_width
        return self.width_for(path)

    def get(self, path: str, frame_width: float | None = None) -> Prepared:
        from convert.photos.image import prepare

        return prepare(path, self._request(self.box_for(path, frame_width)))

    def image(self, path: str, frame_width: float) -> ImageReader:
        """What ``canvas.drawImage`` takes for the photo set in a frame ``frame_width``
        points wide; the box is noted for ``low_resolution`` (the widest, when one photo
        stands in two places)."""
        box = self.box_for(path, frame_width)
        self.drawn[path] = max(box, self.drawn.get(path, 0.0))
        return reader(self.get(path, frame_width))

    def placed(self, photo: Prepared, box: float) -> tuple[float, float]:
        """The photo's size on the page in a box ``box`` points wide, in points."""
        scale = min(box / photo.width, self.box_height / photo.height)
        return photo.width * scale, photo.height * scale

    def prepare_all(self, article: Article) -> None:
        """Every photo of the article prepared for its box, all at once, before any layout."""
        paths = _paths(article)
        if not paths:
            return
        from convert.photos.image import prepare_each

        prepare_each([(path, self._request(self.width_for(path))) for path in paths])

    def low_resolution(self, article: Article) -> Iterator[str]:
        """A warning for each photo whose own pixels are below ``min_ppi`` where the
        last layout placed it (``drawn``: in the band across the columns, or in one)."""
        for path in _paths(article):
            box = self.drawn.get(path, self.width_for(path))
            photo = self.get(path, box)
            width, _ = self.placed(photo, box)
            ppi = photo.source_width / (width / POINTS_PER_INCH)
            if ppi < self.settings.min_ppi:
                yield (
                    f"{path}: {ppi:.0f} ppi where it is placed ({photo.source_width}×{photo.source_height} px"
                    f" on {width * MM_PER_PT:.0f} mm), below photos.min_ppi ({self.settings.min_ppi:g}): it may print soft"
                )


def _paths(article: Article) -> list[str]:
    return [block.photo for block in article.blocks if isinstance(block, Caption) and block.photo is not None]


class JpegData(ImageReader):
    """A JPEG ReportLab embeds as it is (DCTDecode), without decoding it.

    ``canvas.drawImage`` names an image by a digest of ``getRGBData()`` (decoding a
    JPEG only for that), then embeds what ``jpeg_fh`` gives; here both are the bytes.
    ``ImageReader.__init__`` is not called: it would open the image with Pillow.
    """

    def __init__(self, data: bytes) -> None:  # noqa: D107
        self._bytes = data
        without_alpha(self)

    def getRGBData(self) -> bytes:  # noqa: N802 - ReportLab's name
        return self._bytes

    def jpeg_fh(self) -> io.BytesIO:
        return io.BytesIO(self._bytes)


def reader(photo: Prepared) -> ImageReader:
    """What ``drawImage`` takes: the JPEG as it is, or a PNG's pixels (deflated losslessly)."""
    if photo.format == "JPEG":
        return JpegData(photo.data)
    from PIL import Image

    return ImageReader(Image.open(io.BytesIO(photo.data)))


__all__ = ["JpegData", "PdfPhotos", "reader"]
