"""The hand-written ZIP is the bytes ``zipfile`` writes for the same package."""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile

import pytest

from convert.writers import shared, zip_writer
from convert.writers.shared import pack

WHEN = dt.datetime(2019, 8, 17, 9, 30, 59, tzinfo=dt.timezone.utc)


def _packages() -> list[dict[str, bytes]]:
    chosen = random.Random(24)
    noise = bytes(chosen.randrange(256) for _ in range(40_000))  # deflates to more than it is
    text = "Tỉnh ủy Lạng Sơn tổ chức hội nghị sơ kết. ".encode() * 400
    return [
        {},
        {"mimetype": b"application/epub+zip"},
        {"mimetype": b"application/epub+zip", "EPUB/empty.css": b"", "EPUB/text.xhtml": text, "EPUB/fonts/x.ttf": noise},
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": text, "word/media/ảnh-1.jpg": noise[:999], "Đ/ặ.xml": b"x"},
    ]


@pytest.mark.parametrize("entries", _packages())
@pytest.mark.parametrize("when", [WHEN, None])
def test_the_bytes_zipfile_writes(entries: dict[str, bytes], when: dt.datetime | None) -> None:
    first = [name for name in ("mimetype", "[Content_Types].xml") if name in entries]
    order = first + sorted(name for name in entries if name not in first)
    by_zipfile = shared._pack_with_zipfile(order, entries, shared.zip_time(when), ("mimetype",))
    assert pack(entries, when, first=first, stored=("mimetype",)) == by_zipfile
    with zipfile.ZipFile(io.BytesIO(by_zipfile)) as package:
        assert package.testzip() is None
        assert {info.filename: package.read(info) for info in package.infolist()} == entries


def test_what_zipfile_would_change_or_needs_zip64_is_left_to_it(monkeypatch: pytest.MonkeyPatch) -> None:
    stamp = shared.zip_time(WHEN)
    deflater = shared.deflate()

    def write(entries: dict[str, bytes]) -> bytes | None:
        return zip_writer.write(list(entries), entries, stamp, (), 0, lambda: deflater.compressobj(3, deflater.DEFLATED, -15))

    assert write({"a\0b": b"x"}) is None and write({"a\\b": b"x"}) is None
    assert write({"a": b"x"}) is not None
    monkeypatch.setattr(zip_writer, "ZIP64_LIMIT", 20)  # as if 20 bytes were 2 GB
    assert write({"a": b"x" * 20}) is None  # an entry zipfile would write with ZIP64
    assert write({"a": b"x", "b": b"y"}) is None  # the central directory begins past the limit
    packed = pack({"a": b"x" * 30}, WHEN)  # and pack falls back on zipfile
    with zipfile.ZipFile(io.BytesIO(packed)) as package:
        assert package.read("a") == b"x" * 30
