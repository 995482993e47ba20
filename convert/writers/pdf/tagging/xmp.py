"""The XMP metadata packet of a tagged PDF: title, language, tools, dates, PDF/UA claim.

PDF/UA-1 (ISO 14289-1 §7.1) wants the title in XMP ``dc:title`` and a conforming file
to say so with ``pdfuaid:part``; it is written here as text, so the bytes depend on
nothing but the values (no library's own stamps or generated IDs).
"""

from __future__ import annotations

from convert.writers.shared import text_content as escape  # XML character data, as the DOCX and EPUB escape it


def packet(title: str, language: str, creator: str, producer: str, moment: str | None, pdfua: bool) -> str:
    """An XMP packet (XMP Specification Part 1, §7.3) for these values; ``moment`` (ISO
    8601) is the creation and modification date, none when None."""
    dates = f"<xmp:CreateDate>{moment}</xmp:CreateDate><xmp:ModifyDate>{moment}</xmp:ModifyDate>" if moment else ""
    claim = (
        '<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"><pdfuaid:part>1</pdfuaid:part></rdf:Description>'
        if pdfua
        else ""
    )
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:format>application/pdf</dc:format><dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>'
        f"<dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language></rdf:Description>"
        f'<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:CreatorTool>{escape(creator)}</xmp:CreatorTool>{dates}</rdf:Description>'
        f'<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"><pdf:Producer>{escape(producer)}</pdf:Producer></rdf:Description>'
        f"{claim}</rdf:RDF></x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )


__all__ = ["packet"]
