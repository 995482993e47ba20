"""The PDF's streams deflated by zlib-ng instead of the system's zlib.

Every stream ReportLab writes (page contents, font programs, ToUnicode maps, images
it has to encode) is compressed with ``zlib.compress`` at the default level
(``reportlab.pdfbase.pdfdoc``: ``PDFStreamFilterZCompress.encode`` and
``PDFImageXObject``): about a fifth of a new article's PDF, most of it the five or so
font programs (~125 kB a new article before compression). zlib-ng writes the same
format (zlib, RFC 1950, around Deflate, RFC 1951: any PDF reader inflates it, it is
``/FlateDecode``) at the same level about 2.5 times as fast, for streams some 1.5%
larger over 30 new articles (80.6 → 81.8 kB an article, ``make bench`` (e)). Its output is
fixed for a given zlib-ng, so the same input still gives the same bytes.

``install`` points ReportLab's PDF document module at zlib-ng's module, which has
zlib's functions under zlib's names (the ``zlib-ng`` package on PyPI, python-zlib-ng);
once per process, on import, as ``fragments`` and ``measures`` install theirs.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfdoc
from zlib_ng import zlib_ng


def install() -> None:
    """Let ReportLab's PDF documents deflate their streams with zlib-ng."""
    pdfdoc.zlib = zlib_ng  # type: ignore[attr-defined]


install()

__all__ = ["install"]
