"""Reproducible ZIP packages: DOCX and EPUB are both ZIP files, and both libraries that
write them stamp entries with the current time and pick their own order.

``repack`` rewrites a package so that the same content gives the same bytes: a fixed
entry order (the entries a format wants first, then by name), one timestamp, Unix
permissions 0644, and one compression level.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Container, Sequence
from typing import Final

ZIP_EPOCH: Final = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)
ZIP_END: Final = dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.timezone.utc)
#: zlib's default: level 9 costs a third more time (fonts) for a few hundred bytes.
COMPRESS_LEVEL: Final = 6


def zip_time(when: dt.datetime | None) -> tuple[int, int, int, int, int, int]:
    """The entries' timestamp: the moment (in UTC, within what ZIP can say) or, without
    one, 1980-01-01."""
    moment = min(max(when.astimezone(dt.timezone.utc), ZIP_EPOCH), ZIP_END) if when is not None else ZIP_EPOCH
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def repack(data: bytes, when: dt.datetime | None, first: Sequence[str] = (), stored: Container[str] = ()) -> bytes:
    """The package again: ``first`` entries first, the rest by name; ``stored`` entries
    uncompressed (EPUB's ``mimetype``), every other one deflated."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    order = [name for name in first if name in entries] + sorted(name for name in entries if name not in first)
    stamp = zip_time(when)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3  # Unix, whatever system wrote it
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            target.writestr(info, entries[name], compresslevel=COMPRESS_LEVEL)
    return out.getvalue()
