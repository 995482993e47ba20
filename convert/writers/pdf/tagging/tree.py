"""The structure tree written into ReportLab's own document: what makes it a tagged PDF.

ReportLab draws the marked content (``marking``) but writes no structure: this adds,
as ReportLab objects before it writes the file, the StructTreeRoot with the article's
elements (``structure``) and a ParentTree mapping every page's MCIDs back to them
(ISO 32000-1 §14.7.4), a ``/StructParents`` key and ``/Tabs /S`` on every page,
``/MarkInfo <</Marked true>>`` (§14.7.1), and XMP metadata with the title (``xmp``).
The catalog's ``/Lang`` and ``/ViewerPreferences <</DisplayDocTitle true>>`` ReportLab
writes itself.

Written in ReportLab's own pass, the file is made once: nothing opens, parses and
saves it again (pikepdf did before: ~2 ms of qpdf a new article, and ~30 ms of every
``vnconv pdf`` importing it). The bytes stay reproducible: the objects are numbered
in the order they are registered, which depends on the article alone, and ReportLab
derives the document ID from the time stamp (``SOURCE_DATE_EPOCH``) and the document
information (title, author, subject...), as ISO 32000-1 §14.4 suggests; it no longer
comes from a digest of the whole file (pikepdf's ``deterministic_id``).

The catalog and the pages take keys ReportLab writes only when listed in their class's
``__NoDefault__`` (the catalog lists StructTreeRoot, MarkInfo and Metadata; a page
lists neither StructParents nor Tabs, so each page gets its own list, as ``press.pdfx``
does for the catalog's OutputIntents).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFDocument, PDFName, PDFObject, PDFObjectReference, PDFPage, PDFStream, PDFString

from convert.writers.pdf.tagging.structure import KEPT_EMPTY, Element
from convert.writers.pdf.tagging.xmp import packet

#: What a page writes beyond ReportLab's own keys: its ParentTree key and its tab order.
_PAGE_KEYS: Final = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]
_STRUCT_ELEM: Final = PDFName("StructElem")
_MCR: Final = PDFName("MCR")


def write_structure(
    document: PDFDocument,
    root: Element,
    pages: Sequence[Sequence[Element]],
    title: str,
    language: str,
    creator: str,
    producer: str,
    moment: str | None,
    claim_ua: bool,
) -> None:
    """Add the structure tree of ``root`` to ``document`` (call it after its last page,
    before it is written); ``pages[i][n]`` is the element of MCID n on page i.
    ``moment`` (ISO 8601) dates the XMP; with ``claim_ua`` the XMP says the file is
    PDF/UA-1 (``pdfuaid:part 1``)."""
    page_objects: list[PDFPage] = list(document.Pages.pages)
    if len(page_objects) != len(pages):
        raise ValueError(f"marked content recorded for {len(pages)} pages, the PDF has {len(page_objects)}")
    page_refs = [document.Reference(page) for page in page_objects]
    tree_root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
    root_ref = document.Reference(tree_root)
    refs: dict[int, PDFObjectReference] = {}
    document_ref = _element(document, root, root_ref, page_refs, refs)
    if document_ref is None:  # nothing drawn at all: an empty Document still roots the tree
        empty = PDFDictionary({"Type": _STRUCT_ELEM, "S": PDFName("Document"), "P": root_ref, "K": PDFArray([])})
        document_ref = document.Reference(empty)
    tree_root["K"] = document_ref
    numbers: list[object] = []
    for index, (page, mcids) in enumerate(zip(page_objects, pages, strict=True)):
        page.__NoDefault__ = _PAGE_KEYS
        page.StructParents = index
        page.Tabs = PDFName("S")
        numbers.append(index)
        numbers.append(document.Reference(PDFArray([refs[id(element)] for element in mcids])))
    tree_root["ParentTree"] = document.Reference(PDFDictionary({"Nums": PDFArray(numbers)}))
    tree_root["ParentTreeNextKey"] = len(page_objects)
    catalog = document.Catalog
    catalog.StructTreeRoot = tree_root
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    if getattr(catalog, "Lang", None) is None:
        catalog.Lang = PDFString(language)
    xmp = packet(title=title, language=language, creator=creator, producer=producer, moment=moment, pdfua=claim_ua)
    # No filter: the XMP packet stays readable (XMP Part 3 §1.1.3 asks for that in files).
    catalog.Metadata = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), xmp.encode("utf-8"))


def _element(
    document: PDFDocument, element: Element, parent: PDFObjectReference, pages: list[PDFObjectReference], refs: dict[int, PDFObjectReference]
) -> PDFObjectReference | None:
    """The StructElem of ``element`` under ``parent`` (None if nothing of it was drawn),
    its own and its descendants' references noted in ``refs`` by the element's id."""
    if element.empty and element.tag not in KEPT_EMPTY:
        return None
    node = PDFDictionary({"Type": _STRUCT_ELEM, "S": PDFName(element.tag), "P": parent})
    ref = document.Reference(node)
    refs[id(element)] = ref
    kids: list[PDFObject | int] = []
    home = element.marks[0][0] if element.marks else None
    if home is not None:
        node["Pg"] = pages[home]
    for page, mcid in element.marks:
        kids.append(mcid if page == home else PDFDictionary({"Type": _MCR, "Pg": pages[page], "MCID": mcid}))
    for child in element.children:
        kid = _element(document, child, ref, pages, refs)
        if kid is not None:
            kids.append(kid)
    node["K"] = PDFArray(kids)
    if element.alt is not None:
        node["Alt"] = PDFString(element.alt)
    if element.scope is not None:
        node["A"] = PDFDictionary({"O": PDFName("Table"), "Scope": PDFName(element.scope)})
    return ref


__all__ = ["write_structure"]
