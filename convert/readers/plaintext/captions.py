"""Photo captions and their credits, in the forms archives and crawls write them.

- set off by two blank lines (the first convention);
- ending in a credit: ``… text. Ảnh: TTXVN``, ``… text (Ảnh: PV)``, ``… Ảnh minh họa``,
  also typed directly under their paragraph without a blank line;
- ``Ảnh: caption text (Credit)``: the label first and the credit in brackets;
- glued by a crawler onto the next paragraph, ``… Ảnh: AP. Những tín hiệu …``: split
  at the credit, the caption before it and the paragraph after.

The credit is kept as written (``Ảnh: TTXVN``); only brackets around it and a dash
before it are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

RULE_SET_OFF: Final = "caption: set off by two blank lines"
RULE_CREDIT: Final = "caption: ends with a photo credit"
RULE_LABELLED: Final = "caption: opens with Ảnh: (the credit in brackets at the end)"
RULE_GLUED: Final = "caption: glued to the next paragraph, split at the photo credit"
RULE_CREDIT_ALONE: Final = "caption: a photo credit alone, for the caption above"
RULE_CREDIT_GLUED: Final = "caption: the photo credit opening a paragraph, split off for the caption above"
RULE_HEADING_GLUED: Final = "subheading: between a glued photo credit and a sentence it runs into"

#: The first letters of a credit's label, or its bracket.
_LABEL_OPENINGS: Final = frozenset("(ẢNĐP")
#: Words a caption may hold before a warning says it may be body text (the reader's
#: limit: it reads without a style; no caption of the samples comes near it).
MAX_CAPTION_WORDS: Final = 60
#: Words of body text after a credit that opens a line, before the line is taken for a
#: credit glued onto a paragraph rather than a caption that opens with its credit.
MIN_GLUED_BODY_WORDS: Final = 12

_LABEL: Final = r"(?:Ảnh|Nguồn ảnh|Ảnh minh họa|Ảnh minh hoạ|Đồ họa|Đồ hoạ|Photo)"
_BARE: Final = r"(?:Ảnh minh họa|Ảnh minh hoạ|Ảnh chụp màn hình|Ảnh tư liệu|Ảnh cắt từ clip|Ảnh cắt từ video)"
_CREDIT: Final = re.compile(
    rf"(?:^|(?<=[\s.,;:!?…)\]]))[(\[]?\s*(?P<credit>{_LABEL}\s*:\s*[^()\[\]:]{{1,80}}?|{_BARE})\s*[)\]]?$"
)
#: What a text holds if it has a credit: one of these begins every label and bare credit
#: (tests/readers/plaintext/test_captions.py checks it). ``_CREDIT`` and ``_GLUE`` have no
#: literal to begin with, and ``re`` tries them at every position of every paragraph
#: (~1 M instructions of reading the seed); looking for these first, most paragraphs
#: are passed over at once.
_LABEL_WORDS: Final = ("Ảnh", "ảnh", "Đồ h", "Photo")
_SEPARATOR_BEFORE: Final = re.compile(r"\s*[-–—|/]?\s*$")
#: ``Ảnh: caption (Credit)``.
_LABELLED: Final = re.compile(rf"^{_LABEL}\s*:\s*\S.*?(?P<open>\s*\()(?P<credit>[^()]{{2,60}})\)\.?$")
#: A credit is a name or two, an agency: a few words.
MAX_CREDIT_WORDS: Final = 8
#: Where a crawler glued a caption and a paragraph: the label...
_GLUE: Final = re.compile(rf"(?:^|(?<=[\s.,;!?…]))(?P<open>[(\[]\s*)?{_LABEL}\s*:\s*")
#: ...a few words of credit (dots inside initials allowed), and a full stop or bracket.
_WHO: Final = re.compile(r"(?:[^\s.()\[\]]|\.(?=\S))+(?:\s+(?:[^\s.()\[\]]|\.(?=\S))+){0,5}")
_SPACE: Final = re.compile(r"\s*")
_OPENING: Final = re.compile(r"[\"'“‘«(]*")
#: A caption glued to a paragraph is short; a longer text is a paragraph that mentions a photo.
MAX_GLUED_CAPTION: Final = 400


@dataclass(frozen=True)
class Split:
    """A caption split from its credit, and the rule that split it."""

    caption: str
    credit: str | None
    rule: str


def split_credit(text: str) -> Split | None:
    """The caption and its credit when ``text`` ends in one (or is the labelled form)."""
    labelled = _LABELLED.match(text)
    if labelled is not None and credit_like(labelled["credit"]):
        return Split(text[: labelled.start("open")], labelled["credit"].strip(), RULE_LABELLED)
    match = _CREDIT.search(text) if _labelled(text) else None
    if match is None or not credit_like(match["credit"]):
        return None
    caption = _SEPARATOR_BEFORE.sub("", text[: match.start()])
    return Split(caption, match["credit"].rstrip(), RULE_CREDIT)


def credit_left_open(text: str) -> bool:
    """``… (Ảnh: Hoàng``: ``text`` ends in a credit whose bracket it opens and does not
    close, as a hard wrap leaves it when it breaks the credit (``Ánh)`` on the next line).
    The credit is unfinished: the caption ends where the bracket closes."""
    match = _CREDIT.search(text) if _labelled(text) else None
    return match is not None and text[match.start()] in "([" and text[-1] not in ")]"


def _labelled(text: str) -> bool:
    """Whether ``text`` holds a word a credit's label begins with (``_LABEL_WORDS``)."""
    return any(word in text for word in _LABEL_WORDS)


def opens_with_label(text: str) -> bool:
    """``Ảnh: a long description``: a caption that says so, though no credit follows."""
    return re.match(rf"{_LABEL}\s*:\s*\S", text) is not None


def credit_like(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= MAX_CREDIT_WORDS + 1 and not any(mark in text for mark in ("? ", "! "))


@dataclass(frozen=True)
class Glued:
    """A caption found glued onto the paragraph after it, and its credit."""

    caption: str
    credit: str


def split_glued(text: str) -> tuple[list[Glued], str]:
    """The captions glued onto the paragraph after them, in order, each split at its
    credit, and the text after the last credit; ``([], text)`` when none is.

    Each caption is the text from the cut before it to its credit. One pass over the
    text, so a text of any length is cut in linear time.
    """
    if not _labelled(text):
        return [], text
    found: list[Glued] = []
    cut = 0
    for start in _GLUE.finditer(text):
        if start.start() < cut:
            continue
        end = _credit_end(text, start)
        if end is None:
            continue
        caption = _SEPARATOR_BEFORE.sub("", text[cut : start.start()])
        if len(caption) > MAX_GLUED_CAPTION:
            break  # a paragraph that mentions a photo: nothing glued from here on
        credit = text[start.start() + len(start["open"] or "") : end]
        found.append(Glued(caption, credit.rstrip(")]").strip()))
        cut = _SPACE.match(text, end).end()  # type: ignore[union-attr]
    return found, text[cut:] if found else text


def _credit_end(text: str, start: re.Match[str]) -> int | None:
    """Where a glued credit that begins at ``start`` ends (after its full stop or
    bracket), when text opening a sentence follows it; else None."""
    who = _WHO.match(text, start.end())
    if who is None:
        return None
    end = who.end()
    closing = text[end : end + 1]
    if len(who.group().split()[-1]) == 1 and closing == ".":
        return None  # an initial (``Ảnh: T. Hà``), not the end of the credit
    if (start["open"] and closing not in ")]") or (not start["open"] and closing != "."):
        return None
    end += 1
    following = _SPACE.match(text, end).end()  # type: ignore[union-attr]
    opens = _OPENING.match(text, following).end()  # type: ignore[union-attr]
    first = text[opens : opens + 1]
    if following == end or following == len(text) or not (first.isupper() or first.isdigit()):
        return None  # the credit ends the text (split_credit's case), or a sentence goes on
    return end


def split_leading_credit(text: str) -> tuple[str, str] | None:
    """``(credit, rest)`` when ``text`` opens with a photo credit glued onto body text
    (a crawler's join of a caption's credit and the paragraph after it), else None.

    The credit ends where the body begins, which it shows without a full stop: a
    bracket closes it, or it is words in capitals (``HẢI ĐƯỜNG``) and the body's first
    word is not, or it is one web address or lower-case name (``dantri.com.vn``,
    ``huffingtonpost``) before a capital. A credit in ordinary capitalised words
    (``Ảnh: Hải Đường Huyện …``) cannot be told from the words after it and is left
    whole. The body must open with a capital and be longer than a caption's words:
    ``Ảnh: UBND tỉnh trao quà`` is a caption.
    """
    if text[:1] not in _LABEL_OPENINGS:  # asked of every chunk: most open otherwise
        return None
    bracketed = re.match(rf"^\(\s*({_LABEL}\s*:\s*[^()]{{1,80}}?)\s*\)\s+(\S.*)$", text)
    if bracketed is not None:
        credit, rest = bracketed.group(1), bracketed.group(2)
    else:
        label = re.match(rf"^{_LABEL}\s*:\s*", text)
        if label is None:
            return None
        words = text[label.end() :].split(" ")
        taken = _credit_words(words)
        if taken == 0:
            return None
        credit = text[: label.end()] + " ".join(words[:taken])
        rest = " ".join(words[taken:]).strip()
    opening = _OPENING.match(rest).end()  # type: ignore[union-attr]
    if not rest or not (rest[opening : opening + 1].isupper() or rest[opening : opening + 1].isdigit()):
        return None
    if len(rest.split()) < MIN_GLUED_BODY_WORDS or not credit_like(credit.split(":", 1)[1]):
        return None
    return credit.strip(), rest


def _credit_words(words: list[str]) -> int:
    """How many of ``words`` (those after a credit's label) are the credit, told by
    their case; 0 when the case does not tell."""
    capitals = 0
    while capitals < len(words) and _in_capitals(words[capitals]):
        capitals += 1
    if capitals:
        return capitals if capitals < len(words) and any(ch.islower() for ch in words[capitals]) else 0
    first = words[0]
    letters = [ch for ch in first if ch.isalpha()]
    web = re.fullmatch(r"\w[\w-]*(?:\.\w[\w-]*)+", first) is not None
    lower = bool(letters) and all(ch.islower() for ch in letters)
    camel = len(letters) > 1 and letters[0].isupper() and any(ch.isupper() for ch in letters[1:])  # VnExpress
    return 1 if len(words) > 1 and (web or lower or camel) else 0


def _in_capitals(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


#: Words after which a capitalised word is a name, not a new sentence: titles,
#: prepositions, place nouns (``ông Hùng cho biết``, ``ở Huế có``, ``tỉnh Nghệ An``).
_BEFORE_NAMES: Final = frozenset(
    "ông bà anh chị em cô chú bác cụ thầy đồng chí tướng giáo sư tiến sĩ ts pgs gs bs ths kts luật sư "
    "ở tại của và với cho từ đến tới về trên dưới như là thuộc gặp theo sang qua vào "
    "tỉnh huyện xã phường quận thành phố tp thị trấn thôn bản làng sông núi đảo biển cầu đường phố "
    "nước hãng công ty tập đoàn báo đài bệnh viện trường".split()
)
#: A crosshead glued before its paragraph is short.
_HEADING_WORDS: Final = (3, 16)


def split_glued_heading(text: str) -> tuple[str, str] | None:
    """``(subheading, paragraph)`` when the text after a glued credit opens with a
    crosshead run into the paragraph's first sentence without a stop (``Huyện nói sở
    giới thiệu, sở bảo không Chúng tôi liên lạc …``), else None.

    The cut is the first place, within a crosshead's length, where a word in lower
    case is followed by a capitalised word and then a lower-case one: a sentence
    opening (``Chúng tôi``), since a name inside a sentence is two or more capitalised
    syllables (``Lạng Sơn``) or follows a title, a preposition or a place noun
    (``ông Hùng nói``, ``tỉnh Nghệ An``), which rule the place out.
    """
    words = text.split(" ")
    for index in range(_HEADING_WORDS[0], min(_HEADING_WORDS[1], len(words) - MIN_GLUED_BODY_WORDS) + 1):
        before, word, after = words[index - 1], words[index], words[index + 1]
        if not (word[:1].isupper() and word[1:].islower() and word.isalpha()):
            continue
        if not (before.isalpha() and before.islower()) or before in _BEFORE_NAMES:
            continue
        if not (after[:1].isalpha() and after[:1].islower()):
            continue
        return " ".join(words[:index]), " ".join(words[index:])
    return None
