"""Opening any vnconv output the way a reader would, for the robustness tests.

Each format is opened with a library other than the one that wrote it where one
exists (pypdf for PDF, python-docx and lxml for DOCX, zipfile and lxml for EPUB), checked
for the structure a reader needs, and its text taken out, so a test can say "this
output opens and holds that text" without knowing how the writer works.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from lxml import etree

XHTML = "http://www.w3.org/1999/xhtml"
OPF = "http://www.idpf.org/2007/opf"
CONTAINER = "urn:oasis:names:tc:opendocument:xmlns:container"
#: What a DOCX written by vnconv holds, at most: nothing a text could have added.
DOCX_PARTS = re.compile(
    r"\[Content_Types\]\.xml|_rels/\.rels|docProps/(core|app)\.xml|word/_rels/document\.xml\.rels"
    r"|word/(document|styles|settings|fontTable|webSettings|footer\d+|header\d+)\.xml"
    r"|word/_rels/fontTable\.xml\.rels|word/fonts/font\d+\.odttf"
)

#: What an EPUB written by vnconv holds: the package, fonts, style sheet, articles, navigation.
EPUB_PARTS = re.compile(
    r"mimetype|META-INF/container\.xml|EPUB/(content\.opf|nav\.xhtml|toc\.ncx|styles/vnconv\.css"
    r"|fonts/[A-Za-z0-9_-]+\.ttf|text/article-\d{3}\.xhtml)"
)


@dataclass(frozen=True)
class Opened:
    """An output as a reader sees it: its parts (zip entries or PDF objects) and its text."""

    fmt: str
    parts: tuple[str, ...]
    text: str  # every text run, joined by newlines


def open_output(fmt: str, data: bytes) -> Opened:
    """Open ``data`` as ``fmt`` (pdf, docx, epub), asserting the structure a reader needs."""
    return {"pdf": _pdf, "docx": _docx, "epub": _epub}[fmt](data)


def squeeze(text: str) -> str:
    """Text with every whitespace character removed: a PDF breaks long words over lines."""
    return "".join(text.split())


# --- PDF -------------------------------------------------------------------------------------


def _pdf(data: bytes) -> Opened:
    import pypdf

    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
    assert len(reader.pages) >= 1
    parts: list[str] = []
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        for name, ref in resources.get("/XObject", {}).items():
            parts.append(f"xobject {name} {ref.get_object().get('/Subtype')}")
        for name, ref in resources.get("/Font", {}).items():
            parts.append(f"font {ref.get_object().get('/BaseFont')}")
        for annotation in page.get("/Annots", []) or []:
            parts.append(f"annotation {annotation.get_object().get('/Subtype')}")
    return Opened("pdf", tuple(parts), "\n".join(page.extract_text() for page in reader.pages))


def pdf_images(opened: Opened) -> list[str]:
    return [p for p in opened.parts if p.startswith("xobject") and p.endswith("/Image")]


# --- DOCX ------------------------------------------------------------------------------------


def _docx(data: bytes) -> Opened:
    import docx

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        names = tuple(package.namelist())
        for name in names:
            if name.endswith((".xml", ".rels")):
                etree.fromstring(package.read(name))  # every XML part parses
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    section = document.sections[0]
    texts += [p.text for p in section.header.paragraphs]
    return Opened("docx", names, "\n".join(texts))


def docx_unexpected_parts(opened: Opened) -> list[str]:
    return [name for name in opened.parts if not DOCX_PARTS.fullmatch(name)]


# --- EPUB ------------------------------------------------------------------------------------


def _epub(data: bytes) -> Opened:
    """The OCF structure (mimetype first and stored, container, package), every XHTML parsed."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        assert book.testzip() is None
        infos = book.infolist()
        assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
        assert book.read("mimetype") == b"application/epub+zip"
        container = etree.fromstring(book.read("META-INF/container.xml"))
        rootfile = container.find(f".//{{{CONTAINER}}}rootfile").get("full-path")
        package = etree.fromstring(book.read(rootfile))
        root = rootfile.rpartition("/")[0]
        manifest = {
            item.get("id"): (
                f"{root}/{item.get('href')}" if root else item.get("href"),
                item.get("media-type"),
                (item.get("properties") or "").split(),
            )
            for item in package.iterfind(f"{{{OPF}}}manifest/{{{OPF}}}item")
        }
        listed = {path for path, _, _ in manifest.values()}
        names = tuple(info.filename for info in infos)
        assert set(names) == listed | {"mimetype", "META-INF/container.xml", rootfile}, "entries the package does not list"
        texts: list[str] = []
        spine = [ref.get("idref") for ref in package.iterfind(f"{{{OPF}}}spine/{{{OPF}}}itemref")]
        assert spine and all(idref in manifest for idref in spine)
        for path, media_type, properties in manifest.values():
            if media_type == "application/xhtml+xml":
                document = etree.fromstring(book.read(path))  # every content document is XML
                if "nav" in properties:
                    continue
                body = document.find(f"{{{XHTML}}}body")
                for element in body.iter():
                    texts.append(element.text or "")
                    if element is not body:
                        texts.append(element.tail or "")  # text after an inline element (a list's marker)
    return Opened("epub", names, "\n".join(texts))


def epub_texts(opened: Opened) -> list[str]:
    """The non-empty texts of the content documents' elements and what follows inline
    ones (each one model text), without the spaces around them."""
    return [t.strip() for t in opened.text.split("\n") if t.strip()]


def epub_unexpected_parts(opened: Opened) -> list[str]:
    return [name for name in opened.parts if not EPUB_PARTS.fullmatch(name)]
