"""The raw Open XML of the DOCX writer: elements and parts written as WordprocessingML.

As python-docx keeps its friendly objects apart from the ``docx.oxml`` layer that
makes the XML, the writer keeps here the pieces of XML it writes as text: the style
sheet (``styles.xml``), body paragraphs, header and footer runs, PAGE/NUMPAGES fields,
the settings and the font table. Element order and attribute values follow ECMA-376
Part 1 (WordprocessingML); text and attribute values are escaped as lxml serializes
them (``text_content``, ``quoteattr``), so each part is the bytes python-docx wrote.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

from convert.styles import MM_PER_PT, Style, TextStyle
from convert.writers.docx.styles import (
    ANSWER,
    BASE,
    CAPTION,
    CREDIT_ID,
    CREDIT_NAME,
    CREDIT_ROLE,
    PHOTO,
    PLACEHOLDER_ID,
    PLACEHOLDER_NAME,
    QUOTE,
    ROLE_STYLES,
    SECTION_BREAK,
    SPEAKER_ID,
    SPEAKER_NAME,
    SPEAKER_ROLE,
    STRUCTURE_STYLES,
    TABLE_STYLE_ID,
    TABLE_STYLE_NAME,
    ParagraphStyle,
)

if TYPE_CHECKING:
    from convert.writers.docx.fonts import EmbeddedFace  # only with --embed-fonts, which imports it
from convert.writers.shared import column_width_mm, quoteattr, text_content

W_NS: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W: Final = "{" + W_NS + "}"
#: The XML declaration of every part python-docx serializes (lxml's ``tostring`` with
#: ``encoding="UTF-8", standalone=True``, python-docx 1.2 ``opc/oxml.py: serialize_part_xml``).
XML_DECLARATION: Final = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"

TWIPS_PER_PT: Final = 20
TWIPS_PER_MM: Final = TWIPS_PER_PT / MM_PER_PT
#: Paragraph borders are measured in eighths of a point, from 2 (¼ pt) to 96 (12 pt).
BORDER_EIGHTHS: Final = (2, 96)

_JUSTIFICATION: Final[Mapping[str, str]] = {"left": "left", "right": "right", "center": "center", "justify": "both"}

def _hex(color: str) -> str:
    """A style colour (``#1a1a1a``) as WordprocessingML writes one (``1A1A1A``)."""
    return color.lstrip("#").upper()


def twips(points: float) -> int:
    return round(points * TWIPS_PER_PT)


def half_points(points: float) -> int:
    """Word's type sizes are whole half-points."""
    return max(1, round(points * 2))


# --- styles.xml --------------------------------------------------------------------------


def styles_xml(style: Style, lang: str, renames: Mapping[str, str] | None = None) -> bytes:
    """The whole ``styles.xml`` for this style and article language; ``renames`` gives
    fonts Word is asked for under another name (subsets, ``fonts.subset_name``)."""
    body = style.text[BASE.role]
    parts = [
        f'{XML_DECLARATION}<w:styles xmlns:w="{W_NS}">',
        "<w:docDefaults><w:rPrDefault><w:rPr>",
        _fonts(style.docx.fonts[body.font]),
        f'<w:sz w:val="{half_points(body.size)}"/><w:szCs w:val="{half_points(body.size)}"/>',
        _lang(lang),
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>",
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>',
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
        _paragraph_style(BASE, "Normal", style, lang),
        *(_paragraph_style(p, BASE.style_id, style, lang) for p in ROLE_STYLES),
        _placeholder_style(style),
        _photo_style(),
        _credit_style(style, lang),
        *structure_styles(style, lang),
        "</w:styles>",
    ]
    xml = "".join(parts)
    for old, new in (renames or {}).items():  # every w:rFonts naming it (``_fonts`` writes them all)
        xml = xml.replace(_fonts(old), _fonts(new))
    return xml.encode("utf-8")


def _paragraph_style(
    spec: ParagraphStyle, based_on: str, style: Style, lang: str, sides: float = 0, border: str = ""
) -> str:
    """A paragraph style from its role; ``sides`` (twips) sets it in from both sides (a
    quotation), ``border`` is a ``w:pBdr`` (a section break's rule)."""
    text = style.text[spec.role]
    custom = "" if spec.builtin else ' w:customStyle="1"'
    indent = f'w:left="{sides}" w:right="{sides}" ' if sides else ""
    ppr = "".join(
        [
            "<w:keepNext/>" if spec.keep_with_next else "",
            "<w:widowControl/>",
            border,
            _spacing(text),
            # Every style says its own indent, 0 too: one left out would inherit vnconv Base's
            # (the body's), and the headline would start indented.
            f'<w:ind {indent}w:firstLine="{twips(text.first_indent)}"/>',
            f'<w:jc w:val="{_JUSTIFICATION[text.align]}"/>',
            f'<w:outlineLvl w:val="{spec.outline_level}"/>' if spec.outline_level is not None else "",
        ]
    )
    return (
        f'<w:style w:type="paragraph"{custom} w:styleId="{spec.style_id}">'
        f"<w:name w:val={quoteattr(spec.xml_name)}/><w:basedOn w:val=\"{based_on}\"/>"
        f'<w:next w:val="{spec.next_id}"/><w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr><w:rPr>{_run_properties(style, text, lang)}</w:rPr></w:style>"
    )


def _spacing(text: TextStyle) -> str:
    """The style's line height as a minimum (``atLeast``, ECMA-376 Part 1 §17.3.1.33).

    Never ``exact``: an exact height clips what rises above it, and Vietnamese
    capitals carry stacked tone marks (Ẩ, Ỗ, Ệ) that at a larger size than the
    style's, or in another font than the style's, rise above the line and collide
    with the line before or lose their marks in Word. At least the style's height,
    lines grow where the font needs more (its own ascent and descent), so a Word user
    can resize a style without lines running into each other. Not ``auto`` (a multiple):
    Word multiplies the font's own line height, which depends on the font Word finds
    (Times New Roman for a Spectral it lacks), not the type size the style means."""
    return (
        f'<w:spacing w:before="{twips(text.space_before)}" w:after="{twips(text.space_after)}"'
        f' w:line="{twips(text.line_height)}" w:lineRule="atLeast"/>'
    )


def _run_properties(style: Style, text: TextStyle, lang: str, toggles: tuple[bool, bool] | None = None) -> str:
    """``toggles`` replaces the (bold, italic) values written, for character styles."""
    bold, italic = toggles if toggles is not None else (text.bold, text.italic)
    size = half_points(text.size)
    return "".join(
        [
            _fonts(style.docx.fonts[text.font]),
            _toggle("b", bold),
            _toggle("bCs", bold),
            _toggle("i", italic),
            _toggle("iCs", italic),
            f'<w:color w:val="{_hex(text.color)}"/>',
            f'<w:kern w:val="{size}"/>',  # pair kerning at this size and above
            f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>',
            _lang(lang),
        ]
    )


def _toggle(tag: str, on: bool) -> str:
    return f"<w:{tag}/>" if on else f'<w:{tag} w:val="0"/>'


def _fonts(name: str) -> str:
    quoted = quoteattr(name)
    return f"<w:rFonts w:ascii={quoted} w:hAnsi={quoted} w:eastAsia={quoted} w:cs={quoted}/>"


def _lang(lang: str) -> str:
    quoted = quoteattr(lang)
    return f"<w:lang w:val={quoted} w:eastAsia={quoted} w:bidi={quoted}/>"


def _placeholder_style(style: Style) -> str:
    """An empty framed paragraph as tall as the style's photo placeholder.

    Its height is an exact line height, its frame paragraph borders and its fill the
    paragraph shading; it keeps with the caption that follows it.
    """
    box = style.placeholder
    caption = style.text[CAPTION.role]
    size = _eighths(box.stroke_width)
    stroke = _hex(box.stroke)
    border = "".join(
        f'<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="{stroke}"/>' for side in ("top", "left", "bottom", "right")
    )
    return (
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{PLACEHOLDER_ID}">'
        f'<w:name w:val="{PLACEHOLDER_NAME}"/><w:basedOn w:val="{BASE.style_id}"/><w:next w:val="{CAPTION.style_id}"/>'
        "<w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>"
        f"<w:pBdr>{border}</w:pBdr>"
        f'<w:shd w:val="clear" w:color="auto" w:fill="{_hex(box.fill)}"/>'
        f'<w:spacing w:before="0" w:after="{twips(caption.space_before)}"'
        f' w:line="{round(box.height * TWIPS_PER_MM)}" w:lineRule="exact"/>'
        '<w:ind w:firstLine="0"/><w:jc w:val="center"/></w:pPr></w:style>'
    )


def _photo_style() -> str:
    """The paragraph of a photo: centred, kept with its caption, its line as tall as
    the picture (an exact line height, as other styles have, would crop it)."""
    return (
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{PHOTO.style_id}">'
        f'<w:name w:val="{PHOTO.name}"/><w:basedOn w:val="{BASE.style_id}"/><w:next w:val="{PHOTO.next_id}"/>'
        "<w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>"
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        '<w:ind w:firstLine="0"/><w:jc w:val="center"/></w:pPr></w:style>'
    )


def structure_styles(style: Style, lang: str) -> list[str]:
    """The styles of the body's structure: list items, table cells, quotations, turns,
    section breaks, the speaker's character style and the table style."""
    quote_sides = round(style.quotes.indent * TWIPS_PER_MM)
    out = []
    for spec in STRUCTURE_STYLES:
        if spec is QUOTE:
            out.append(_paragraph_style(spec, BASE.style_id, style, lang, sides=quote_sides))
        elif spec is SECTION_BREAK and not style.section_break.ornament:
            out.append(_paragraph_style(spec, BASE.style_id, style, lang, *_short_rule(style)))
        else:
            out.append(_paragraph_style(spec, BASE.style_id, style, lang))
    out.append(_character_style(SPEAKER_ID, SPEAKER_NAME, SPEAKER_ROLE, ANSWER.role, style, lang))
    out.append(_table_style(style))
    return out


def _short_rule(style: Style) -> tuple[float, str]:
    """A section break without an ornament: an empty paragraph whose bottom border, set
    in from both sides, is a rule ``section_break.rule_length`` of the text wide."""
    sides = round(column_width_mm(style) * (1 - style.section_break.rule_length) / 2 * TWIPS_PER_MM)
    color = _hex(style.text[SECTION_BREAK.role].color)
    return sides, f'<w:pBdr><w:bottom w:val="single" w:sz="{_eighths(style.section_break.rule_width)}" w:space="1" w:color="{color}"/></w:pBdr>'


def _eighths(points: float) -> int:
    """A rule's width as a border size: eighths of a point, within what Word draws."""
    low, high = BORDER_EIGHTHS
    return min(max(round(points * 8), low), high)


def _table_style(style: Style) -> str:
    """Rules around and between the cells, the cells' margins, and the header row's
    fill (conditional formatting of the first row: tables that have a header say so
    in their ``w:tblLook``)."""
    tables = style.tables
    rule = f'w:val="single" w:sz="{_eighths(tables.rule_width)}" w:space="0" w:color="{_hex(tables.rule_color)}"'
    none = 'w:val="nil"'
    borders = "".join(
        f"<w:{side} {rule if tables.rule_width > 0 else none}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    padding = twips(tables.cell_padding)
    margins = "".join(f'<w:{side} w:w="{padding}" w:type="dxa"/>' for side in ("top", "left", "bottom", "right"))
    return (
        f'<w:style w:type="table" w:customStyle="1" w:styleId="{TABLE_STYLE_ID}"><w:name w:val="{TABLE_STYLE_NAME}"/>'
        f"<w:tblPr><w:tblBorders>{borders}</w:tblBorders><w:tblCellMar>{margins}</w:tblCellMar></w:tblPr>"
        f'<w:tblStylePr w:type="firstRow"><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{_hex(tables.header_fill)}"/>'
        "</w:tcPr></w:tblStylePr></w:style>"
    )


def _character_style(style_id: str, name: str, role: str, within: str, style: Style, lang: str) -> str:
    """A character style for text of ``role`` inside paragraphs of role ``within``.

    Bold and italic are toggle properties (ECMA-376 Part 1 §17.7.3): a character style's
    value is XORed with the paragraph style's, so the style says "switch italic" where
    it differs from the paragraph's, and the result is the role's own setting.
    """
    text, paragraph_text = style.text[role], style.text[within]
    toggles = (text.bold != paragraph_text.bold, text.italic != paragraph_text.italic)
    return (
        f'<w:style w:type="character" w:customStyle="1" w:styleId="{style_id}">'
        f"<w:name w:val={quoteattr(name)}/><w:basedOn w:val=\"DefaultParagraphFont\"/><w:qFormat/>"
        f"<w:rPr>{_run_properties(style, text, lang, toggles)}</w:rPr></w:style>"
    )


def _credit_style(style: Style, lang: str) -> str:
    """The photo credit, a character style used inside Caption paragraphs."""
    return _character_style(CREDIT_ID, CREDIT_NAME, CREDIT_ROLE, CAPTION.role, style, lang)


# --- document.xml ------------------------------------------------------------------------


def paragraph(
    style_id: str, runs: Sequence[tuple[str, str | None]], num_id: int | None = None, align: str | None = None, extra: str = ""
) -> str:
    """A ``w:p`` in paragraph style ``style_id`` holding ``runs``: (text, character
    style id or None), each a ``w:r`` with its text kept as it is (``xml:space``);
    ``num_id``: a list item numbered by that numbering instance (its level 0);
    ``align``: ``left``, ``center`` or ``right`` over the style's own (a table column the
    input aligned), as ``w:jc``, which the schema puts after ``w:numPr``; ``extra``: XML
    after the runs (a photo's ``picture_run``)."""
    numbering = f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>' if num_id is not None else ""
    justification = f"<w:jc w:val={quoteattr(align)}/>" if align is not None else ""
    content = "".join(
        (f"<w:r><w:rPr><w:rStyle w:val={quoteattr(char_style_id)}/></w:rPr>" if char_style_id else "<w:r>")
        + f'<w:t xml:space="preserve">{text_content(text)}</w:t></w:r>'
        for text, char_style_id in runs
    )
    return f"<w:p><w:pPr><w:pStyle w:val={quoteattr(style_id)}/>{numbering}{justification}</w:pPr>{content}{extra}</w:p>"


def run_content(text: str) -> str:
    """A run's content as python-docx's ``Run.text`` setter writes it (python-docx 1.2,
    ``oxml/text/run.py: _RunContentAppender``, ``CT_R.add_t``): a tab is a ``w:tab``, a
    line end a ``w:br``, the rest ``w:t``, kept as it is when it starts or ends with
    white space."""
    out: list[str] = []
    for piece in re.split(r"([\t\r\n])", text):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            out.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            out.append(f"<w:t{space}>{text_content(piece)}</w:t>")
    return "".join(out)


def simple_field(code: str) -> str:
    """A ``w:fldSimple`` (PAGE, NUMPAGES) whose cached result is 1, until Word updates it."""
    return f'<w:fldSimple w:instr=" {code} "><w:r><w:t>1</w:t></w:r></w:fldSimple>'


# --- settings.xml ------------------------------------------------------------------------


def settings_xml(embed_fonts: bool, subset: bool) -> str:
    """``settings.xml``: Word 2013 and later layout (compatibilityMode 15, not
    "Compatibility Mode"); with embedded fonts ``w:embedTrueTypeFonts`` and, for subsets,
    ``w:saveSubsetFonts`` (Word then keeps only the characters used when it saves),
    before ``w:compat`` as CT_Settings orders them."""
    embedding = ("<w:embedTrueTypeFonts/>" + ("<w:saveSubsetFonts/>" if subset else "")) if embed_fonts else ""
    return (
        f'<w:settings xmlns:w="{W_NS}">{embedding}<w:compat><w:compatSetting w:name="compatibilityMode"'
        ' w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>'
    )


# --- fontTable.xml -----------------------------------------------------------------------


def font_table_xml(
    style: Style, used_fonts: Sequence[str], embeds: Sequence[tuple[EmbeddedFace, str]], renames: Mapping[str, str] | None = None
) -> bytes:
    """``fontTable.xml``: one ``w:font`` per DOCX font the styles name, in order of use.

    ``embeds`` pairs each embedded face with the relationship id of its part. An
    embedded font also gets its panose and signature (read from the font file, opened
    for embedding anyway); the plain table stays quick to write, and a style that
    names another family never gets that family's metrics.
    """
    names: dict[str, str] = {}  # DOCX name -> font key it comes from
    for font in used_fonts:
        name = style.docx.fonts[font]
        names.setdefault((renames or {}).get(name, name), font)
    if embeds:
        from convert.writers.docx.fonts import FACE_ORDER
    entries = []
    for name, font in names.items():
        embedded = sorted(
            ((face, rid) for face, rid in embeds if face.docx_name == name), key=lambda pair: FACE_ORDER.index(pair[0].element)
        )
        metrics = (_metrics(style.family(font).regular.path) if embedded else "") or _PLAIN_METRICS
        links = "".join(f'<w:{face.element} r:id="{rid}" w:fontKey="{face.font_key}"/>' for face, rid in embedded)
        entries.append(f"<w:font w:name={quoteattr(name)}>{metrics}{links}</w:font>")
    return (
        f'{XML_DECLARATION}<w:fonts xmlns:w="{W_NS}" xmlns:r="{R_NS}">' + "".join(entries) + "</w:fonts>"
    ).encode("utf-8")


@functools.lru_cache(maxsize=None)
def _metrics(path: Path) -> str:
    """``w:panose1`` (when the font has one) and ``w:sig`` from a face's OS/2 table:
    Word uses them to pick a look-alike on a machine without the font."""
    from convert import fonts

    os2 = fonts.classification(path)
    if os2 is None:
        return ""
    panose = os2.panose.hex().upper()
    sig = " ".join([*(f'w:usb{i}="{v:08X}"' for i, v in enumerate(os2.unicode_ranges)),
                    *(f'w:csb{i}="{v:08X}"' for i, v in enumerate(os2.code_page_ranges))])  # fmt: skip
    panose_xml = f'<w:panose1 w:val="{panose}"/>' if panose.strip("0") else ""
    return f'{panose_xml}<w:charset w:val="00"/><w:family w:val="auto"/><w:pitch w:val="variable"/><w:sig {sig}/>'


_PLAIN_METRICS: Final = '<w:charset w:val="00"/><w:family w:val="auto"/><w:pitch w:val="variable"/>'
