"""The DOCX package: the parts a document starts from, and a reproducible zip at the end.

python-docx's own starting document carries a Word 2010 style sheet of ~350 KB, a
second copy of it (``stylesWithEffects``), a thumbnail of a blank page, customXml
bibliography parts, a theme, numbering definitions and an ``app.xml`` that says
"Microsoft Macintosh Word". None of that describes a vnconv article, and parsing it
costs more than writing the whole article, so vnconv starts python-docx from the
smallest package Word accepts: a body with one section, an empty style sheet (the
writer fills it), settings, and the two property parts.

python-docx's ``Document.save`` writes a zip of its own (entries stamped with the
current time, deflated by the standard zlib); ``reproducible_zip`` instead takes the
entries python-docx would write (``package_entries``) and zips them once, with fixed
entry order, timestamps, permissions and compression (``shared.pack``), so that with
``SOURCE_DATE_EPOCH`` set the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import zipfile
from typing import TYPE_CHECKING, Final

from convert import __version__
from convert.writers.docx.oxml import R_NS, W_NS, XML_DECLARATION
from convert.writers.shared import pack

if TYPE_CHECKING:
    from docx.document import Document
    from docx.opc.packuri import PackURI

_RELS_NS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOCUMENT_TYPE: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml"

#: The starting package, part by part.
_STARTING_PARTS: Final = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{_DOCUMENT_TYPE}.document.main+xml"/>'
        f'<Override PartName="/word/settings.xml" ContentType="{_DOCUMENT_TYPE}.settings+xml"/>'
        f'<Override PartName="/word/styles.xml" ContentType="{_DOCUMENT_TYPE}.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{_RELS_NS}">'
        f'<Relationship Id="rId1" Type="{R_NS}/officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"'
        ' Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{R_NS}/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>"
    ),
    "docProps/app.xml": (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Application>vnconv {__version__}</Application><DocSecurity>0</DocSecurity>"
        "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
    ),
    "docProps/core.xml": (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
    ),
    "word/document.xml": (
        f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body><w:sectPr><w:cols/></w:sectPr></w:body></w:document>'
    ),
    "word/_rels/document.xml.rels": (
        f'<Relationships xmlns="{_RELS_NS}">'
        f'<Relationship Id="rId1" Type="{R_NS}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId2" Type="{R_NS}/settings" Target="settings.xml"/>'
        "</Relationships>"
    ),
    "word/styles.xml": f'<w:styles xmlns:w="{W_NS}"/>',
    # Word 2013 and later layout (compatibilityMode 15), not "Compatibility Mode".
    "word/settings.xml": (
        f'<w:settings xmlns:w="{W_NS}"><w:compat><w:compatSetting w:name="compatibilityMode"'
        ' w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>'
    ),
}
#: Entries OPC consumers look for first; everything else follows in name order.
_FIRST_ENTRIES: Final = ("[Content_Types].xml", "_rels/.rels")


@functools.lru_cache(maxsize=1)
def starting_package() -> bytes:
    """The smallest document python-docx can open and Word accepts, as a .docx."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
        for name, xml in _STARTING_PARTS.items():
            package.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), XML_DECLARATION + xml)
    return out.getvalue()


def reproducible_zip(document: Document, when: dt.datetime | None) -> bytes:
    """The document as a .docx, with every entry's order, time, mode and compression fixed."""
    return pack(package_entries(document), when, first=_FIRST_ENTRIES)


def package_entries(document: Document) -> dict[str, bytes]:
    """The entries ``document.save`` would write into its zip, name to bytes, in its order.

    Why not ``save``: its zip was only read back to be written again, so every part was
    deflated twice (python-docx's standard zlib, then ``pack``'s own) and inflated
    once: a fifth of a new article's DOCX in-process (1.1 ms of 5.2; 3.3 ms of 10.5 with
    ``--embed-fonts``, whose fonts are the largest parts). python-docx has no public
    way to get the parts' bytes without a zip, so this does what ``save`` does
    (python-docx 1.2, ``docx/opc/package.py: OpcPackage.save`` and
    ``docx/opc/pkgwriter.py: PackageWriter.write``) with a writer that keeps the entries:

    - ``document.part.package``: the ``OpcPackage``; its ``parts`` and ``rels``;
    - ``Part.before_marshal()`` on every part, as ``save`` calls it first;
    - ``PackageWriter._write_content_types_stream``, ``_write_pkg_rels`` and ``_write_parts``,
      in ``write``'s order, each calling ``write(pack_uri, blob)`` on the writer given;
    - ``PackURI.membername``: the entry's name (the URI without its leading ``/``).

    ``tests/writers/docx/test_package.py`` compares the result with what ``save`` writes,
    so a python-docx that changes any of these fails there, not in a reader's Word.
    """
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    parts = package.parts
    entries = _Entries()
    PackageWriter._write_content_types_stream(entries, parts)
    PackageWriter._write_pkg_rels(entries, package.rels)
    PackageWriter._write_parts(entries, parts)
    return entries.written


class _Entries:
    """A stand-in for python-docx's zip writer (``docx.opc.phys_pkg._ZipPkgWriter``):
    keeps each entry it is given instead of deflating it into a zip."""

    def __init__(self) -> None:
        self.written: dict[str, bytes] = {}

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        self.written[pack_uri.membername] = blob

    def close(self) -> None:
        """Nothing to flush (the zip writer's other method)."""
