"""The navigation document's hidden lists: landmarks and the print edition's pages."""

from __future__ import annotations

from lxml import etree

from convert.model import Article, Paragraph
from convert.styles import Style
from convert.writers import epub as writer
from convert.writers.epub import nav
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



def test_a_page_list_carries_its_role_and_each_page() -> None:
    page = b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head/><body><nav/></body></html>'
    pages = [nav.Entry("text/article-001.xhtml#page-1", "1"), nav.Entry("text/article-001.xhtml#page-2", "2")]
    done = etree.fromstring(nav.complete(page, "Các mốc", [nav.Entry("text/article-001.xhtml", "Bài", "bodymatter")], "Trang", pages))
    page_list = done.find(".//x:nav[@id='page-list']", NS)
    assert page_list.get(EPUB_TYPE) == "page-list" and page_list.get("role") == "doc-pagelist" and page_list.get("hidden") == "hidden"
    assert page_list.findtext("x:h2", namespaces=NS) == "Trang"
    assert [(a.get("href"), a.text) for a in page_list.iterfind("x:ol/x:li/x:a", NS)] == [(e.href, e.label) for e in pages]
    assert done.find(".//x:nav[@id='landmarks']", NS).get("role") is None  # landmarks has no ARIA role
    without = etree.fromstring(nav.complete(page, "Các mốc", [], "Trang", []))
    assert without.find(".//x:nav[@id='page-list']", NS) is None
