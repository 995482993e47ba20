"""The lead (sapo): the agency slug it opens with, or the ``Sapo:`` label of crawls.

``LSO-``, ``TTXVN -``, ``(TTXVN) -``, ``VOV.VN-``, ``(Dân trí) –``, ``Zing.vn -``: the
slug becomes the article's ``source`` and its separator is dropped. Wires put the
place the story was filed from before the slug, in capitals (``HÀ NỘI (VOV) -``,
``ĐÀ NẴNG, 15/9 (TTXVN) –``; ``convert.readers.plaintext.places`` lists the places):
the place goes to the date line. ``Sapo: ...``
marks the lead in pages saved from news sites; the label only says which part the
text is, so it is dropped like the slug's separator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from convert.readers.plaintext import places

RULE_SLUG: Final = "lead: opens with an agency slug"
RULE_SAPO: Final = "lead: labelled Sapo:"
RULE_PLAIN: Final = "lead: the block after the headline"
RULE_PLACED: Final = "lead: opens with a place and an agency slug, PLACE (AGENCY) -"
#: For --explain: the place of such a slug, set down as the date line (or part of it).
RULE_PLACE: Final = "dateline: the place before the lead's agency slug, PLACE (AGENCY) -"

_SLUG: Final = re.compile(
    r"^(?:\((?P<paren>[^()]{2,30})\)|(?P<bare>[^\s()\-–—]{2,20}))(?P<sep>\s*[-–—]\s*)(?P<rest>\S.*)$"
)
_SAPO: Final = re.compile(r"^\(?sapo\)?\s*[:\-–—]\s*(?P<rest>\S.*)$", re.IGNORECASE)
#: ``HÀ NỘI (TTXVN) -``, ``ĐÀ NẴNG, 15/9 (TTXVN) –``: a place in capitals (perhaps a day
#: and month after it), then the agency in brackets and a dash.
_PLACED: Final = re.compile(
    r"^(?P<where>(?P<place>[^\W\d][^(),\d]{1,40}?)(?:\s*,\s*(?P<day>\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?))?)"
    r"\s*\((?P<agency>[^()]{2,30})\)(?P<sep>\s*[-–—]\s*)(?P<rest>\S.*)$"
)
#: A bare slug that is a site's name: ``Zing.vn``, ``Baoquocte.vn``, ``VnExpress.net``.
_DOMAIN: Final = re.compile(r"^\w[\w-]*\.(?:vn|com|net|org|com\.vn|gov\.vn)$", re.IGNORECASE)


@dataclass(frozen=True)
class Lead:
    """The lead: its agency slug split off (if it has one), its text, the rule that read
    it, and the place before the slug (``HÀ NỘI`` of ``HÀ NỘI (TTXVN) -``) with the words
    it was written in (``ĐÀ NẴNG, 15/9``), if the slug has one."""

    source: str | None
    text: str
    rule: str
    place: str | None = None
    where: str | None = None


def lead(text: str) -> Lead:
    """The lead in ``text``: its slug split off, or its ``Sapo:`` label dropped."""
    sapo = _SAPO.match(text)
    if sapo is not None:
        rest = sapo["rest"]
        slug = split_slug(rest)
        if slug is not None:
            return Lead(slug[0], slug[1], RULE_SAPO)
        return Lead(None, rest, RULE_SAPO)
    placed = _placed(text)
    if placed is not None:
        return placed
    slug = split_slug(text)
    if slug is not None:
        return Lead(slug[0], slug[1], RULE_SLUG)
    return Lead(None, text, RULE_PLAIN)


def _placed(text: str) -> Lead | None:
    """``HÀ NỘI (VOV) - Sáng nay …``: the place, the agency and the lead, or None."""
    match = _PLACED.match(text)
    if match is None or not places.is_place(match["place"].strip()):
        return None
    slug = split_slug(text[match.start("agency") - 1 :])
    if slug is None:
        return None
    return Lead(slug[0], slug[1], RULE_PLACED, " ".join(match["place"].split()), " ".join(match["where"].split()))


def is_led(text: str) -> bool:
    """Whether ``text`` says it is the lead (a slug or ``Sapo:``): then it is no headline."""
    return _SAPO.match(text) is not None or split_slug(text) is not None or _placed(text) is not None


def split_slug(text: str) -> tuple[str, str] | None:
    """``(source, rest)`` when the text opens with an agency slug."""
    match = _SLUG.match(text)
    if match is None:
        return None
    rest = match["rest"]
    if match["sep"] == match["sep"].strip() and not (rest[0].isupper() or rest[0] in "\"'“‘«(["):
        return None  # "COVID-19 ...": a hyphenated word, not a slug
    if match["paren"] is not None:
        source = " ".join(match["paren"].split())
        words = source.split()
        if len(words) > 4 or not words[0][0].isupper():
            return None
        return source, rest
    source = match["bare"]
    if _DOMAIN.match(source) and match["sep"] != match["sep"].strip() and rest[0].isupper():
        return source, rest
    head = source.split(".")[0]
    if not (head.isalnum() and head.upper() == head and any(c.isalpha() for c in head)):
        return None
    if not all(part.isalnum() for part in source.split(".")):
        return None
    return source, rest
