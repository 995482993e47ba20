"""Readers: bytes in, an Article out. They know nothing of outputs.

Each reader is a module registered in ``READERS`` with three functions: ``recognises(name,
text)``, whether an input (its file name and decoded text) is its kind,
``read_text(text, warn)``, the article in it, and ``explain_text(text, warn)``, the
article and how each part was decided (``Decision``, for ``vnconv parse --explain``). ``read`` decodes the bytes once and
gives them to the first reader that recognises them, in the order listed; plain text
comes last and takes anything. Readers are imported when first asked, and are light.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Final

from convert.model import Article
from convert.options import Warn
from convert.readers.decision import Decision
from convert.text import decode

#: Input formats, in the order they are asked, and the module that reads each.
READERS: Final[dict[str, str]] = {
    "json": "convert.readers.jsonmodel",
    "text": "convert.readers.plaintext",
}


def read(data: bytes, name: str = "-", encoding: str | None = None, warn: Warn | None = None) -> Article:
    """Read an article; DecodeError or ModelError (both ValueError) say why not."""
    text = decode(data, encoding)
    article: Article = _reader(name, text).read_text(text, warn)
    return article


def explain(
    data: bytes, name: str = "-", encoding: str | None = None, warn: Warn | None = None
) -> tuple[Article, list[Decision]]:
    """Read an article, with each part's lines and the rule that decided it."""
    text = decode(data, encoding)
    explained: tuple[Article, list[Decision]] = _reader(name, text).explain_text(text, warn)
    return explained


def _reader(name: str, text: str) -> ModuleType:
    for module_name in READERS.values():
        reader = importlib.import_module(module_name)
        if reader.recognises(name, text):
            return reader
    raise AssertionError("the plain-text reader recognises every text")


__all__ = ["READERS", "Decision", "explain", "read"]
