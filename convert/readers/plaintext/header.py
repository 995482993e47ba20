"""The optional header: ``key: value`` lines between two ``---`` lines at the top.

For when the conventions are not enough. A part the header gives is taken from it
and never guessed from the text below: ``headline:`` says what the headline is (the
first block below is then the lead), ``byline:`` with nothing after it says there is
no byline (so the last paragraph is not taken for one). The keys, in English or
Vietnamese::

    ---
    headline: Tỉnh ủy Lạng Sơn sơ kết giữa nhiệm kỳ
    date: Thứ bảy, 17/08/2019
    source: LSO
    byline: Phùng Khiêm
    ---

A block that is not wholly such lines is not a header; the reader says why (``warn``)
and reads its lines as text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from convert.options import Warn
from convert.readers.plaintext.lines import Line

#: The parts a header may give, and the keys that name each (compared in lower case).
KEYS: Final[Mapping[str, str]] = {
    "headline": "headline",
    "tiêu đề": "headline",
    "date": "date",
    "ngày": "date",
    "source": "source",
    "nguồn": "source",
    "lead": "lead",
    "sapo": "lead",
    "byline": "byline",
    "tác giả": "byline",
    "attribution": "attribution",
    "theo": "attribution",
}
PARTS: Final = tuple(dict.fromkeys(KEYS.values()))
#: A header is short: the closing ``---`` is looked for this far down, no further.
MAX_LINES: Final = 40
_FENCE: Final = re.compile(r"^-{3,}$")
_ENTRY: Final = re.compile(r"^(?P<key>[^:]{1,20}?)\s*:\s*(?P<value>.*)$")

RULE: Final = "given in the --- header"


@dataclass(frozen=True)
class Header:
    """The ``---`` header's values and the lines they are on."""

    values: Mapping[str, str]  # part -> value ("" says the part is absent)
    lines: Mapping[str, int]  # part -> its line number
    size: int  # lines the header takes, fences included

    def given(self, part: str) -> bool:
        return part in self.values

    def value(self, part: str) -> str | None:
        """The part's value, or None when the header gives it as empty."""
        return self.values[part] or None


def read_header(lines: Sequence[Line], warn: Warn | None = None) -> Header | None:
    """The header at the top of ``lines`` (blank lines before it allowed), or None."""
    start = next((index for index, line in enumerate(lines) if line), None)
    if start is None or not _FENCE.match(lines[start].text):
        return None
    values: dict[str, str] = {}
    numbers: dict[str, int] = {}
    for index in range(start + 1, min(len(lines), start + 1 + MAX_LINES)):
        line = lines[index]
        if _FENCE.match(line.text):
            if not values:
                return None  # two rules with nothing between: separators, not a header
            return Header(values, numbers, index + 1)
        if not line:
            continue
        entry = _ENTRY.match(line.text)
        part = KEYS.get(entry["key"].lower()) if entry else None
        if entry is None or part is None:
            if warn is not None and (values or entry is not None):
                warn(
                    f"line {line.number}: {line.text[:40]!r} is not 'key: value' with a header key "
                    f"({', '.join(PARTS)}), so the --- block at the top is read as text"
                )
            return None
        values[part] = entry["value"]
        numbers[part] = line.number
    return None
