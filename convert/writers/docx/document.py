"""DOCX: a Word file whose paragraph styles are the interface (``vnconv docx``).

In print-prep a DOCX is placed into InDesign or edited in Word, so the structure
lives in named paragraph styles (``styles``): every paragraph carries the style
of the part of the article it holds and no direct formatting, so restyling the
document, or mapping it to a layout's styles, is one change per style. A caption
follows its photo (an inline picture in a *Photo* paragraph) or, when it has none,
an empty framed *Photo Placeholder* paragraph; its credit is a run in the *Photo
Credit* character style. Page size, margins and
columns come from the style; a footer numbers the pages ("Trang 1/3") with PAGE and
NUMPAGES fields, and a running header repeats the headline after the first page.

Every part is written here and in ``oxml`` as text, the package by ``package``; what
python-docx contributes (the header and footer parts' starting XML, an inline
picture) is taken from python-docx once and kept (``skeleton``), so a ``vnconv docx``
does not import it. The parts are what python-docx 1.2 wrote when it built the
document: the same bytes (``make digests``), and python-docx reads the file back and
writes it unchanged (``tests/writers/docx/test_package.py``). Its fonts are
optionally embedded (``fonts``), and its parts are zipped once, so that with
``SOURCE_DATE_EPOCH`` the output is byte-identical (``package``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from convert.model import Article, Caption, Paragraph, Subheading
from convert.options import Options
from convert.styles import Style
from convert.writers.docx import oxml, structure
from convert.writers.docx import package as opc
from convert.writers.docx import styles as sheet
from convert.writers.docx.oxml import R_NS, W_NS, XML_DECLARATION, quoteattr, text_content
from convert.writers.docx.package import DOCUMENT, Package, reproducible_zip
from convert.writers.docx.skeleton import skeleton
from convert.writers.docx.structure import Grid, Para, Run

if TYPE_CHECKING:
    # Embedding fonts (--embed-fonts) is all that reads a font: the writer imports it,
    # and convert.fonts with it, only then (a plain DOCX asks no font for anything).
    from convert.writers.docx import fonts as embedding
from convert.writers.shared import (
    check_page,
    column_width_mm,
    language_tag,
    moment,
    refuse_or_warn,
    screen_photo,
    screen_photos,
    shortened,
    typeset,
)

_FIELD: Final = re.compile(r"(\{page\}|\{pages\})")
_FIELD_CODES: Final = {"{page}": "PAGE", "{pages}": "NUMPAGES"}
#: Characters page numbers may need, for font subsets.
_DIGITS: Final = "0123456789"


#: Word's only way to keep two words on one line: a no-break space between them.
NO_BREAK_SPACE: Final = "\u00a0"


def headline_text(headline: str) -> str:
    """The headline with its last space a no-break space, so Word never leaves its last
    word alone on a line (the PDF balances the lines instead; Word cannot). Only the
    DOCX changes this one character, and only in a headline of three words or more:
    text taken from the DOCX has U+00A0 there, which every tool that folds whitespace
    reads as a space."""
    head, space, last = headline.rpartition(" ")
    if not space or not last.strip() or not head[-1:].strip() or len(headline.split()) < 3:
        return headline
    return head + NO_BREAK_SPACE + last


#: What the body holds: paragraphs, and tables of paragraphs.
Body = list[Para | Grid]


def paragraphs(article: Article, style: Style, numbering: structure.Numbering | None = None) -> Body:
    """The body of the document, in reading order; lists add their numbering to ``numbering``."""
    numbering = numbering if numbering is not None else structure.Numbering()
    out: Body = []
    if article.headline is not None:
        out.append(Para(sheet.HEADLINE.name, (Run(headline_text(article.headline)),)))
    dateline = [t for t in (article.dateline.text if article.dateline else None, article.source) if t is not None]
    if dateline:
        out.append(Para(sheet.DATELINE.name, (Run(style.separators.source.join(dateline)),)))
    if article.lead is not None:
        out.append(Para(sheet.LEAD.name, (Run(article.lead),)))
    for block in article.blocks:
        if isinstance(block, Caption):
            if block.photo is not None:
                out.append(Para(sheet.PHOTO.name, photo=block.photo, alt=block.text or block.credit or ""))
            elif style.placeholder.enabled:
                out.append(Para(sheet.PLACEHOLDER_NAME))
            runs = [Run(block.text)]
            if block.credit is not None:
                runs.append(Run(style.separators.credit + block.credit if block.text else block.credit, sheet.CREDIT_NAME))
            out.append(Para(sheet.CAPTION.name, tuple(runs)))
        elif isinstance(block, Subheading):
            out.append(Para(sheet.SUBHEADING.name, (Run(block.text),)))
        elif isinstance(block, Paragraph):
            out.append(Para(sheet.BODY.name, (Run(block.text),)))
        else:  # lists, tables, quotations, interview turns, section breaks
            out.extend(structure.block_paras(block, style, numbering))
    if article.byline is not None:
        out.append(Para(sheet.BYLINE.name, (Run(article.byline.text),)))
    if article.attribution is not None:
        out.append(Para(sheet.ATTRIBUTION.name, (Run(article.attribution),)))
    return out


def render(article: Article, style: Style, options: Options) -> bytes:
    return reproducible_zip(word_package(article, style, options), options.timestamp)


#: Paragraph and character style names to their ids in the style sheet (``oxml.styles_xml``).
_STYLE_IDS: Final = {
    **{spec.name: spec.style_id for spec in (sheet.BASE, *sheet.ROLE_STYLES, *sheet.STRUCTURE_STYLES, sheet.PHOTO)},
    sheet.PLACEHOLDER_NAME: sheet.PLACEHOLDER_ID,
    sheet.CREDIT_NAME: sheet.CREDIT_ID,
    sheet.SPEAKER_NAME: sheet.SPEAKER_ID,
}
#: Twips and EMU as python-docx converts them (``docx/shared.py``: ``Mm``, ``Length.twips``).
_EMU_PER_MM: Final = 36000
_EMU_PER_TWIP: Final = 635


def _emu(mm: float) -> int:
    return int(mm * _EMU_PER_MM)


def _twips(mm: float) -> int:
    return int(round(_emu(mm) / float(_EMU_PER_TWIP)))


def word_package(article: Article, style: Style, options: Options) -> Package:
    """The article as a DOCX package, every part written, not yet zipped."""
    check_page(style)  # Word would set 40 columns a letter wide without a word
    article = typeset(article, style)
    lang = language_tag(article.language)
    package = Package()
    numbering = structure.Numbering()
    body = paragraphs(article, style, numbering)
    screen_photos([article], style, options)
    body_xml = _body_xml(body, _Pictures(package, style, options))
    if numbering.levels:
        package.add("/word/numbering.xml", opc.NUMBERING_TYPE, numbering.xml())
        package.relate(DOCUMENT, opc.NUMBERING, "/word/numbering.xml")
    # The header repeats the headline on every page: a short one (a one-line file is all headline).
    running_header = shortened(article.title) if style.page.running_header else None
    section = _headers_and_footers(package, style, running_header)
    package.set(DOCUMENT, _document_xml(body, body_xml, section, style))

    used = _used_faces(style, body, running_header)
    embeds: list[embedding.EmbeddedFace] = []
    if options.embed_fonts:
        from convert.writers.docx import fonts as embedding

        chars = set(_document_text(body, style, running_header)) | set("".join(level.text for level in numbering.levels))
        embeds = embedding.faces_to_embed(style, used, chars, subset=options.subset_fonts)
        lacking = embedding.uncovered(style, used, chars)
        refuse_or_warn(options, lacking, (f"{e.docx_name} {e.element[len('embed'):]}" for e in embeds))
    package.set("/word/settings.xml", (XML_DECLARATION + oxml.settings_xml(options.embed_fonts, options.subset_fonts)).encode("utf-8"))
    # faces_to_embed gives one face per used face, in sorted order.
    named = zip((style.docx.fonts[font] for font, _, _ in sorted(set(used))), (e.docx_name for e in embeds), strict=False)
    renames = {old: new for old, new in named if old != new}
    # Subsets under their own names (fonts.subset_name) are asked for by that name.
    package.set("/word/styles.xml", oxml.styles_xml(style, lang, renames))
    _add_font_table(package, style, [font for font, _, _ in used], embeds, renames)
    package.set("/docProps/core.xml", _core_properties(article, lang, options))
    return package


class _Pictures:
    """Photos as inline pictures: resampled for the screen (``shared.screen_photo``),
    as wide as the text (a column's width with columns), at most ``photos.max_height``
    of the text height, each in one image part however often it appears (python-docx's
    ``get_or_add_image``: the same bytes, the same part, ``/word/media/imageN.ext``)."""

    def __init__(self, package: Package, style: Style, options: Options) -> None:
        page = style.page
        self.width = _emu(column_width_mm(style))
        self.max_height = _emu((page.height - page.margin_top - page.margin_bottom) * style.photos.max_height)
        self.package = package
        self.style = style
        self.options = options
        self.shapes = 0
        self.images: dict[str, str] = {}  # SHA-1 of the bytes -> part name

    def run(self, path: str, alt: str) -> str:
        photo = screen_photo(path, self.style, self.options)
        import hashlib  # only with a photo (Pillow is loaded then too); OpenSSL's, ~11 M instructions

        digest = hashlib.sha1(photo.data).hexdigest()
        if digest not in self.images:
            self.images[digest] = f"/word/media/image{len(self.images) + 1}.{photo.extension}"
            self.package.add(self.images[digest], photo.media_type, photo.data)
        rid = self.package.relate(DOCUMENT, opc.IMAGE, self.images[digest])
        width = min(self.width, round(self.max_height * photo.width / photo.height))
        self.shapes += 1
        # Word's alternative text (what a screen reader says for the picture) and its
        # short title: the caption, or the credit when it has none.
        return skeleton().picture_run(
            self.shapes, rid, f"photo{self.shapes}.{photo.extension}", width, round(width * photo.height / photo.width), alt, shortened(alt)
        )


def _body_xml(body: Body, pictures: _Pictures) -> list[str]:
    """Each paragraph (or table) of the body as XML, in order."""

    def element(para: Para, extra: str = "") -> str:
        runs = [(run.text, _STYLE_IDS[run.char_style] if run.char_style else None) for run in para.runs]
        return oxml.paragraph(_STYLE_IDS[para.style], runs, para.num_id, para.align, extra)

    out = []
    for para in body:
        if isinstance(para, Grid):
            out.append(structure.table_xml(para, element))
        elif para.photo is not None:
            out.append(element(para, pictures.run(para.photo, para.alt)))
        else:
            out.append(element(para))
    return out


@dataclass
class _Section:
    """The page set-up of the document's one section (two with columns), as python-docx
    1.2 writes a ``w:sectPr`` (``docx/oxml/section.py``: children in the schema's order,
    header and footer references in the order they were added, before the page size)."""

    references: list[str] = field(default_factory=list)
    title_page: bool = False

    def xml(self, style: Style, with_parts: bool = True, columns: tuple[int, float] | None = None) -> str:
        page = style.page
        orient = ' w:orient="landscape"' if page.width > page.height else ""
        margins = "".join(
            f' w:{side}="{_twips(value)}"'
            for side, value in (
                ("top", page.margin_top), ("bottom", page.margin_bottom), ("left", page.margin_left),
                ("right", page.margin_right), ("header", page.margin_top / 2), ("footer", page.margin_bottom / 2), ("gutter", 0),
            )
        )  # fmt: skip
        cols = f'<w:cols w:num="{columns[0]}" w:space="{round(columns[1] * oxml.TWIPS_PER_MM)}"/>' if columns else "<w:cols/>"
        return "".join(
            [
                "<w:sectPr>",
                "".join(self.references) if with_parts else "",
                '<w:type w:val="continuous"/>' if columns else "",
                f'<w:pgSz{orient} w:w="{_twips(page.width)}" w:h="{_twips(page.height)}"/>',
                f"<w:pgMar{margins}/>",
                cols,
                "<w:titlePg/>" if self.title_page and with_parts else "",
                "</w:sectPr>",
            ]
        )


def _headers_and_footers(package: Package, style: Style, running_header: str | None) -> _Section:
    """The running header from page 2; the page-number line in the bottom margin or,
    with ``page.footer_position = "top"`` (Decree 30/2020), the top one; and page 1
    without a number when ``page.footer_first_page`` is false. Each part is added as
    python-docx added one (``section._Header._add_definition``, ``HeaderPart.new``): its
    template's root (``skeleton``), related to the document, referred to by the section;
    ``header1``, ``header2``... in the order they are added."""
    page = style.page
    # Each line is (paragraph style id, pieces): the running header in Header, the page
    # number line in Footer wherever it stands, so it keeps the footer role's alignment.
    numbers = [(sheet.FOOTER.style_id, [piece for piece in _FIELD.split(page.footer) if piece])] if page.footer else []
    top = page.footer_position == "top"
    header_lines = [(sheet.HEADER.style_id, [running_header])] if running_header is not None else []
    if top:
        header_lines += numbers
    footer_lines = [] if top else numbers
    first_page_differs = running_header is not None or not page.footer_first_page
    first_header = numbers if top and page.footer_first_page else []
    first_footer = footer_lines if page.footer_first_page else []

    section = _Section(title_page=first_page_differs)
    added: list[tuple[str, str]] = []

    def add(kind: str, index: str, lines: Sequence[tuple[str, Sequence[str]]]) -> None:
        number = 1 + sum(1 for known, _ in added if known == kind)
        name = f"/word/{kind}{number}.xml"
        opening, blank, closing = skeleton().header if kind == "header" else skeleton().footer
        content = "".join(_line(style_id, pieces) for style_id, pieces in lines) if lines else blank
        package.add(name, opc.HEADER_TYPE if kind == "header" else opc.FOOTER_TYPE, (opening + content + closing).encode("utf-8"))
        rid = package.relate(DOCUMENT, opc.HEADER if kind == "header" else opc.FOOTER, name)
        section.references.append(f'<w:{kind}Reference w:type="{index}" r:id="{rid}"/>')
        added.append((kind, index))

    parts = [("header", "default", header_lines), ("footer", "default", footer_lines)]
    if first_page_differs:
        parts += [("header", "first", first_header), ("footer", "first", first_footer)]
    for kind, index, lines in parts:
        if lines:
            add(kind, index, lines)
    if first_page_differs:
        # An empty first-page header or footer must still exist, or Word repeats the other.
        for kind in ("header", "footer"):
            if (kind, "first") not in added:
                add(kind, "first", [])
    return section


def _line(style_id: str, pieces: Sequence[str]) -> str:
    """A header or footer paragraph: text runs (as python-docx's ``add_run`` writes them)
    and PAGE/NUMPAGES fields (with a cached result of 1)."""
    content = []
    for piece in pieces:
        code = _FIELD_CODES.get(piece)
        if code is not None:
            content.append(oxml.simple_field(code))
        else:
            text = oxml.run_content(piece)
            content.append(f"<w:r>{text}</w:r>" if text else "<w:r/>")
    return f"<w:p><w:pPr><w:pStyle w:val={quoteattr(style_id)}/></w:pPr>{''.join(content)}</w:p>"


def _document_xml(body: Body, body_xml: list[str], section: _Section, style: Style) -> bytes:
    """``document.xml``: the body, and its section. With columns, headline, dateline and
    lead span the page and the rest runs in columns: the first section ends in the last
    paragraph of the headline block and keeps the page set-up, headers and footers; the
    second starts on the same page (``continuous``) with the columns and inherits the
    headers and footers."""
    page = style.page
    final = section.xml(style)
    if page.columns > 1:
        spanning = {sheet.HEADLINE.name, sheet.DATELINE.name, sheet.LEAD.name}
        paras = [index for index, para in enumerate(body) if isinstance(para, Para)]  # tables are no paragraphs
        last = None
        for index in paras:
            if body[index].style not in spanning:
                break
            last = index
        if last is not None and last != paras[-1]:  # something to span, and something after it
            xml = body_xml[last]
            properties_end = xml.index("</w:pPr>")
            body_xml = [*body_xml[:last], xml[:properties_end] + final + xml[properties_end:], *body_xml[last + 1 :]]
            final = section.xml(style, with_parts=False, columns=(page.columns, page.column_gap))
    return (
        f'{XML_DECLARATION}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{"".join(body_xml)}{final}</w:body></w:document>'
    ).encode("utf-8")


def _flat(body: Body) -> Iterator[Para]:
    """Every paragraph of the body, those in tables' cells too, in reading order."""
    for para in body:
        if isinstance(para, Grid):
            yield from (cell for row in para.rows for cell in row)
        else:
            yield para


def _used_faces(style: Style, body: Body, running_header: str | None) -> list[tuple[str, bool, bool]]:
    """(font key, bold, italic) of every face the document sets text in, in order of use."""
    by_name = {s.name: s.role for s in (*sheet.ROLE_STYLES, *sheet.STRUCTURE_STYLES)}
    roles = [by_name[p.style] for p in _flat(body) if p.runs and p.style in by_name]
    for name, role in ((sheet.CREDIT_NAME, sheet.CREDIT_ROLE), (sheet.SPEAKER_NAME, sheet.SPEAKER_ROLE)):
        if any(run.char_style == name for p in _flat(body) for run in p.runs):
            roles.append(role)
    roles += ([sheet.HEADER.role] if running_header is not None else []) + [sheet.FOOTER.role]
    used: dict[tuple[str, bool, bool], None] = {}
    for role in roles:
        text = style.text[role]
        used.setdefault((text.font, text.bold, text.italic))
    return list(used)


def _document_text(body: Body, style: Style, running_header: str | None) -> Iterator[str]:
    """Every character the document sets, headers, footers and page numbers included
    (the lists' markers are the numbering's)."""
    for para in _flat(body):
        yield from para.text
    yield from running_header or ""
    yield from _FIELD.sub("", style.page.footer)
    yield from _DIGITS


def _add_font_table(
    package: Package,
    style: Style,
    used_fonts: Sequence[str],
    embeds: Sequence[embedding.EmbeddedFace],
    renames: dict[str, str],
) -> None:
    linked = [(face, f"rId{number}") for number, face in enumerate(embeds, start=1)]
    package.add("/word/fontTable.xml", opc.FONT_TABLE_TYPE, oxml.font_table_xml(style, used_fonts, linked, renames))
    if linked:
        from convert.writers.docx import fonts as embedding
    for number, (face, rid) in enumerate(linked, start=1):
        name = f"/word/fonts/font{number}.odttf"
        package.add(name, embedding.OBFUSCATED_FONT_TYPE, face.data)
        package.relate("/word/fontTable.xml", embedding.FONT_RELATIONSHIP, name, rid)
    package.relate(DOCUMENT, opc.FONT_TABLE, "/word/fontTable.xml")


#: The core properties' root, as python-docx serialized the starting ``core.xml``.
_CORE_ROOT: Final = (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
)


def _core_properties(article: Article, lang: str, options: Options) -> bytes:
    """``core.xml``: title, author, subject, language, keywords; created and modified
    from SOURCE_DATE_EPOCH, else the dateline's date, else now; revision 1. Empty
    properties are left out. In the order python-docx's ``CoreProperties`` setters
    appended them, dates as it writes them (``docx/oxml/coreprops.py``)."""
    dated = [article.dateline.date] if article.dateline is not None and article.dateline.date is not None else []
    when = moment(options.timestamp, dated).replace(tzinfo=None).strftime("%Y-%m-%dT%H:%M:%SZ")
    texts = (
        ("dc:title", shortened(article.title)),
        ("dc:creator", shortened(", ".join(article.authors))),
        ("dc:subject", shortened(article.lead or "")),
        ("dc:language", lang),
        ("cp:keywords", shortened(article.source or "")),
        ("cp:revision", "1"),
    )
    items = [f"<{tag}>{text_content(text)}</{tag}>" for tag, text in texts if text.strip()]
    items += [f'<dcterms:{tag} xsi:type="dcterms:W3CDTF">{when}</dcterms:{tag}>' for tag in ("created", "modified")]
    return f"{XML_DECLARATION}{_CORE_ROOT}{''.join(items)}</cp:coreProperties>".encode("utf-8")
