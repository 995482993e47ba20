"""The PDF's streams deflated by ISA-L instead of the system's zlib.

Every stream ReportLab writes (page contents, font programs, ToUnicode maps, images
it has to encode) is compressed with ``zlib.compress`` at zlib's default level
(``reportlab.pdfbase.pdfdoc``: ``PDFStreamFilterZCompress.encode`` and
``PDFImageXObject``): most of it the five or so font programs of a new article
(~140 kB before compression). ``shared.deflate`` writes the same format (zlib,
RFC 1950, around Deflate, RFC 1951: any PDF reader inflates it, it is ``/FlateDecode``)
with ISA-L, 3.32 → 0.61 ms a new article for streams about 4% larger than zlib's
(its docstring has the measurements). Its output is fixed for a given ISA-L, so the
same input still gives the same bytes.

``install`` points ReportLab's PDF document module at it, once per process, on
import, as ``fragments`` and ``measures`` install theirs.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfdoc

from convert.writers.shared import deflate


def install() -> None:
    """Let ReportLab's PDF documents deflate their streams with ISA-L."""
    pdfdoc.zlib = deflate()  # type: ignore[attr-defined]


install()

__all__ = ["install"]
