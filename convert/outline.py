"""Readable accounts of what the reader saw: ``vnconv parse --outline`` (the article as
a tree, with the photo each caption got) and ``vnconv parse --explain`` (each part with
its lines and the rule that decided it)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from convert.model import Answer, Article, Block, Caption, List, ListItem, Question, Quote, Separator, Subheading, Table
from convert.readers.decision import Decision

#: Where a text is cut short in a row, and the width of the part's column.
WIDTH = 72
KIND_WIDTH = 11


@dataclass(frozen=True)
class Node:
    """One row of the tree: its kind, its text, the rows under it."""

    kind: str
    text: str
    children: tuple[Node, ...] = field(default=())


def outline(article: Article, width: int = WIDTH) -> str:
    """The article as a tree: a row per part, lists and tables with their items and rows."""

    def short(text: str) -> str:
        return text if len(text) <= width else text[: width - 1].rstrip() + "…"

    rows: list[Node] = []
    if article.dateline is not None:
        d = article.dateline
        meaning = ", ".join(x for x in (d.date.isoformat() if d.date else None, d.weekday, d.place) if x)
        rows.append(Node("dateline", f"{d.text}" + (f"  [{meaning}]" if meaning else "")))
    if article.headline is not None:
        rows.append(Node("headline", short(article.headline)))
    if article.source is not None:
        rows.append(Node("source", article.source))
    if article.lead is not None:
        rows.append(Node("lead", short(article.lead)))
    for block in article.blocks:
        rows.append(_block_node(block, short))
        if isinstance(block, Caption) and block.photo is not None:
            rows.append(Node("photo", block.photo))
    if article.byline is not None:
        agency = f"  (agency: {article.byline.agency})" if article.byline.agency is not None else ""
        rows.append(Node("byline", f"{article.byline.text}  [{'; '.join(article.byline.authors)}]{agency}"))
    if article.attribution is not None:
        rows.append(Node("attribution", article.attribution))
    return "\n".join([f"article ({article.language})", *_tree(rows, "")]) + "\n"


def parts(article: Article) -> list[tuple[str, str]]:
    """Every part of the article, as (part, its text), in reading order: a list or a
    table is one part, given by its first item or row."""
    out: list[tuple[str, str]] = []
    if article.dateline is not None:
        out.append(("dateline", article.dateline.text))
    for part, value in (("headline", article.headline), ("source", article.source), ("lead", article.lead)):
        if value is not None:
            out.append((part, value))
    for block in article.blocks:
        node = _block_node(block, lambda text: text)
        first = node.children[0].text if isinstance(block, (List, Table)) and node.children else node.text
        out.append((node.kind, first))
    if article.byline is not None:
        out.append(("byline", article.byline.text))
    if article.attribution is not None:
        out.append(("attribution", article.attribution))
    return out


class _Shorten(Protocol):
    def __call__(self, text: str) -> str: ...


def _block_node(block: Block, short: _Shorten) -> Node:
    if isinstance(block, Caption):
        return Node("caption", short(block.text) + (f"  [{block.credit}]" if block.credit else ""))
    if isinstance(block, List):
        kind = "numbered" if block.ordered else "bulleted"
        return Node("list", f"{kind}, {len(block.items)} items", _item_nodes(block.items, short))
    if isinstance(block, Table):
        rows = tuple(
            Node("header" if index == 0 and block.header else "row", short(" │ ".join(row)))
            for index, row in enumerate(block.grid())
        )
        aligned = ", aligned " + " ".join(a or "-" for a in block.align) if block.align else ""
        return Node("table", f"{block.width} columns" + (", header" if block.header else "") + aligned, rows)
    if isinstance(block, (Question, Answer)):
        kind = "question" if isinstance(block, Question) else "answer"
        return Node(kind, (f"[{block.speaker}] " if block.speaker else "") + short(block.text))
    kinds = {Subheading: "subheading", Quote: "quote", Separator: "separator"}
    return Node(kinds.get(type(block), "paragraph"), short(block.text))


def _item_nodes(items: Iterable[ListItem], short: _Shorten) -> tuple[Node, ...]:
    return tuple(Node(item.marker, short(item.text), _item_nodes(item.items, short)) for item in items)


def _tree(nodes: Sequence[Node], prefix: str) -> list[str]:
    lines = []
    for index, node in enumerate(nodes):
        last = index == len(nodes) - 1
        lines.append(f"{prefix}{'└─' if last else '├─'} {node.kind:<{KIND_WIDTH}} {node.text}".rstrip())
        lines.extend(_tree(node.children, prefix + ("   " if last else "│  ")))
    return lines


def explanation(decisions: Iterable[Decision], width: int = 40) -> str:
    """One row per part: its lines in the file, the rule that decided it, its text's start."""
    rows = [("lines", "rule", "text")]
    for decision in decisions:
        text = decision.text if len(decision.text) <= width else decision.text[: width - 1].rstrip() + "…"
        rows.append((decision.lines or "-", decision.rule, text))
    line_width = max(len(row[0]) for row in rows)
    rule_width = max(len(row[1]) for row in rows)
    return "\n".join(f"{a:<{line_width}}  {b:<{rule_width}}  {c}".rstrip() for a, b, c in rows) + "\n"
