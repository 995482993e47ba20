"""How a style section is declared: the value types its fields may have, and how it complains.

A style section is a frozen dataclass (``Page`` in ``convert.styles``, ``Pdf`` in
``convert/writers/pdf/settings.py``...). Its fields are the keys of the TOML table
and their types say what a value may be; ``convert.styles`` derives from them the
checks a style file must pass, how it is loaded and what ``vnconv styles show``
prints, so a key is declared once, in its section. The types it understands:

- ``bool``, ``str``, ``int`` (a whole number), ``float`` (any number); a number must be
  finite and in its range: ``DEFAULT_RANGE`` unless its field is declared with
  ``number(low, high)`` (a typo such as ``1e300`` or ``nan`` would otherwise reach a
  writer as an overflow or as ``font-size: nanem``);
- ``Color``: a ``"#RRGGBB"`` string;
- ``Leading``: a line height, a number (a multiple of the type size) or ``"14pt"``;
- ``Literal["a", "b"]``: one of those words;
- ``tuple[X, ...]``: a list; ``Mapping[str, X]``: a table of any keys (``Mapping`` of a
  ``Literal`` key: only those keys); ``X | None`` with a default: may be left out;
- another section dataclass: a table of exactly its keys.

A section checks its own values in ``__post_init__`` (raising ``Invalid``); one whose
check needs the rest of the style (the DOCX needs a name for every font the text
uses) defines ``check(self, style)``, which the loader calls once the style is whole;
``WholeStyle`` names what such a check may read of it, so a section need not import
``convert.styles`` (which imports the sections: that would be an import cycle).
This module imports nothing of vnconv, so writers' settings modules and the style
loader can both use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from typing import Any, Final, NewType, Protocol

#: A colour as the style files write it: ``"#1A1A1A"``.
Color = NewType("Color", str)

#: A line height as the style files write it: a number is a multiple of the type size
#: (``1.3``: 13 pt lines for 10 pt type, and still 1.3 times when the size changes); a
#: string of points (``"14pt"``) is an absolute height, for a designer who wants one.
Leading = NewType("Leading", object)  # float | str

#: Field metadata: how the field is written in a style file (see ``file_form``).
FILE_FORM: Final = "vnconv.file_form"
#: Field metadata: the least and the greatest value a number may take (see ``number``).
RANGE: Final = "vnconv.range"
#: The range of a number whose field does not declare one: millimetres, points and
#: shares are never negative, and none needs to be above ten thousand.
DEFAULT_RANGE: Final = (0, 10_000)


def number(low: float, high: float) -> Any:
    """A number field that must lie from ``low`` to ``high`` (both included), where
    ``DEFAULT_RANGE`` does not fit; the loader checks it before the section is made."""
    return field(metadata={RANGE: (low, high)})


def not_in_file(init: bool = True) -> Any:
    """A field the loader works out instead of reading it (a page's width from its
    size, a style's name from its file): not a key, not shown by ``styles show``."""
    return field(init=init, metadata={FILE_FORM: None})


def file_form(kind: object) -> Any:
    """A field whose table in the file has another type than the loaded value (the
    ``[text]`` tables have ``base``, which the loaded roles no longer need)."""
    return field(metadata={FILE_FORM: kind})


class Invalid(ValueError):
    """A section's own check failed (``__post_init__``): ``key`` (None: the whole
    section) and the reason, which the loader prefixes with the file and section."""

    def __init__(self, key: str | None, reason: str) -> None:
        super().__init__(f"{key}: {reason}" if key else reason)
        self.key = key
        self.reason = reason


class RoleText(Protocol):
    """A text role's style as a section's check reads it (``styles.TextStyle``)."""

    @property
    def font(self) -> str: ...  # a key of the style's [fonts]


class WholeStyle(Protocol):
    """The whole style as a section's ``check(self, style)`` reads it (``styles.Style``)."""

    @property
    def text(self) -> Mapping[str, RoleText]: ...  # every text role's style, by role

