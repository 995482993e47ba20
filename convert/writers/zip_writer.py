"""A package's ZIP written out by hand: the bytes ``zipfile`` writes, without importing it.

``shared.pack`` wrote every DOCX and EPUB through ``zipfile.ZipFile.writestr``.
Importing ``zipfile`` imports ``shutil``, ``bz2``, ``lzma``, ``binascii`` and
``importlib.util`` with it: ~11 M instructions of a ~350 M ``vnconv docx`` or
``vnconv epub``, for a format whose writing side is three fixed records (PKWARE's
APPNOTE.TXT, 4.3.7 local file header, 4.3.12 central directory header, 4.3.16 end of
central directory record). This writes what ``zipfile`` (CPython 3.11 to 3.13) writes
for ``pack``'s entries into a seekable file: version 2.0 to make and to extract, no
extra fields or comments, bit 11 (UTF-8) only for a name that is not ASCII, each
entry's sizes and CRC-32 in its local header (no data descriptor), the entries'
permissions and system as ``pack`` sets them. ``tests/writers/test_zip_writer.py``
compares the bytes with ``zipfile``'s.

What needs ZIP64 (an entry of 2 GB or more, 65,535 entries, a central directory past
2 GB), and a name ``zipfile`` would change (a NUL, a backslash), are left to ``zipfile``:
``write`` returns None and ``pack`` uses it instead.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Container, Mapping, Sequence
from typing import Any, Final

#: ``zipfile.ZIP64_LIMIT``: a size or offset beyond it needs ZIP64.
ZIP64_LIMIT: Final = (1 << 31) - 1
#: ``zipfile.ZIP_FILECOUNT_LIMIT``: more entries than this need ZIP64.
_FILE_COUNT_LIMIT: Final = (1 << 16) - 1
_VERSION: Final = 20  # 2.0: deflate (APPNOTE 4.4.3.2); zipfile's DEFAULT_VERSION
_UNIX: Final = 3  # "version made by", upper byte (APPNOTE 4.4.2.2)
_UTF8_NAME: Final = 0x800  # general purpose bit 11 (APPNOTE 4.4.4)
_STORED, _DEFLATED = 0, 8
_LOCAL: Final = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader
_CENTRAL: Final = struct.Struct("<4s4B4HL2L5H2L")  # structCentralDir
_END: Final = struct.Struct("<4s4H2LH")  # structEndArchive


def write(
    order: Sequence[str],
    entries: Mapping[str, bytes],
    stamp: tuple[int, int, int, int, int, int],
    stored: Container[str],
    external_attr: int,
    compressobj: Callable[[], Any],
) -> bytes | None:
    """The ZIP of ``entries`` in ``order``, each stamped ``stamp`` (year ... second, from
    1980), ``stored`` ones as they are, the others deflated by a fresh ``compressobj()``
    (raw deflate, as ``zipfile`` asks zlib for it: ``compress`` then ``flush``); None
    when the package needs ZIP64."""
    if len(order) > _FILE_COUNT_LIMIT or any(len(entries[name]) * 1.05 > ZIP64_LIMIT for name in order):
        return None  # zipfile decides on ZIP64 from these before it writes
    year, month, day, hour, minute, second = stamp
    date = (year - 1980) << 9 | month << 5 | day
    time = hour << 11 | minute << 5 | second // 2
    parts: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for name in order:
        data = entries[name]
        if "\0" in name or "\\" in name:
            return None  # zipfile cuts a name at a NUL, and makes Windows' separator "/" there
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), _UTF8_NAME
        if name in stored:
            method, body = _STORED, data
        else:
            deflater = compressobj()
            method, body = _DEFLATED, deflater.compress(data) + deflater.flush()
        crc = zlib.crc32(data)
        parts += (_LOCAL.pack(b"PK\3\4", _VERSION, 0, flags, method, time, date, crc, len(body), len(data), len(encoded), 0), encoded, body)
        directory += (
            _CENTRAL.pack(
                b"PK\1\2", _VERSION, _UNIX, _VERSION, 0, flags, method, time, date, crc, len(body), len(data),
                len(encoded), 0, 0, 0, 0, external_attr, offset,
            ),
            encoded,
        )
        offset += _LOCAL.size + len(encoded) + len(body)
    size = sum(map(len, directory))
    if offset > ZIP64_LIMIT or size > ZIP64_LIMIT:
        return None
    return b"".join((*parts, *directory, _END.pack(b"PK\5\6", 0, 0, len(order), len(order), size, offset, 0)))
