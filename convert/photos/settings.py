"""The style's ``[photos]`` section: how photos are sized, checked and encoded in every format.

A new key is a field here and its value in ``styles/default.toml`` (``convert.sections``).
This module is light (no Pillow), since the style loader imports it for every command.
"""

from __future__ import annotations

from dataclasses import dataclass

from convert.sections import Invalid, number


@dataclass(frozen=True)
class Photos:
    """What every writer needs to place a photo: resolution, size limits, encoding."""

    max_ppi: float  # PDF: a photo is resampled down to this many pixels per inch at its placed size
    min_ppi: float  # PDF: a warning below this, as a printer's preflight gives
    long_edge: int  # px: EPUB and DOCX photos are at most this long on their long edge
    max_height: float  # share (0-1) of the text height a photo may take; it narrows to keep its aspect
    max_pixels: int = number(1, 1_000_000_000)  # a photo with more pixels is refused (a decompression bomb)
    #: MB: a photo whose pixels, decoded (at JPEG's reduced scale where it serves) and as
    #: 8-bit RGB(A), would take more is refused before it is decoded: a lossless WebP of a
    #: few kB can hold 16000×6000 pixels, 1.5 GB of memory, times -j
    max_decoded_mb: float = number(1, 100_000)
    jpeg_quality: int  # 1-95: when a photo must be re-encoded as JPEG
    span_landscape: bool  # PDF in columns: a landscape photo spans them all, at the top of a page
    span_min_aspect: float  # ...when it is at least this many times as wide as it is tall

    def __post_init__(self) -> None:
        if not 0 < self.max_height <= 1:
            raise Invalid("max_height", f"expected a share of the text height above 0 and at most 1, got {self.max_height!r}")
        if self.min_ppi > self.max_ppi or self.max_ppi <= 0:
            raise Invalid("min_ppi", f"expected at most max_ppi ({self.max_ppi!r}), got {self.min_ppi!r}")
        if self.long_edge < 16:
            raise Invalid("long_edge", f"expected at least 16 pixels, got {self.long_edge!r}")
        if self.max_pixels < 1:
            raise Invalid("max_pixels", f"expected at least 1, got {self.max_pixels!r}")
        if not 1 <= self.jpeg_quality <= 95:
            raise Invalid("jpeg_quality", f"expected 1 to 95 (above 95 only grows the file), got {self.jpeg_quality!r}")
        if self.span_min_aspect < 1:
            raise Invalid("span_min_aspect", f"expected a width/height ratio of at least 1 (a landscape photo), got {self.span_min_aspect!r}")
