"""What setting the body's structure (``blocks``) needs of the story being built.

``story.StoryBuilder`` sets the article and hands each list, table, quotation, turn and
break to ``blocks``, which sets it in the builder's faces and pieces. ``Builder`` names
the part of the builder ``blocks`` uses, so ``blocks`` depends on this module and not
on ``story`` (which depends on ``blocks``): no import cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from convert.styles import Style
    from convert.writers.pdf.fonts.faces import Chain
    from convert.writers.pdf.press.color import Palette

#: Turns a segment's text into Paragraph markup (escaped, in its faces).
Marker = Callable[[str], str]
#: A stretch of a paragraph's text and how to mark it up.
Segment = tuple[str, Marker]


class Builder(Protocol):
    """The story builder as ``blocks`` sees it (``story.StoryBuilder`` is one)."""

    style: Style
    #: The narrowest frame the body flows through, in points (a table must fit it).
    column_width: float
    palette: Palette

    def chain(self, role: str, bold: bool | None = None, italic: bool | None = None) -> Chain: ...

    def pstyle(self, role: str) -> ParagraphStyle: ...

    def markup(self, text: str, face_chain: Chain, explicit: bool = False) -> str: ...

    def inline_marker(self, role: str) -> Marker: ...

    def segment_marker(self, role: str, bold: bool | None = None, explicit: bool = False) -> Marker: ...

    def pieces_in(
        self,
        segments: Sequence[Segment],
        role: str,
        outline: tuple[str, int] | None = None,
        outlined: type = ...,
        style: ParagraphStyle | None = None,
        bullet: str | None = None,
    ) -> Iterator[Paragraph]: ...


__all__ = ["Builder", "Marker", "Segment"]
