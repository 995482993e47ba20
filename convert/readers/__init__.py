"""Readers: bytes in, an Article out. They know nothing of outputs.

``read`` picks the reader: a ``vnconv.article/1`` JSON model (by ``.json`` name, or
content that is such a JSON object) or a plain-text article (everything else).
"""

from __future__ import annotations

from convert.model import SCHEMA, Article
from convert.readers.jsonmodel import read_model
from convert.readers.plaintext import Warn, read_decoded, read_text
from convert.text import decode_detailed


def read(data: bytes, name: str = "-", encoding: str | None = None, warn: Warn | None = None) -> Article:
    """Read an article; DecodeError or ModelError (both ValueError) say why not.

    A plain-text article records the encoding it was read in; a JSON model keeps the
    one it states (the encoding of its own source), since JSON itself is UTF-8.
    """
    decoded = decode_detailed(data, encoding)
    if name.lower().endswith(".json") or _looks_like_model(decoded.text):
        decoded.tell(warn)
        return read_model(decoded.text, warn)
    return read_decoded(decoded, warn)


def _looks_like_model(text: str) -> bool:
    head = text.lstrip()[:200]
    return head.startswith("{") and SCHEMA in head


__all__ = ["read", "read_model", "read_text"]
