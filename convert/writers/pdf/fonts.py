"""Faces for ReportLab: registered once per process, and text turned into safe markup.

ReportLab draws a character the current font lacks as glyph 0, a blank or a tofu box,
without complaint. So no text reaches a Paragraph except through ``markup``, which
cuts it into runs (``convert.fonts.runs``: the role's face first, then the style's
fallbacks, failing with the missing characters listed) and escapes every run, so text
that looks like markup stays text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics

from convert import fonts
from convert.fonts import Face, Family
from convert.styles import Style, TextStyle
from convert.writers.pdf.subsets import SubsetFont

#: ReportLab sets these as spaces whether or not the font maps them.
_SPACES: Final = frozenset(" \u00a0")
#: Face -> its ReportLab font name, and the faces whose file is loaded; module-level so a
#: process reads each font file once however many articles it renders.
_NAMES: Final[dict[Face, str]] = {}
_LOADED: Final[set[Face]] = set()
#: Families whose bold/italic mapping is registered (so <b>/<i> would pick real faces).
_FAMILIES: Final[set[Face]] = set()


def font_name(face: Face) -> str:
    """The face's ReportLab name: ``Face.name``, made unique if another face took it.

    Two styles may name different files that call themselves ``Spectral-Regular``
    (an installed family and a house copy): each keeps its own glyphs.
    """
    name = _NAMES.get(face)
    if name is None:
        taken = set(_NAMES.values())
        name, number = face.name, 1
        while name in taken:
            number += 1
            name = f"{face.name}-{number}"
        _NAMES[face] = name
    return name


def register(face: Face) -> str:
    """Load ``face`` into ReportLab (once per process) and return its font name."""
    name = font_name(face)
    if face not in _LOADED:
        font = SubsetFont(name, str(face.path))
        if font.face.name in _loaded_postscript_names():
            # ReportLab would quietly alias a second file with the same PostScript
            # name to the first one's glyphs; give this one its own name.
            font.face.name += f"-{len(_LOADED) + 1}".encode("ascii")
        pdfmetrics.registerFont(font)
        _LOADED.add(face)
    return name


def _loaded_postscript_names() -> set[bytes]:
    return {pdfmetrics.getFont(_NAMES[face]).face.name for face in _LOADED}


def register_family(family: Family) -> None:
    """Map the family's bold and italic to its real faces (never synthesised ones).

    Only names are mapped here; each face's file is read when a text first uses it.
    """
    if family.regular in _FAMILIES:
        return
    pdfmetrics.registerFontFamily(
        font_name(family.regular),
        normal=font_name(family.regular),
        bold=font_name(family.bold),
        italic=font_name(family.italic),
        boldItalic=font_name(family.bold_italic),
    )
    _FAMILIES.add(family.regular)


@dataclass(frozen=True)
class Chain:
    """The face a role sets its text in, and the faces that stand in for missing glyphs."""

    face: Face
    fallbacks: tuple[Face, ...]

    @property
    def name(self) -> str:
        return register(self.face)


def chain(style: Style, text_style: TextStyle, bold: bool | None = None, italic: bool | None = None) -> Chain:
    """The face chain for a role, optionally forcing bold or italic (the source in the dateline)."""
    b = text_style.bold if bold is None else bold
    i = text_style.italic if italic is None else italic
    family = style.family(text_style.font)
    register_family(family)
    fallbacks = []
    for fallback in style.fallbacks(text_style.font):
        register_family(fallback)
        fallbacks.append(fallback.face(b, i))
    return Chain(family.face(b, i), tuple(fallbacks))


def markup(text: str, face_chain: Chain, explicit: bool = False) -> str:
    """``text`` as Paragraph markup: escaped, with fallback runs in their own face.

    Runs in the chain's main face carry no tag (the paragraph style sets that face)
    unless ``explicit``, for a span inside a paragraph set in another face.
    """
    parts: list[str] = []
    for run, run_face in fonts.runs(text, face_chain.face, face_chain.fallbacks):
        for piece, face in _settable(run, run_face, face_chain.fallbacks):
            if face is face_chain.face and not explicit:
                parts.append(escape(piece))
            else:
                parts.append(f'<font name="{register(face)}">{escape(piece)}</font>')
    return "".join(parts)


def _settable(run: str, face: Face, fallbacks: tuple[Face, ...]) -> Iterator[tuple[str, Face]]:
    """A run cut where the face lacks a character ``fonts.runs`` let through.

    ``runs`` leaves spaces and format characters (thin space, soft hyphen, joiners)
    with their neighbours' face, as they need no glyph of their own; ReportLab would
    draw one it lacks as glyph 0 or drop it. Such a character goes to the first
    fallback that maps it, and is left out when none does (it is invisible anyway).
    """
    if all(ch in _SPACES or face.covers(ch) for ch in set(run)):
        yield run, face
        return
    current: Face | None = None
    start = 0
    for index, ch in enumerate(run):
        chosen = face if ch in _SPACES or face.covers(ch) else next((f for f in fallbacks if f.covers(ch)), None)
        if chosen is not current:
            if current is not None:
                yield run[start:index], current
            current, start = chosen, index
    if current is not None:
        yield run[start:], current
