"""The Vietnamese syllable check that detection scores encodings with."""

from __future__ import annotations

import pytest

from convert.encodings.syllables import is_syllable, well_formed
from tests.support.strategies import GIVEN, SURNAMES, SYLLABLES

WORDS = (
    "thứ bảy tỉnh ủy lạng sơn nghị quyết người giữa gìn giá quốc quý khuya thuở hòa hoà thủy thuỷ "
    "nghiêng chuyện khuấy xoáy rượu hươu oong huơ giếng ấy ở ý và đ"
).split()[:-1]


@pytest.mark.parametrize("word", WORDS + [w.lower() for w in SYLLABLES + list(SURNAMES) + list(GIVEN)])
def test_vietnamese_words_are_syllables(word: str) -> None:
    assert is_syllable(word.lower())


@pytest.mark.parametrize(
    "word",
    [
        "thø", "b¶y", "thöù", "baûy", "caùc",  # TCVN3 and VNI read as Windows-1252
        "tha»©", "bã¡",  # mojibake
        "cac", "hoc", "hoàc", "họcs",  # a stop final takes only the acute or dot tone
        "bàá", "hoài̇", "baì", "hoỉ",  # two tones; a tone on a final glide
        "xyz", "str", "đđ", "ng", "",
    ],
)  # fmt: skip
def test_other_words_are_not(word: str) -> None:
    assert not is_syllable(word)


def test_well_formed_counts_judged_words_only() -> None:
    # punctuation clings, hyphenated loans count per part, words with digits are not judged
    assert well_formed(["“Thứ", "bảy,", "héc-ta", "2019", "15%", "Thø", "(b¶y)"]) == (4, 6)
