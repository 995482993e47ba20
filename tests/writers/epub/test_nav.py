"""The navigation document's hidden landmarks."""

from __future__ import annotations

from convert.model import Article, Paragraph
from convert.styles import Style
from convert.writers import epub as writer
from tests.support.epub import NS, Book

EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def article(headline: str) -> Article:
    return Article(headline=headline, blocks=(Paragraph("Đoạn văn."),))


def landmarks(book: Book) -> list[tuple[str, str]]:
    nav = book.xml(book.nav_href()).find(".//x:nav[@id='landmarks']", NS)
    assert nav.get("hidden") == "hidden"  # offered by the reading system, not drawn on the contents page
    return [(a.get(EPUB_TYPE), a.get("href")) for a in nav.iterfind("x:ol/x:li/x:a", NS)]


def test_landmarks_point_at_the_text_and_an_editions_contents(plain_style: Style) -> None:
    single = Book(writer.render(article("Bài một"), plain_style))
    assert landmarks(single) == [("bodymatter", "text/article-001.xhtml")]  # the contents page is not in its spine
    edition = Book(writer.render_edition([article("Bài một"), article("Bài hai")], plain_style))
    assert landmarks(edition) == [("toc", f"{edition.nav_href()}#id"), ("bodymatter", "text/article-001.xhtml")]
    for book in (single, edition):
        for _, href in landmarks(book):
            assert href.partition("#")[0] in book.spine()
