"""Faces for ReportLab: registered once per process, and text turned into safe markup.

ReportLab draws a character the current font lacks as glyph 0, a blank or a tofu box,
without complaint, and maps it to nothing in the text layer. So no text reaches a
Paragraph except through ``markup``, which cuts it into runs (the role's face first,
then the style's fallbacks: Noto, the symbol and emoji faces; a private-use
character only in the role's face, ``fonts.private_use``), gives each face a
stand-in glyph for what it lacks (``stand_ins``: nothing for an ignorable character,
a replacement mark for one no face has, the character itself kept in the text layer),
and escapes every run, so text that looks like markup stays text. Fonts are
``subsets.SubsetFont``: unique subset tags and a ToUnicode map Ghostscript keeps.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Final

from reportlab.pdfbase import pdfmetrics

from convert import fonts
from convert.fonts import Face, Family
from convert.styles import Style, TextStyle
from convert.writers.pdf.fonts.subsets import SubsetFont
from convert.writers.pdf.reportlab_internals.truetype_fonts import register_apart

#: ReportLab sets these as spaces whether or not the font maps them.
_SPACES: Final = frozenset(" \u00a0")
#: Where ReportLab may break a word, drawing a hyphen if it does.
SOFT_HYPHEN: Final = "\u00ad"


def escape(text: str) -> str:
    """``text`` safe in Paragraph markup: ``xml.sax.saxutils.escape``'s three replacements,
    without importing it (it imports urllib.request, and with it http.client, email and
    ssl: about 15 ms of every process that writes a PDF)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


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
        # Registered apart: a file that calls itself as one loaded before (a house copy
        # of an installed family) keeps its glyphs and its PostScript name, so its PDF
        # does not depend on what this process loaded first (a server's child has the
        # installed families loaded; a process of its own, none).
        register_apart(SubsetFont(name, str(face.path)))
        _LOADED.add(face)
    return name


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


def register_faces(style: Style) -> None:
    """Load every face a role of ``style`` may set text in, with its family's names:
    what a process's first articles would otherwise load one by one (about 80 ms for
    the default style's 17 faces)."""
    for text_style in style.text.values():
        chain(style, text_style)
    for face in style.role_faces():
        register(face)


class Chain:
    """The face a role sets its text in, and the faces that stand in for missing glyphs.
    (A plain class, as ``layout.flow.Extent`` is: a dataclass cost ~0.5 M instructions to make.)"""

    __slots__ = ("face", "fallbacks")

    def __init__(self, face: Face, fallbacks: tuple[Face, ...]) -> None:
        self.face = face
        self.fallbacks = fallbacks

    @property
    def name(self) -> str:
        return register(self.face)


def chain(style: Style, text_style: TextStyle, bold: bool | None = None, italic: bool | None = None) -> Chain:
    """The face chain for a role (``Style.chain``), optionally forcing bold or italic (the
    source in the dateline), every family of it mapped for ``<b>`` and ``<i>``."""
    for family in (style.family(text_style.font), *style.fallbacks(text_style.font)):
        register_family(family)
    return Chain(*style.chain(text_style, bold, italic))


#: What a character no face of the chain has is drawn as (Unicode's replacement mark).
REPLACEMENT: Final = "\ufffd"


def markup(text: str, face_chain: Chain, explicit: bool = False, strict: bool = True) -> str:
    """``text`` as Paragraph markup: escaped, with fallback runs in their own face.

    Runs in the chain's main face carry no tag (the paragraph style sets that face)
    unless ``explicit``, for a span inside a paragraph set in another face. A
    character no face of the chain has raises MissingGlyphs (listing every such
    character of the text) or, unless ``strict``, is drawn as the replacement mark
    while the text layer keeps it (``stand_ins``).
    """
    if strict:
        fonts.check_coverage(text, (face_chain.face,), face_chain.fallbacks)
    parts: list[str] = []
    for piece, face in _pieces(text, face_chain):
        stand_ins(face, piece, face_chain)
        if face is face_chain.face and not explicit:
            parts.append(escape(piece))
        else:
            parts.append(f'<font name="{register(face)}">{escape(piece)}</font>')
    return "".join(parts)


def _pieces(text: str, face_chain: Chain) -> Iterator[tuple[str, Face]]:
    """``text`` cut into runs, each in one face (``fonts.runs_by``): a character in the
    face ``fonts.setting_face`` picks (a private-use one only in the main face); a space
    in the main face; one that needs no glyph (a joiner, a variation selector) in its
    neighbours' face; one no face may set in ``substitute_face``.

    Most text is all in the main face: the characters the main face sets whatever came
    before (``plain``) are found once per distinct character, and when the others
    all need no glyph (so follow their neighbours, all in the main face) the text is one
    run without a look at each character; otherwise ``pick`` answers ``plain`` ones first.
    """
    main = face_chain.face
    chars = set(text)
    # A word space is the text's, even between two emoji.
    plain = {c for c in chars if c in _SPACES or (c != SOFT_HYPHEN and fonts.needs_glyph(c) and main.covers(c))}
    if all(c == SOFT_HYPHEN or not fonts.needs_glyph(c) for c in chars - plain):
        return iter([(text, main)] if text else [])

    def pick(ch: str, current: Face | None) -> Face:
        if ch in plain:
            return main
        if ch == SOFT_HYPHEN and not (current or main).covers("-"):
            return main  # a line broken there shows a hyphen: in a face that has one
        if not fonts.needs_glyph(ch):
            return current or main
        return fonts.setting_face(ch, main, face_chain.fallbacks) or substitute_face(face_chain, ch)

    return fonts.runs_by(text, pick)


def substitute_face(face_chain: Chain, ch: str) -> Face:
    """The face that draws the replacement mark for ``ch``: the first of the chain that
    has one and lacks ``ch``, else the main face (which lacks it, or it would set it).

    ``stand_ins`` changes the glyph a character gets in a face's ReportLab font, which
    the whole process shares, so it must never change one the face has: a private-use
    character a fallback lacks the right to set may be the main face's own in another
    role (Inter as a text face and a symbol fallback in one style).
    """
    chain = (face_chain.face, *face_chain.fallbacks)
    return next((f for f in chain if f.covers(REPLACEMENT) and not f.covers(ch)), face_chain.face)


def stand_ins(face: Face, piece: str, face_chain: Chain) -> None:
    """Give the face's ReportLab font a glyph for each character of ``piece`` it lacks.

    ReportLab would draw such a character as glyph 0 (a box) and map it to nothing.
    Instead (``SubsetFont.draw_as``) a character that needs no glyph (a default
    ignorable such as U+FE0F or ZWJ, a format character) gets the face's blank
    space glyph, zero wide (a space character, a space's width), and one no face
    has gets the face's replacement mark (U+FFFD; its .notdef box if it has none).
    Either way the ToUnicode map keeps the character itself, so copying the text or
    ``pdftotext`` gives it back. The font is shared by the process, and a character
    a face lacks always gets the same stand-in, so output stays reproducible.
    """
    lacking = {ch for ch in set(piece) if ch not in _SPACES and not face.covers(ch)}
    if not lacking:
        return
    font = pdfmetrics.getFont(register(face))
    assert isinstance(font, SubsetFont)
    blank = font.glyph_of(" ") or 0
    for ch in lacking:
        if fonts.needs_glyph(ch):
            mark = font.glyph_of(REPLACEMENT)
            font.draw_as(ch, mark or 0, font.width_of(REPLACEMENT) if mark else font.notdef_width())
        else:
            font.draw_as(ch, blank, font.width_of(" ") if unicodedata.category(ch) == "Zs" else 0)
