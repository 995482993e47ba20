"""The structure tree written into ReportLab's PDF, with pikepdf: what makes it a tagged PDF.

ReportLab draws the marked content (``marking``) but writes no structure: this adds,
after it, the StructTreeRoot with the article's elements (``structure``) and a
ParentTree mapping every page's MCIDs back to them (ISO 32000-1 §14.7.4), a
``/StructParents`` key and ``/Tabs /S`` on every page, ``/MarkInfo <</Marked true>>``
(§14.7.1), and XMP metadata with the title (``xmp``). The catalog's ``/Lang`` and
``/ViewerPreferences <</DisplayDocTitle true>>`` ReportLab writes itself.

The bytes stay reproducible: qpdf writes objects in a fixed order, the document ID is
derived from the content (``deterministic_id``), nothing adds pikepdf's own metadata,
and ReportLab's streams are copied as they are (not decoded, not recompressed).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pikepdf
from pikepdf import Array, Dictionary, Name

from convert.writers.pdf.tagging.structure import KEPT_EMPTY, Element
from convert.writers.pdf.tagging.xmp import packet


def write_structure(
    data: bytes,
    root: Element,
    pages: Sequence[Sequence[Element]],
    title: str,
    language: str,
    creator: str,
    producer: str,
    moment: str | None,
    claim_ua: bool,
) -> bytes:
    """``data`` (ReportLab's PDF) with the structure tree of ``root``; ``pages[i][n]``
    is the element of MCID n on page i. ``moment`` (ISO 8601) dates the XMP; with
    ``claim_ua`` the XMP says the file is PDF/UA-1 (``pdfuaid:part 1``)."""
    pdf = pikepdf.open(io.BytesIO(data))
    page_objects = [page.obj for page in pdf.pages]
    if len(page_objects) != len(pages):
        raise ValueError(f"marked content recorded for {len(pages)} pages, the PDF has {len(page_objects)}")
    tree_root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    objects: dict[int, pikepdf.Object] = {}
    document = _element(pdf, root, tree_root, page_objects, objects)
    if document is None:  # nothing drawn at all: an empty Document still roots the tree
        document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=tree_root, K=Array()))
    tree_root.K = document
    numbers = Array()
    for index, (page, mcids) in enumerate(zip(page_objects, pages, strict=True)):
        page.StructParents = index
        page.Tabs = Name.S
        numbers.append(index)
        numbers.append(pdf.make_indirect(Array([objects[id(element)] for element in mcids])))
    tree_root.ParentTree = pdf.make_indirect(Dictionary(Nums=numbers))
    tree_root.ParentTreeNextKey = len(page_objects)
    catalog = pdf.Root
    catalog.StructTreeRoot = tree_root
    catalog.MarkInfo = Dictionary(Marked=True)
    if Name.Lang not in catalog:
        catalog.Lang = pikepdf.String(language)
    xmp = packet(title=title, language=language, creator=creator, producer=producer, moment=moment, pdfua=claim_ua)
    catalog.Metadata = pdf.make_stream(xmp.encode("utf-8"), Type=Name.Metadata, Subtype=Name.XML)
    out = io.BytesIO()
    pdf.save(
        out,
        deterministic_id=True,
        compress_streams=False,  # ReportLab's streams as they are; the XMP packet stays readable
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        object_stream_mode=pikepdf.ObjectStreamMode.preserve,
        fix_metadata_version=False,
    )
    return out.getvalue()


def _element(
    pdf: pikepdf.Pdf, element: Element, parent: pikepdf.Object, pages: list[pikepdf.Object], objects: dict[int, pikepdf.Object]
) -> pikepdf.Object | None:
    """The StructElem of ``element`` under ``parent`` (None if nothing of it was drawn),
    its own and its descendants' objects noted in ``objects`` by the element's id."""
    if element.empty and element.tag not in KEPT_EMPTY:
        return None
    node = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + element.tag), P=parent))
    objects[id(element)] = node
    kids = Array()
    home = element.marks[0][0] if element.marks else None
    if home is not None:
        node.Pg = pages[home]
    for page, mcid in element.marks:
        kids.append(mcid if page == home else Dictionary(Type=Name.MCR, Pg=pages[page], MCID=mcid))
    for child in element.children:
        kid = _element(pdf, child, node, pages, objects)
        if kid is not None:
            kids.append(kid)
    node.K = kids
    if element.alt is not None:
        node.Alt = pikepdf.String(element.alt)
    if element.scope is not None:
        node.A = Dictionary(O=Name.Table, Scope=Name("/" + element.scope))
    return node


__all__ = ["write_structure"]
