"""What a caller asks of a conversion beyond the style: the writer ``Options`` and ``Warn``.

Readers and writers both report through a ``Warn`` callback, and jobs, the batch and
the CLI hand both around, so they live here, in a module that imports neither side.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

#: Where a reader or writer sends a notice for the user (one line, without the file name).
Warn = Callable[[str], None]


@dataclass(frozen=True)
class PhotoFolder:
    """``--photos DIR``: where a job looks for photos instead of beside the article;
    ``one_article`` when one article is converted, so DIR may be that article's folder
    (see ``convert.photos.discover``)."""

    path: str
    one_article: bool = False


@dataclass(frozen=True)
class Options:
    """What a caller may ask of a writer beyond the style; each writer reads its own."""

    #: The moment written into metadata; None means "now" (or the dateline, per writer).
    timestamp: dt.datetime | None = None
    embed_fonts: bool = False  # docx: embed the fonts, whole faces (--embed-fonts)
    subset_fonts: bool = False  # docx: with embed_fonts, only the characters used (--embed-fonts=subset)
    bleed: float = 0.0  # pdf: bleed in mm
    crop_marks: bool = False  # pdf
    cmyk: bool = False  # pdf: every colour in CMYK (photos too)
    pdfx: bool = False  # pdf: PDF/X-1a:2001 (implies cmyk)
    #: Refuse text no embedded font can show, instead of a warning (and, in the PDF, a
    #: replacement mark): every format.
    strict_glyphs: bool = False
    keep_photo_metadata: bool = False  # every format: keep EXIF, XMP... in embedded photos
    #: Where the job finds photos (``--photos DIR``); None: beside the article. The
    #: job attaches them to the captions; writers never read this.
    photos: PhotoFolder | None = None
    #: Where a writer reports what it did not refuse but the user should know (text kept
    #: that no embedded font can show). None: a Python ``RenderWarning`` instead.
    warn: Warn | None = field(default=None, compare=False, repr=False)
