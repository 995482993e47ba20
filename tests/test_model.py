"""The article model and its fixed JSON form, vnconv.article/1."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given

from convert.model import (
    SCHEMA,
    Article,
    Byline,
    Caption,
    Dateline,
    ModelError,
    Paragraph,
    Subheading,
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
        "schema": SCHEMA,
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
        ({"schema": "other/1"}, "schema: expected 'vnconv.article/1'"),
        ({"headline": 3}, "headline: expected a string, got int"),
        ({"blocks": {}}, "blocks: expected a list"),
        ({"blocks": [{"type": "table", "text": "x"}]}, "blocks[0].type: expected one of caption, paragraph, subheading"),
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


def test_encoding_is_provenance_kept_in_json_but_not_part_of_equality() -> None:
    article = Article(headline="Tiêu đề", encoding="tcvn3")
    again = from_json(to_json(article))
    assert again.encoding == "tcvn3"
    assert article == Article(headline="Tiêu đề", encoding="utf-8")  # the same text is the same article
    assert "encoding" not in to_dict(Article(headline="x"))  # optional: absent when unknown
    old = {key: value for key, value in to_dict(article).items() if key != "encoding"}
    assert from_json(json.dumps(old)).encoding is None  # models written before the field still load
