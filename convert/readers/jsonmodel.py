"""The JSON model reader: a ``vnconv.article/1`` document, validated and cleaned.

A model written by another tool is trusted for its structure (``from_json`` checks
that) but not for its characters: it gets the same clean-up as plain text, so no
control character or lone surrogate ever reaches a writer.
"""

from __future__ import annotations

import re
from typing import Final

from convert.model import SCHEMA, Article, ModelError, from_json
from convert.options import Warn
from convert.text import Decoded, clean, fold

#: A BCP 47 language tag as writers put it in xml:lang and w:lang: ``vi``, ``en-US``.
_LANGUAGE_TAG: Final = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")
#: An encoding's name as vnconv records it: ``utf-8``, ``tcvn3``, ``utf-8 (repaired mojibake)``.
_ENCODING_NAME: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+()\- ]{0,63}")


def recognises(name: str, text: str) -> bool:
    """A ``.json`` file, or text that opens as a ``vnconv.article/1`` object (from a pipe)."""
    head = text.lstrip()[:200]
    return name.lower().endswith(".json") or (head.startswith("{") and SCHEMA in head)


def read_decoded(decoded: Decoded, warn: Warn | None = None) -> Article:
    """The model in decoded text. It keeps the encoding it states, that of the article's
    own source: the JSON's encoding (UTF-8) says nothing about it."""
    return read_text(decoded.text, warn)


def read_text(text: str, warn: Warn | None = None) -> Article:
    """The model in ``text``, its text cleaned; ModelError names a field that is wrong."""
    removed = 0

    def tidy(value: str) -> str:
        nonlocal removed
        cleaned = clean(value)
        removed += cleaned.removed
        return fold(cleaned.text)

    try:
        article = from_json(text).map_text(tidy)
    except RecursionError:
        raise ModelError("JSON nested too deeply") from None
    if not _LANGUAGE_TAG.fullmatch(article.language):
        raise ModelError(f"language: expected a language tag such as 'vi' or 'en-US', got {article.language[:40]!r}")
    if article.encoding is not None and not _ENCODING_NAME.fullmatch(article.encoding):
        raise ModelError(f"encoding: expected an encoding name such as 'utf-8' or 'tcvn3', got {article.encoding[:40]!r}")
    if removed and warn is not None:
        warn(f"removed {removed} control or non-character code point(s)")
    return article
