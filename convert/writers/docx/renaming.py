"""A font subset under a name of its own (``--embed-fonts=subset``), in a few milliseconds less.

``docx.fonts`` renames each subset it embeds: family, full, unique and PostScript
names (name IDs 1 and 16, 4, 3 and 6) become the subset's tagged name; its style
names stay. Doing that with fontTools (load the font, change the records, save it)
gives the right bytes but costs, in a new process, ~0.25 s importing fontTools' table
modules (its ``name`` table module imports ``otTables``), and 1.1 ms a face after
that: the ``vnconv docx --embed-fonts=subset`` of a new article paid both.

``renamed`` writes the same bytes with the standard library: the ``name`` table
parsed and compiled as fontTools compiles it (records sorted by platform, encoding,
language, name ID and bytes; identical strings stored once; format 0), and the file
laid out as ``TTFont.save`` lays it out (the tables in the order the OpenType
specification recommends, each padded to four bytes, the table records sorted by
tag, every checksum and ``head.checksumAdjustment`` computed anew). A name table this
does not read the simple way (format 1, a record in an encoding other than UTF-16BE
or Mac Roman in English, a malformed record) goes through fontTools itself.
``tests/writers/docx/test_renaming.py`` compares the two on every face of every
shipped style.

Sources: OpenType specification, "The OpenType font file" (table directory, checksums,
``head``) and "name — Naming table"; fontTools 4.69 (``ttLib/ttFont.py``:
``TTFont.save``, ``sortedTagList``, ``TTFTableOrder``; ``ttLib/sfnt.py``:
``SFNTWriter``, ``calcChecksum``; ``ttLib/tables/_n_a_m_e.py``: ``compile``,
``getDebugName``; ``misc/encodingTools.py``).
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from typing import Final, NamedTuple

#: The sfnt header (version, numTables, searchRange, entrySelector, rangeShift) and a
#: table record (tag, checksum, offset, length).
_SFNT_HEADER: Final = struct.Struct(">4sHHHH")
_TABLE_RECORD: Final = struct.Struct(">4sLLL")
#: ``head.checksumAdjustment`` is this minus the checksum of the whole font.
_CHECKSUM_MAGIC: Final = 0xB1B0AFBA
#: The table order the OpenType specification 1.4 recommends, for TrueType outlines and
#: for CFF ones (as fontTools' ``TTFTableOrder`` and ``OTFTableOrder``); other tables
#: follow in tag order.
_TRUETYPE_ORDER: Final = ("head", "hhea", "maxp", "OS/2", "hmtx", "LTSH", "VDMX", "hdmx", "DMAP", "cmap", "fpgm", "prep",
                          "cvt ", "loca", "glyf", "kern", "name", "post", "gasp", "PCLT")  # fmt: skip
_CFF_ORDER: Final = ("head", "hhea", "maxp", "OS/2", "name", "DMAP", "cmap", "post", "CFF ")
#: A name record: platform, encoding, language, name ID, length, offset.
_NAME_RECORD: Final = struct.Struct(">HHHHHH")
#: The name IDs a subset's name replaces, and the style names read.
_FAMILY, _UNIQUE, _FULL, _POSTSCRIPT, _TYPOGRAPHIC_FAMILY = 1, 3, 4, 6, 16
_SUBFAMILY, _TYPOGRAPHIC_SUBFAMILY = 2, 17
_ENGLISH_WINDOWS, _ENGLISH_MAC = (3, 0x409), (1, 0)


class _Record(NamedTuple):
    platform: int
    encoding: int
    language: int
    name_id: int
    string: bytes


def renamed(data: bytes, family: str) -> bytes:
    """The font ``data`` with ``family`` as its family name (IDs 1 and 16), its full name
    ``family`` and the style name (4), and its unique and PostScript name the two
    without spaces, joined by a hyphen (3, 6); byte for byte what fontTools would save."""
    version, tables = _tables(data)
    records = _name_records(tables.get("name", b""))
    if records is None:
        return _renamed_by_fonttools(data, family)
    try:
        style_name = _debug_name(records, _TYPOGRAPHIC_SUBFAMILY) or _debug_name(records, _SUBFAMILY) or "Regular"
    except _Unreadable:
        return _renamed_by_fonttools(data, family)
    postscript = f"{family.replace(' ', '')}-{style_name.replace(' ', '')}"
    values = {_FAMILY: family, _TYPOGRAPHIC_FAMILY: family, _FULL: f"{family} {style_name}", _UNIQUE: postscript, _POSTSCRIPT: postscript}
    try:
        records = [
            r._replace(string=values[r.name_id].encode(_encoding(r) or "ascii")) if r.name_id in values else r for r in records
        ]
    except UnicodeEncodeError:  # fontTools raises it too, from its own code
        return _renamed_by_fonttools(data, family)
    return _font(version, {**tables, "name": _name_table(records)})


def _renamed_by_fonttools(data: bytes, family: str) -> bytes:
    """``renamed`` the plain way, for a name table ``_name_records`` leaves to fontTools."""
    import io

    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    table = font["name"]
    style_name = table.getDebugName(_TYPOGRAPHIC_SUBFAMILY) or table.getDebugName(_SUBFAMILY) or "Regular"
    postscript = f"{family.replace(' ', '')}-{style_name.replace(' ', '')}"
    values = {_FAMILY: family, _TYPOGRAPHIC_FAMILY: family, _FULL: f"{family} {style_name}", _UNIQUE: postscript, _POSTSCRIPT: postscript}
    for record in table.names:
        if record.nameID in values:
            record.string = values[record.nameID]
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


# --- the file ----------------------------------------------------------------------------


def _tables(data: bytes) -> tuple[bytes, dict[str, bytes]]:
    """An sfnt's version and its tables' bytes by tag (the tag read as Latin-1)."""
    version, count = struct.unpack_from(">4sH", data)
    tables = {}
    for index in range(count):
        tag, _, offset, length = _TABLE_RECORD.unpack_from(data, _SFNT_HEADER.size + index * _TABLE_RECORD.size)
        tables[tag.decode("latin-1")] = data[offset : offset + length]
    return version, tables


def _table_order(tags: list[str]) -> list[str]:
    """The order of the tables in the file (fontTools' ``sortedTagList``)."""
    rest = sorted(tags)
    if "DSIG" in rest:  # last
        rest.remove("DSIG")
        rest.append("DSIG")
    recommended = _CFF_ORDER if "CFF " in rest else _TRUETYPE_ORDER
    first = [tag for tag in recommended if tag in rest]
    return first + [tag for tag in rest if tag not in first]


def _checksum(data: bytes) -> int:
    """The sum of the data's big-endian 32-bit words, zero-padded, modulo 2^32."""
    padded = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}L", padded)) & 0xFFFFFFFF


def _search_range(count: int) -> tuple[int, int, int]:
    """searchRange, entrySelector and rangeShift of a table directory of ``count`` records."""
    exponent = max(count.bit_length() - 1, 0)
    search_range = (1 << exponent) * _TABLE_RECORD.size
    return search_range, exponent, max(0, count * _TABLE_RECORD.size - search_range)


def _font(version: bytes, tables: Mapping[str, bytes]) -> bytes:
    """The font file of ``tables``, laid out as fontTools' ``TTFont.save`` does."""
    count = len(tables)
    offset = _SFNT_HEADER.size + count * _TABLE_RECORD.size
    records: dict[str, tuple[int, int, int]] = {}  # tag -> checksum, offset, length
    body = []
    for tag in _table_order(list(tables)):
        table = tables[tag]
        # head's own checksum is taken with checksumAdjustment (bytes 8 to 12) zero.
        records[tag] = (_checksum(table[:8] + b"\0\0\0\0" + table[12:] if tag == "head" else table), offset, len(table))
        padded = table + b"\0" * (-len(table) % 4)
        body.append(padded)
        offset += len(padded)
    directory = _SFNT_HEADER.pack(version, count, *_search_range(count)) + b"".join(
        _TABLE_RECORD.pack(tag.encode("latin-1"), *records[tag]) for tag in sorted(records)
    )
    font = bytearray(directory + b"".join(body))
    if "head" in records:
        total = sum(checksum for checksum, _, _ in records.values()) + _checksum(directory)
        struct.pack_into(">L", font, records["head"][1] + 8, (_CHECKSUM_MAGIC - total) & 0xFFFFFFFF)
    return bytes(font)


# --- the name table ----------------------------------------------------------------------


def _encoding(record: _Record) -> str | None:
    """The record's string encoding, when it is one read here: UTF-16BE (Unicode and
    Windows' Unicode encodings), or Mac Roman for English on the Macintosh."""
    if record.platform == 0 or (record.platform == 3 and record.encoding in (0, 1, 10)):
        return "utf_16_be"
    if (record.platform, record.encoding, record.language) == (1, 0, 0):
        return "mac_roman"
    return None


def _name_records(table: bytes) -> list[_Record] | None:
    """The records of a format-0 name table, or None for one left to fontTools."""
    if len(table) < 6:
        return None
    form, count, string_offset = struct.unpack_from(">HHH", table)
    if form != 0 or string_offset != 6 + count * _NAME_RECORD.size or len(table) < string_offset:
        return None
    strings = table[string_offset:]
    records = []
    for index in range(count):
        platform, encoding, language, name_id, length, offset = _NAME_RECORD.unpack_from(table, 6 + index * _NAME_RECORD.size)
        record = _Record(platform, encoding, language, name_id, strings[offset : offset + length])
        if offset + length > len(strings) or _encoding(record) is None:
            return None
        records.append(record)
    return records


def _debug_name(records: list[_Record], name_id: int) -> str | None:
    """fontTools' ``getDebugName``: the Windows English string, else the first Mac
    English one, else the last one, of the records with ``name_id``. A string fontTools
    would repair first (odd-length UTF-16, UTF-16 read as Mac Roman), or skip (one
    that does not decode), raises ``_Unreadable``: ``renamed`` leaves it to fontTools."""
    english = mac_english = some = None
    for record in records:
        if record.name_id != name_id:
            continue
        encoding = _encoding(record)
        assert encoding is not None  # _name_records checked every record
        if encoding == "utf_16_be" and len(record.string) % 2:
            raise _Unreadable
        try:
            text = record.string.decode(encoding)
        except UnicodeDecodeError:
            raise _Unreadable from None
        if all(ord(c) == 0 if i % 2 == 0 else 0x20 <= ord(c) <= 0x7E or c in "\t\n\r" for i, c in enumerate(text)) and text:
            raise _Unreadable  # fontTools takes it for doubly encoded UTF-16
        some = text
        if (record.platform, record.language) == _ENGLISH_WINDOWS:
            english = text
            break
        if (record.platform, record.language) == _ENGLISH_MAC and mac_english is None:
            mac_english = text
    return english or mac_english or some or None


class _Unreadable(LookupError):
    """A name string fontTools reads with repairs of its own."""


def _name_table(records: list[_Record]) -> bytes:
    """A format-0 name table of ``records``, as fontTools compiles one."""
    records = sorted(records)  # platform, encoding, language, name ID, then the bytes
    head = struct.pack(">HHH", 0, len(records), 6 + len(records) * _NAME_RECORD.size)
    strings = bytearray()
    placed: dict[bytes, tuple[int, int]] = {}
    packed = []
    for record in records:
        if record.string not in placed:
            placed[record.string] = (len(record.string), len(strings))
            strings += record.string
        packed.append(_NAME_RECORD.pack(record.platform, record.encoding, record.language, record.name_id, *placed[record.string]))
    return head + b"".join(packed) + bytes(strings)
