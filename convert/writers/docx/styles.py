"""The DOCX style map: which named Word style holds which part of the article.

In print-prep a DOCX is placed into InDesign or edited in Word, where the paragraph
styles are the interface: every part of the article model has its own named style,
all based on one base style, and every one of them carries its complete formatting
(font, size, leading, colour, alignment, spacing) so that a style maps cleanly to an
InDesign style without inheriting surprises. Each style also carries ``w:lang`` and
all four ``w:rFonts`` slots, so Word never sets a Vietnamese letter in a font that
lacks it (its East Asian and complex-script slots would otherwise fall back to the
theme's fonts). This module names the styles and their roles; ``oxml.styles_xml``
writes them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class ParagraphStyle:
    """One paragraph style of the sheet and the vnconv text role it is made from."""

    name: str  # as Word shows it (python-docx's UI name)
    style_id: str
    role: str  # a key of Style.text
    next_id: str
    outline_level: int | None = None
    keep_with_next: bool = False
    internal_name: str | None = None  # Word's own lower-case name for some built-in styles
    builtin: bool = False  # one of Word's built-in styles (Body Text, caption, header, footer)

    @property
    def xml_name(self) -> str:
        return self.internal_name or self.name


BASE = ParagraphStyle("vnconv Base", "vnconvBase", "body", "BodyText")
HEADLINE = ParagraphStyle("Headline", "Headline", "headline", "Dateline", outline_level=0, keep_with_next=True)
DATELINE = ParagraphStyle("Dateline", "Dateline", "dateline", "Lead", keep_with_next=True)
LEAD = ParagraphStyle("Lead", "Lead", "lead", "BodyText")
BODY = ParagraphStyle("Body Text", "BodyText", "body", "BodyText", builtin=True)
SUBHEADING = ParagraphStyle("Subheading", "Subheading", "subheading", "BodyText", outline_level=1, keep_with_next=True)
CAPTION = ParagraphStyle("Caption", "Caption", "caption", "BodyText", internal_name="caption", builtin=True)
BYLINE = ParagraphStyle("Byline", "Byline", "byline", "Attribution")
ATTRIBUTION = ParagraphStyle("Attribution", "Attribution", "attribution", "BodyText")
HEADER = ParagraphStyle("Header", "Header", "header", "Header", internal_name="header", builtin=True)
FOOTER = ParagraphStyle("Footer", "Footer", "footer", "Footer", internal_name="footer", builtin=True)

#: The styles made from a text role, in the order the sheet lists them.
ROLE_STYLES: Final = (HEADLINE, DATELINE, LEAD, BODY, SUBHEADING, CAPTION, BYLINE, ATTRIBUTION, HEADER, FOOTER)

#: The paragraph that holds a photo (an inline picture) above its caption.
PHOTO = ParagraphStyle("Photo", "Photo", "caption", "Caption", keep_with_next=True)
PLACEHOLDER_NAME: Final = "Photo Placeholder"
PLACEHOLDER_ID: Final = "PhotoPlaceholder"
CREDIT_NAME: Final = "Photo Credit"
CREDIT_ID: Final = "PhotoCredit"
#: The text role the credit is set in, and the paragraph style it sits inside.
CREDIT_ROLE: Final = "credit"
