"""The DOCX package: the parts a document starts from, and a reproducible zip at the end.

python-docx's own starting document carries a Word 2010 style sheet of ~350 KB, a
second copy of it (``stylesWithEffects``), a thumbnail of a blank page, customXml
bibliography parts, a theme, numbering definitions and an ``app.xml`` that says
"Microsoft Macintosh Word". None of that describes a vnconv article, and parsing it
costs more than writing the whole article, so vnconv starts python-docx from the
smallest package Word accepts: a body with one section, an empty style sheet (the
writer fills it), settings, and the two property parts.

python-docx writes zip entries stamped with the current time; ``reproducible_zip``
rewrites the package with fixed entry order, timestamps, permissions and compression,
so that with ``SOURCE_DATE_EPOCH`` set the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import zipfile
from typing import Final

from convert import __version__
from convert.writers.docx.oxml import R_NS, W_NS, XML_DECLARATION
from convert.writers.shared import repack

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


def reproducible_zip(data: bytes, when: dt.datetime | None) -> bytes:
    """The same package, with every entry's order, time, mode and compression fixed."""
    return repack(data, when, first=_FIRST_ENTRIES)
