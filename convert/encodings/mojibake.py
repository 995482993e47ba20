"""Mojibake: UTF-8 that was read as Windows-1252 (or Latin-1) and saved again, maybe twice.

Crawled and copy-pasted news arrives as "Thá»© báº£y" for "Thứ bảy": each byte of a
UTF-8 letter became a character of its own. Such a file is valid UTF-8, so it needs
its own check. A cheap pattern finds the telltale pairs (a UTF-8 lead byte seen as
``Ã``, ``Ä``, ``Æ``, ``á»``... followed by a continuation byte seen as punctuation);
only then is ftfy imported (it costs ~40 ms), asked what was done to the text, and the
repair kept if it reads as better Vietnamese (``convert.encodings.syllables``).

ftfy (https://ftfy.readthedocs.io) is used for what it is best at, undoing
encode/decode mix-ups, with every other "fix" it offers turned off: vnconv never
changes quotes, ligatures, widths or line breaks behind the user's back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Sequence
from itertools import islice
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from ftfy import TextFixerConfig

# A UTF-8 lead byte of a Vietnamese letter (C3-C6 for Latin letters, CC-CD for
# combining marks, E1 for U+1E00-1EFF), seen as Windows-1252 or Latin-1, followed by
# a continuation byte (0x80-0xBF) seen the same way.
_CONTINUATION: Final = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
_TELLTALE: Final = re.compile(f"[ÂÃÄÅÆÌÍ][{_CONTINUATION}]|á[º»][{_CONTINUATION}]")
#: Telltales needed before ftfy is asked: one could be a quotation of mojibake.
_ENOUGH: Final = 2
#: Characters of text ftfy looks at to learn what was done (the rest follows that).
_SAMPLE_CHARS: Final = 8000

_CODEC_NAMES: Final = {"sloppy-windows-1252": "Windows-1252", "latin-1": "Latin-1", "windows-1252": "Windows-1252"}


@dataclass(frozen=True)
class Repair:
    """A text with its mojibake undone, and what was undone."""

    text: str
    note: str  # for the user: what was undone


def repair(text: str) -> Repair | None:
    """The text with its mojibake undone, or None if it shows none (the usual case)."""
    if len(list(islice(_TELLTALE.finditer(text), _ENOUGH))) < _ENOUGH:
        return None
    import ftfy

    config = _config()
    sample = _head(text)
    learned = ftfy.fix_and_explain(sample, config)
    steps = learned.explanation or []
    if not steps or not _reads_better(learned.text, sample):
        return None
    fixed = _apply(text, steps) if len(text) > len(sample) else learned.text
    if fixed is None:  # the fix that suits the start does not suit all of it: line by line
        fixed = ftfy.fix_text(text, config)
    return Repair(fixed, _describe(steps))


def _config() -> TextFixerConfig:
    """ftfy's encoding repairs only."""
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=False,  # never invent U+FFFD where a byte was lost
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
    )


def _head(text: str) -> str:
    """The first ``_SAMPLE_CHARS`` characters, cut at a line end so no letter is split."""
    if len(text) <= _SAMPLE_CHARS:
        return text
    cut = text.rfind("\n", 0, _SAMPLE_CHARS)
    return text[: cut + 1] if cut > 0 else text[:_SAMPLE_CHARS]


def _reads_better(fixed: str, original: str) -> bool:
    # Imported here, like ftfy: only a text with telltales is judged (the usual article has none).
    from convert.encodings.syllables import well_formed

    good_fixed, judged_fixed = well_formed(fixed.split())
    good_original, judged_original = well_formed(original.split())
    return good_fixed / max(judged_fixed, 1) > good_original / max(judged_original, 1)


def _apply(text: str, steps: Sequence[tuple[str, str]]) -> str | None:
    """Replay plain encode/decode steps on the whole text at codec speed; None if they fail."""
    import ftfy.bad_codecs  # noqa: F401 - registers sloppy-windows-1252

    data: str | bytes = text
    try:
        for action, codec in steps:
            if action == "encode" and isinstance(data, str):
                data = data.encode(codec)
            elif action == "decode" and isinstance(data, bytes):
                data = data.decode(codec)
            else:
                return None
    except (UnicodeError, LookupError):
        return None
    return data if isinstance(data, str) else None


def _describe(steps: Sequence[tuple[str, str]]) -> str:
    read_as = [_CODEC_NAMES.get(codec, codec) for action, codec in steps if action == "encode"]
    rounds = sum(1 for action, codec in steps if action == "decode" and codec.startswith("utf-8"))
    how = " then ".join(dict.fromkeys(read_as)) or "another encoding"
    times = {1: "", 2: " twice"}.get(rounds, f" {rounds} times")
    return f"repaired mojibake: UTF-8 text that had been read as {how} and saved again{times}"
