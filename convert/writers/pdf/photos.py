"""Photos in the PDF: one request per document, the placed size, and the printer's checks.

Every figure is as wide as a column and at most ``photos.max_height`` of the text
height, so a photo's placed size is known before layout: it fills the column width,
or narrows (centred) when that would make it too tall. It is prepared for that
size at ``photos.max_ppi`` (``convert.photos.image``), and a photo whose own pixels
give less than ``photos.min_ppi`` there is reported, naming the file and its
effective resolution, as a printer's preflight would. With ``--cmyk`` its pixels are
CMYK. PDF has alternate text for images only in a tagged (structured) PDF, which
ReportLab does not write; the caption is printed right under the photo instead.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Final

from reportlab.lib.utils import ImageReader

from convert.model import Article, Caption
from convert.options import Options
from convert.photos.image import Prepared, Request, prepare, prepare_all
from convert.styles import Style

POINTS_PER_INCH: Final = 72


class PdfPhotos:
    """The photos of one PDF: each prepared for the figure box, in points."""

    def __init__(self, style: Style, box_width: float, box_height: float, options: Options) -> None:
        settings = style.photos
        self.box_width = box_width
        self.box_height = box_height
        self.settings = settings
        self.request = Request(
            width=max(1, round(box_width / POINTS_PER_INCH * settings.max_ppi)),
            height=max(1, round(box_height / POINTS_PER_INCH * settings.max_ppi)),
            max_pixels=settings.max_pixels,
            quality=settings.jpeg_quality,
            cmyk=options.cmyk or options.pdfx,  # PDF/X-1a holds no RGB image either
            flatten=True,
            keep_metadata=options.keep_photo_metadata,
        )

    def get(self, path: str) -> Prepared:
        return prepare(path, self.request)

    def placed(self, photo: Prepared) -> tuple[float, float]:
        """The photo's size on the page, in points."""
        scale = min(self.box_width / photo.width, self.box_height / photo.height)
        return photo.width * scale, photo.height * scale

    def low_resolution(self, article: Article) -> Iterator[str]:
        """A warning for each photo whose own pixels are below ``min_ppi`` where it is
        placed (every photo is prepared here, all at once, before any layout)."""
        prepare_all((b.photo for b in article.blocks if isinstance(b, Caption) and b.photo is not None), self.request)
        for block in article.blocks:
            if isinstance(block, Caption) and block.photo is not None:
                photo = self.get(block.photo)
                width, _ = self.placed(photo)
                ppi = photo.source_width / (width / POINTS_PER_INCH)
                if ppi < self.settings.min_ppi:
                    yield (
                        f"{block.photo}: {ppi:.0f} ppi where it is placed ({photo.source_width}×{photo.source_height} px"
                        f" on {width / POINTS_PER_INCH * 25.4:.0f} mm), below photos.min_ppi ({self.settings.min_ppi:g}): it may print soft"
                    )


class JpegData(ImageReader):
    """A JPEG ReportLab embeds as it is (DCTDecode), without decoding it.

    ``canvas.drawImage`` names an image by a digest of ``getRGBData()`` (decoding a
    JPEG only for that), then embeds what ``jpeg_fh`` gives; here both are the bytes.
    ``ImageReader.__init__`` is not called: it would open the image with Pillow.
    """

    def __init__(self, data: bytes) -> None:  # noqa: D107
        self._bytes = data
        self._dataA = None

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
