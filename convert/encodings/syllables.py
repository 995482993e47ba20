"""Is this a well-formed Vietnamese syllable? The yardstick for telling encodings apart.

Vietnamese is written one syllable per word, and its spelling is regular: an onset
consonant (or none), a rhyme (an optional medial o/u, a vowel nucleus, an optional
final consonant or glide) and at most one tone mark, set on the rhyme's main vowel.
Text read through the wrong code table breaks these rules almost everywhere ("Thø
b¶y", "Thöù", "thẩ") while the right table gives well-formed syllables almost
everywhere, so the share of well-formed syllables tells the right table apart.

The check is deliberately a little permissive (it accepts a few rhymes only loanwords
use, and both the old "hoà" and the new "hòa" tone placement): it has to recognise
real Vietnamese, not to police spelling.

Sources: the onsets and rhymes of Vietnamese orthography as tabulated in Wikipedia's
"Vietnamese alphabet" and "Vietnamese phonology"; the tone-placement rules of the
Ministry of Education's 1984 spelling rules (old and new style both accepted).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import Final

_ONSET: Final = re.compile("ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx]|")

# Each rhyme with the letters that may carry its tone in capitals: "OA" takes both
# "hòa" and "hoà", "uÔng" only "uống". Stop finals (c, ch, p, t) are handled below.
_RHYMES: Final = """
A Ac Ach Ai Am An Ang Anh Ao Ap At Au Ay Ăc Ăm Ăn Ăng Ăp Ăt Âc Âm Ân Âng Âp Ât Âu Ây
E Ec Em En Eng Eo Ep Et Ê Êch Êm Ên Êng Ênh Êp Êt Êu
I Ia Ich Im In Inh Ip It Iu iÊc iÊm iÊn iÊng iÊp iÊt iÊu Y yÊm yÊn yÊng yÊt yÊu
O Oc Oi Om On Ong Op Ot oOc oOng Ô Ôc Ôi Ôm Ôn Ông Ôp Ôt Ơ Ơi Ơm Ơn Ơp Ơt
U Ua Uc Ui Um Un Ung Up Ut uÔc uÔi uÔm uÔn uÔng uÔp uÔt
Ư Ưa Ưc Ưi Ưm Ưn Ưng Ưt Ưu ưƠc ưƠi ưƠm ưƠn ưƠng ưƠp ưƠt ưƠu
OA oAc oAch oAi oAm oAn oAng oAnh oAo oAp oAt oAy oĂc oĂm oĂn oĂng oĂt OE oEn oEo oEt
uÂn uÂng uÂt uÂy uÊ uÊch uÊnh uƠ UY uYa uYch uYn uYnh uYp uYt uYu uyÊn uyÊt
"""

#: Toneless rhyme → the positions (within the rhyme) that may carry the tone.
RHYMES: Final[dict[str, frozenset[int]]] = {
    rhyme.lower(): frozenset(i for i, ch in enumerate(rhyme) if ch.isupper()) for rhyme in _RHYMES.split()
}

_TONES: Final = {"\u0301": "acute", "\u0300": "grave", "\u0309": "hook", "\u0303": "tilde", "\u0323": "dot"}


def _tone_table() -> tuple[dict[int, str], dict[str, str]]:
    """Toned vowel → its toneless vowel (for ``str.translate``), and → its tone."""
    strip: dict[int, str] = {}
    tone_of: dict[str, str] = {}
    for vowel in "aăâeêioôơuưy":
        for mark, tone in _TONES.items():
            toned = unicodedata.normalize("NFC", vowel + mark)
            strip[ord(toned)] = vowel
            tone_of[toned] = tone
    return strip, tone_of


_STRIP, _TONE_OF = _tone_table()
_TONED: Final = re.compile("[" + "".join(_TONE_OF) + "]")
_STOP_FINALS: Final = ("c", "ch", "p", "t")


def is_syllable(word: str) -> bool:
    """Whether a lower-case NFC word is a well-formed Vietnamese syllable."""
    toned = _TONED.search(word)
    if toned is not None and _TONED.search(word, toned.end()) is not None:
        return False  # two tone marks
    bare = word.translate(_STRIP)
    tone = _TONE_OF[toned.group()] if toned is not None else None
    position = toned.start() if toned is not None else -1
    onset = _ONSET.match(bare)
    assert onset is not None  # the empty onset always matches
    starts = [onset.end()]
    if onset.group() == "gi":
        starts.append(1)  # "gìn" is g + ìn, "giá" is gi + á
    for start in starts:
        allowed = RHYMES.get(bare[start:])
        if allowed is None:
            continue
        if bare.endswith(_STOP_FINALS) and tone not in ("acute", "dot"):
            return False  # "các", "học": a stop final takes only these two tones
        if tone is None or position - start in allowed:
            return True
    return False


# Punctuation that may cling to a word: quotes, brackets, dashes, ellipsis, marks.
_CLINGING: Final = "\"'()[]{}<>«»“”‘’„‚‹›.,;:!?…-–—/*%&+=#@~^|\\"


_DIGIT: Final = re.compile(r"\d")


def well_formed(tokens: Iterable[str], cache: dict[str, bool | None] | None = None) -> tuple[int, int]:
    """``(well-formed, judged)`` over whitespace-separated tokens of NFC text.

    Punctuation around a token is ignored and hyphenated loans (``héc-ta``) count
    per part; a part with a digit is not judged (it says nothing about the table).
    ``cache`` keeps verdicts between calls (tables that read a word alike share them).
    """
    good = judged = 0
    verdicts = cache if cache is not None else {}
    for token, count in Counter(tokens).items():
        for part in token.split("-"):
            part = part.strip(_CLINGING)
            if not part:
                continue
            if part not in verdicts:
                verdicts[part] = _verdict(part)
            verdict = verdicts[part]
            if verdict is not None:
                judged += count
                good += count * verdict
    return good, judged


def _verdict(part: str) -> bool | None:
    if part.isalpha():
        return is_syllable(part.lower())
    return None if _DIGIT.search(part) else False
