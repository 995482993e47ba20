"""The PDF's streams are deflated by zlib-ng (``pdf/compression.py``), in the format any
PDF reader inflates."""

from __future__ import annotations

import re
import zlib

from reportlab.pdfbase import pdfdoc
from zlib_ng import zlib_ng

from convert.writers.pdf import document  # noqa: F401 - the writer installs zlib-ng on import

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


def test_reportlab_deflates_with_zlib_ng() -> None:
    assert pdfdoc.zlib is zlib_ng


def test_every_stream_is_zlib_ngs_output_and_inflates_with_zlib(seed_pdf: bytes) -> None:
    streams = _flate_streams(seed_pdf)
    assert len(streams) >= 5  # the page contents and the font programs at least
    for data in streams:
        raw = zlib.decompress(data)  # the standard inflater reads it: /FlateDecode
        assert zlib_ng.compress(raw) == data
    # the font programs (TrueType, "\x00\x01\x00\x00") are among them, and zlib-ng's bytes
    # are not zlib's: the assertion above would pass for either only if they were equal
    programs = [data for data in streams if zlib.decompress(data)[:4] == b"\x00\x01\x00\x00"]
    assert programs
    assert any(zlib.compress(zlib.decompress(data)) != data for data in programs)
