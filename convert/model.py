"""The article model: the one structure every reader produces and every writer consumes.

Like pandoc's AST, the model is the contract between readers and writers, so it is
deliberately small, immutable and free of presentation. Its JSON form
(``vnconv.article/1``) is a public interface other tools read and write; ``to_json``
and ``from_json`` are the only code that knows that form, and ``from_json``
validates everything so a writer never meets a malformed model.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Final, TypeAlias

SCHEMA: Final = "vnconv.article/1"


@dataclass(frozen=True)
class Dateline:
    """The date line as printed (``text``) and what it means (``date``, ``weekday``)."""

    text: str
    date: _dt.date | None = None
    weekday: str | None = None


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Caption:
    """A photo caption; ``credit`` is the photo credit as written (``Ảnh: TTXVN``).

    ``photo`` is the photo file the caption belongs to, or None (a placeholder then
    stands in for it). In a loaded article it is a path the process can open; in the
    JSON form (the optional ``"photo"`` field of a caption block) it is relative to the
    JSON file's folder and may not leave it: no absolute path and no ``..``
    (``convert.photos.attach`` also refuses a symbolic link out of the folder).
    """

    text: str
    credit: str | None = None
    photo: str | None = None


@dataclass(frozen=True)
class Subheading:
    text: str


Block: TypeAlias = Paragraph | Caption | Subheading


@dataclass(frozen=True)
class Byline:
    """The byline as written (``Bài và ảnh: HOÀNG ÁNH``) and the author names in it."""

    text: str
    authors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    headline: str | None = None
    dateline: Dateline | None = None
    source: str | None = None
    lead: str | None = None
    blocks: tuple[Block, ...] = ()
    byline: Byline | None = None
    attribution: str | None = None
    language: str = "vi"
    #: How the source bytes were read (``utf-8``, ``windows-1258``, ``tcvn3``, ``vni``...),
    #: None when unknown. Provenance, not content: the same text read from two
    #: encodings is the same article, so equality ignores it.
    encoding: str | None = field(default=None, compare=False)

    def texts(self) -> Iterator[str]:
        """Every piece of article text, in reading order of a typical source file.

        Writers and tests use this to prove that no text was lost on the way.
        """
        if self.dateline is not None:
            yield self.dateline.text
        if self.headline is not None:
            yield self.headline
        if self.source is not None:
            yield self.source
        if self.lead is not None:
            yield self.lead
        for block in self.blocks:
            yield block.text
            if isinstance(block, Caption) and block.credit is not None:
                yield block.credit
        if self.byline is not None:
            yield self.byline.text
        if self.attribution is not None:
            yield self.attribution

    def map_text(self, fn: Callable[[str], str]) -> Article:
        """The same article with ``fn`` applied to every piece of text (pandoc's walk)."""

        def opt(text: str | None) -> str | None:
            return None if text is None else fn(text)

        def block(b: Block) -> Block:
            if isinstance(b, Caption):
                return Caption(text=fn(b.text), credit=opt(b.credit), photo=b.photo)  # a path, not text
            return type(b)(fn(b.text))

        dateline = self.dateline
        return replace(
            self,
            headline=opt(self.headline),
            dateline=None if dateline is None else replace(dateline, text=fn(dateline.text), weekday=opt(dateline.weekday)),
            source=opt(self.source),
            lead=opt(self.lead),
            blocks=tuple(block(b) for b in self.blocks),
            byline=None
            if self.byline is None
            else Byline(text=fn(self.byline.text), authors=tuple(fn(a) for a in self.byline.authors)),
            attribution=opt(self.attribution),
        )

    @property
    def title(self) -> str:
        """A title for metadata: the headline, else the start of the lead, else a placeholder."""
        if self.headline:
            return self.headline
        for text in (self.lead, *(b.text for b in self.blocks)):
            if text:
                return text if len(text) <= 80 else text[:79].rstrip() + "…"
        return "Không có tiêu đề"

    @property
    def authors(self) -> tuple[str, ...]:
        return self.byline.authors if self.byline is not None else ()

    @property
    def characters(self) -> frozenset[str]:
        """The set of characters a renderer must be able to set."""
        chars: set[str] = set()
        for text in self.texts():
            chars.update(text)
        return frozenset(chars)


# --- JSON form ---------------------------------------------------------------------


class ModelError(ValueError):
    """A JSON model that does not follow ``vnconv.article/1``; the message names the field."""


def to_dict(article: Article) -> dict[str, Any]:
    """The JSON form; a caption's ``photo`` is written as held (see ``Caption``), and only
    when there is one, so a model without photos reads as it always has."""
    dateline = article.dateline
    provenance = {"encoding": article.encoding} if article.encoding is not None else {}
    return {
        "schema": SCHEMA,
        "language": article.language,
        **provenance,  # optional, unlike the parts of the article: absent when unknown
        "headline": article.headline,
        "dateline": None
        if dateline is None
        else {
            "text": dateline.text,
            "date": dateline.date.isoformat() if dateline.date else None,
            "weekday": dateline.weekday,
        },
        "source": article.source,
        "lead": article.lead,
        "blocks": [_block_to_dict(b) for b in article.blocks],
        "byline": None
        if article.byline is None
        else {"text": article.byline.text, "authors": list(article.byline.authors)},
        "attribution": article.attribution,
    }


def _block_to_dict(block: Block) -> dict[str, Any]:
    if isinstance(block, Caption):
        caption = {"type": "caption", "text": block.text, "credit": block.credit}
        return caption if block.photo is None else {**caption, "photo": block.photo}
    if isinstance(block, Subheading):
        return {"type": "subheading", "text": block.text}
    return {"type": "paragraph", "text": block.text}


def to_json(article: Article, indent: int | None = 2) -> str:
    return json.dumps(to_dict(article), ensure_ascii=False, indent=indent)


def from_json(text: str) -> Article:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ModelError(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    return from_dict(data)


_TOP_KEYS: Final = frozenset(
    {"schema", "language", "encoding", "headline", "dateline", "source", "lead", "blocks", "byline", "attribution"}
)


def from_dict(data: Any) -> Article:
    if not isinstance(data, Mapping):
        raise ModelError("the model must be a JSON object")
    _no_unknown_keys(data, _TOP_KEYS, "")
    if data.get("schema") != SCHEMA:
        raise ModelError(f"schema: expected {SCHEMA!r}, got {data.get('schema')!r}")
    blocks_data = data.get("blocks", [])
    if not isinstance(blocks_data, list):
        raise ModelError("blocks: expected a list")
    return Article(
        headline=_opt_str(data, "headline", ""),
        dateline=_dateline(data.get("dateline")),
        source=_opt_str(data, "source", ""),
        lead=_opt_str(data, "lead", ""),
        blocks=tuple(_block(b, f"blocks[{i}]") for i, b in enumerate(blocks_data)),
        byline=_byline(data.get("byline")),
        attribution=_opt_str(data, "attribution", ""),
        language=_str(data, "language", "") if "language" in data else "vi",
        encoding=_opt_str(data, "encoding", ""),  # absent in models written before vnconv read legacy encodings
    )


def _no_unknown_keys(data: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ModelError(f"{where}{unknown[0]}: unknown field")


def _str(data: Mapping[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise ModelError(f"{where}{key}: expected a string, got {_kind(value)}")
    return value


def _opt_str(data: Mapping[str, Any], key: str, where: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    return _str(data, key, where)


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _dateline(value: Any) -> Dateline | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise ModelError(f"dateline: expected an object or null, got {_kind(value)}")
    _no_unknown_keys(value, frozenset({"text", "date", "weekday"}), "dateline.")
    raw_date = _opt_str(value, "date", "dateline.")
    date = None
    if raw_date is not None:
        try:
            date = _dt.date.fromisoformat(raw_date)
        except ValueError:
            raise ModelError(f"dateline.date: expected an ISO date YYYY-MM-DD, got {raw_date!r}") from None
    return Dateline(
        text=_str(value, "text", "dateline."),
        date=date,
        weekday=_opt_str(value, "weekday", "dateline."),
    )


_BLOCK_KEYS: Final = {
    "paragraph": frozenset({"type", "text"}),
    "subheading": frozenset({"type", "text"}),
    "caption": frozenset({"type", "text", "credit", "photo"}),
}


def _block(value: Any, where: str) -> Block:
    if not isinstance(value, Mapping):
        raise ModelError(f"{where}: expected an object, got {_kind(value)}")
    kind = value.get("type")
    if kind not in _BLOCK_KEYS:
        raise ModelError(f"{where}.type: expected one of caption, paragraph, subheading, got {kind!r}")
    _no_unknown_keys(value, _BLOCK_KEYS[kind], where + ".")
    text = _str(value, "text", where + ".")
    if kind == "caption":
        return Caption(text=text, credit=_opt_str(value, "credit", where + "."), photo=_photo(value, where + "."))
    if kind == "subheading":
        return Subheading(text=text)
    return Paragraph(text=text)


def _photo(value: Mapping[str, Any], where: str) -> str | None:
    """A caption's photo path: relative, inside the model's folder (no ``..``, not absolute),
    so that a model from elsewhere cannot make vnconv read an arbitrary local file."""
    path = _opt_str(value, "photo", where)
    if path is None:
        return None
    if not path or any(ord(c) < 32 for c in path):
        raise ModelError(f"{where}photo: expected a file name, got {path[:60]!r}")
    parts = re.split(r"[/\\]", path)
    if path.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", path) or ".." in parts:
        raise ModelError(f"{where}photo: {path[:60]!r} leaves the model's folder; give a path relative to it, without '..'")
    return path


def _byline(value: Any) -> Byline | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise ModelError(f"byline: expected an object or null, got {_kind(value)}")
    _no_unknown_keys(value, frozenset({"text", "authors"}), "byline.")
    authors = value.get("authors", [])
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        raise ModelError("byline.authors: expected a list of strings")
    return Byline(text=_str(value, "text", "byline."), authors=tuple(authors))


__all__ = [
    "SCHEMA",
    "Article",
    "Block",
    "Byline",
    "Caption",
    "Dateline",
    "ModelError",
    "Paragraph",
    "Subheading",
    "from_dict",
    "from_json",
    "to_dict",
    "to_json",
]
