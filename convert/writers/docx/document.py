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

The document is built with python-docx from a stripped starting package
(``package``), the Open XML python-docx has no call for is written by ``oxml``, its
fonts are optionally embedded (``fonts``), and its parts are zipped once, so that with
``SOURCE_DATE_EPOCH`` the output is byte-identical (``package``).
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterator, Sequence
from typing import Final

import docx
from docx.document import Document
from lxml import etree
from docx.enum.section import WD_HEADER_FOOTER, WD_ORIENT, WD_SECTION
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.parts.hdrftr import FooterPart, HeaderPart
from docx.section import Section
from docx.shared import Emu, Mm
from docx.text.paragraph import Paragraph as WordParagraph

from convert.model import Article, Caption, Paragraph, Subheading
from convert.options import Options
from convert.styles import Page, Style
from convert.writers.docx import fonts as embedding
from convert.writers.docx import oxml, structure
from convert.writers.docx import styles as sheet
from convert.writers.docx.package import reproducible_zip, starting_package
from convert.writers.docx.structure import Grid, Para, Run
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
    return reproducible_zip(word_document(article, style, options), options.timestamp)


def word_document(article: Article, style: Style, options: Options) -> Document:
    """The article as python-docx's document, every part filled, not yet packed."""
    check_page(style)  # Word would set 40 columns a letter wide without a word
    article = typeset(article, style)
    lang = language_tag(article.language)
    document = docx.Document(io.BytesIO(starting_package()))
    _install_styles(document, style, lang)
    numbering = structure.Numbering()
    body = paragraphs(article, style, numbering)
    screen_photos([article], style, options)
    _add_body(document, body, _Pictures(document, style, options))
    if numbering.levels:
        _add_numbering(document, numbering)
    # The header repeats the headline on every page: a short one (a one-line file is all headline).
    running_header = shortened(article.title) if style.page.running_header else None
    _set_up_page(document, style, running_header)

    used = _used_faces(style, body, running_header)
    embeds: list[embedding.EmbeddedFace] = []
    if options.embed_fonts:
        chars = set(_document_text(body, style, running_header)) | set("".join(level.text for level in numbering.levels))
        embeds = embedding.faces_to_embed(style, used, chars, subset=options.subset_fonts)
        lacking = embedding.uncovered(style, used, chars)
        refuse_or_warn(options, lacking, (f"{e.docx_name} {e.element[len('embed'):]}" for e in embeds))
        oxml.mark_fonts_embedded(document.settings.element, subset=options.subset_fonts)
    # faces_to_embed gives one face per used face, in sorted order.
    named = zip((style.docx.fonts[font] for font, _, _ in sorted(set(used))), (e.docx_name for e in embeds), strict=False)
    renames = {old: new for old, new in named if old != new}
    if renames:  # subsets under their own names (fonts.subset_name), asked for by that name
        oxml.rename_fonts(document.styles.element, renames)
    _add_font_table(document, style, [font for font, _, _ in used], embeds, renames)
    _set_properties(document, article, lang, options)
    return document


def _install_styles(document: Document, style: Style, lang: str) -> None:
    target = document.styles.element
    for child in list(target):
        target.remove(child)
    for child in parse_xml(oxml.styles_xml(style, lang)):
        target.append(child)


class _Pictures:
    """Photos as inline pictures: resampled for the screen (``shared.screen_photo``),
    as wide as the text (a column's width with columns), at most ``photos.max_height``
    of the text height, each in one image part however often it appears."""

    def __init__(self, document: Document, style: Style, options: Options) -> None:
        page = style.page
        self.width = Mm(column_width_mm(style))
        self.max_height = Mm((page.height - page.margin_top - page.margin_bottom) * style.photos.max_height)
        self.document = document
        self.style = style
        self.options = options
        self.shapes = 0

    def inline(self, path: str, alt: str) -> BaseOxmlElement:
        photo = screen_photo(path, self.style, self.options)
        rid, _ = self.document.part.get_or_add_image(io.BytesIO(photo.data))
        width = min(self.width, round(self.max_height * photo.width / photo.height))
        self.shapes += 1
        inline = CT_Inline.new_pic_inline(self.shapes, rid, f"photo{self.shapes}.{photo.extension}", Emu(width), Emu(round(width * photo.height / photo.width)))
        # Word's alternative text (what a screen reader says for the picture) and its
        # short title: the caption, or the credit when it has none.
        inline.docPr.set("descr", alt)
        inline.docPr.set("title", shortened(alt))
        return oxml.picture_run(inline)


def _add_numbering(document: Document, numbering: structure.Numbering) -> None:
    part = XmlPart(PackURI("/word/numbering.xml"), CONTENT_TYPE.WML_NUMBERING, parse_xml(numbering.xml()), document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.NUMBERING)


def _add_body(document: Document, body: Body, pictures: _Pictures) -> None:
    """Append the paragraphs as XML, each straight before the body's ``w:sectPr``.

    python-docx's ``add_paragraph`` looks for ``w:sectPr`` among all the body's
    children on every call, which makes a long article quadratic (10 MB: minutes).
    """
    body_element = document.element.body
    anchor = body_element.sectPr
    ids: dict[str, str] = {}

    def style_id(name: str) -> str:
        if name not in ids:
            ids[name] = document.styles[name].style_id
        return ids[name]

    def element(para: Para) -> BaseOxmlElement:
        runs = [(run.text, style_id(run.char_style) if run.char_style else None) for run in para.runs]
        return oxml.paragraph(style_id(para.style), runs, para.num_id, para.align)

    for para in body:
        if isinstance(para, Grid):
            paragraph = parse_xml(structure.table_xml(para, lambda cell: etree.tostring(element(cell), encoding="unicode")))
        else:
            paragraph = element(para)
        if isinstance(para, Para) and para.photo is not None:
            paragraph.append(pictures.inline(para.photo, para.alt))
        if anchor is not None:
            anchor.addprevious(paragraph)
        else:
            body_element.append(paragraph)


def _set_up_page(document: Document, style: Style, running_header: str | None) -> None:
    page = style.page
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if page.width > page.height else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(page.width), Mm(page.height)
    section.top_margin, section.bottom_margin = Mm(page.margin_top), Mm(page.margin_bottom)
    section.left_margin, section.right_margin = Mm(page.margin_left), Mm(page.margin_right)
    # Header and footer sit in the middle of their margins.
    section.header_distance, section.footer_distance = Mm(page.margin_top / 2), Mm(page.margin_bottom / 2)
    section.gutter = Mm(0)

    _headers_and_footers(section, page, running_header)
    if page.columns > 1:
        _columns_after_headline_block(document, page.columns, page.column_gap)


def _headers_and_footers(section: Section, page: Page, running_header: str | None) -> None:
    """The running header from page 2; the page-number line in the bottom margin or,
    with ``page.footer_position = "top"`` (Decree 30/2020), the top one; and page 1
    without a number when ``page.footer_first_page`` is false."""
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

    definitions = _Definitions(section)
    parts = [(section.header, "header", WD_HEADER_FOOTER.PRIMARY, header_lines), (section.footer, "footer", WD_HEADER_FOOTER.PRIMARY, footer_lines)]
    if first_page_differs:
        section.different_first_page_header_footer = True
        first = WD_HEADER_FOOTER.FIRST_PAGE
        parts += [(section.first_page_header, "header", first, first_header), (section.first_page_footer, "footer", first, first_footer)]
    for part, kind, index, lines in parts:
        if not lines:
            continue
        element = definitions.add(kind, index)
        for number, (style_id, pieces) in enumerate(lines):
            p = element.p_lst[0] if number == 0 else element.add_p()
            # By id: python-docx's ``paragraph.style = name`` searched every style by XPath
            # for the name and the default (~0.4 ms an article); the XML is the same.
            p.style = style_id
            _fill(WordParagraph(p, part), pieces)
    if first_page_differs:
        # An empty first-page header or footer must still exist, or Word repeats the other.
        for kind in ("header", "footer"):
            if (kind, WD_HEADER_FOOTER.FIRST_PAGE) not in definitions.added:
                definitions.add(kind, WD_HEADER_FOOTER.FIRST_PAGE)


class _Definitions:
    """A section's header and footer parts, added as python-docx adds one when its
    ``is_linked_to_previous`` is set to False (python-docx 1.2, ``section._Header.
    _add_definition``, ``parts/document.py: add_header_part``, ``parts/hdrftr.py:
    HeaderPart.new``, and the same for footers): a part from python-docx's own template,
    related to the document part, and a reference to it in the section's ``w:sectPr``.

    python-docx asked, on the way, whether the section already had one (XPath), which
    part name was free (walking every part of the package) and read the template from
    its file, for every part: 1.9 ms of a new article's DOCX, of 6.7 (loaded machine).
    Here the template is read once, and the parts are numbered as ``next_partname``
    numbers them in a package that starts with none (``package.starting_package``):
    ``header1``, ``header2``... in the order they are added. ``make digests`` compares
    the documents with those python-docx made."""

    def __init__(self, section: Section) -> None:
        self.section = section
        self.added: list[tuple[str, WD_HEADER_FOOTER]] = []

    def add(self, kind: str, index: WD_HEADER_FOOTER) -> BaseOxmlElement:
        """A new, empty header or footer of type ``index`` for the section: its ``w:hdr``
        or ``w:ftr`` (one empty paragraph, as the template has it)."""
        document_part = self.section.part
        number = 1 + sum(1 for added, _ in self.added if added == kind)
        if kind == "header":
            part: HeaderPart | FooterPart = HeaderPart(
                PackURI(f"/word/header{number}.xml"), CONTENT_TYPE.WML_HEADER, parse_xml(_template(kind)), document_part.package
            )
            self.section._sectPr.add_headerReference(index, document_part.relate_to(part, RELATIONSHIP_TYPE.HEADER))
        else:
            part = FooterPart(
                PackURI(f"/word/footer{number}.xml"), CONTENT_TYPE.WML_FOOTER, parse_xml(_template(kind)), document_part.package
            )
            self.section._sectPr.add_footerReference(index, document_part.relate_to(part, RELATIONSHIP_TYPE.FOOTER))
        self.added.append((kind, index))
        return part.element


@functools.cache
def _template(kind: str) -> bytes:
    """python-docx's starting XML of a header or a footer part (``HeaderPart.new``)."""
    return HeaderPart._default_header_xml() if kind == "header" else FooterPart._default_footer_xml()


def _fill(paragraph: WordParagraph, pieces: Sequence[str]) -> None:
    """Text runs and PAGE/NUMPAGES fields (with a cached result of 1) in a paragraph."""
    for piece in pieces:
        code = _FIELD_CODES.get(piece)
        if code is None:
            paragraph.add_run(piece)
        else:
            paragraph._p.append(oxml.simple_field(code))


def _columns_after_headline_block(document: Document, columns: int, gap_mm: float) -> None:
    """Headline, dateline and lead span the page; the rest runs in columns.

    The first section ends in the last paragraph of the headline block and keeps the
    page set-up, headers and footers; the second starts on the same page
    (``continuous``) with the columns and inherits the headers and footers.
    """
    body = document.element.body
    spanning = {sheet.HEADLINE.style_id, sheet.DATELINE.style_id, sheet.LEAD.style_id}
    last = None
    for p in body.iterchildren(qn("w:p")):
        if p.style not in spanning:
            break
        last = p
    if last is None or last is body.p_lst[-1]:
        return  # nothing to span, or nothing after it to set in columns
    oxml.end_section_at(last, body.sectPr, columns, gap_mm)
    document.sections[-1].start_type = WD_SECTION.CONTINUOUS


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
    document: Document,
    style: Style,
    used_fonts: Sequence[str],
    embeds: Sequence[embedding.EmbeddedFace],
    renames: dict[str, str],
) -> None:
    package = document.part.package
    linked = [(face, f"rId{number}") for number, face in enumerate(embeds, start=1)]
    xml = parse_xml(oxml.font_table_xml(style, used_fonts, linked, renames))
    table = XmlPart(PackURI("/word/fontTable.xml"), CONTENT_TYPE.WML_FONT_TABLE, xml, package)
    for number, (face, rid) in enumerate(linked, start=1):
        part = Part(PackURI(f"/word/fonts/font{number}.odttf"), embedding.OBFUSCATED_FONT_TYPE, face.data, package)
        table.load_rel(embedding.FONT_RELATIONSHIP, part, rid)
    document.part.relate_to(table, RELATIONSHIP_TYPE.FONT_TABLE)


def _set_properties(document: Document, article: Article, lang: str, options: Options) -> None:
    """Title, author, subject, language; created and modified from SOURCE_DATE_EPOCH,
    else the dateline's date, else now; revision 1. Empty properties are left out."""
    core = document.core_properties
    core.title = shortened(article.title)
    core.author = shortened(", ".join(article.authors))
    core.subject = shortened(article.lead or "")
    core.language = lang
    core.keywords = shortened(article.source or "")
    core.comments = ""
    core.last_modified_by = ""
    core.revision = 1
    dated = [article.dateline.date] if article.dateline is not None and article.dateline.date is not None else []
    core.created = core.modified = moment(options.timestamp, dated).replace(tzinfo=None)
    element = core._element
    for child in list(element):
        if not (child.text or "").strip() and len(child) == 0:
            element.remove(child)

