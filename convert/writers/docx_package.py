"""The DOCX package: a clean starting document, and a reproducible zip at the end.

python-docx starts every document from its own template, which carries a Word 2010
style sheet of ~350 KB, a second copy of it (``stylesWithEffects``), a thumbnail of a
blank page, customXml bibliography parts, a theme, numbering definitions and an
``app.xml`` that says "Microsoft Macintosh Word". None of that describes a vnconv
article, so the template is stripped once per process and cached as bytes.

python-docx writes zip entries stamped with the current time; ``reproducible_zip``
rewrites the package with fixed entry order, timestamps, permissions and compression,
so that with ``SOURCE_DATE_EPOCH`` set the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import zipfile
from typing import Any, Final

from convert import __version__

#: Relationships of the main document part that a vnconv DOCX keeps.
_KEPT_DOCUMENT_RELS: Final = frozenset(
    {
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings",
    }
)
#: Package relationships kept (the thumbnail goes).
_KEPT_PACKAGE_RELS: Final = frozenset(
    {
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
    }
)
_EXTENDED_PROPERTIES_REL: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
_EXTENDED_PROPERTIES_TYPE: Final = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
_APP_XML: Final = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    f"<Application>vnconv {__version__}</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)
_W: Final = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: The earliest moment a zip entry can carry.
ZIP_EPOCH: Final = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)
#: Entries OPC consumers look for first; everything else follows in name order.
_FIRST_ENTRIES: Final = ("[Content_Types].xml", "_rels/.rels")


@functools.lru_cache(maxsize=1)
def clean_template() -> bytes:
    """python-docx's default document without the parts a vnconv article does not use."""
    import docx
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    document = docx.Document()
    package = document.part.package
    for rels, kept in ((package.rels, _KEPT_PACKAGE_RELS), (document.part.rels, _KEPT_DOCUMENT_RELS)):
        for rid in [rid for rid, rel in rels.items() if rel.reltype not in kept]:
            del rels[rid]
    app = Part(PackURI("/docProps/app.xml"), _EXTENDED_PROPERTIES_TYPE, _APP_XML.encode("utf-8"), package)
    package.relate_to(app, _EXTENDED_PROPERTIES_REL)
    _clean_settings(document.settings.element)
    styles = document.styles.element
    for child in list(styles):
        styles.remove(child)
    core = document.core_properties
    core.author = core.comments = core.title = ""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _clean_settings(settings: Any) -> None:
    """No preview picture (there is none) and no Japanese theme language."""
    for child in list(settings):
        if child.tag == f"{_W}savePreviewPicture":
            settings.remove(child)
        elif child.tag == f"{_W}themeFontLang":
            for attr in list(child.attrib):
                del child.attrib[attr]


def set_theme_language(settings: Any, lang: str) -> None:
    for child in settings:
        if child.tag == f"{_W}themeFontLang":
            child.set(f"{_W}val", lang)
            child.set(f"{_W}eastAsia", lang)
            child.set(f"{_W}bidi", lang)


def mark_fonts_embedded(settings: Any) -> None:
    """``w:embedTrueTypeFonts`` and ``w:saveSubsetFonts``, in their place in CT_Settings."""
    from docx.oxml import OxmlElement

    # Children that CT_Settings puts before embedTrueTypeFonts.
    before = {f"{_W}{tag}" for tag in ("writeProtection", "view", "zoom", "removePersonalInformation",
              "removeDateAndTime", "doNotDisplayPageBoundaries", "displayBackgroundShape",
              "printPostScriptOverText", "printFractionalCharacterWidth", "printFormsData")}  # fmt: skip
    index = 0
    for index, child in enumerate(settings):  # noqa: B007 - the index after the loop is the point
        if child.tag not in before:
            break
    else:
        index = len(settings)
    for offset, tag in enumerate(("w:embedTrueTypeFonts", "w:saveSubsetFonts")):
        settings.insert(index + offset, OxmlElement(tag))


def zip_time(when: dt.datetime | None) -> tuple[int, int, int, int, int, int]:
    """The zip entries' timestamp: the moment (in UTC) or, without one, 1980-01-01."""
    moment = max(when.astimezone(dt.timezone.utc), ZIP_EPOCH) if when is not None else ZIP_EPOCH
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def reproducible_zip(data: bytes, when: dt.datetime | None) -> bytes:
    """The same package, with every entry's order, time, mode and compression fixed."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    order = [n for n in _FIRST_ENTRIES if n in entries] + sorted(n for n in entries if n not in _FIRST_ENTRIES)
    stamp = zip_time(when)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            target.writestr(info, entries[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return out.getvalue()
