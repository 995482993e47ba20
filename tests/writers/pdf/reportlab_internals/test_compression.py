"""The PDF's streams are deflated by ISA-L (``pdf/reportlab_internals/compression.py``, ``shared.deflate``),
in the format any PDF reader inflates."""

from __future__ import annotations

import re
import zlib

from isal import isal_zlib
from reportlab.pdfbase import pdfdoc

from convert.writers.pdf import document  # noqa: F401 - the writer installs ISA-L on import
from convert.writers.shared import COMPRESS_LEVEL, deflate

#: An indirect object holding a stream: its dictionary, then the data (whose length the
#: dictionary gives directly: the writer does not make /Length an indirect reference).
STREAM = re.compile(rb"\d+ \d+ obj\s*<<(?P<dict>(?:(?!endobj).)*?)>>\s*stream\r?\n", re.S)
LENGTH = re.compile(rb"/Length (\d+)")


def _flate_streams(pdf: bytes) -> list[bytes]:
    found = []
    for match in STREAM.finditer(pdf):
        if b"/FlateDecode" in match["dict"] and b"/ASCII85Decode" not in match["dict"]:
            length = LENGTH.search(match["dict"])
            assert length is not None, match["dict"]
            found.append(pdf[match.end() : match.end() + int(length[1])])
    assert found, "no FlateDecode stream found"
    return found


def test_reportlab_deflates_with_isal_at_the_shared_level() -> None:
    assert pdfdoc.zlib is deflate()
    data = bytes(range(256)) * 64
    assert pdfdoc.zlib.compress(data) == isal_zlib.compress(data, COMPRESS_LEVEL)
    assert pdfdoc.zlib.decompress(pdfdoc.zlib.compress(data)) == data


def test_every_stream_is_isals_output_and_inflates_with_zlib(seed_pdf: bytes) -> None:
    streams = _flate_streams(seed_pdf)
    assert len(streams) >= 5  # the page contents and the font programs at least
    for data in streams:
        raw = zlib.decompress(data)  # the standard inflater reads it: /FlateDecode
        assert isal_zlib.compress(raw, COMPRESS_LEVEL) == data
    # the font programs (TrueType, "\x00\x01\x00\x00") are among them, and ISA-L's bytes
    # are not zlib's: the assertion above would pass for either only if they were equal
    programs = [data for data in streams if zlib.decompress(data)[:4] == b"\x00\x01\x00\x00"]
    assert programs
    assert any(zlib.compress(zlib.decompress(data)) != data for data in programs)
