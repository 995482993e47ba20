"""The EPUB writer: semantic XHTML holding the model's text, metadata, fonts, editions, bytes."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
import unicodedata
import uuid
import zipfile
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from hypothesis import given, settings
from lxml import etree

from convert import fonts, styles
from convert.io import load_article
from convert.model import Article, Byline, Caption, Dateline, Paragraph, Subheading
from convert.options import Options
from convert.styles import Style
from convert.writers import epub as writer
from convert.writers.shared import RenderWarning, uncovered_message
from tests.conftest import SEED
from tests.support.epub import NS, XML_LANG, Book
from tests.support.hostile import HOSTILE
from tests.support.strategies import articles
from tests.support.structure import as_set

MOMENT = dt.datetime(2024, 5, 6, 7, 8, 10, tzinfo=dt.timezone.utc)
FIXED = Options(timestamp=MOMENT)



@pytest.fixture(scope="module")
def seed_article() -> Article:
    return load_article(str(SEED))


@pytest.fixture(scope="module")
def seed_book(seed_article: Article, style: Style) -> Book:
    return Book(writer.render(seed_article, style, FIXED))


# --- reading the XHTML back -------------------------------------------------------------


def local(element: etree._Element) -> str:
    return etree.QName(element).localname


def role_of(element: etree._Element) -> str | None:
    """The text role of an element, as this test reads the markup (not as the writer says)."""
    tag, classes = local(element), set((element.get("class") or "").split())
    parent = element.getparent()
    navs = [a for a in element.iterancestors() if local(a) == "nav"]
    if any(nav.get("hidden") is not None for nav in navs):
        return None  # landmarks, page list: not drawn (the reading system lists them in its own face)
    if navs:
        return {"h2": "headline", "a": "subheading"}.get(tag)
    if tag in ("time", "span") and classes & {"date", "source"}:
        return "dateline"
    if tag == "span" and parent is not None and local(parent) == "figcaption":
        return "credit" if "credit" in classes else "caption"
    if tag == "figcaption":
        return "caption"
    if tag == "p":
        for role in ("lead", "byline", "attribution", "dateline"):
            if role in classes:
                return role
        return "body" if not classes else None
    return {"h1": "headline", "h2": "subheading"}.get(tag)


def texts(document: etree._Element) -> list[tuple[str, str]]:
    """Every text node of the body with the role of its element; tails must be blank."""
    body = document.find("x:body", NS)
    found = []
    for element in body.iter():
        if element.tail is not None and element is not body:
            assert not element.tail.strip(), f"text {element.tail!r} outside any element"
        if element.text and element.text.strip():
            role = role_of(element)
            assert role is not None, f"text {element.text!r} in an unexpected <{local(element)} class={element.get('class')!r}>"
            found.append((role, element.text))
    return found


def expected_roles(article: Article) -> Counter[tuple[str, str]]:
    expected: list[tuple[str, str]] = []
    if article.dateline:
        expected.append(("dateline", article.dateline.text))
    if article.source:
        expected.append(("dateline", article.source))
    if article.headline:
        expected.append(("headline", article.headline))
    if article.lead:
        expected.append(("lead", article.lead))
    for block in article.blocks:
        role = {Paragraph: "body", Subheading: "subheading", Caption: "caption"}[type(block)]
        expected.append((role, block.text))
        if isinstance(block, Caption) and block.credit:
            expected.append(("credit", block.credit))
    if article.byline:
        expected.append(("byline", article.byline.text))
    if article.attribution:
        expected.append(("attribution", article.attribution))
    return Counter(expected)


def assert_text_is_the_models(book: Book, models: list[Article], style: Style) -> None:
    """Every text of the models, as set (typographic quotes and dashes), in its role and order."""
    models = [as_set(model, style) for model in models]
    documents = book.articles()
    assert len(documents) == len(models)
    for document, article in zip(documents, models, strict=True):
        found = texts(document)
        assert Counter(found) == expected_roles(article)
        assert sorted(text for _, text in found) == sorted(t for t in article.texts() if t)
        body_order = [t for role, t in found if role in ("lead", "body", "subheading", "caption", "credit")]
        model_order = [article.lead] + [t for b in article.blocks for t in (b.text, getattr(b, "credit", None))]
        assert body_order == [t for t in model_order if t]


# --- structure and text -----------------------------------------------------------------


def test_seed_is_semantic_xhtml(seed_book: Book, seed_article: Article) -> None:
    (document,) = seed_book.articles()
    assert document.get("lang") == document.get(XML_LANG) == "vi"
    article = document.find("x:body/x:article", NS)
    header = article.find("x:header", NS)
    assert header.findtext("x:h1", namespaces=NS) == seed_article.headline
    dateline = header.find("x:p[@class='dateline']", NS)
    assert dateline.find("x:time", NS).get("datetime") == "2019-08-17"
    assert dateline.findtext("x:time", namespaces=NS) == "Thứ bảy, 17/08/2019"
    assert dateline.findtext("x:span[@class='source']", namespaces=NS) == "LSO"
    assert article.findtext("x:p[@class='lead']", namespaces=NS) == seed_article.lead
    figures = article.findall("x:figure", NS)
    assert len(figures) == 3
    for figure in figures:
        placeholder, caption = list(figure)
        assert placeholder.get("class") == "placeholder" and placeholder.get("role") == "img"
        assert placeholder.get("aria-label") == "Ảnh" and local(caption) == "figcaption"
    assert article.findtext("x:footer/x:p[@class='byline']", namespaces=NS) == "PHÙNG KHIÊM"
    assert_text_is_the_models(seed_book, [seed_article], styles.load("default"))


def test_every_document_is_in_vietnamese(seed_book: Book) -> None:
    for name, data in seed_book.files.items():
        if name.endswith(".xhtml"):
            root = etree.fromstring(data)
            assert root.get("lang") == root.get(XML_LANG) == "vi", name


def test_text_that_looks_like_markup_stays_text(style: Style) -> None:
    book = Book(writer.render(HOSTILE, style, FIXED))
    assert_text_is_the_models(book, [HOSTILE], style)
    raw = book.files[book.path(book.spine()[0])].decode()
    assert "&lt;b&gt;Tin nóng&lt;/b&gt; &amp; “ngoặc kép” ]]&gt; &amp;amp;" in raw  # quotes set typographically
    assert "<script" not in raw and "<img" not in raw
    assert book.metadata("title") == [as_set(HOSTILE, style).headline]
    assert book.metadata("creator") == ["<LÊ AN>"]
    assert book.metadata("publisher") == ["A&B"]


@settings(max_examples=40)
@given(articles())
def test_text_in_the_xhtml_is_the_models_text(plain_style: Style, article: Article) -> None:
    assert_text_is_the_models(Book(writer.render(article, plain_style, FIXED)), [article], plain_style)


def test_empty_parts_make_no_empty_elements(plain_style: Style) -> None:
    article = Article(lead="Chỉ có mở đầu.", blocks=(Paragraph(""), Caption(text="", credit=None)))
    (document,) = Book(writer.render(article, plain_style, FIXED)).articles()
    body = document.find("x:body/x:article", NS)
    assert [local(e) for e in body] == ["p"]
    assert document.findtext("x:head/x:title", namespaces=NS) == "Chỉ có mở đầu."


# --- fonts ------------------------------------------------------------------------------

_FONT_FACE = re.compile(r"@font-face\s*\{([^}]*)\}")


def font_faces(book: Book) -> dict[tuple[str, int, str], TTFont]:
    """(family, weight, style) → the embedded font its @font-face rule points at."""
    faces = {}
    for block in _FONT_FACE.findall(book.css()):
        props = dict(re.findall(r"([\w-]+):\s*([^;]+);", block))
        url = re.search(r'url\("\.\./([^"]+)"\)', props["src"]).group(1)
        faces[(props["font-family"].strip('"'), int(props["font-weight"]), props["font-style"])] = TTFont(
            io.BytesIO(book.files[book.path(url)])
        )
    return faces


def generated(css: str, selector: str) -> str:
    """The text a ``content:`` declaration draws, its CSS escapes undone."""
    match = re.search(re.escape(selector) + r' \{\s*content: "((?:[^"\\]|\\.)*)";', css)
    assert match, selector
    return unescape_css(match.group(1))


def unescape_css(text: str) -> str:
    return re.sub(r"\\(?:([0-9a-fA-F]{1,6}) ?|(.))", lambda m: chr(int(m[1], 16)) if m[1] else m[2], text)


def set_text(book: Book) -> list[tuple[str, str]]:
    """(role, text) of everything a reader draws: element texts, the spaces between
    inline elements (in their parent's face) and the text the style sheet generates."""
    pieces = []
    css = book.css()
    for document in [*book.articles(), book.xml(book.nav_href())]:
        for element in document.iter():
            role = role_of(element)
            if role is not None and element.text:
                pieces.append((role, element.text))
            parent = element.getparent()
            if element.tail and element.tail.strip() == "" and parent is not None and role_of(parent) is not None:
                pieces.append((role_of(parent), element.tail))
            if "source" in (element.get("class") or "") and element.getprevious() is not None:
                pieces.append(("dateline", generated(css, ".dateline .date + .source::before")))
            if element.get("class") == "placeholder":
                pieces.append(("credit", generated(css, ".placeholder::after")))
    return pieces


def assert_subsets_cover_the_text(book: Book, style: Style) -> None:
    """Every character is in the embedded subset of the face a reader will set it in."""
    embedded = font_faces(book)
    assert len(embedded) == len(book.fonts())  # one @font-face per font file in the manifest
    for href in book.fonts():
        assert f'url("../{href}")' in book.css()
    for role, content in set_text(book):
        text = style.text[role]
        chain = [style.family(text.font).face(text.bold, text.italic)]
        chain += [f.face(text.bold, text.italic) for f in style.fallbacks(text.font)]
        for ch in content:
            if not fonts.needs_glyph(ch):
                continue
            if unicodedata.category(ch) == "Co" and not chain[0].covers(ch):
                continue  # private use: only the role's own face may set it, never a fallback
            face = next(f for f in chain if f.covers(ch))
            subset = embedded[(face.family, face.weight, "italic" if face.italic else "normal")]
            assert ord(ch) in subset.getBestCmap(), f"{ch!r} (U+{ord(ch):04X}) of {role} not in {face.name}"
    for subset in embedded.values():
        assert subset["maxp"].numGlyphs < 1000  # a subset, not the whole face


def test_seed_font_subsets_cover_every_character(seed_book: Book, style: Style) -> None:
    assert_subsets_cover_the_text(seed_book, style)
    assert sorted(seed_book.fonts()) == [
        "fonts/BeVietnamPro-Bold.ttf",
        "fonts/BeVietnamPro-Regular.ttf",
        "fonts/Spectral-Bold.ttf",
        "fonts/Spectral-Italic.ttf",
        "fonts/Spectral-Regular.ttf",
    ]


def test_fallback_face_is_embedded_for_what_the_main_face_lacks(style: Style) -> None:
    spectral, noto = style.family("serif").regular, fonts.family("Noto Serif").regular
    missing = next(c for c in "\u2248\u2211\u0394\u03a9\u20bf" if not spectral.covers(c) and noto.covers(c))
    article = Article(headline="Tiêu đề", lead="Mở đầu.", blocks=(Paragraph(f"Giá {missing} tăng."),))
    book = Book(writer.render(article, style, FIXED))
    assert "fonts/NotoSerif-Regular.ttf" in book.fonts()
    assert_subsets_cover_the_text(book, style)


@settings(max_examples=3)
@given(articles())
def test_generated_articles_subsets_cover_every_character(style: Style, article: Article) -> None:
    assert_subsets_cover_the_text(Book(writer.render(article, style, FIXED)), style)


def test_hostile_text_subsets_cover_every_character(style: Style) -> None:
    assert_subsets_cover_the_text(Book(writer.render(HOSTILE, style, FIXED)), style)


def test_no_fonts_when_the_style_says_not_to_embed(seed_article: Article, plain_style: Style) -> None:
    book = Book(writer.render(seed_article, plain_style, FIXED))
    assert book.fonts() == {} and not any(name.endswith(".ttf") for name in book.files)
    assert "@font-face" not in book.css() and '"Spectral"' in book.css()


def test_a_character_no_font_has_is_kept_with_one_warning(style: Style) -> None:
    warnings: list[str] = []
    article = Article(headline="Cười 😀 漢", lead="Mở đầu 中文 \U000f0001.", blocks=(Paragraph("Lại 😀 ❤️ 漢."),))
    book = Book(writer.render(article, style, replace(FIXED, warn=warnings.append)))
    assert_text_is_the_models(book, [article], style)
    assert len(warnings) == 1
    for ch in "漢中文\U000f0001":
        assert f"U+{ord(ch):04X}" in warnings[0]
    assert "U+1F600" not in warnings[0] and "U+FE0F" not in warnings[0]  # the emoji face has 😀; U+FE0F needs no glyph
    for subset in font_faces(book).values():  # what a font has is embedded, the rest is not
        assert not {0x6F22, 0x4E2D, 0xF0001} & set(subset.getBestCmap())
    assert "fonts/BeVietnamPro-Bold.ttf" in book.fonts() and 0x1F600 in font_faces(book)[("Noto Emoji", 400, "normal")].getBestCmap()


def test_a_private_use_character_is_embedded_only_from_the_roles_own_face(style: Style) -> None:
    """Inter (a fallback) has a glyph at U+E000, Noto Emoji at U+FE4E5; neither is
    embedded for it, since what a private-use code point means is private to the font
    that defined it. A style whose text face is Inter embeds Inter's own."""
    article = Article(headline="Biểu tượng", lead="Logo \ue000 và \U000fe4e5, sao ★.")
    warnings: list[str] = []
    book = Book(writer.render(article, style, replace(FIXED, warn=warnings.append)))
    assert_text_is_the_models(book, [article], style)
    assert warnings == [uncovered_message("\ue000\U000fe4e5")]
    embedded = font_faces(book)
    assert not any({0xE000, 0xFE4E5} & set(subset.getBestCmap()) for subset in embedded.values())
    assert 0x2605 in embedded[("Inter", 700, "normal")].getBestCmap()  # ★: the fallback still sets the rest
    house = styles.load("default", ['fonts.serif.family="Inter"'])
    warnings.clear()
    book = Book(writer.render(article, house, replace(FIXED, warn=warnings.append)))
    assert warnings == [uncovered_message("\U000fe4e5")]
    assert 0xE000 in font_faces(book)[("Inter", 700, "normal")].getBestCmap()  # the lead is bold


def test_without_a_warn_callback_the_warning_is_a_python_warning(style: Style) -> None:
    with pytest.warns(RenderWarning, match="U\\+4E2D"):
        writer.render(Article(headline="Chữ 中", lead="Mở đầu."), style, FIXED)


def test_strict_glyphs_refuses_what_no_font_has(style: Style) -> None:
    from convert.fonts import MissingGlyphs

    with pytest.raises(MissingGlyphs, match="U\\+4E2D"):
        writer.render(Article(headline="Chữ 中 😀", lead="Mở đầu."), style, replace(FIXED, strict_glyphs=True))


# --- style sheet --------------------------------------------------------------------------


def test_css_comes_from_the_style(seed_article: Article) -> None:
    style = styles.load(
        "default", ["text.headline.size=33", "text.headline.color=#AA0000", 'placeholder.label=Ả"nh\\', "text.body.first_indent=11"]
    )
    css = Book(writer.render(seed_article, style, FIXED)).css()
    h1 = re.search(r"\nh1 \{([^}]*)\}", css).group(1)
    assert "font-size: 3em;" in h1 and "color: #AA0000;" in h1 and "font-weight: bold;" in h1
    assert "line-height: 1.23;" in h1  # the headline's leading, a multiple of its size whatever the size
    assert re.search(r"article p \{[^}]*text-indent: 1em;", css)
    label = re.search(r'\.placeholder::after \{\s*content: ("[^;]*");', css).group(1)
    assert label == '"Ả\\22 nh\\5c "' and unescape_css(label[1:-1]) == 'Ả"nh\\'
    assert "height: 50mm;" in css and "background-color: #EEEEEE;" in css


# --- metadata ---------------------------------------------------------------------------


def test_metadata(seed_book: Book, seed_article: Article) -> None:
    assert seed_book.metadata("title") == [seed_article.headline]
    assert seed_book.metadata("creator") == ["PHÙNG KHIÊM"]
    assert seed_book.metadata("date") == ["2019-08-17"]
    assert seed_book.metadata("language") == ["vi"]
    assert seed_book.metadata("publisher") == ["LSO"]
    assert seed_book.meta_property("dcterms:modified") == ["2024-05-06T07:08:10Z"]
    (identifier,) = seed_book.metadata("identifier")
    assert uuid.UUID(identifier.removeprefix("urn:uuid:")).version == 5


def test_the_identifier_is_uuid5_as_the_uuid_module_makes_it() -> None:
    """The namespace is written out and the SHA-1 taken without hashlib: the same UUIDs."""
    from convert.writers.epub.book import BOOK_NAMESPACE, BOOK_NAMESPACE_URL, name_based_uuid

    assert BOOK_NAMESPACE == uuid.uuid5(uuid.NAMESPACE_URL, BOOK_NAMESPACE_URL)
    for name in ("", "Tỉnh ủy Lạng Sơn", "x" * 5000, "😀\n{}"):
        assert name_based_uuid(BOOK_NAMESPACE, name) == uuid.uuid5(BOOK_NAMESPACE, name)


def test_identifier_follows_the_content_only(seed_article: Article, style: Style, plain_style: Style) -> None:
    def identifier(article: Article, style: Style, options: Options) -> str:
        return Book(writer.render(article, style, options)).metadata("identifier")[0]

    first = identifier(seed_article, style, FIXED)
    assert identifier(seed_article, plain_style, Options(timestamp=MOMENT + dt.timedelta(days=3))) == first
    assert identifier(Article(headline="Khác", lead=seed_article.lead), plain_style, FIXED) != first
    # how the source was read is provenance: the same text from a TCVN3 file is the same book
    assert identifier(replace(seed_article, encoding="tcvn3"), style, FIXED) == first


def test_one_creator_per_author(plain_style: Style) -> None:
    article = Article(headline="T", lead="L.", byline=Byline("AN - BÌNH", ("AN", "BÌNH")))
    book = Book(writer.render(article, plain_style, FIXED))
    assert book.metadata("creator") == ["AN", "BÌNH"]


def test_modified_comes_from_the_dateline_without_source_date_epoch(seed_article: Article, plain_style: Style) -> None:
    book = Book(writer.render(seed_article, plain_style, Options()))
    assert book.meta_property("dcterms:modified") == ["2019-08-17T00:00:00Z"]
    assert {info.date_time for info in book.infos} == {(2019, 8, 17, 0, 0, 0)}


# --- reproducible bytes -------------------------------------------------------------------


def test_zip_layout(seed_book: Book) -> None:
    first = seed_book.infos[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert seed_book.files["mimetype"] == b"application/epub+zip"
    assert seed_book.data[30:38] == b"mimetype"  # the magic readers look for
    assert {info.date_time for info in seed_book.infos} == {(2024, 5, 6, 7, 8, 10)}
    assert {info.external_attr >> 16 for info in seed_book.infos} == {0o100644}


def test_same_input_same_bytes(seed_article: Article, style: Style) -> None:
    assert writer.render(seed_article, style, FIXED) == writer.render(seed_article, style, FIXED)


def test_same_bytes_in_a_fresh_process_with_a_cold_font_cache(seed_book: Book, seed: Path, tmp_path: Path) -> None:
    """A new interpreter (other hash seed) that subsets afresh writes the very same book."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(MOMENT.timestamp())), "VNCONV_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("PYTHONHASHSEED", None)
    out = tmp_path / "bai.epub"
    subprocess.run([sys.executable, "-m", "convert", "epub", str(seed), "-o", str(out)], env=env, check=True)
    assert out.read_bytes() == seed_book.data
    assert not (tmp_path / "cache" / "subsets").exists()  # subsets are cut afresh, never cached


# --- editions ---------------------------------------------------------------------------


def dated(article: Article, day: dt.date | None) -> Article:
    from dataclasses import replace

    return replace(article, dateline=None if day is None else Dateline(text=f"{day:%d/%m/%Y}", date=day))


def test_edition_has_one_entry_per_article_in_order(seed_article: Article, style: Style) -> None:
    models = [seed_article, HOSTILE, Article(lead="Bài không tiêu đề, chỉ có mở đầu.", dateline=seed_article.dateline)]
    models[1] = dated(HOSTILE, dt.date(2019, 8, 17))
    book = Book(writer.render_edition(models, style, FIXED))
    assert_text_is_the_models(book, models, style)
    assert_subsets_cover_the_text(book, style)
    nav = book.xml(book.nav_href())
    assert nav.get("lang") == nav.get(XML_LANG) == "vi"
    toc = nav.find(".//x:nav", NS)
    assert toc.get("{%s}type" % NS["epub"]) == "toc"
    assert toc.findtext("x:h2", namespaces=NS) == "Số ra ngày 17/08/2019"
    entries = toc.findall("x:ol/x:li/x:a", NS)
    titles = [as_set(m, style).title for m in models]
    assert [a.text for a in entries] == titles
    assert book.spine() == [book.nav_href(), *(a.get("href") for a in entries)]
    ncx = book.xml(next(i.get("href") for i in book.manifest().values() if i.get("media-type") == "application/x-dtbncx+xml"))
    assert [t.text for t in ncx.iterfind("ncx:navMap/ncx:navPoint/ncx:navLabel/ncx:text", NS)] == titles
    assert book.metadata("title") == ["Số ra ngày 17/08/2019"]
    assert book.metadata("creator") == ["PHÙNG KHIÊM", "<LÊ AN>"]
    assert book.metadata("publisher") == ["LSO", "A&B"]


def test_edition_titles(seed_article: Article, plain_style: Style) -> None:
    def title(*days: dt.date | None, given: str | None = None) -> str:
        models = [dated(seed_article, day) for day in days]
        return Book(writer.render_edition(models, plain_style, FIXED, given)).metadata("title")[0]

    assert title(dt.date(2019, 8, 17), None) == "Số ra ngày 17/08/2019"
    assert title(dt.date(2019, 8, 18), dt.date(2019, 8, 16)) == "Số ra ngày 16/08/2019–18/08/2019"
    assert title(None, None, None) == "Tuyển tập 3 bài"
    assert title(None, given="Báo Lạng Sơn cuối tuần") == "Báo Lạng Sơn cuối tuần"


def test_edition_identifier_depends_on_order_and_title(seed_article: Article, plain_style: Style) -> None:
    other = Article(headline="Tin khác", lead="Mở đầu khác.")

    def identifier(models: list[Article], title: str | None = None) -> str:
        return Book(writer.render_edition(models, plain_style, FIXED, title)).metadata("identifier")[0]

    first = identifier([seed_article, other])
    assert identifier([seed_article, other]) == first
    assert identifier([other, seed_article]) != first
    assert identifier([seed_article, other], "Số đặc biệt") != first


def test_edition_warns_each_article_about_its_own_characters(seed_article: Article, style: Style) -> None:
    warned: list[list[str]] = [[], [], []]
    edition_warnings: list[str] = []
    models = [seed_article, Article(headline="Cười 漢", lead="x"), Article(headline="Chữ 中", lead="y")]
    options = replace(FIXED, warn=edition_warnings.append)
    book = Book(writer.render_edition(models, style, options, "Số 漢 字", [w.append for w in warned]))
    assert_text_is_the_models(book, models, style)
    assert warned[0] == [] and len(warned[1]) == 1 and len(warned[2]) == 1
    assert "U+6F22" in warned[1][0] and "U+4E2D" in warned[2][0]
    assert len(edition_warnings) == 1 and "U+5B57" in edition_warnings[0] and "U+6F22" not in edition_warnings[0]


@pytest.mark.parametrize("edition", [False, True], ids=["photos", "edition"])
def test_ebooklib_reads_every_book_back(edition: bool, tmp_path: Path) -> None:
    """ebooklib, which wrote vnconv's books before the writer wrote them as text, reads
    one back and finds every file as a manifest item (the same bytes), the spine, the
    navigation document, the contents and the metadata."""
    from ebooklib import epub

    style = styles.load()
    from convert.photos.attach import attach

    photo_path = str(SEED.parent / "004_hoi_hoa_ban.txt")
    photo_article = attach(load_article(photo_path), photo_path).article
    articles = [load_article(str(SEED)), photo_article] if edition else [photo_article]
    data = writer.render_edition(articles, style, FIXED) if edition else writer.render(photo_article, style, FIXED)
    path = tmp_path / "book.epub"
    path.write_bytes(data)
    book = epub.read_epub(str(path))

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        files = {name.removeprefix("EPUB/"): package.read(name) for name in package.namelist() if name.startswith("EPUB/")}
    del files["content.opf"]
    items = {item.file_name: item for item in book.get_items()}
    assert set(items) == set(files)
    assert all(items[name].content == content for name, content in files.items())  # as read, not re-rendered
    assert sum(name.startswith("images/") for name in items) == 3 and any(name.startswith("fonts/") for name in items)
    assert isinstance(items["nav.xhtml"], epub.EpubNav) and isinstance(items["toc.ncx"], epub.EpubNcx)
    chapters = [f"article-{n:03d}" for n in range(1, len(articles) + 1)]
    assert [idref for idref, _ in book.spine] == (["nav", *chapters] if edition else chapters)
    assert [(link.title, link.href) for link in book.toc] == [
        (typeset_title, f"text/{uid}.xhtml") for typeset_title, uid in zip(_titles(data), chapters, strict=True)
    ]
    assert book.get_metadata("DC", "language") == [("vi", {})]
    assert book.get_metadata("DC", "identifier")[0][0].startswith("urn:uuid:")
    assert [name for name, _ in book.get_metadata("DC", "creator")] == list(
        dict.fromkeys(name for a in articles for name in a.authors)
    )
    assert ("2024-05-06T07:08:10Z", {"property": "dcterms:modified"}) in book.get_metadata("OPF", "meta")


def _titles(data: bytes) -> list[str]:
    """The headings of the contents list in the navigation document, as a parser reads them."""
    nav = Book(data).xml(Book(data).nav_href())
    return [a.text for a in nav.findall(".//x:nav[@id='id']/x:ol/x:li/x:a", NS)]

