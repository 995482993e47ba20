"""The DOCX style sheet (``word/styles.xml``), written from a vnconv ``Style``.

In print-prep a DOCX is placed into InDesign or edited in Word, where the paragraph
styles are the interface: every part of the article model has its own named style,
all based on one base style, and every one of them carries its complete formatting
(font, size, leading, colour, alignment, spacing) so that a style maps cleanly to an
InDesign style without inheriting surprises. Each style also carries ``w:lang`` and
all four ``w:rFonts`` slots, so Word never sets a Vietnamese letter in a font that
lacks it (its East Asian and complex-script slots would otherwise fall back to the
theme's fonts).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from convert.styles import MM_PER_PT, Style, TextStyle

W_NS: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

TWIPS_PER_PT: Final = 20
TWIPS_PER_MM: Final = TWIPS_PER_PT / MM_PER_PT
#: Paragraph borders are measured in eighths of a point, from 2 (¼ pt) to 96 (12 pt).
BORDER_EIGHTHS: Final = (2, 96)

_JUSTIFICATION: Final[Mapping[str, str]] = {"left": "left", "right": "right", "center": "center", "justify": "both"}


@dataclass(frozen=True)
class ParagraphStyle:
    """One paragraph style of the sheet and the vnconv text role it is made from."""

    name: str  # as Word shows it (python-docx's UI name)
    style_id: str
    role: str  # a key of Style.text
    next_id: str
    outline_level: int | None = None
    keep_with_next: bool = False
    internal_name: str | None = None  # Word's own lower-case name for some built-in styles
    builtin: bool = False  # one of Word's built-in styles (Body Text, caption, header, footer)

    @property
    def xml_name(self) -> str:
        return self.internal_name or self.name


BASE = ParagraphStyle("vnconv Base", "vnconvBase", "body", "BodyText")
HEADLINE = ParagraphStyle("Headline", "Headline", "headline", "Dateline", outline_level=0, keep_with_next=True)
DATELINE = ParagraphStyle("Dateline", "Dateline", "dateline", "Lead", keep_with_next=True)
LEAD = ParagraphStyle("Lead", "Lead", "lead", "BodyText")
BODY = ParagraphStyle("Body Text", "BodyText", "body", "BodyText", builtin=True)
SUBHEADING = ParagraphStyle("Subheading", "Subheading", "subheading", "BodyText", outline_level=1, keep_with_next=True)
CAPTION = ParagraphStyle("Caption", "Caption", "caption", "BodyText", internal_name="caption", builtin=True)
BYLINE = ParagraphStyle("Byline", "Byline", "byline", "Attribution")
ATTRIBUTION = ParagraphStyle("Attribution", "Attribution", "attribution", "BodyText")
HEADER = ParagraphStyle("Header", "Header", "header", "Header", internal_name="header", builtin=True)
FOOTER = ParagraphStyle("Footer", "Footer", "footer", "Footer", internal_name="footer", builtin=True)

#: The styles made from a text role, in the order the sheet lists them.
ROLE_STYLES: Final = (HEADLINE, DATELINE, LEAD, BODY, SUBHEADING, CAPTION, BYLINE, ATTRIBUTION, HEADER, FOOTER)

PLACEHOLDER_NAME: Final = "Photo Placeholder"
PLACEHOLDER_ID: Final = "PhotoPlaceholder"
CREDIT_NAME: Final = "Photo Credit"
CREDIT_ID: Final = "PhotoCredit"
#: The text role the credit is set in, and the paragraph style it sits inside.
CREDIT_ROLE: Final = "credit"


def quoteattr(value: str) -> str:
    """An XML attribute value, quoted (``xml.sax.saxutils`` would pull in urllib and
    ssl, a tenth of the command's start-up, for these three replacements)."""
    return '"' + value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;") + '"'


def twips(points: float) -> int:
    return round(points * TWIPS_PER_PT)


def half_points(points: float) -> int:
    """Word's type sizes are whole half-points."""
    return max(1, round(points * 2))


def styles_xml(style: Style, lang: str) -> bytes:
    """The whole ``styles.xml`` for this style and article language."""
    body = style.text[BASE.role]
    parts = [
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W_NS}">',
        "<w:docDefaults><w:rPrDefault><w:rPr>",
        _fonts(style.docx_fonts[body.font]),
        f'<w:sz w:val="{half_points(body.size)}"/><w:szCs w:val="{half_points(body.size)}"/>',
        _lang(lang),
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>",
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>',
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
        _paragraph_style(BASE, "Normal", style, lang),
        *(_paragraph_style(p, BASE.style_id, style, lang) for p in ROLE_STYLES),
        _placeholder_style(style),
        _credit_style(style, lang),
        "</w:styles>",
    ]
    return "".join(parts).encode("utf-8")


def _paragraph_style(spec: ParagraphStyle, based_on: str, style: Style, lang: str) -> str:
    text = style.text[spec.role]
    custom = "" if spec.builtin else ' w:customStyle="1"'
    ppr = "".join(
        [
            "<w:keepNext/>" if spec.keep_with_next else "",
            "<w:widowControl/>",
            _spacing(text),
            f'<w:ind w:firstLine="{twips(text.first_indent)}"/>' if text.first_indent else "",
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
    """Exact leading, as the style gives it: Word's 'single' line follows the font's own
    (much taller) line gap instead."""
    return (
        f'<w:spacing w:before="{twips(text.space_before)}" w:after="{twips(text.space_after)}"'
        f' w:line="{twips(text.leading)}" w:lineRule="exact"/>'
    )


def _run_properties(style: Style, text: TextStyle, lang: str, toggles: tuple[bool, bool] | None = None) -> str:
    """``toggles`` replaces the (bold, italic) values written, for character styles."""
    bold, italic = toggles if toggles is not None else (text.bold, text.italic)
    size = half_points(text.size)
    return "".join(
        [
            _fonts(style.docx_fonts[text.font]),
            _toggle("b", bold),
            _toggle("bCs", bold),
            _toggle("i", italic),
            _toggle("iCs", italic),
            f'<w:color w:val="{text.color.lstrip("#").upper()}"/>',
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
    low, high = BORDER_EIGHTHS
    size = min(max(round(box.stroke_width * 8), low), high)
    stroke = box.stroke.lstrip("#").upper()
    border = "".join(
        f'<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="{stroke}"/>' for side in ("top", "left", "bottom", "right")
    )
    return (
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{PLACEHOLDER_ID}">'
        f'<w:name w:val="{PLACEHOLDER_NAME}"/><w:basedOn w:val="{BASE.style_id}"/><w:next w:val="{CAPTION.style_id}"/>'
        "<w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>"
        f"<w:pBdr>{border}</w:pBdr>"
        f'<w:shd w:val="clear" w:color="auto" w:fill="{box.fill.lstrip("#").upper()}"/>'
        f'<w:spacing w:before="0" w:after="{twips(caption.space_before)}"'
        f' w:line="{round(box.height * TWIPS_PER_MM)}" w:lineRule="exact"/>'
        '<w:ind w:firstLine="0"/><w:jc w:val="center"/></w:pPr></w:style>'
    )


def _credit_style(style: Style, lang: str) -> str:
    """The photo credit, a character style used inside Caption paragraphs.

    Bold and italic are toggle properties (ECMA-376 Part 1 §17.7.3): a character style's
    value is XORed with the paragraph style's, so the credit says "switch italic" where
    it differs from the caption, and the result is the credit's own setting.
    """
    credit, caption = style.text[CREDIT_ROLE], style.text[CAPTION.role]
    toggles = (credit.bold != caption.bold, credit.italic != caption.italic)
    return (
        f'<w:style w:type="character" w:customStyle="1" w:styleId="{CREDIT_ID}">'
        f'<w:name w:val="{CREDIT_NAME}"/><w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/>'
        f"<w:rPr>{_run_properties(style, credit, lang, toggles)}</w:rPr></w:style>"
    )

