"""Readers: bytes in, an Article out. They know nothing of outputs.

Each reader is a module registered in ``READERS`` with three functions: ``recognises(name,
text)``, whether an input (its file name and decoded text) is its kind;
``read_decoded(decoded, warn)``, the article in the decoded text (``convert.text.Decoded``:
the text and the encoding it was read in); and ``explain_decoded(decoded, warn)``, the
article and how each part was decided (``Decision``, for ``vnconv parse --explain``).
``read`` decodes the bytes once and gives them to the first reader that recognises
them, in the order listed; plain text comes last and takes anything. Readers are
imported when first asked, and are light.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Final

from convert.model import Article
from convert.options import Warn
from convert.readers.decision import Decision
from convert.text import Decoded, decode_detailed

#: Input formats, in the order they are asked, and the module that reads each.
READERS: Final[dict[str, str]] = {
    "json": "convert.readers.jsonmodel",
    "text": "convert.readers.plaintext",
}


def preload() -> None:
    """Import every reader now: a process about to fork workers does, so that each
    worker inherits them instead of importing them in its first article."""
    for module_name in READERS.values():
        importlib.import_module(module_name)


def read(data: bytes, name: str = "-", encoding: str | None = None, warn: Warn | None = None) -> Article:
    """Read an article; DecodeError or ModelError (both ValueError) say why not.

    How unusual bytes were read (a legacy encoding, repaired mojibake, a guess) is said
    once, here, through ``warn``. A plain-text article records the encoding it was read
    in; a JSON model keeps the one it states (the encoding of its own source), since
    JSON itself is UTF-8.
    """
    decoded, reader = _reader(data, name, encoding, warn)
    article: Article = reader.read_decoded(decoded, warn)
    return article


def explain(
    data: bytes, name: str = "-", encoding: str | None = None, warn: Warn | None = None
) -> tuple[Article, list[Decision]]:
    """Read an article, with each part's lines and the rule that decided it."""
    decoded, reader = _reader(data, name, encoding, warn)
    explained: tuple[Article, list[Decision]] = reader.explain_decoded(decoded, warn)
    return explained


def _reader(data: bytes, name: str, encoding: str | None, warn: Warn | None) -> tuple[Decoded, ModuleType]:
    """The decoded text, and the first reader that recognises it (how it was decoded told)."""
    decoded = decode_detailed(data, encoding)
    for module_name in READERS.values():
        reader = importlib.import_module(module_name)
        if reader.recognises(name, decoded.text):
            decoded.tell(warn)
            return decoded, reader
    raise AssertionError("the plain-text reader recognises every text")


__all__ = ["READERS", "Decision", "explain", "read"]
