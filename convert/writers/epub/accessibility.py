"""EPUB Accessibility 1.1: the package metadata that says what a reader can rely on.

Every book says how its content is perceived (``schema:accessMode``: textual, and
visual when it holds photos), what suffices to read it (``accessModeSufficient``:
text alone when every photo has a caption, text and pictures together always), what
it offers (``accessibilityFeature``), that it has no hazard, and a summary in the book's
language from the style (``epub.accessibility_summary``). It claims WCAG 2.2 Level AA
(``dcterms:conformsTo``) only when the checks of ``conformance_failures`` all hold:
the markup's part is the same for every book (``xhtml``, ``nav``: language on every
document and on the package, alternative text, headings in order, table headers
with their scope, landmarks and a contents list, ARIA roles beside the EPUB types),
so what remains to check per book is that every photo has a caption and the style's
text contrast. Ace by DAISY (``make a11y``) and EPUBCheck check the result.

Sources: EPUB Accessibility 1.1 (W3C Recommendation, 2023), its Techniques, and the
DAISY Knowledge Base's pages on schema.org accessibility metadata; WCAG 2.2's
definitions of contrast ratio, relative luminance and large-scale text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from convert.model import Article, Caption
from convert.styles import Style

#: The conformance claim EPUB Accessibility 1.1 §5.1 asks for, as its own words write it.
CONFORMS_TO: Final = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
#: Who evaluated the book (EPUB Accessibility 1.1 §5.2): the checks vnconv runs while
#: it writes it; ``make a11y`` runs Ace by DAISY on top.
CERTIFIED_BY: Final = "vnconv"
#: WCAG 2.2, 1.4.3: 4.5:1 for text, 3:1 for large-scale text (18 pt, or 14 pt bold).
NORMAL_CONTRAST: Final = 4.5
LARGE_CONTRAST: Final = 3.0
LARGE_SIZE: Final = 18.0
LARGE_BOLD_SIZE: Final = 14.0
#: What the text is read on: reading systems open a book on white unless the reader
#: chooses otherwise, and the style sheet sets no page background.
PAGE: Final = "#FFFFFF"


@dataclass(frozen=True)
class Description:
    """What the metadata says of one book: its photos and captions, and the claim."""

    photos: bool
    conforms: bool
    described: bool = True  # every photo has a caption: the text alone suffices

    def properties(self, style: Style) -> Iterator[tuple[str, str]]:
        """(property, value) of every ``meta`` element, in the order they are written."""
        yield "schema:accessMode", "textual"
        if self.photos:
            yield "schema:accessMode", "visual"
        if self.described:
            yield "schema:accessModeSufficient", "textual"
        if self.photos:
            yield "schema:accessModeSufficient", "textual,visual"
        features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
        if self.photos:
            features.append("alternativeText")
        for feature in features:
            yield "schema:accessibilityFeature", feature
        yield "schema:accessibilityHazard", "none"
        yield "schema:accessibilitySummary", style.epub.accessibility_summary
        if self.conforms:
            yield "dcterms:conformsTo", CONFORMS_TO
            yield "a11y:certifiedBy", CERTIFIED_BY


def conformance_failures(style: Style, articles: Sequence[Article] = ()) -> list[str]:
    """Why the book would not meet WCAG 2.2 AA (empty: it does).

    Every photo needs a caption that says what it shows: a credit alone names who took
    it, not what is in it (it is still the photo's alternative text, better than none). Every text role's colour against
    the page (the table header's against its fill) must reach 4.5:1, or 3:1 for
    large-scale text. The photo placeholder's label is left out: it is drawn decoration
    in a box whose name the markup gives (``role="img"``, ``aria-label``), "incidental"
    text in WCAG's words.
    """
    failures = [f"a photo without a caption ({photo})" for photo in uncaptioned_photos(articles)]
    for role, text in sorted(style.text.items()):
        ground = style.tables.header_fill if role == "table_header" else PAGE
        needed = LARGE_CONTRAST if text.size >= LARGE_SIZE or (text.bold and text.size >= LARGE_BOLD_SIZE) else NORMAL_CONTRAST
        ratio = contrast(text.color, ground)
        if ratio < needed:
            failures.append(f"text.{role}: {text.color} on {ground} has contrast {ratio:.2f}:1, below {needed}:1")
    return failures


def uncaptioned_photos(articles: Sequence[Article]) -> list[str]:
    """The photos whose caption has no text (a credit at most), by path."""
    return [
        block.photo
        for article in articles
        for block in article.blocks
        if isinstance(block, Caption) and block.photo is not None and not block.text
    ]


def contrast(first: str, second: str) -> float:
    """WCAG's contrast ratio of two ``#RRGGBB`` colours, from 1 to 21."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(color: str) -> float:
    """WCAG 2.2's relative luminance of an sRGB colour."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
