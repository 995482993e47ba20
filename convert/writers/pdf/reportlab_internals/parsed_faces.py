"""ReportLab's reading of a face file, kept in vnconv's cache so a process need not repeat it.

Registering a TrueType face with ReportLab (``TTFontFile.extractInfo``) walks the whole
character map, the horizontal metrics and the glyph locations in pure Python, one
``struct.unpack`` per number: about 70 ms (120 ms on a slow machine) for the 17 faces
the default style's roles and fallbacks name, which a batch reads before it forks its
workers. What it finds depends only on the file and on ReportLab, so ``parsed_face``
keeps it in the cache (``pdf-faces/``): every attribute the parse sets on the
``TTFontFace``, which ``marshal`` reads back in about 20 ms for the 17 (with the
garbage collector paused: it doubled that). The face read back is the one a fresh parse gives, attribute
for attribute, types and dictionary order included
(``tests/writers/pdf/reportlab_internals/test_parsed_faces.py`` checks every face of the shipped styles),
so the PDFs are byte for byte the same.

An entry is named by the file (its path, size and mtime), ReportLab's version, this
module's recipe and the Python version (``marshal``'s format may change with it), and
carries a CRC-32 of its contents: an entry that is truncated, damaged or of another
recipe is never used, the face is parsed afresh and the entry written again, whole
(``cache.write_once``: parallel workers and ``make -j`` may race to write it).
A read-only or full cache costs time, never correctness.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import reportlab
from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFontFace

from convert.cache import marshal_entry, read_marshalled, sealed, write_once

#: Bump when what is kept, or how, changes: entries of another recipe are never read.
_RECIPE: Final = 1
_MAGIC: Final = b"vnconv pdf face\n"
#: Not kept: the file's bytes (read from the file itself) and the scaling function
#: ReportLab makes from ``unitsPerEm`` (made again the same way, ``_scale``).
_NOT_KEPT: Final = ("_ttf_data", "_pdfScale")


def parsed_face(path: str) -> TTFontFace:
    """The face in the file at ``path`` as ``TTFontFace(path)`` reads it: from the cache
    when an entry for this file exists, else parsed, and the entry written."""
    entry = _entry(path)
    state = _read_entry(entry)
    if state is not None:
        face = TTFontFace.__new__(TTFontFace)
        face.__dict__.update(state)
        face.filename = path
        face._ttf_data = Path(path).read_bytes()
        face._pdfScale = _scale(face.unitsPerEm)
        return face
    face = TTFontFace(path)
    data = _encode(face)
    if data is not None:
        try:
            write_once(entry, data)
        except OSError:
            pass  # a read-only or full cache costs time, not correctness
    return face


def _entry(path: str) -> Path:
    return marshal_entry("pdf-faces", Path(path), str(_RECIPE), f"rl{reportlab.Version}")


def _scale(units_per_em: int) -> Callable[[float], float]:
    """ReportLab's ``_pdfScale``: font units to thousandths of an em, as ``extractInfo`` makes it."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def _encode(face: TTFontFace) -> bytes | None:
    """The entry for a freshly parsed face, or None if its state holds something
    ``marshal`` cannot keep (a later ReportLab might add one: then nothing is cached)."""
    state = {key: value for key, value in vars(face).items() if key not in _NOT_KEPT}
    # TTFNameBytes (bytes with the decoded name as ``ustr``) are kept as their two parts.
    # (``plain`` keeps their places, as None, so the attributes come back in their order.)
    names = {key: (bytes(value), value.ustr) for key, value in state.items() if isinstance(value, TTFNameBytes)}
    plain = {key: None if key in names else value for key, value in state.items()}
    try:
        payload = marshal.dumps((names, plain))
    except ValueError:
        return None
    return sealed(_MAGIC, payload)


def _read_entry(entry: Path) -> dict[str, Any] | None:
    """The face's attributes from its entry; None if there is none or it is not whole."""
    found = read_marshalled(entry, _MAGIC)
    if not (isinstance(found, tuple) and len(found) == 2):
        return None
    names, plain = found
    if not isinstance(names, dict) or not isinstance(plain, dict):
        return None
    return {key: _name(*names[key]) if key in names else value for key, value in plain.items()}


def _name(raw: bytes, text: str) -> TTFNameBytes:
    """A TTFNameBytes as ReportLab made it: the bytes, and the text they were decoded to."""
    name = bytes.__new__(TTFNameBytes, raw)
    name.ustr = text
    return name


__all__ = ["parsed_face"]
