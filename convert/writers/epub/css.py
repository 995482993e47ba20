"""The book's one style sheet, generated from the vnconv style.

Sizes are relative: the body text is ``1em`` (the reader's chosen size) and every
other role keeps its ratio to the body size of the style sheet, so a reader who
enlarges the type enlarges the whole page in proportion, as EPUB readers expect.
Leading becomes a unitless ``line-height`` and spacing becomes ``em`` of the
element's own size. Page size and margins are print values and stay out: the page
of a reflowable book is the reader's screen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

from convert.fonts import Face
from convert.styles import MM_PER_PT, Style

#: Which element of the XHTML carries which text role (see ``xhtml``).
BLOCK_SELECTORS: Final[Mapping[str, str]] = {
    "body": "article p",
    "dateline": "p.dateline",
    "headline": "h1",
    "lead": "p.lead",
    "subheading": "h2",
    "caption": "figcaption",
    "byline": "p.byline",
    "attribution": "p.attribution",
    "list": "article li",
    "table": "article td",
    "table_header": "article th",
    "quote": "article blockquote p",
    "question": "article p.question",
    "answer": "article p.answer",
    "nav_title": "nav h2",
    "nav_entry": "nav li",
}
#: The style role of each selector above (the navigation page borrows two roles).
SELECTOR_ROLES: Final[Mapping[str, str]] = {
    **{key: key for key in BLOCK_SELECTORS if not key.startswith("nav_")},
    "nav_title": "headline",
    "nav_entry": "subheading",
}


def source_separator(style: Style) -> tuple[str, str]:
    """``separators.source`` split for the date line: the white space the XHTML keeps
    after the date, and the rest, which the CSS generates before the agency slug (its
    trailing spaces made no-break, or generated content would lose them)."""
    separator = style.separators.source
    generated = separator.lstrip()
    kept = " " if len(generated) < len(separator) else ""
    visible = generated.rstrip()
    return kept, visible + "\u00a0" * (len(generated) - len(visible))


def stylesheet(style: Style, fonts: Iterable[tuple[Face, str]]) -> str:
    """CSS for every role; ``fonts`` are the embedded faces and their URLs from the sheet."""
    return "".join(_font_face(face, url) + "\n\n" for face, url in fonts) + _role_rules(style)


#: The last style ``_role_rules`` was asked about, and its rules.
_LAST_RULES: list[tuple[Style, str]] = []


def _role_rules(style: Style) -> str:
    """Every rule but the fonts': the same for every book in a style, so made once for
    the style object last asked about (a batch renders every article with one). By
    identity: a style holds dicts, so it has no hash, and comparing two is no cheaper
    than making the rules (0.4 ms, a tenth of a new article's EPUB)."""
    last = _LAST_RULES[0] if _LAST_RULES else None  # one read: another thread may replace it
    if last is not None and last[0] is style:
        return last[1]
    base = style.text["body"].size
    rules = [_rule("body", {"font-family": _stack(style, "body"), "color": style.text["body"].color})]
    for key, selector in BLOCK_SELECTORS.items():
        role = SELECTOR_ROLES[key]
        rules.append(_rule(selector, _block(style, role, base)))
    rules.extend(_structure(style, base))
    text = "\n\n".join(rules) + "\n"
    _LAST_RULES[:] = [(style, text)]
    return text


def _structure(style: Style, base: float) -> list[str]:
    """Rules for the containers and inline parts around the role texts."""
    caption, placeholder = style.text["caption"], style.placeholder
    return [
        _rule("article, header, footer", {"margin": "0", "padding": "0"}),
        _rule("h1, h2", {"page-break-after": "avoid"}),
        _rule("figure", {"margin": "0", "padding": "0", "page-break-inside": "avoid"}),
        _rule(".dateline .date + .source::before", {"content": css_string(source_separator(style)[1])}),
        _rule("figcaption .credit", _inline(style, "credit", caption.size)),
        _rule(
            ".placeholder",
            {
                "height": f"{_num(placeholder.height)}mm",
                "line-height": f"{_num(placeholder.height)}mm",
                "margin": "0",
                "background-color": placeholder.fill,
                "border": f"{_num(placeholder.stroke_width)}pt solid {placeholder.stroke}",
                "text-align": "center",
                "text-indent": "0",
                **{k: v for k, v in _inline(style, "credit", base).items() if k != "color"},
                "color": placeholder.label_color,
            },
        ),
        _rule(".placeholder::after", {"content": css_string(placeholder.label)}),
        _rule(
            "figure img",
            {
                "display": "block",
                "max-width": "100%",
                "max-height": f"{_num(style.photos.max_height * 100)}vh",
                "width": "auto",
                "height": "auto",
                "margin": "0 auto",
            },
        ),
        *_body_structure(style, base),
        _rule("nav ol", {"list-style-type": "none", "margin": "0", "padding": "0"}),
        _rule("nav a", {"color": "inherit", "text-decoration": "none"}),
    ]


def _body_structure(style: Style, base: float) -> list[str]:
    """Lists with their markers hanging in the indent, ruled tables, quotations set in,
    the speaker's name, and the section break's ornament (or short rule)."""
    indent = _em(style.lists.indent / MM_PER_PT / style.text["list"].size)
    quote = _em(style.quotes.indent / MM_PER_PT / style.text["quote"].size)
    tables = style.tables
    rule = f"{_num(tables.rule_width)}pt solid {tables.rule_color}" if tables.rule_width > 0 else "none"
    padding = _em(tables.cell_padding / style.text["table"].size)
    body = style.text["body"]
    separator = style.text["separator"]
    section = style.section_break
    ornament = (
        [_rule("hr.section-break", {"border": "none", "height": "auto", "text-align": "center", **_block(style, "separator", base)}),
         _rule("hr.section-break::after", {"content": css_string(section.ornament)})]
        if section.ornament
        else [_rule("hr.section-break", {
            "border": "none",
            "border-top": f"{_num(section.rule_width)}pt solid {separator.color}",
            "width": f"{_num(section.rule_length * 100)}%",
            "margin": f"{_em(separator.space_before / separator.size)} auto {_em(separator.space_after / separator.size)} auto",
        })]
    )  # fmt: skip
    return [
        _rule("ul.list, ol.list", {"list-style-type": "none", "margin": f"0 0 {_em(body.space_after / base)} 0", "padding": "0"}),
        _rule("li ul.list, li ol.list", {"margin": "0"}),
        _rule("article li", {"margin-left": indent, "text-indent": f"-{indent}"}),
        _rule("li .marker", {"display": "inline-block", "width": indent, "text-indent": "0"}),
        _rule("article table", {"border-collapse": "collapse", "width": "100%", "margin": f"0 0 {_em(body.space_after / base)} 0"}),
        _rule("article th, article td", {"border": rule, "padding": padding, "vertical-align": "top"}),
        _rule("article th", {"background-color": tables.header_fill}),
        _rule("article blockquote", {"margin": f"0 {quote}", "padding": "0"}),
        _rule("p.answer .speaker", _inline(style, "speaker", style.text["answer"].size)),
        *ornament,
    ]


def _block(style: Style, role: str, parent_size: float) -> dict[str, str]:
    text = style.text[role]
    size = text.size
    return {
        **_inline(style, role, parent_size),
        "line-height": _num(text.line_height / size),
        "text-align": text.align,
        "text-indent": _em(text.first_indent / size),
        "margin": f"{_em(text.space_before / size)} 0 {_em(text.space_after / size)} 0",
        "padding": "0",
    }


def _inline(style: Style, role: str, parent_size: float) -> dict[str, str]:
    text = style.text[role]
    return {
        "font-family": _stack(style, role),
        "font-size": _em(text.size / parent_size),
        "font-weight": "bold" if text.bold else "normal",
        "font-style": "italic" if text.italic else "normal",
        "color": text.color,
    }


def _stack(style: Style, role: str) -> str:
    key = style.text[role].font
    names = [style.family(key).name, *(f.name for f in style.fallbacks(key))]
    return ", ".join(css_string(name) for name in dict.fromkeys(names))


def _font_face(face: Face, url: str) -> str:
    return _rule(
        "@font-face",
        {
            "font-family": css_string(face.family),
            "font-weight": str(face.weight),
            "font-style": "italic" if face.italic else "normal",
            "src": f"url({css_string(url)}) format(\"truetype\")",
        },
    )


def _rule(selector: str, declarations: Mapping[str, str]) -> str:
    body = "\n".join(f"  {prop}: {value};" for prop, value in declarations.items())
    return f"{selector} {{\n{body}\n}}"


def css_string(text: str) -> str:
    """A CSS string literal (CSS 2.1 §4.1.3).

    Quotes, backslashes and control characters become hex escapes (``\\22 ``):
    EPUBCheck's CSS parser misreads ``\\\\"`` (an escaped backslash before the
    closing quote), so the two-character escapes are avoided altogether.
    """
    out = []
    for ch in text:
        if ch in '"\\' or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _em(value: float) -> str:
    return "0" if value == 0 else f"{_num(value)}em"


def _num(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"
