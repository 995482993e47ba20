"""The article model: the one structure every reader produces and every writer consumes.

Like pandoc's AST, the model is the contract between readers and writers, so it is
deliberately small, immutable and free of presentation. Its JSON form is a public
interface other tools read and write; ``to_json`` and ``from_json`` are the only code
that knows that form, and ``from_json`` validates everything so a writer never meets a
malformed model.

Versions of the JSON form: ``vnconv.article/1`` has the blocks paragraph, subheading
and caption; ``vnconv.article/2`` adds list, table, quote, question, answer and
separator, and changes nothing else. ``to_json`` writes the lowest version that can
hold the article, so an article of paragraphs and captions is the same
``vnconv.article/1`` file it always was, and a consumer that knows only version 1 sees
a schema it does not know (and stops) rather than block types it does not know.
``from_json`` reads both, and refuses a version-2 block in a document that says
version 1.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Final, TypeAlias

#: The first version of the JSON form, and the one that adds the structure of the body.
SCHEMA_V1: Final = "vnconv.article/1"
SCHEMA_V2: Final = "vnconv.article/2"
#: The newest version, which every article can be written in.
SCHEMA: Final = SCHEMA_V2
SCHEMAS: Final = (SCHEMA_V1, SCHEMA_V2)


@dataclass(frozen=True)
class Dateline:
    """The date line as printed (``text``) and what it means (``date``, ``weekday``, and
    ``place``, the city a wire story was filed from: ``HÀ NỘI`` of ``HÀ NỘI (TTXVN) -``,
    which ``text`` holds too, as printed). In the JSON form ``place`` is written only
    when there is one, so a model without it reads as it always has."""

    text: str
    date: _dt.date | None = None
    weekday: str | None = None
    place: str | None = None


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the body."""

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
    """A heading inside the body, between paragraphs."""

    text: str


@dataclass(frozen=True)
class ListItem:
    """One item: its marker as written (``-``, ``•``, ``1.``, ``b)``, ``đ)``), its text,
    and the items of a list nested under it."""

    marker: str
    text: str
    items: tuple[ListItem, ...] = ()

    @property
    def ordered(self) -> bool:
        """Numbered or lettered (``1.``, ``a)``), not bulleted."""
        return any(ch.isalnum() for ch in self.marker)


@dataclass(frozen=True)
class List:
    """A bulleted or numbered list. Each item keeps its own marker, so a list lettered
    in the Vietnamese alphabet (``d)``, ``đ)``, ``e)``) is not renumbered by anyone."""

    items: tuple[ListItem, ...]

    @property
    def ordered(self) -> bool:
        return bool(self.items) and self.items[0].ordered


#: How a column's cells are set, as a Markdown pipe table's rule row says (``:--``,
#: ``:-:``, ``--:``); None: as the writer sets table text.
ALIGNMENTS: Final = ("left", "center", "right")


@dataclass(frozen=True)
class Table:
    """Rows of cells; ``header``: the first row heads the columns; ``align``: each
    column's alignment (``left``, ``center``, ``right``, or None for the writer's
    own), empty when the input said nothing of it. In the JSON form ``align`` is
    written only when some column has one, so a table without it reads as it always has."""

    rows: tuple[tuple[str, ...], ...]
    header: bool = False
    align: tuple[str | None, ...] = ()

    @property
    def width(self) -> int:
        """The number of columns: a short row is filled out with empty cells."""
        return max((len(row) for row in self.rows), default=0)

    def grid(self) -> tuple[tuple[str, ...], ...]:
        """The rows, each filled out to ``width`` cells."""
        width = self.width
        return tuple(row + ("",) * (width - len(row)) for row in self.rows)


@dataclass(frozen=True)
class Quote:
    """A block quotation: one paragraph set apart (a ``>`` line, a paragraph wholly in
    quotation marks); quotation marks the file had stay in the text."""

    text: str


@dataclass(frozen=True)
class Question:
    """An interviewer's question; ``speaker`` as written (``PV``, ``Phóng viên``, ``Hỏi``),
    without the colon after it, or None when the question is not labelled."""

    text: str
    speaker: str | None = None


@dataclass(frozen=True)
class Answer:
    """An answer in an interview; ``speaker`` as written (``Ông Nguyễn Văn A``, ``Đáp``),
    or None for an unlabelled answer or a further paragraph of one."""

    text: str
    speaker: str | None = None


@dataclass(frozen=True)
class Separator:
    """A section break; ``text`` is what the file had (``* * *``, ``***``, ``---``).
    Writers draw the style's ornament."""

    text: str = "* * *"


#: A block whose text is one paragraph, in the ``text`` field.
TextBlock: TypeAlias = Paragraph | Caption | Subheading | Quote | Question | Answer | Separator
Block: TypeAlias = TextBlock | List | Table
#: The block types of ``vnconv.article/1``; the others need ``vnconv.article/2``.
V1_BLOCKS: Final = (Paragraph, Caption, Subheading)


def list_texts(items: tuple[ListItem, ...]) -> Iterator[str]:
    """Every marker and text of the items and of the lists nested in them, in reading order."""
    for item in items:
        yield item.marker
        yield item.text
        yield from list_texts(item.items)


def block_texts(block: Block) -> Iterator[str]:
    """Every piece of text of one block, in reading order."""
    if isinstance(block, List):
        yield from list_texts(block.items)
    elif isinstance(block, Table):
        for row in block.rows:
            yield from row
    else:
        if isinstance(block, (Question, Answer)) and block.speaker is not None:
            yield block.speaker
        yield block.text
        if isinstance(block, Caption) and block.credit is not None:
            yield block.credit


@dataclass(frozen=True)
class Byline:
    """The byline as written (``Bài và ảnh: HOÀNG ÁNH``), the author names in it, and the
    agency they write for when the byline names one (``TTXVN`` of ``Minh Anh (TTXVN)``,
    ``VOV.VN`` of ``Minh Hằng/VOV.VN``): a publisher, not an author. In the JSON form
    ``agency`` is written only when there is one."""

    text: str
    authors: tuple[str, ...] = ()
    agency: str | None = None


@dataclass(frozen=True)
class Article:
    """One article: its parts, the body's blocks in order, and where its bytes came from."""

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
            yield from block_texts(block)
        if self.byline is not None:
            yield self.byline.text
        if self.attribution is not None:
            yield self.attribution

    def map_text(self, fn: Callable[[str], str]) -> Article:
        """The same article with ``fn`` applied to every piece of text (pandoc's walk)."""

        def opt(text: str | None) -> str | None:
            return None if text is None else fn(text)

        def items(entries: tuple[ListItem, ...]) -> tuple[ListItem, ...]:
            return tuple(ListItem(fn(i.marker), fn(i.text), items(i.items)) for i in entries)

        def block(b: Block) -> Block:
            if isinstance(b, Caption):
                return Caption(text=fn(b.text), credit=opt(b.credit), photo=b.photo)  # a path, not text
            if isinstance(b, (Question, Answer)):
                return type(b)(fn(b.text), opt(b.speaker))
            if isinstance(b, List):
                return List(items(b.items))
            if isinstance(b, Table):
                return Table(tuple(tuple(fn(cell) for cell in row) for row in b.rows), b.header, b.align)
            return type(b)(fn(b.text))

        dateline = self.dateline
        return replace(
            self,
            headline=opt(self.headline),
            dateline=None
            if dateline is None
            else replace(dateline, text=fn(dateline.text), weekday=opt(dateline.weekday), place=opt(dateline.place)),
            source=opt(self.source),
            lead=opt(self.lead),
            blocks=tuple(block(b) for b in self.blocks),
            byline=None
            if self.byline is None
            else Byline(text=fn(self.byline.text), authors=tuple(fn(a) for a in self.byline.authors), agency=opt(self.byline.agency)),
            attribution=opt(self.attribution),
        )

    @property
    def title(self) -> str:
        """A title for metadata: the headline, else the start of the lead, else a placeholder."""
        if self.headline:
            return self.headline
        paragraphs = (b.text for b in self.blocks if isinstance(b, TextBlock) and not isinstance(b, Separator))
        for text in (self.lead, *paragraphs):
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
    """A JSON model that does not follow ``vnconv.article/1`` or ``/2``; the message names the field."""


def schema_of(article: Article) -> str:
    """The lowest version of the JSON form that holds the article (see the module's docstring)."""
    return SCHEMA_V1 if all(isinstance(b, V1_BLOCKS) for b in article.blocks) else SCHEMA_V2


def to_dict(article: Article) -> dict[str, Any]:
    """The JSON form; a caption's ``photo`` is written as held (see ``Caption``), and only
    when there is one, so a model without photos reads as it always has."""
    dateline = article.dateline
    provenance = {"encoding": article.encoding} if article.encoding is not None else {}
    return {
        "schema": schema_of(article),
        "language": article.language,
        **provenance,  # optional, unlike the parts of the article: absent when unknown
        "headline": article.headline,
        "dateline": None
        if dateline is None
        else {
            "text": dateline.text,
            "date": dateline.date.isoformat() if dateline.date else None,
            "weekday": dateline.weekday,
            **({"place": dateline.place} if dateline.place is not None else {}),
        },
        "source": article.source,
        "lead": article.lead,
        "blocks": [_block_to_dict(b) for b in article.blocks],
        "byline": None
        if article.byline is None
        else {
            "text": article.byline.text,
            "authors": list(article.byline.authors),
            **({"agency": article.byline.agency} if article.byline.agency is not None else {}),
        },
        "attribution": article.attribution,
    }


def _block_to_dict(block: Block) -> dict[str, Any]:
    if isinstance(block, Caption):
        caption = {"type": "caption", "text": block.text, "credit": block.credit}
        return caption if block.photo is None else {**caption, "photo": block.photo}
    if isinstance(block, List):
        return {"type": "list", "items": _items_to_list(block.items)}
    if isinstance(block, Table):
        table = {"type": "table", "header": block.header, "rows": [list(row) for row in block.rows]}
        return {**table, "align": list(block.align)} if any(block.align) else table
    if isinstance(block, (Question, Answer)):
        return {"type": _TYPE_NAMES[type(block)], "speaker": block.speaker, "text": block.text}
    return {"type": _TYPE_NAMES[type(block)], "text": block.text}


def _items_to_list(items: tuple[ListItem, ...]) -> list[dict[str, Any]]:
    return [{"marker": i.marker, "text": i.text, "items": _items_to_list(i.items)} for i in items]


_TYPE_NAMES: Final[Mapping[type, str]] = {
    Paragraph: "paragraph",
    Subheading: "subheading",
    Caption: "caption",
    List: "list",
    Table: "table",
    Quote: "quote",
    Question: "question",
    Answer: "answer",
    Separator: "separator",
}


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
    schema = data.get("schema")
    if schema not in SCHEMAS:
        raise ModelError(f"schema: expected {SCHEMA_V1!r} or {SCHEMA_V2!r}, got {schema!r}")
    blocks_data = data.get("blocks", [])
    if not isinstance(blocks_data, list):
        raise ModelError("blocks: expected a list")
    kinds = _V1_BLOCK_KEYS if schema == SCHEMA_V1 else _BLOCK_KEYS
    return Article(
        headline=_opt_str(data, "headline", ""),
        dateline=_dateline(data.get("dateline")),
        source=_opt_str(data, "source", ""),
        lead=_opt_str(data, "lead", ""),
        blocks=tuple(_block(b, f"blocks[{i}]", kinds) for i, b in enumerate(blocks_data)),
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
    _no_unknown_keys(value, frozenset({"text", "date", "weekday", "place"}), "dateline.")
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
        place=_opt_str(value, "place", "dateline."),
    )


_V1_BLOCK_KEYS: Final[Mapping[str, frozenset[str]]] = {
    "caption": frozenset({"type", "text", "credit", "photo"}),
    "paragraph": frozenset({"type", "text"}),
    "subheading": frozenset({"type", "text"}),
}
_BLOCK_KEYS: Final[Mapping[str, frozenset[str]]] = {
    **_V1_BLOCK_KEYS,
    "answer": frozenset({"type", "text", "speaker"}),
    "list": frozenset({"type", "items"}),
    "question": frozenset({"type", "text", "speaker"}),
    "quote": frozenset({"type", "text"}),
    "separator": frozenset({"type", "text"}),
    "table": frozenset({"type", "rows", "header", "align"}),
}
_ITEM_KEYS: Final = frozenset({"marker", "text", "items"})
#: Lists nested deeper than this are refused (no article nests so deep; a writer need not).
MAX_LIST_DEPTH: Final = 9


def _block(value: Any, where: str, kinds: Mapping[str, frozenset[str]]) -> Block:
    if not isinstance(value, Mapping):
        raise ModelError(f"{where}: expected an object, got {_kind(value)}")
    kind = value.get("type")
    if not isinstance(kind, str) or kind not in kinds:
        newer = f" ({kind!r} needs \"schema\": {SCHEMA_V2!r})" if isinstance(kind, str) and kind in _BLOCK_KEYS else ""
        raise ModelError(f"{where}.type: expected one of {', '.join(kinds)}, got {kind!r}{newer}")
    _no_unknown_keys(value, kinds[kind], where + ".")
    at = where + "."
    if kind == "list":
        return List(_items(value.get("items"), at + "items", 1))
    if kind == "table":
        return _table(value, at)
    text = _str(value, "text", at)
    if kind == "caption":
        return Caption(text=text, credit=_opt_str(value, "credit", at), photo=_photo(value, at))
    if kind in ("question", "answer"):
        return (Question if kind == "question" else Answer)(text, _opt_str(value, "speaker", at))
    plain: Mapping[str, Callable[[str], TextBlock]] = {
        "paragraph": Paragraph,
        "subheading": Subheading,
        "quote": Quote,
        "separator": Separator,
    }
    return plain[kind](text)


def _items(value: Any, where: str, depth: int) -> tuple[ListItem, ...]:
    if not isinstance(value, list):
        raise ModelError(f"{where}: expected a list, got {_kind(value)}")
    if depth > MAX_LIST_DEPTH:
        raise ModelError(f"{where}: lists nested deeper than {MAX_LIST_DEPTH} levels")
    out = []
    for index, item in enumerate(value):
        at = f"{where}[{index}]"
        if not isinstance(item, Mapping):
            raise ModelError(f"{at}: expected an object, got {_kind(item)}")
        _no_unknown_keys(item, _ITEM_KEYS, at + ".")
        marker = _str(item, "marker", at + ".")
        if not marker or marker != "".join(marker.split()):
            raise ModelError(f"{at}.marker: expected a marker without spaces (-, •, 1., a)), got {marker!r}")
        out.append(ListItem(marker, _str(item, "text", at + "."), _items(item.get("items", []), at + ".items", depth + 1)))
    if not out and depth == 1:
        raise ModelError(f"{where}: a list needs at least one item")
    return tuple(out)


def _table(value: Mapping[str, Any], where: str) -> Table:
    rows = value.get("rows")
    if not isinstance(rows, list) or not rows:
        raise ModelError(f"{where}rows: expected a list of rows, got {_kind(rows)}")
    for index, row in enumerate(rows):
        if not isinstance(row, list) or not row or not all(isinstance(cell, str) for cell in row):
            raise ModelError(f"{where}rows[{index}]: expected a list of strings (the cells)")
    header = value.get("header", False)
    if not isinstance(header, bool):
        raise ModelError(f"{where}header: expected true or false, got {_kind(header)}")
    align = value.get("align", [])
    if not isinstance(align, list) or not all(a is None or a in ALIGNMENTS for a in align):
        raise ModelError(f"{where}align: expected a list of \"left\", \"center\", \"right\" or null, one a column")
    if len(align) > max(len(row) for row in rows):
        raise ModelError(f"{where}align: {len(align)} alignments for {max(len(row) for row in rows)} columns")
    return Table(tuple(tuple(row) for row in rows), header, tuple(align) if any(align) else ())


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
    _no_unknown_keys(value, frozenset({"text", "authors", "agency"}), "byline.")
    authors = value.get("authors", [])
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        raise ModelError("byline.authors: expected a list of strings")
    return Byline(text=_str(value, "text", "byline."), authors=tuple(authors), agency=_opt_str(value, "agency", "byline."))


__all__ = [
    "ALIGNMENTS",
    "SCHEMA",
    "SCHEMAS",
    "SCHEMA_V1",
    "SCHEMA_V2",
    "Answer",
    "Article",
    "Block",
    "Byline",
    "Caption",
    "Dateline",
    "List",
    "ListItem",
    "ModelError",
    "Paragraph",
    "Question",
    "Quote",
    "Separator",
    "Subheading",
    "Table",
    "TextBlock",
    "block_texts",
    "from_dict",
    "from_json",
    "schema_of",
    "to_dict",
    "to_json",
]
