"""The article model and its JSON form, vnconv.article/1 and /2."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest
from hypothesis import given

from convert.model import (
    SCHEMA_V1,
    SCHEMA_V2,
    Answer,
    Article,
    Byline,
    Caption,
    Dateline,
    List,
    ListItem,
    ModelError,
    Paragraph,
    Question,
    Quote,
    Separator,
    Subheading,
    Table,
    from_dict,
    from_json,
    to_dict,
    to_json,
)
from tests.support.strategies import articles

ARTICLE = Article(
    headline="Tiêu đề",
    dateline=Dateline("Thứ bảy, 17/08/2019", dt.date(2019, 8, 17), "Thứ bảy"),
    source="LSO",
    lead="Chiều nay (16/10), ...",
    blocks=(Caption("Chú thích", None), Paragraph("Đoạn."), Subheading("Mục")),
    byline=Byline("PHÙNG KHIÊM", ("PHÙNG KHIÊM",)),
)


def test_json_form_is_the_documented_one() -> None:
    assert to_dict(ARTICLE) == {
        "schema": SCHEMA_V1,
        "language": "vi",
        "headline": "Tiêu đề",
        "dateline": {"text": "Thứ bảy, 17/08/2019", "date": "2019-08-17", "weekday": "Thứ bảy"},
        "source": "LSO",
        "lead": "Chiều nay (16/10), ...",
        "blocks": [
            {"type": "caption", "text": "Chú thích", "credit": None},
            {"type": "paragraph", "text": "Đoạn."},
            {"type": "subheading", "text": "Mục"},
        ],
        "byline": {"text": "PHÙNG KHIÊM", "authors": ["PHÙNG KHIÊM"]},
        "attribution": None,
    }


def test_json_is_utf8_not_ascii_escaped() -> None:
    assert "Tiêu đề" in to_json(ARTICLE)


@given(articles())
def test_json_round_trip(article: Article) -> None:
    assert from_json(to_json(article)) == article


def test_absent_parts_are_null() -> None:
    data = to_dict(Article(headline="x"))
    assert data["dateline"] is None and data["byline"] is None and data["source"] is None
    assert from_json(json.dumps(data)) == Article(headline="x")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"schema": "other/1"}, "schema: expected 'vnconv.article/1' or 'vnconv.article/2'"),
        ({"headline": 3}, "headline: expected a string, got int"),
        ({"blocks": {}}, "blocks: expected a list"),
        ({"blocks": [{"type": "table", "text": "x"}]}, "blocks[0].type: expected one of caption, paragraph, subheading"),
        ({"blocks": [{"type": ["paragraph"], "text": "x"}]}, "blocks[0].type: expected one of caption, paragraph, subheading, got ['paragraph']"),
        ({"blocks": [{"type": "paragraph"}]}, "blocks[0].text: expected a string, got null"),
        ({"blocks": [{"type": "paragraph", "text": "x", "extra": 1}]}, "blocks[0].extra: unknown field"),
        ({"dateline": {"text": "x", "date": "17/08/2019", "weekday": None}}, "dateline.date: expected an ISO date"),
        ({"byline": {"text": "x", "authors": "x"}}, "byline.authors: expected a list of strings"),
        ({"colour": "red"}, "colour: unknown field"),
    ],
)
def test_from_json_rejects_malformed_models_naming_the_field(change: dict, message: str) -> None:
    data = {**to_dict(ARTICLE), **change}
    with pytest.raises(ModelError, match=message.replace("[", r"\[").replace("(", r"\(")):
        from_json(json.dumps(data))


@pytest.mark.parametrize("text", ["", "[1, 2]", "{", '"x"'])
def test_from_json_rejects_non_objects(text: str) -> None:
    with pytest.raises(ModelError):
        from_json(text)


def test_texts_are_in_reading_order() -> None:
    assert list(ARTICLE.texts()) == [
        "Thứ bảy, 17/08/2019", "Tiêu đề", "LSO", "Chiều nay (16/10), ...", "Chú thích", "Đoạn.", "Mục", "PHÙNG KHIÊM"
    ]


def test_title_falls_back_to_the_lead() -> None:
    assert Article(lead="Một câu mở đầu.").title == "Một câu mở đầu."
    assert Article(headline="Tiêu đề", lead="x").title == "Tiêu đề"


# --- vnconv.article/2: the structure of the body ---------------------------------------

STRUCTURED = Article(
    headline="Phỏng vấn",
    blocks=(
        List((ListItem("1.", "Một", (ListItem("a)", "một a"),)), ListItem("2.", "Hai"))),
        Table((("Tỉnh", "Dân số"), ("Lạng Sơn", "781.655")), header=True),
        Quote("“Trích dẫn.”"),
        Question("Thưa ông?", "PV"),
        Answer("Vâng.", "Ông A"),
        Answer("Thêm nữa."),
        Separator("* * *"),
    ),
)


def test_new_blocks_json_form_is_the_documented_one() -> None:
    data = to_dict(STRUCTURED)
    assert data["schema"] == SCHEMA_V2
    assert data["blocks"] == [
        {
            "type": "list",
            "items": [
                {"marker": "1.", "text": "Một", "items": [{"marker": "a)", "text": "một a", "items": []}]},
                {"marker": "2.", "text": "Hai", "items": []},
            ],
        },
        {"type": "table", "header": True, "rows": [["Tỉnh", "Dân số"], ["Lạng Sơn", "781.655"]]},
        {"type": "quote", "text": "“Trích dẫn.”"},
        {"type": "question", "speaker": "PV", "text": "Thưa ông?"},
        {"type": "answer", "speaker": "Ông A", "text": "Vâng."},
        {"type": "answer", "speaker": None, "text": "Thêm nữa."},
        {"type": "separator", "text": "* * *"},
    ]
    assert from_json(to_json(STRUCTURED)) == STRUCTURED


def test_an_article_is_written_in_the_lowest_version_that_holds_it() -> None:
    """A v1 consumer keeps reading what it always read, and stops at a schema it does
    not know instead of meeting block types it does not know."""
    assert to_dict(ARTICLE)["schema"] == SCHEMA_V1
    assert to_dict(Article(blocks=(Paragraph("x"), Separator("***"))))["schema"] == SCHEMA_V2


def test_a_v2_document_of_v1_blocks_reads_and_a_v1_document_may_not_hold_v2_blocks() -> None:
    assert from_json(json.dumps({**to_dict(ARTICLE), "schema": SCHEMA_V2})) == ARTICLE
    data = {**to_dict(STRUCTURED), "schema": SCHEMA_V1}
    with pytest.raises(ModelError, match=r"blocks\[0\]\.type: expected one of caption, paragraph, subheading, got 'list' \('list' needs"):
        from_json(json.dumps(data))


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ({"type": "list", "items": []}, r"blocks\[0\]\.items: a list needs at least one item"),
        ({"type": "list", "items": [{"marker": "1 .", "text": "x", "items": []}]}, r"marker: expected a marker without spaces"),
        ({"type": "list", "items": [{"marker": "-", "text": 3, "items": []}]}, r"items\[0\]\.text: expected a string"),
        ({"type": "table", "rows": []}, r"blocks\[0\]\.rows: expected a list of rows"),
        ({"type": "table", "rows": [["a", 1]]}, r"rows\[0\]: expected a list of strings"),
        ({"type": "table", "rows": [["a"]], "header": "yes"}, r"header: expected true or false"),
        ({"type": "question", "text": "x", "speaker": 2}, r"speaker: expected a string"),
        ({"type": "separator"}, r"blocks\[0\]\.text: expected a string"),
    ],
)
def test_malformed_new_blocks_are_refused_naming_the_field(block: dict, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        from_json(json.dumps({"schema": SCHEMA_V2, "blocks": [block]}))


def test_lists_nested_too_deep_are_refused() -> None:
    items: list = [{"marker": "-", "text": "x", "items": []}]
    for _ in range(12):
        items = [{"marker": "-", "text": "x", "items": items}]
    with pytest.raises(ModelError, match="nested deeper"):
        from_json(json.dumps({"schema": SCHEMA_V2, "blocks": [{"type": "list", "items": items}]}))


def test_texts_yield_every_marker_cell_and_speaker_in_reading_order() -> None:
    assert list(STRUCTURED.texts()) == [
        "Phỏng vấn", "1.", "Một", "a)", "một a", "2.", "Hai", "Tỉnh", "Dân số", "Lạng Sơn", "781.655",
        "“Trích dẫn.”", "PV", "Thưa ông?", "Ông A", "Vâng.", "Thêm nữa.", "* * *",
    ]  # fmt: skip


def test_map_text_reaches_every_text_of_the_new_blocks() -> None:
    shouted = STRUCTURED.map_text(str.upper)
    assert list(shouted.texts()) == [text.upper() for text in STRUCTURED.texts()]
    assert shouted.blocks[1] == Table((("TỈNH", "DÂN SỐ"), ("LẠNG SƠN", "781.655")), header=True)


def test_a_ragged_table_is_filled_out_to_its_widest_row() -> None:
    table = Table((("a", "b", "c"), ("d",)))
    assert table.width == 3 and table.grid() == (("a", "b", "c"), ("d", "", ""))


def test_title_skips_lists_and_separators_for_a_paragraph() -> None:
    article = Article(blocks=(Separator(), List((ListItem("-", "x"),)), Quote("Câu trích.")))
    assert article.title == "Câu trích."


def test_encoding_is_provenance_kept_in_json_but_not_part_of_equality() -> None:
    article = Article(headline="Tiêu đề", encoding="tcvn3")
    again = from_json(to_json(article))
    assert again.encoding == "tcvn3"
    assert article == Article(headline="Tiêu đề", encoding="utf-8")  # the same text is the same article
    assert "encoding" not in to_dict(Article(headline="x"))  # optional: absent when unknown
    old = {key: value for key, value in to_dict(article).items() if key != "encoding"}
    assert from_json(json.dumps(old)).encoding is None  # models written before the field still load


def test_a_place_and_an_agency_are_written_only_when_there_are_some() -> None:
    placed = replace(
        ARTICLE,
        dateline=Dateline("HÀ NỘI, Thứ bảy, 17/08/2019", dt.date(2019, 8, 17), "Thứ bảy", "HÀ NỘI"),
        byline=Byline("Minh Hằng/VOV.VN", ("Minh Hằng",), "VOV.VN"),
    )
    data = to_dict(placed)
    assert data["schema"] == SCHEMA_V1
    assert data["dateline"]["place"] == "HÀ NỘI" and data["byline"]["agency"] == "VOV.VN"
    assert from_json(to_json(placed)) == placed
    assert "place" not in to_dict(ARTICLE)["dateline"] and "agency" not in to_dict(ARTICLE)["byline"]
    with pytest.raises(ModelError, match="byline.agency: expected a string"):
        from_dict({**data, "byline": {**data["byline"], "agency": 3}})


def test_a_tables_alignment_is_written_only_when_it_has_one() -> None:
    aligned = Table((("Chỉ tiêu", "2024"), ("GRDP", "7,2")), True, ("left", "right"))
    data = to_dict(replace(ARTICLE, blocks=(aligned,)))
    assert data["blocks"][0] == {"type": "table", "header": True, "rows": [["Chỉ tiêu", "2024"], ["GRDP", "7,2"]], "align": ["left", "right"]}
    assert from_dict(data).blocks == (aligned,)
    assert "align" not in to_dict(replace(ARTICLE, blocks=(Table((("a", "b"),)),)))["blocks"][0]
    for wrong in (["middle", None], "left", ["left", "left", "left"]):
        with pytest.raises(ModelError, match=r"blocks\[0\]\.align"):
            from_dict({**data, "blocks": [{**data["blocks"][0], "align": wrong}]})
