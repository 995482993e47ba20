"""The DOCX package: its parts, their relationships and content types, and a reproducible zip.

A DOCX is an OPC package (ECMA-376 Part 2): parts (``/word/document.xml``...), each
part's relationships (``word/_rels/document.xml.rels``), the package's own
(``_rels/.rels``) and ``[Content_Types].xml``. The writer makes them as python-docx
1.2 serialized them when it wrote vnconv's DOCX (``docx/opc/pkgwriter.py``:
``PackageWriter``, ``_ContentTypesItem``; ``docx/opc/rel.py: Relationships``;
``docx/opc/oxml.py``), so the bytes did not change when python-docx left the path
(``skeleton``): relationships numbered ``rId1``, ``rId2``... in the order they are
made, a part related twice to the same target once; content types as ``Default``
entries for the extensions python-docx knows (``docx/opc/spec.py``), sorted by
extension, and an ``Override`` per other part, sorted by part name.

vnconv starts every document from the smallest package Word accepts (a body with one
section, a style sheet, settings and the two property parts); python-docx's own
default document carries a Word 2010 style sheet of ~350 KB, a thumbnail, customXml
parts and an ``app.xml`` that says "Microsoft Macintosh Word", none of which
describes a vnconv article. ``app.xml`` is kept as vnconv wrote it (python-docx never
re-serialized a part it has no class for).

``pack`` zips the entries once, with fixed entry order, timestamps, permissions and
compression, so that with ``SOURCE_DATE_EPOCH`` set the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from typing import Final

from convert import __version__
from convert.writers.docx.oxml import R_NS, W_NS, XML_DECLARATION, quoteattr
from convert.writers.shared import pack

_RELS_NS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS: Final = "http://schemas.openxmlformats.org/package/2006/content-types"
_WML: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml"

# Content types (ECMA-376 Part 1 §11.3 and Part 2), as python-docx names them (``docx/opc/constants.py``).
DOCUMENT_TYPE: Final = f"{_WML}.document.main+xml"
STYLES_TYPE: Final = f"{_WML}.styles+xml"
SETTINGS_TYPE: Final = f"{_WML}.settings+xml"
NUMBERING_TYPE: Final = f"{_WML}.numbering+xml"
HEADER_TYPE: Final = f"{_WML}.header+xml"
FOOTER_TYPE: Final = f"{_WML}.footer+xml"
FONT_TABLE_TYPE: Final = f"{_WML}.fontTable+xml"
CORE_TYPE: Final = "application/vnd.openxmlformats-package.core-properties+xml"
APP_TYPE: Final = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
_RELS_TYPE: Final = "application/vnd.openxmlformats-package.relationships+xml"
_XML_TYPE: Final = "application/xml"

# Relationship types.
OFFICE_DOCUMENT: Final = f"{R_NS}/officeDocument"
CORE_PROPERTIES: Final = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
EXTENDED_PROPERTIES: Final = f"{R_NS}/extended-properties"
STYLES: Final = f"{R_NS}/styles"
SETTINGS: Final = f"{R_NS}/settings"
NUMBERING: Final = f"{R_NS}/numbering"
HEADER: Final = f"{R_NS}/header"
FOOTER: Final = f"{R_NS}/footer"
FONT_TABLE: Final = f"{R_NS}/fontTable"
IMAGE: Final = f"{R_NS}/image"

#: Extensions whose content type a ``Default`` entry gives (python-docx's ``default_content_types``).
_DEFAULT_TYPES: Final = frozenset(
    {
        ("bin", "application/vnd.openxmlformats-officedocument.presentationml.printerSettings"),
        ("bin", "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"),
        ("bin", "application/vnd.openxmlformats-officedocument.wordprocessingml.printerSettings"),
        ("bmp", "image/bmp"), ("emf", "image/x-emf"), ("fntdata", "application/x-fontdata"),
        ("gif", "image/gif"), ("jpe", "image/jpeg"), ("jpeg", "image/jpeg"), ("jpg", "image/jpeg"),
        ("png", "image/png"), ("rels", _RELS_TYPE), ("tif", "image/tiff"), ("tiff", "image/tiff"),
        ("wdp", "image/vnd.ms-photo"), ("wmf", "image/x-wmf"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), ("xml", _XML_TYPE),
    }
)  # fmt: skip

#: The body every document starts from: one section, with a ``w:cols`` to set columns on.
STARTING_DOCUMENT: Final = (
    f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body><w:sectPr><w:cols/></w:sectPr></w:body></w:document>'
)
_APP: Final = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    f"<Application>vnconv {__version__}</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
).encode("utf-8")
#: Entries OPC consumers look for first; everything else follows in name order.
_FIRST_ENTRIES: Final = ("[Content_Types].xml", "_rels/.rels")
DOCUMENT: Final = "/word/document.xml"


class Package:
    """The parts of one DOCX, by part name (``/word/styles.xml``): content type and
    bytes, and each part's relationships. It starts as every vnconv document starts:
    the document related to the package, its properties, styles and settings."""

    def __init__(self) -> None:
        self.parts: dict[str, tuple[str, bytes]] = {}
        self.rels: dict[str, dict[str, tuple[str, str]]] = {"/": {}}  # source -> rId -> (type, target part)
        for name, content_type, relationship, blob in (
            (DOCUMENT, DOCUMENT_TYPE, OFFICE_DOCUMENT, b""),
            ("/docProps/core.xml", CORE_TYPE, CORE_PROPERTIES, b""),
            ("/docProps/app.xml", APP_TYPE, EXTENDED_PROPERTIES, _APP),
        ):
            self.add(name, content_type, blob)
            self.relate("/", relationship, name)
        for name, content_type, relationship in (("/word/styles.xml", STYLES_TYPE, STYLES), ("/word/settings.xml", SETTINGS_TYPE, SETTINGS)):
            self.add(name, content_type, b"")
            self.relate(DOCUMENT, relationship, name)

    def add(self, name: str, content_type: str, blob: bytes) -> None:
        self.parts[name] = (content_type, blob)

    def set(self, name: str, blob: bytes) -> None:
        """The bytes of a part already added."""
        self.parts[name] = (self.parts[name][0], blob)

    def relate(self, source: str, relationship: str, target: str, rid: str | None = None) -> str:
        """The id of ``source``'s relationship of this type to ``target``: the one it has,
        or a new one, ``rid`` or the lowest ``rIdN`` not taken."""
        rels = self.rels.setdefault(source, {})
        for known, (kind, to) in rels.items():
            if kind == relationship and to == target and rid in (None, known):
                return known
        if rid is None:
            number = 1
            while f"rId{number}" in rels:
                number += 1
            rid = f"rId{number}"
        rels[rid] = (relationship, target)
        return rid

    def entries(self) -> dict[str, bytes]:
        """Zip entry name to bytes: the content types, the relationships, every part."""
        out = {"[Content_Types].xml": self._content_types()}
        for source, rels in self.rels.items():
            if not rels:
                continue
            folder, name = posixpath.split(source)
            out[posixpath.join(folder, "_rels", f"{name}.rels").lstrip("/")] = _relationships(source, rels)
        for name, (_, blob) in self.parts.items():
            out[name.lstrip("/")] = blob
        return out

    def _content_types(self) -> bytes:
        defaults = {"rels": _RELS_TYPE, "xml": _XML_TYPE}
        overrides: dict[str, str] = {}
        for name, (content_type, _) in self.parts.items():
            extension = name.rpartition(".")[2]
            if (extension.lower(), content_type) in _DEFAULT_TYPES:
                defaults[extension.lower()] = content_type
            else:
                overrides[name] = content_type
        items = [f"<Default Extension={quoteattr(e)} ContentType={quoteattr(defaults[e])}/>" for e in sorted(defaults)]
        items += [f"<Override PartName={quoteattr(n)} ContentType={quoteattr(overrides[n])}/>" for n in sorted(overrides)]
        return f'{XML_DECLARATION}<Types xmlns="{_TYPES_NS}">{"".join(items)}</Types>'.encode("utf-8")


def _relationships(source: str, rels: dict[str, tuple[str, str]]) -> bytes:
    """A part's relationships, each target relative to the part's folder."""
    base = posixpath.dirname(source) if source != "/" else "/"
    items = "".join(
        f"<Relationship Id={quoteattr(rid)} Type={quoteattr(kind)} Target={quoteattr(posixpath.relpath(target, base))}/>"
        for rid, (kind, target) in rels.items()
    )
    return f'{XML_DECLARATION}<Relationships xmlns="{_RELS_NS}">{items}</Relationships>'.encode("utf-8")


def reproducible_zip(package: Package, when: dt.datetime | None) -> bytes:
    """The package as a .docx, with every entry's order, time, mode and compression fixed."""
    return pack(package.entries(), when, first=_FIRST_ENTRIES)
