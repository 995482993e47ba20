"""An ``ImageReader`` that decodes nothing.

``layout.photos.JpegData`` hands ReportLab a JPEG's bytes without opening the image
with Pillow, so it skips ``ImageReader.__init__`` and answers ``getRGBData`` itself;
what ReportLab then reads of the reader besides is ``_dataA``, the reader of the image's
alpha channel that ``ImageReader.getRGBData`` sets (None: the image has none), which
``Canvas.drawImage`` and ``PDFImageXObject`` look at. ReportLab 5.1.0 (``CHECKED_VERSIONS``),
``reportlab/lib/utils.py``; ``test_private_parts`` checks it.
"""

from __future__ import annotations

from reportlab.lib.utils import ImageReader


def without_alpha(reader: ImageReader) -> None:
    """Set what ``ImageReader.getRGBData`` sets for an image without an alpha channel."""
    reader._dataA = None


__all__ = ["without_alpha"]
