"""Chunks to an article: the head front to back, the tail back to front, then the body.

Each part the parser sets down is noted as a ``Decision``: which lines it came from
and the rule that decided it (``caption: ends with a photo credit``), for ``vnconv
parse --explain``. A header (``---`` block) gives parts outright; the parser then does
not guess them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Final

from convert.model import (
    Answer,
    Article,
    Block,
    Byline,
    Caption,
    Dateline,
    Paragraph,
    Question,
    Quote,
    Separator,
    Subheading,
)
from convert.options import Warn
from convert.readers.decision import Decision
from convert.readers.plaintext import bylines, captions, datelines, interviews, leads, lists, quotes
from convert.readers.plaintext.chunks import Chunk
from convert.readers.plaintext.header import RULE as RULE_HEADER
from convert.readers.plaintext.header import Header
from convert.readers.plaintext.lines import ENDS_CLAUSE, ENDS_SENTENCE

RULE_HEADLINE: Final = "headline: the first block"
RULE_HEADLINE_AFTER_DATE: Final = "headline: the first block after the date line"
RULE_SUBHEADING: Final = "subheading: short, no closing punctuation, between paragraphs"
RULE_PARAGRAPH: Final = "paragraph: no other rule applies"
RULE_NOT_A_LIST: Final = "paragraph: a list marker, but no list (one item, or markers that do not count up)"


def is_subheading_like(text: str) -> bool:
    """Short, one clause, no closing punctuation: a crosshead, if paragraphs surround it."""
    return len(text) <= 100 and len(text.split()) <= 16 and not ENDS_CLAUSE.search(text)


class Parser:
    def __init__(self, chunks: Sequence[Chunk], header: Header | None = None, warn: Warn | None = None) -> None:
        self.chunks = list(chunks)
        self.header = header
        self.warn = warn
        self.decisions: list[Decision] = []
        self.place: tuple[str, str] | None = None  # the place before the lead's slug, and as written

    def note(self, part: str, rule: str, chunk: Chunk | None, text: str) -> None:
        self.decisions.append(Decision(part, rule, chunk.lines if chunk is not None else "", text))

    def given(self, part: str) -> bool:
        return self.header is not None and self.header.given(part)

    # --- the whole article ---------------------------------------------------------------

    def article(self) -> tuple[Article, list[Decision]]:
        chunks = self.chunks
        start, end = 0, len(chunks)

        def text_at(index: int) -> Chunk | None:
            return chunks[index] if start <= index < end and chunks[index].kind == "text" else None

        dateline: Dateline | None = None
        head: list[Decision] = []
        if self.given("date"):
            dateline = self._given_dateline()
        elif (chunk := text_at(start)) is not None and (found := datelines.dateline(chunk.text)) is not None:
            dateline = found
            head.append(Decision("dateline", datelines.RULE_FIRST, chunk.lines, chunk.text))
            start += 1

        headline: str | None = None
        if self.given("headline"):
            assert self.header is not None
            headline = self.header.value("headline")
        elif (chunk := text_at(start)) is not None and not leads.is_led(chunk.text) and not self._is_caption(chunk):
            headline = chunk.text
            head.append(Decision("headline", RULE_HEADLINE_AFTER_DATE if dateline else RULE_HEADLINE, chunk.lines, chunk.text))
            start += 1

        if dateline is None and not self.given("date") and (chunk := text_at(start)) is not None:
            found = datelines.dateline(chunk.text)
            if found is not None:
                dateline = found
                head.append(Decision("dateline", datelines.RULE_UNDER_HEADLINE, chunk.lines, chunk.text))
                start += 1

        byline, attribution, end, tail, late_dateline = self._tail(start, end, dateline is None)
        if late_dateline is not None:
            dateline = late_dateline

        source, lead, start = self._lead(start, end, head)
        if self.place is not None and not self.given("date"):
            dateline = _placed(dateline, *self.place)
        blocks = self._body(start, end, lead)
        if self.given("byline"):
            byline = self._given_byline()
        if self.given("attribution"):
            assert self.header is not None
            attribution = self.header.value("attribution")
        self.decisions = self._header_decisions() + head + self.decisions + tail
        article = Article(
            headline=headline,
            dateline=dateline,
            source=source,
            lead=lead,
            blocks=tuple(blocks),
            byline=byline,
            attribution=attribution,
        )
        return article, self.decisions

    # --- the header's parts --------------------------------------------------------------

    def _header_decisions(self) -> list[Decision]:
        if self.header is None:
            return []
        return [
            Decision(part, f"{part}: {RULE_HEADER}", str(self.header.lines[part]), value)
            for part, value in self.header.values.items()
        ]

    def _given_dateline(self) -> Dateline | None:
        assert self.header is not None
        value = self.header.value("date")
        if value is None:
            return None
        found = datelines.dateline(value)
        if found is None and self.warn is not None:
            self.warn(f"line {self.header.lines['date']}: header date {value[:40]!r} is no date vnconv reads; kept as the date line's text")
        return found or Dateline(text=value)

    def _given_byline(self) -> Byline | None:
        assert self.header is not None
        value = self.header.value("byline")
        if value is None:
            return None
        found = bylines.byline(value)
        if found is not None:
            return found
        return Byline(text=value, authors=tuple(a for a in bylines.split_authors(value) if a))

    # --- the end: byline, attribution, a late date line ---------------------------------

    def _tail(self, start: int, end: int, undated: bool) -> tuple[Byline | None, str | None, int, list[Decision], Dateline | None]:
        byline: Byline | None = None
        attribution: str | None = None
        dateline: Dateline | None = None
        tail: list[Decision] = []
        while end - start > 1:
            chunk = self.chunks[end - 1]
            if chunk.kind != "text":
                break
            text = chunk.text
            found = None if attribution is not None or self.given("attribution") else bylines.attribution(text)
            if found is not None:
                attribution = found
                tail.insert(0, Decision("attribution", bylines.RULE_ATTRIBUTION, chunk.lines, text))
            elif byline is None and not self.given("byline") and (signed := self._signed(chunk)) is not None:
                byline = signed.byline
                if signed.attribution is not None and attribution is None and not self.given("attribution"):
                    attribution = signed.attribution
                    tail.insert(0, Decision("attribution", bylines.RULE_WITH_BYLINE, chunk.lines, signed.attribution))
                rule = bylines.RULE_RIGHT if chunk.right_aligned else bylines.RULE_BYLINE
                tail.insert(0, Decision("byline", rule, chunk.lines, signed.byline.text))
            elif undated and dateline is None and datelines.labelled(text) and (late := datelines.dateline(text)):
                dateline = late
                tail.insert(0, Decision("dateline", datelines.RULE_AT_END, chunk.lines, text))
            else:
                break
            end -= 1
        return byline, attribution, end, tail, dateline

    def _signed(self, chunk: Chunk) -> bylines.Signed | None:
        found = bylines.byline_and_attribution(chunk.text)
        if found is None and chunk.right_aligned and len(chunk.text) <= 60 and not ENDS_SENTENCE.search(chunk.text):
            return bylines.Signed(Byline(chunk.text, tuple(a for a in bylines.split_authors(chunk.text) if a)), None)
        return found

    # --- the lead ---------------------------------------------------------------------

    def _lead(self, start: int, end: int, head: list[Decision]) -> tuple[str | None, str | None, int]:
        chunk = self.chunks[start] if start < end and self.chunks[start].kind == "text" else None
        source: str | None = None
        if self.given("source"):
            assert self.header is not None
            source = self.header.value("source")
        if self.given("lead"):
            assert self.header is not None
            return source, self.header.value("lead"), start
        if chunk is None or self._is_caption(chunk):
            return source, None, start
        found = leads.lead(chunk.text)
        if self.given("source") and found.source != source:
            # The header names another source: the slug is text of the lead.
            text = chunk.text if found.rule in (leads.RULE_SLUG, leads.RULE_PLACED) else found.text
            head.append(Decision("lead", leads.RULE_PLAIN, chunk.lines, text))
            return source, text, start + 1
        if found.place is not None and found.where is not None and not self.given("date"):
            self.place = (found.place, found.where)
            head.append(Decision("dateline", leads.RULE_PLACE, chunk.lines, found.where))
        elif found.where is not None:  # the header gives the date: the place stays with the lead
            found = leads.Lead(found.source, f"{found.where} {found.text}", found.rule)
        head.append(Decision("lead", found.rule, chunk.lines, found.text))
        if found.source is not None:
            head.append(Decision("source", found.rule.replace("lead:", "source:"), chunk.lines, found.source))
        return found.source, found.text, start + 1

    # --- the body ---------------------------------------------------------------------

    def _is_caption(self, chunk: Chunk) -> bool:
        if chunk.kind != "text":
            return False
        return (
            chunk.blank_before >= 2
            or chunk.rule == captions.RULE_GLUED
            or captions.split_credit(chunk.text) is not None
            or captions.opens_with_label(chunk.text)
        )

    def _body(self, start: int, end: int, lead: str | None) -> list[Block]:
        units = self._units(self.chunks[start:end])
        plain = [u if isinstance(u, Chunk) and u.kind == "text" and not self._is_caption(u) else None for u in units]
        turns = interviews.turns([u.text if u is not None else None for u in plain])
        decided: list[tuple[Block, Decision]] = []
        for index, unit in enumerate(units):
            decided.append(self._decide(unit, turns[index], decided, lead))
        # Subheadings: short plain chunks between paragraphs, decided once the neighbours are.
        blocks: list[Block] = []
        for index, (block, decision) in enumerate(decided):
            if isinstance(block, Paragraph) and decision.rule == RULE_PARAGRAPH and is_subheading_like(block.text):
                before = _paragraph_like(decided[index - 1]) if index > 0 else lead is not None
                after = index + 1 < len(decided) and _paragraph_like(decided[index + 1])
                if before and after:
                    block, decision = Subheading(block.text), Decision("subheading", RULE_SUBHEADING, decision.lines, block.text)
            if isinstance(block, Caption):
                glued = decision.rule == captions.RULE_CREDIT_GLUED
                merged = self._merge_credit(block, blocks, self.decisions[-1] if self.decisions else None, glued)
                if merged is not None:
                    block_above, blocks[-1] = blocks[-1], merged
                    last = self.decisions[-1]
                    rule = decision.rule if glued else last.rule
                    first, final = last.lines.split("-")[0], decision.lines.split("-")[-1]
                    self.decisions[-1] = Decision("caption", rule, first if first == final else f"{first}-{final}", last.text)
                    if not isinstance(block_above, Caption):  # a caption now: checked as one
                        self._check_caption(merged, self.decisions[-1])
                    continue
                self._check_caption(block, decision)
            blocks.append(block)
            self.decisions.append(decision)
        return blocks

    def _check_caption(self, caption: Caption, decision: Decision) -> None:
        """A caption longer than a caption is: said, since it may be body text set small."""
        words = len(caption.text.split())
        if words > captions.MAX_CAPTION_WORDS and self.warn is not None:
            self.warn(
                f"line {decision.lines}: a caption of {words} words (more than {captions.MAX_CAPTION_WORDS}) "
                f"is set as one ({decision.rule.removeprefix('caption: ')}): check it is no body text "
                "(vnconv parse --explain)"
            )

    def _units(self, body: Sequence[Chunk]) -> list[Chunk | tuple[Block, Decision]]:
        """The body's chunks, with list chunks a blank line apart joined into lists."""
        out: list[Chunk | tuple[Block, Decision]] = []
        index = 0
        while index < len(body):
            chunk = body[index]
            if chunk.kind != "list":
                out.append(chunk)
                index += 1
                continue
            run = [chunk]
            while (
                index + len(run) < len(body)
                and (following := body[index + len(run)]).kind == "list"
                and following.blank_before <= 1
                and _joins(run[-1], following)
            ):
                run.append(following)
            index += len(run)
            out.extend(self._lists(run))
        return out

    def _lists(self, run: Sequence[Chunk]) -> list[Chunk | tuple[Block, Decision]]:
        items = [item for chunk in run for item in chunk.items.items]  # type: ignore[union-attr]
        out: list[Chunk | tuple[Block, Decision]] = []
        for part in lists.split_by_family(items):
            built = lists.build(part)
            first, last = part[0].lines[0].number, part[-1].lines[-1].number
            where = str(first) if first == last else f"{first}-{last}"
            if built is not None:
                out.append((built, Decision("list", lists.RULE, where, built.items[0].text)))
                continue
            for item in part:  # no list after all: each item's lines are a paragraph
                text = " ".join(line.text for line in item.lines)
                out.append((Paragraph(text), Decision("paragraph", RULE_NOT_A_LIST, where, text)))
        return out

    def _decide(
        self,
        unit: Chunk | tuple[Block, Decision],
        turn: interviews.Turn | None,
        decided: Sequence[tuple[Block, Decision]],
        lead: str | None,
    ) -> tuple[Block, Decision]:
        if not isinstance(unit, Chunk):
            return unit
        chunk = unit
        if chunk.kind == "separator":
            return Separator(chunk.text), Decision("separator", chunk.rule or "", chunk.lines, chunk.text)
        if chunk.kind == "table":
            assert chunk.table is not None
            return chunk.table, Decision("table", chunk.rule or "", chunk.lines, " | ".join(chunk.table.rows[0]))
        if chunk.kind == "quote":
            return Quote(chunk.text), Decision("quote", chunk.rule or "", chunk.lines, chunk.text)
        if self._is_caption(chunk):
            return self._caption(chunk)
        if chunk.rule == captions.RULE_HEADING_GLUED:
            return Subheading(chunk.text), Decision("subheading", chunk.rule, chunk.lines, chunk.text)
        if turn is not None:
            block, rule = turn
            part = "question" if isinstance(block, Question) else "answer"
            return block, Decision(part, rule, chunk.lines, chunk.text)
        previous = decided[-1][0] if decided else None
        before = previous.text if isinstance(previous, (Paragraph, Answer, Question)) else lead if not decided else None
        if before is not None and quotes.introduces(before) and quotes.wholly_quoted(chunk.text):
            return Quote(chunk.text), Decision("quote", quotes.RULE_QUOTED, chunk.lines, chunk.text)
        return Paragraph(chunk.text), Decision("paragraph", RULE_PARAGRAPH, chunk.lines, chunk.text)

    def _caption(self, chunk: Chunk) -> tuple[Block, Decision]:
        split = captions.split_credit(chunk.text)
        if split is None:
            rule = captions.RULE_LABELLED if captions.opens_with_label(chunk.text) else captions.RULE_SET_OFF
            return Caption(chunk.text), Decision("caption", rule, chunk.lines, chunk.text)
        rule = chunk.rule if chunk.rule in (captions.RULE_GLUED, captions.RULE_CREDIT_GLUED) else split.rule
        if chunk.blank_before >= 2 and split.rule == captions.RULE_CREDIT:
            rule = captions.RULE_CREDIT
        return Caption(split.caption, split.credit), Decision("caption", rule, chunk.lines, chunk.text)

    @staticmethod
    def _merge_credit(caption: Caption, blocks: list[Block], above_decision: Decision | None, glued: bool) -> Caption | None:
        """A credit on its own line belongs to the caption just above it. A credit a
        crawler glued before a paragraph was the credit of the block above, which is
        then a caption though nothing else said so (a short plain paragraph)."""
        if caption.text or caption.credit is None or not blocks:
            return None
        above = blocks[-1]
        if isinstance(above, Caption) and above.credit is None:
            return Caption(text=above.text, credit=caption.credit)
        if (
            glued
            and isinstance(above, Paragraph)
            and above_decision is not None
            and above_decision.rule == RULE_PARAGRAPH
            and len(above.text.split()) <= captions.MAX_CAPTION_WORDS
        ):
            return Caption(text=above.text, credit=caption.credit)
        return None


def _placed(dateline: Dateline | None, place: str, where: str) -> Dateline:
    """The date line with the place a wire story was filed from: the place as written
    (``ĐÀ NẴNG, 15/9``) opens the date line's text, before a date line found elsewhere."""
    if dateline is None:
        return Dateline(text=where, place=place)
    return replace(dateline, text=f"{where}, {dateline.text}", place=place)


def _paragraph_like(entry: tuple[Block, Decision]) -> bool:
    block, decision = entry
    if isinstance(block, Paragraph):
        return decision.rule != RULE_PARAGRAPH or not is_subheading_like(block.text)
    return isinstance(block, (Answer, Question, Quote))


def _joins(previous: Chunk, following: Chunk) -> bool:
    """Whether two list chunks a blank line apart are one list: short items (or numbered
    ones) whose markers follow on."""
    a, b = previous.items, following.items
    assert a is not None and b is not None
    first = b.items[0]
    level = [item for item in a.items if item.indent == first.indent]
    if not level or not lists.follows(level[-1].marker, first.marker):
        return False
    return (lists.loose(a) and lists.loose(b)) or first.marker[0].isdigit()
