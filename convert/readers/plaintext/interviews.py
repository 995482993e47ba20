"""Interviews: questions and answers, as Vietnamese papers print them.

Questions open with ``PV:``, ``Phóng viên:`` or ``Hỏi:``; answers with ``Đáp:``,
``Trả lời:`` or the speaker's name and a colon (``Ông Nguyễn Văn A:``). The
paragraphs after an answer, up to the next question, are more of that answer. A
speaker's name only counts where the convention is clear: after a labelled question,
or when the named answers alternate with unlabelled questions (paragraphs ending in
a question mark). The label is kept as the turn's ``speaker`` (without the colon,
which writers set from the style); paragraphs before the first turn stay paragraphs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from convert.model import Answer, Question
from convert.readers.plaintext.lines import ENDS_CLAUSE

RULE_QUESTION: Final = "question: opens with PV:, Phóng viên: or Hỏi:"
RULE_ASKED: Final = "question: ends with ?, between named answers"
RULE_ANSWER: Final = "answer: opens with Đáp: or Trả lời:"
RULE_NAMED: Final = "answer: opens with the speaker's name and a colon, in an interview"
RULE_FOLLOWS: Final = "answer: follows a question"

Kind = Literal["question", "answer", "named"]

_QUESTION: Final = re.compile(r"^(?P<speaker>PV|P\.V\.?|Phóng viên|PHÓNG VIÊN|Hỏi|HỎI|Câu hỏi|CÂU HỎI)\s*:\s*(?P<rest>\S.*)$")
_ANSWER: Final = re.compile(r"^(?P<speaker>Đáp|ĐÁP|Trả lời|TRẢ LỜI)\s*:\s*(?P<rest>\S.*)$")
_NAMED: Final = re.compile(r"^(?P<speaker>[^\s:,;!?\"“(][^:,;!?\"“(]{0,50}?)\s*:\s+(?P<rest>\S.*)$")
#: Labels that name a part of the text, not a speaker.
_NOT_SPEAKERS: Final = frozenset({"ảnh", "nguồn", "theo", "video", "clip", "email", "hotline", "sapo", "tin", "bài", "ghi chú"})
MAX_SPEAKER_WORDS: Final = 6


@dataclass(frozen=True)
class Label:
    """A line's speaker label (``PV:``, ``Đáp:``, ``Ông A:``), the text after it, and its kind."""

    speaker: str
    rest: str
    kind: Kind


def label(text: str) -> Label | None:
    for pattern, kind in ((_QUESTION, "question"), (_ANSWER, "answer")):
        match = pattern.match(text)
        if match is not None:
            return Label(match["speaker"], match["rest"], kind)  # type: ignore[arg-type]
    match = _NAMED.match(text)
    if match is None or not _speaker_like(match["speaker"]):
        return None
    return Label(match["speaker"], match["rest"], "named")


def _speaker_like(text: str) -> bool:
    """``Ông Nguyễn Văn A``, ``TS Lê Đăng Doanh``, ``Bộ trưởng Tô Lâm``: capitalised at both ends."""
    words = text.split()
    if not 1 <= len(words) <= MAX_SPEAKER_WORDS or text.lower() in _NOT_SPEAKERS:
        return False
    if any(ch.isdigit() for ch in text) or not all(w.replace(".", "").isalpha() for w in words):
        return False
    return words[0][0].isupper() and words[-1][0].isupper()


Turn = tuple[Question | Answer, str]


def turns(texts: Sequence[str | None]) -> list[Turn | None]:
    """For each body paragraph (None: not a plain paragraph), its turn in an interview."""
    labels = [label(text) if text is not None else None for text in texts]
    out: list[Turn | None] = [None] * len(texts)
    kinds = Counter(found.kind for found in labels if found is not None)
    named = Counter(found.speaker for found in labels if found is not None and found.kind == "named")
    asked_by_label = kinds["question"] >= 2 or (kinds["question"] >= 1 and (kinds["answer"] + kinds["named"]) >= 1)
    asked_unlabelled = not kinds["question"] and _answers_alternate_with_questions(texts, labels, named)
    if not (asked_by_label or asked_unlabelled):
        return out
    state: str | None = None  # "q" or "a": the last turn
    for index, (text, found) in enumerate(zip(texts, labels, strict=True)):
        if text is None:
            continue
        if found is not None and found.kind == "question":
            out[index] = (Question(found.rest, found.speaker), RULE_QUESTION)
            state = "q"
        elif found is not None and found.kind == "answer":
            out[index] = (Answer(found.rest, found.speaker), RULE_ANSWER)
            state = "a"
        elif found is not None and (state is not None or asked_unlabelled) and named[found.speaker] >= 1:
            out[index] = (Answer(found.rest, found.speaker), RULE_NAMED)
            state = "a"
        elif asked_unlabelled and text.rstrip().endswith("?") and _next_is_named(labels, index):
            out[index] = (Question(text), RULE_ASKED)
            state = "q"
        elif state is not None and not _short_line(text):
            out[index] = (Answer(text), RULE_FOLLOWS)
            state = "a"
    return out


def _answers_alternate_with_questions(
    texts: Sequence[str | None], labels: Sequence[Label | None], named: Counter[str]
) -> bool:
    """One speaker answers twice or more, each time right after a paragraph ending in ``?``."""
    if not named or named.most_common(1)[0][1] < 2:
        return False
    speaker = named.most_common(1)[0][0]
    asked = 0
    for index, found in enumerate(labels):
        if found is not None and found.speaker == speaker and index > 0:
            before = texts[index - 1]
            asked += before is not None and labels[index - 1] is None and before.rstrip().endswith("?")
    return asked >= 2


def _next_is_named(labels: Sequence[Label | None], index: int) -> bool:
    return index + 1 < len(labels) and labels[index + 1] is not None and labels[index + 1].kind == "named"  # type: ignore[union-attr]


def _short_line(text: str) -> bool:
    """A crosshead inside an interview stays for the subheading rule to decide."""
    return len(text) <= 100 and not ENDS_CLAUSE.search(text)
