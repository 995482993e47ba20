"""The style's ``[docx]`` section: the font names a DOCX asks Word for.

Declared beside the writer that reads it; ``convert.styles`` derives the checks,
the loading and ``vnconv styles show`` from these fields (see ``convert.sections``),
so a new key is one field here and its value in ``styles/default.toml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from convert.sections import Invalid

if TYPE_CHECKING:
    from convert.styles import Style


@dataclass(frozen=True)
class Docx:
    #: A [fonts] key -> the family name Word is asked for (a newsroom may want "Times New Roman").
    fonts: Mapping[str, str]

    def check(self, style: Style) -> None:
        """Every font a text role is set in has a name for Word."""
        for key in {t.font for t in style.text.values()}:
            if key not in self.fonts:
                raise Invalid(f"fonts.{key}", f"missing (the DOCX name for the {key} font)")
