"""The style's sections for the structure of an article's body, shared by every writer:
``[lists]``, ``[tables]``, ``[quotes]``, ``[section_break]`` and ``[typography]``.

Their text is set in text roles of their own (``[text.list]``, ``[text.table]``,
``[text.table_header]``, ``[text.quote]``, ``[text.question]``, ``[text.answer]``,
``[text.speaker]``, ``[text.separator]``); these sections hold what is not a text
role's: indents, rules, fills, the ornament, and whether quotes and dashes are set
typographically. A new key is a field here and its value in ``styles/default.toml``
(``convert.sections``).
"""

from __future__ import annotations

from dataclasses import dataclass

from convert.sections import Color, Invalid


@dataclass(frozen=True)
class Lists:
    """Bulleted and numbered lists."""

    indent: float  # mm: from the edge of the text to an item's text, per level of nesting
    #: What bulleted items show, by level of nesting (the last repeats for deeper ones);
    #: an empty list shows each item's own marker, as the file had it (-, +, *).
    bullets: tuple[str, ...]

    def __post_init__(self) -> None:
        if any(not bullet or bullet != bullet.strip() for bullet in self.bullets):
            raise Invalid("bullets", f"expected signs without spaces around them, got {list(self.bullets)!r}")


@dataclass(frozen=True)
class Tables:
    """Rules and the header row's fill; the cells' text is ``[text.table]`` and ``[text.table_header]``."""

    rule_width: float  # pt; 0 draws no rules
    rule_color: Color
    header_fill: Color
    cell_padding: float  # pt, on every side of a cell's text


@dataclass(frozen=True)
class Quotes:
    """Block quotations, set in from both sides of the text."""

    indent: float  # mm, on each side


@dataclass(frozen=True)
class SectionBreak:
    """What a section separator (``* * *`` in the file) is drawn as."""

    ornament: str  # set centred in [text.separator]; "" draws a short rule instead
    rule_width: float  # pt: the short rule, when there is no ornament
    rule_length: float  # share (0-1) of the text width the short rule takes

    def __post_init__(self) -> None:
        if not 0 < self.rule_length <= 1:
            raise Invalid("rule_length", f"expected a share of the text width above 0 and at most 1, got {self.rule_length!r}")


@dataclass(frozen=True)
class Typography:
    """How the outputs set what the file typed plainly; the model keeps what the file had."""

    quotes: bool  # straight "…" and '…' set as “…” and ‘…’ (an apostrophe as ’)
    dashes: bool  # a hyphen with a space on each side, between words, set as an en dash
