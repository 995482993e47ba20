"""Property tests over the three writers with hostile models (issue 8).

Models come from ``tests.support.hostile`` through the JSON reader. Every output must open
(PDF with pypdf, DOCX with python-docx, EPUB by its OCF structure and XML) and keep
every character of the text. Text no embedded font has stays in every format (the PDF
draws it as a replacement mark), with one warning naming exactly those characters; with
``strict_glyphs`` the PDF refuses, with MissingGlyphs naming exactly them.

Example counts are shares of the active Hypothesis profile's ``max_examples`` (100 by
default: about 300 examples in all, in about half a minute);
``pytest --hypothesis-profile=long`` (2000) runs twenty times as many.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import dataclass

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from convert import fonts
from convert.fonts import Face, MissingGlyphs
from convert.model import SCHEMA, Answer, Article, Block, Caption, List, Paragraph, Question, Quote, Separator, Subheading, Table
from convert.options import Options
from convert.styles import Style
from convert.writers import render
from convert.writers.shared import DRAWN_AS_REPLACEMENT, uncovered_message
from tests.support.docx import expected_paragraphs, reopened_paragraphs
from tests.support.hostile import hostile_models, read
from tests.support.outputs import epub_texts, open_output, squeeze
from tests.support.pdf import expected_body, expected_parts, figure_text, has_running_header, in_order, page_texts, same_characters, split_pages
from tests.support.structure import as_set, shown_items, shown_texts

MOMENT = dt.datetime(2021, 3, 4, 5, 6, 7, tzinfo=dt.timezone.utc)


def examples(share: float) -> settings:
    """``share`` of the active profile's examples, so a longer profile runs more."""
    return settings(
        max_examples=max(5, round(settings.default.max_examples * share)),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@dataclass
class Rendered:
    data: bytes
    warnings: list[str]


def render_with_warnings(fmt: str, article: Article, style: Style, **options: object) -> Rendered:
    warnings: list[str] = []
    data = render(fmt, article, style, Options(timestamp=MOMENT, warn=warnings.append, **options))  # type: ignore[arg-type]
    return Rendered(data, warnings)


def chain(style: Style, role: str, bold: bool | None = None) -> tuple[Face, ...]:
    text = style.text[role]
    b = text.bold if bold is None else bold
    return (style.family(text.font).face(b, text.italic), *(f.face(b, text.italic) for f in style.fallbacks(text.font)))


def lacking(pieces: list[tuple[str, tuple[Face, ...]]]) -> set[str]:
    """What no face may set, as this test reads the rule: a character needing a glyph
    that the role's own face lacks and no fallback has, or that is private-use (Unicode
    category Co), which a fallback never sets."""
    out: set[str] = set()
    for text, (own, *fallbacks) in pieces:
        for ch in set(text):
            if not fonts.needs_glyph(ch) or own.covers(ch):
                continue
            if unicodedata.category(ch) == "Co" or not any(face.covers(ch) for face in fallbacks):
                out.add(ch)
    return out


# --- PDF ------------------------------------------------------------------------------------


def structure_pieces(block: Block, style: Style) -> list[tuple[str, tuple[Face, ...]]]:
    """Which faces set the text of a list, a table, a quotation, a turn or a break."""
    if isinstance(block, List):
        return [(f"{marker} {text}", chain(style, "list")) for _, marker, text in shown_items(block.items, style)]
    if isinstance(block, Table):
        return [(cell, chain(style, "table_header" if block.header and n == 0 else "table")) for n, row in enumerate(block.grid()) for cell in row]
    if isinstance(block, Quote):
        return [(block.text, chain(style, "quote"))]
    if isinstance(block, (Question, Answer)):
        role = "question" if isinstance(block, Question) else "answer"
        label = (block.speaker + style.separators.speaker) if block.speaker else ""
        return [(label, chain(style, role if role == "question" else "speaker")), (block.text, chain(style, role))]
    if isinstance(block, Separator):
        return [(style.section_break.ornament, chain(style, "separator"))]
    return []


def pdf_pieces(article: Article, style: Style) -> list[tuple[str, tuple[Face, ...]]]:
    """Which faces set which text in the PDF, as this test reads the style (not the writer)."""
    article = as_set(article, style)
    pieces = []
    if article.headline:
        pieces += [(article.headline, chain(style, "headline")), (article.headline[:2000], chain(style, "header"))]
    if article.dateline is not None and article.dateline.text:
        pieces.append((article.dateline.text, chain(style, "dateline")))
        if article.source:
            pieces.append((style.separators.source, chain(style, "dateline")))
    if article.source:
        pieces.append((article.source, chain(style, "dateline", bold=True)))
    if article.lead:
        pieces.append((article.lead, chain(style, "lead")))
    for block in article.blocks:
        if isinstance(block, Caption):
            pieces.append((block.text, chain(style, "caption")))
            if block.credit:
                pieces.append((block.credit, chain(style, "credit")))
            if style.placeholder.enabled:
                pieces.append((style.placeholder.label, chain(style, "credit")))
        elif isinstance(block, Subheading):
            pieces.append((block.text, chain(style, "subheading")))
        elif isinstance(block, Paragraph):
            pieces.append((block.text, chain(style, "body")))
        else:
            pieces += structure_pieces(block, style)
    if article.byline is not None:
        pieces.append((article.byline.text, chain(style, "byline")))
    if article.attribution:
        pieces.append((article.attribution, chain(style, "attribution")))
    return pieces


def document(*blocks: dict[str, object]) -> str:
    """A JSON document with nothing but ``blocks``, as ``hostile_models`` writes one."""
    empty = {"headline": None, "dateline": None, "source": None, "lead": None, "byline": None, "attribution": None}
    return json.dumps({"schema": SCHEMA, **empty, "blocks": list(blocks)})


#: A row of words longer than a line (as hostile models draw them): with it a table runs
#: onto a second page, where its header row is drawn again.
_PAGE_OF_WORDS = " ".join(["ơđaưđcđơcưệđba" * 100] * 3)
#: The header row's text stands before the table too, in a paragraph and in a caption:
#: the header row drawn again on page 2 is not the first copy after the paragraph's.
HEADER_TEXT_BEFORE_TABLE = document(
    {"type": "paragraph", "text": "Tỉnh"},
    {"type": "caption", "text": "Tỉnh bộ", "credit": None},
    {"type": "table", "header": True, "rows": [["Tỉnh", ""], ["", _PAGE_OF_WORDS]]},
)
#: A tall row after a short one: split inside the row, under one header row per page.
TALL_ROW_AFTER_SHORT = document({"type": "table", "header": True, "rows": [["Tỉnh"], ["", "Tỉnh <!ENTITY", "Tỉnh Tỉnh Tỉnh"], [f"Tỉnh {_PAGE_OF_WORDS}"]]})
#: A header row in a right-to-left script no face has: extracted in the other order.
RIGHT_TO_LEFT_HEADER = document({"type": "table", "header": True, "rows": [["יב", ""], ["", f"{_PAGE_OF_WORDS} {_PAGE_OF_WORDS}"]]})


def check_pdf(article: Article, style: Style, strict: bool = False) -> str:
    """Render. With ``strict`` the PDF refuses, naming exactly the characters no face
    has; otherwise it sets them as replacement marks with one warning naming exactly
    them. Either way every character of the text comes back from the page (pypdf):
    in order, but for text no face has (right-to-left scripts among it), whose
    characters are then compared as a multiset."""
    expected_missing = lacking(pdf_pieces(article, style))
    warnings: list[str] = []
    try:
        data = render("pdf", article, style, Options(timestamp=MOMENT, strict_glyphs=strict, warn=warnings.append))
    except MissingGlyphs as refused:
        assert strict and set(refused.chars) == expected_missing
        assert str(refused).startswith("no font has a glyph for ") and "\n" not in str(refused)
        return "refused"
    assert not (strict and expected_missing), f"set although no face has {expected_missing!r}"
    assert warnings == ([uncovered_message(expected_missing, DRAWN_AS_REPLACEMENT)] if expected_missing else [])
    opened = open_output("pdf", data)  # parses strictly, no image was drawn
    assert not [p for p in opened.parts if p.endswith("/Image")]
    pages = split_pages(page_texts(data), has_running_header(article, style))
    # ReportLab takes a soft hyphen for a break (drawn as "-" when used) and a zero-width
    # space for whitespace (kept in a word, stripped at a paragraph's ends): like
    # whitespace, they are compared as absent. Every other invisible character (a
    # joiner, a variation selector) is kept in the text layer, drawn as nothing.
    dropped = {"\u00ad", "\u200b"}
    hyphens = "\u00ad" in expected_body(article, style)

    def comparable(text: str) -> str:
        text = "".join(c for c in squeeze(text) if c not in dropped)
        return text.replace("-", "") if hyphens else text

    got = comparable(pages.body)
    # A table's header row is drawn again at the top of each page or column it runs onto.
    repeats = len(pages.footers) * style.page.columns - 1
    if expected_missing:
        assert same_characters(got, expected_parts(article, style), comparable, repeats), got
        return "substituted"
    if not in_order(got, expected_parts(article, style), comparable, repeats):
        # A figure that does not fit under a column's text waits for the next column
        # while the text after it fills the hole (pdf/layout/flow.py): take each figure's text
        # out, in figure order and no earlier than it stands in the article, and the
        # rest must be exactly the article's other text.
        assert style.placeholder.enabled, "only drawn figures ever move"
        cursor = 0
        for block in as_set(article, style).blocks:
            if isinstance(block, Caption):
                text = comparable(figure_text(block, style))
                index = got.find(text, cursor) if text else cursor
                assert index >= 0, f"figure text missing or out of order: {text!r}"
                got, cursor = got[:index] + got[index + len(text) :], index
        assert in_order(got, expected_parts(article, style, figures=False), comparable, repeats), got
    return "set"


@given(
    st.lists(st.tuples(st.text(st.sampled_from("ab .\u00a0"), max_size=30), st.sampled_from("xyz")), max_size=6),
    st.integers(4, 40),
)
def test_long_paragraphs_are_cut_into_pieces_that_give_every_segment_back(segments: list[tuple[str, str]], limit: int) -> None:
    """The PDF cuts any overlong paragraph (headline, caption with its credit...) into
    pieces; each piece keeps its segments' markup, and together they are the whole."""
    from convert.writers.pdf.layout.story import split_segments

    marked = [(text, lambda t, tag=tag: f"<{tag}>{t}</{tag}>") for text, tag in segments]
    parts = split_segments(marked, limit)
    text = "".join(t for t, _ in segments)
    assert "".join(t for part in parts for t, _ in part) == text
    assert all(0 < sum(len(t) for t, _ in part) <= limit for part in parts)
    assert [t for part in parts for t, _ in part if t] == [t for part in parts for t, _ in part]  # no empty runs
    tags = [mark("") for part in parts for t, mark in part for _ in t]
    assert tags == [f"<{tag}></{tag}>" for t, tag in segments for _ in t]  # every character keeps its markup


@examples(0.6)
@given(hostile_models(exotic=False))
@example(document=HEADER_TEXT_BEFORE_TABLE)
@example(document=TALL_ROW_AFTER_SHORT)
def test_pdf_sets_all_of_any_settable_text(style: Style, document: str) -> None:
    event(check_pdf(read(document), style))


@examples(0.2)
@given(hostile_models(exotic=True))
@example(document=HEADER_TEXT_BEFORE_TABLE)
@example(document=RIGHT_TO_LEFT_HEADER)
def test_pdf_sets_what_no_face_has_as_replacements_and_warns_once(style: Style, document: str) -> None:
    event(check_pdf(read(document), style))


@examples(0.1)
@given(hostile_models(exotic=True))
def test_pdf_with_strict_glyphs_refuses_exactly_what_no_face_has(style: Style, document: str) -> None:
    event(check_pdf(read(document), style, strict=True))


# --- DOCX -----------------------------------------------------------------------------------


def docx_embedded_faces(article: Article, style: Style) -> tuple[Face, ...]:
    """The faces ``--embed-fonts`` embeds: every face a used paragraph style names."""
    roles = ["footer"]
    roles += ["headline", "header"] if article.headline is not None else ["header"]
    roles += ["dateline"] if article.dateline is not None or article.source is not None else []
    roles += ["lead"] if article.lead is not None else []
    for block in article.blocks:
        if isinstance(block, Caption):
            roles += ["caption", "credit"] if block.credit is not None else ["caption"]
        elif isinstance(block, (Subheading, Paragraph)):
            roles.append("subheading" if isinstance(block, Subheading) else "body")
        elif isinstance(block, Table):
            roles += ["table_header", "table"] if block.header else ["table"]
        elif isinstance(block, Answer):
            roles += ["answer", "speaker"] if block.speaker else ["answer"]
        else:
            roles.append({List: "list", Quote: "quote", Question: "question", Separator: "separator"}[type(block)])
    roles += ["byline"] if article.byline is not None else []
    roles += ["attribution"] if article.attribution is not None else []
    return tuple({chain(style, role)[0]: None for role in roles})


@examples(0.6)
@given(hostile_models())
def test_docx_reopens_with_every_paragraph_whole(style: Style, document: str) -> None:
    article = read(document)
    rendered = render_with_warnings("docx", article, style)
    open_output("docx", rendered.data)
    assert reopened_paragraphs(rendered.data) == expected_paragraphs(article)
    assert rendered.warnings == []  # nothing embedded: Word picks fonts itself


@examples(0.1)
@given(hostile_models())
def test_docx_with_embedded_fonts_keeps_the_text_and_warns_once(style: Style, document: str) -> None:
    article = read(document)
    rendered = render_with_warnings("docx", article, style, embed_fonts=True)
    open_output("docx", rendered.data)
    assert reopened_paragraphs(rendered.data) == expected_paragraphs(article)
    shown = "".join(shown_texts(article, style))
    chars = shown + style.page.footer + "0123456789" + as_set(article, style).title + style.separators.speaker
    missing = fonts.uncovered(chars, docx_embedded_faces(article, style))
    assert rendered.warnings == ([uncovered_message(missing)] if missing else [])


# --- EPUB -----------------------------------------------------------------------------------


def model_texts(article: Article, style: Style) -> list[str]:
    """The texts the book's elements hold, as set: a list's markers and items, a
    question's speaker with the question, an answer's speaker apart from the answer."""
    article = as_set(article, style)
    texts: list[str | None] = [article.dateline.text if article.dateline else None, article.headline, article.source, article.lead]
    for block in article.blocks:
        if isinstance(block, Caption):
            texts += [block.text, block.credit]
        elif isinstance(block, List):
            texts += [t for _, marker, text in shown_items(block.items, style) for t in (marker, text)]
        elif isinstance(block, Table):
            texts += [cell for row in block.grid() for cell in row]
        elif isinstance(block, Question):
            texts.append((block.speaker + style.separators.speaker if block.speaker else "") + block.text)
        elif isinstance(block, Answer):
            texts += [block.speaker + style.separators.speaker if block.speaker else None, block.text]
        elif not isinstance(block, Separator):  # a break is drawn by the style sheet
            texts.append(block.text)
    texts += [article.byline.text if article.byline else None, article.attribution]
    return sorted(t.strip() for t in texts if t and t.strip())


@examples(0.6)
@given(hostile_models())
def test_epub_opens_and_holds_every_text(plain_style: Style, document: str) -> None:
    article = read(document)
    rendered = render_with_warnings("epub", article, plain_style)
    assert sorted(epub_texts(open_output("epub", rendered.data))) == model_texts(article, plain_style)
    assert rendered.warnings == []


def epub_pieces(article: Article, style: Style) -> list[tuple[str, tuple[Face, ...]]]:
    """Which chain sets which text in the book, the navigation document included."""
    article = as_set(article, style)
    pieces = [(style.epub.toc_title, chain(style, "headline")), (article.title, chain(style, "subheading"))]
    if article.dateline is not None:
        pieces.append((article.dateline.text, chain(style, "dateline")))
    for role, text in (("dateline", article.source), ("headline", article.headline), ("lead", article.lead)):
        if text:
            pieces.append((text, chain(style, role)))
    for block in article.blocks:
        if isinstance(block, Caption):
            pieces.append((block.text, chain(style, "caption")))
            pieces.append((block.credit or "", chain(style, "credit")))
        elif isinstance(block, (Subheading, Paragraph)):
            pieces.append((block.text, chain(style, "subheading" if isinstance(block, Subheading) else "body")))
        else:
            pieces += structure_pieces(block, style)
    if article.byline is not None:
        pieces.append((article.byline.text, chain(style, "byline")))
    if article.attribution:
        pieces.append((article.attribution, chain(style, "attribution")))
    return pieces


@examples(0.1)
@given(hostile_models())
def test_epub_with_embedded_fonts_keeps_the_text_and_warns_once(style: Style, document: str) -> None:
    article = read(document)
    rendered = render_with_warnings("epub", article, style)
    assert sorted(epub_texts(open_output("epub", rendered.data))) == model_texts(article, style)
    missing = lacking(epub_pieces(article, style))
    assert rendered.warnings == ([uncovered_message(missing)] if missing else [])
