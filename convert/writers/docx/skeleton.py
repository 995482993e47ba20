"""What python-docx makes of a DOCX that no article changes, made once and kept.

The writer writes every part of a DOCX itself, as text (``document``, ``oxml``,
``package``): importing python-docx (its ``docx.oxml`` registers some 150 element
classes, with lxml and typing_extensions) was a third of a whole ``vnconv docx``
process, ~35 ms, and more than the writing itself. What python-docx contributes that
is not the writer's own is its starting XML, taken from it here:

- ``header`` and ``footer``: the root element of a header and a footer part, as
  python-docx starts them (``HeaderPart.new``: its ``templates/default-header.xml``,
  with the namespaces Word declares) and serializes them, and the empty paragraph the
  template holds, which an empty first-page header or footer keeps;
- ``picture``: a run holding an inline picture, as python-docx makes one
  (``CT_Inline.new_pic_inline``) and serializes it inside a body paragraph, with
  markers where a photo's values go (``picture_run``).

These are made by python-docx itself, once per installed python-docx (the cache entry
is named by its files' fingerprint), and kept in vnconv's cache (``docx-skeleton/``,
``convert.cache``: a checked entry written once); a process with the entry never
imports python-docx. ``tests/writers/docx/test_package.py`` checks that python-docx
reads the writer's DOCX back and writes the same bytes.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import zlib
from pathlib import Path
from typing import Final, NamedTuple

from convert.cache import cache_dir, file_stamp, read_entry, sealed, spoiled, unsealed, write_once
from convert.writers.docx.oxml import quoteattr

#: Bump when what is kept, or how it is made, changes.
RECIPE: Final = 1
_MAGIC: Final = b"vnconv-docx-skeleton\x00"

# The markers of a photo's values in ``picture``: numbers and names no real photo has.
_SHAPE_ID: Final = 987650001
_CX: Final = 987650002
_CY: Final = 987650003
_RID: Final = "rId987650004"
_FILE: Final = "vnconv-marker-file"
_DESCRIPTION: Final = "vnconv-marker-descr"
_TITLE: Final = "vnconv-marker-title"


class Skeleton(NamedTuple):
    """python-docx's starting XML: each of ``header`` and ``footer`` is (the part's XML
    up to and including its root's start tag, the template's content, the root's end
    tag); ``picture`` is a run with an inline picture, with markers."""

    header: tuple[str, str, str]
    footer: tuple[str, str, str]
    picture: str

    def picture_run(self, shape_id: int, rid: str, file_name: str, cx: int, cy: int, description: str, title: str) -> str:
        """The run of one inline picture: ``shape_id`` (the drawing's id and name),
        ``rid`` (the image's relationship), its size in EMU, and Word's alternative text
        (``descr``) and title."""
        return (
            self.picture.replace(str(_SHAPE_ID), str(shape_id))
            .replace(str(_CX), str(cx))
            .replace(str(_CY), str(cy))
            .replace(_RID, rid)
            .replace(f'"{_FILE}"', quoteattr(file_name))
            .replace(f'"{_DESCRIPTION}"', quoteattr(description))
            .replace(f'"{_TITLE}"', quoteattr(title))
        )


@functools.cache
def skeleton() -> Skeleton:
    """The skeleton from the cache, or made by python-docx and kept there."""
    entry = _entry()
    if entry is not None:
        data = read_entry(entry)
        if data is not None:
            payload = unsealed(_MAGIC, data)
            found = _decoded(payload) if payload is not None else None
            if found is not None:
                return found
            spoiled(entry, "is damaged or truncated")
    made = make()
    if entry is not None:
        try:
            write_once(entry, sealed(_MAGIC, json.dumps(made._asdict(), ensure_ascii=False).encode("utf-8")))
        except OSError:
            pass  # a read-only cache: made again next time
    return made


def _entry() -> Path | None:
    """The cache entry, named by python-docx's installed files (found without importing
    it); None when python-docx is not where the import system looks."""
    spec = importlib.util.find_spec("docx")
    if spec is None or spec.origin is None:
        return None
    package = Path(spec.origin).parent
    # The files' paths, sizes and mtimes, summed by two zlib checksums: ``cache.file_fingerprint``'s
    # SHA-256 would import hashlib, which loads OpenSSL (~11 M instructions of a ~350 M
    # ``vnconv docx``) for a key that guards against no one.
    files = "\n".join(f"{package / name}|{file_stamp(package / name)}" for name in _KEYED_FILES).encode()
    return cache_dir() / "docx-skeleton" / f"skeleton-{zlib.crc32(files):08x}{zlib.adler32(files):08x}-{RECIPE}.json"


#: python-docx's files the skeleton is made from, or that change with its version.
_KEYED_FILES: Final = ("__init__.py", "templates/default-header.xml", "oxml/shape.py")


def _decoded(payload: bytes) -> Skeleton | None:
    try:
        found = json.loads(payload)
        return Skeleton(tuple(found["header"]), tuple(found["footer"]), str(found["picture"]))  # type: ignore[arg-type]
    except (ValueError, KeyError, TypeError):
        return None


def make() -> Skeleton:
    """The skeleton, made by python-docx (imported here only)."""
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.shape import CT_Inline
    from docx.parts.hdrftr import FooterPart, HeaderPart
    from docx.shared import Emu

    from convert.writers.docx.package import STARTING_DOCUMENT

    def split(xml: bytes) -> tuple[str, str, str]:
        """(up to the root's start tag, its content, its end tag) of a serialized part."""
        text = xml.decode("utf-8")
        opened = text.index(">", text.index("?>") + 2) + 1
        closed = text.rindex("</")
        return text[:opened], text[opened:closed], text[closed:]

    header = split(serialize_part_xml(parse_xml(HeaderPart._default_header_xml())))
    footer = split(serialize_part_xml(parse_xml(FooterPart._default_footer_xml())))

    # A photo's run inside a body paragraph, made as the writer made it with python-docx.
    document = parse_xml(STARTING_DOCUMENT.encode("utf-8"))
    inline = CT_Inline.new_pic_inline(_SHAPE_ID, _RID, _FILE, Emu(_CX), Emu(_CY))
    inline.docPr.set("descr", _DESCRIPTION)
    inline.docPr.set("title", _TITLE)
    paragraph, run, drawing = OxmlElement("w:p"), OxmlElement("w:r"), OxmlElement("w:drawing")
    drawing.append(inline)
    run.append(drawing)
    paragraph.append(run)
    document.body.sectPr.addprevious(paragraph)
    text = serialize_part_xml(document).decode("utf-8")
    start = text.index("<w:p>") + len("<w:p>")
    picture = text[start : text.index("</w:p>", start)]
    return Skeleton(header, footer, picture)
