"""Hostile text for property tests: what scrapers, archives and copy-paste deliver.

``hostile_models`` draws ``vnconv.article/1`` JSON documents whose every text field is
built from markup look-alikes, controls, lone surrogates, noncharacters, emoji, CJK,
right-to-left text, private-use characters, combining marks at the start of a
string, format characters and very long words, mixed with ordinary Vietnamese.
``read`` passes such a document through the JSON model reader, so a writer gets
exactly what a reader would hand it. ``HOSTILE`` is one fixed article of markup
look-alikes in every part.
"""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import strategies as st

from convert.fonts import VIETNAMESE_LETTERS
from convert.model import SCHEMA, Article, Byline, Caption, Dateline, Paragraph, Subheading
from convert.readers import jsonmodel
from tests.support.strategies import SYLLABLES

#: Text that looks like markup must come out as that very text.
HOSTILE = Article(
    headline='<b>Tin nóng</b> & "ngoặc kép" ]]> &amp; <!-- chú thích -->',
    dateline=Dateline(text="Chủ nhật, 18/08/2019 <i>", date=dt.date(2019, 8, 18), weekday="Chủ nhật"),
    source="A&B",
    lead="Mở đầu có <script>alert('x')</script> và &lt; thực thể.",
    blocks=(
        Paragraph("Đoạn một với dấu \\ gạch ngược và 'nháy đơn'."),
        Subheading("Tiểu mục <h2>"),
        Caption(text="Chú thích ảnh <img src=x>", credit='Ảnh: "TTXVN" <AP>'),
        Caption(text="Ảnh không có nguồn"),
        Paragraph("Đoạn cuối ]]> xong."),
    ),
    byline=Byline(text="Bài và ảnh: <LÊ AN>", authors=("<LÊ AN>",)),
    attribution="Theo <TTXVN> & VOV",
)

#: Text that an XML or ReportLab writer would take for markup if it did not escape it.
MARKUP = (
    "<b>x</b>",
    '<img src="/etc/passwd"/>',
    '<a href="file:///etc/shadow">',
    "&amp;",
    "&#0;",
    "&lt;",
    "]]>",
    "<![CDATA[",
    "<para>",
    '<font name="x">',
    "<br/>",
    "<!-- x -->",
    "<?xml?>",
    '<!ENTITY e SYSTEM "file:///etc/passwd">',
    "&e;",
    '<link href="#x">',
    "<!-- không -->",
    "<?xml version='1.0'?>",
    '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    "\\",
    '"',
    "'",
)
#: Characters no shipped font has, or none may set: kept in every format (the PDF draws
#: a replacement mark), refused with --strict-glyphs. U+E000 and U+FE4E5 are private-use
#: code points the fallback faces Inter and Noto Emoji draw, which only a role's own face may.
UNCOVERED = "中文漢字العربيةעברית\U000f0001\u0378\ue000\U000fe4e5"
#: Characters that are not text: the readers remove them (NEL becomes a line break).
REMOVED = "\x00\x01\x08\x0b\x0c\x1b\x7f\x85\x9b\ud800\udfff\ufdd0\ufffe\uffff\U0010ffff"
#: Invisible characters that stay: joiners, soft hyphen, bidi controls, word joiner.
FORMAT = "\u00ad\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069"
#: Marks that may come first in a string, with nothing to sit on.
MARKS = "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b"
#: Letters the fonts do have, though not all in the main face (Greek is Noto's; symbols
#: and emoji the symbol faces').
SETTABLE = VIETNAMESE_LETTERS + "abcdefghijklmnopqrstuvwxyzĐđ0123456789.,;:!?()[]-–—…“”‘’«»%&*/@#αβγΩжщ≈€★❤✓™→😀👍🏽\ufe0fꙮ"
#: Spaces of every kind, which the readers fold into one ordinary space.
SPACES = " \t\u00a0\u2009\u3000\u2028\n\r"


def fragments(exotic: bool) -> st.SearchStrategy[str]:
    """One fragment of text; ``exotic`` adds characters no font has, and arbitrary ones."""
    ordinary = st.one_of(
        st.sampled_from(SYLLABLES),
        st.sampled_from(MARKUP),
        st.text(st.sampled_from(SETTABLE + REMOVED + FORMAT + SPACES), min_size=1, max_size=12),
        st.sampled_from(MARKS).map(lambda mark: mark + "abc"),
        st.text(st.sampled_from("abcđệươ"), min_size=300, max_size=1500),  # a word longer than a line
    )
    if not exotic:
        return ordinary
    return st.one_of(
        ordinary,
        st.text(st.sampled_from(UNCOVERED), min_size=1, max_size=4),
        st.characters(),  # any code point but a surrogate
        st.characters(categories=["Cs", "Co", "Cn", "Cc", "Cf", "Mn"]),
    )


def texts(exotic: bool) -> st.SearchStrategy[str]:
    return st.lists(fragments(exotic), max_size=6).map(" ".join)


@st.composite
def hostile_models(draw: st.DrawFn, exotic: bool = True) -> str:
    """A ``vnconv.article/2`` JSON document with hostile text in every field, in blocks
of every type (lists with hostile markers, tables with ragged rows...)."""
    text = texts(exotic)
    optional = st.none() | text
    marker = st.one_of(st.sampled_from(["-", "•", "1.", "2)", "đ)", "(3)", "*"]), text.map(lambda t: "".join(t.split())[:4] or "-"))
    item = st.builds(lambda m, t: {"marker": m, "text": t, "items": []}, marker, text)
    items = st.lists(st.builds(lambda m, t, inner: {"marker": m, "text": t, "items": inner}, marker, text, st.lists(item, max_size=2)), min_size=1, max_size=3)
    block = st.one_of(
        st.builds(lambda t: {"type": "paragraph", "text": t}, text),
        st.builds(lambda t: {"type": "subheading", "text": t}, text),
        st.builds(lambda t, c: {"type": "caption", "text": t, "credit": c}, text, optional),
        # vnconv.article/2: the structure of the body
        st.builds(lambda i: {"type": "list", "items": i}, items),
        st.builds(
            lambda rows, header: {"type": "table", "header": header, "rows": rows},
            st.lists(st.lists(text, min_size=1, max_size=3), min_size=1, max_size=3),
            st.booleans(),
        ),
        st.builds(lambda t: {"type": "quote", "text": t}, text),
        st.builds(lambda t, s: {"type": "question", "text": t, "speaker": s}, text, optional),
        st.builds(lambda t, s: {"type": "answer", "text": t, "speaker": s}, text, optional),
        st.builds(lambda t: {"type": "separator", "text": t}, text),
    )
    dateline = st.builds(
        lambda t, d, w: {"text": t, "date": d, "weekday": w},
        text,
        st.none() | st.dates().map(lambda d: d.isoformat()),
        optional,
    )
    byline = st.builds(lambda t, a: {"text": t, "authors": a}, text, st.lists(text, max_size=3))
    model = {
        "schema": SCHEMA,
        "headline": draw(optional),
        "dateline": draw(st.none() | dateline),
        "source": draw(optional),
        "lead": draw(optional),
        "blocks": draw(st.lists(block, max_size=5)),
        "byline": draw(st.none() | byline),
        "attribution": draw(optional),
    }
    return json.dumps(model)  # lone surrogates travel as \ud800 escapes, as in a real file


def read(document: str) -> Article:
    """The model as the JSON reader delivers it: validated and cleaned."""
    return jsonmodel.read_text(document)
