"""The plain-text article reader: recovers an article's structure from layout conventions.

Vietnamese news archives and crawls share loose conventions: a date line (above or
under the headline, perhaps labelled ``Cập nhật:``), the headline, a lead that opens
with the agency slug (``LSO-``, ``TTXVN -``) or a ``Sapo:`` label, body paragraphs
(separated by blank lines, indented, or hard-wrapped), photo captions ending in a
credit, lists, tables, quotations, interviews, section separators, and the byline
(and perhaps ``Theo ...``) at the end. An optional ``---`` header at the top gives
parts outright. The reader recognises those conventions and nothing more: anything
it does not recognise stays a paragraph, so text is never dropped, only possibly
mislabelled.

The work is split by what is recognised, one module each: ``lines`` and ``chunks``
(the file cut into blocks), ``header``, ``datelines``, ``leads``, ``captions``,
``bylines``, ``lists``, ``tables``, ``quotes``, ``interviews``, ``separators``; and
``parser``, which assigns the parts and notes the rule behind each (``explain``).
Every step is linear in the length of the text.
"""

from __future__ import annotations

from dataclasses import replace

from convert.model import Article
from convert.options import Warn
from convert.readers.decision import Decision
from convert.readers.plaintext.chunks import chunks
from convert.readers.plaintext.header import read_header
from convert.readers.plaintext.lines import split_lines
from convert.readers.plaintext.parser import Parser
from convert.text import Decoded, clean, decode_detailed


def read_bytes(data: bytes, encoding: str | None = None, warn: Warn | None = None) -> Article:
    """Decode (see convert.text.decode_detailed) and read; DecodeError for binary or unreadable bytes.
    How unusual bytes were read goes to ``warn``, as ``convert.readers.read`` says it."""
    decoded = decode_detailed(data, encoding)
    decoded.tell(warn)
    return read_decoded(decoded, warn)


def read_decoded(decoded: Decoded, warn: Warn | None = None) -> Article:
    """Read decoded text, recording the encoding it was read in."""
    return explain_decoded(decoded, warn)[0]


def explain_decoded(decoded: Decoded, warn: Warn | None = None) -> tuple[Article, list[Decision]]:
    """``explain_text``, the article recording the encoding it was read in."""
    article, decisions = explain_text(decoded.text, warn)
    return replace(article, encoding=decoded.encoding), decisions


def recognises(name: str, text: str) -> bool:
    """Any text: what no other reader recognises is read as a plain-text article."""
    return True


def read_text(text: str, warn: Warn | None = None) -> Article:
    """Read an article from text; never raises, whatever the text."""
    return explain_text(text, warn)[0]


def explain_text(text: str, warn: Warn | None = None) -> tuple[Article, list[Decision]]:
    """The article, and each of its parts with the lines and the rule it came from."""
    cleaned = clean(text)
    if cleaned.removed and warn is not None:
        warn(f"removed {cleaned.removed} control or non-character code point(s)")
    lines = split_lines(cleaned.text)
    header = read_header(lines, warn)
    body = lines[header.size :] if header is not None else lines
    return Parser(chunks(body), header, warn).article()


__all__ = ["Decision", "explain_decoded", "explain_text", "read_bytes", "read_decoded", "read_text", "recognises"]
