"""The plain-text reader: the seed golden test and each convention real articles use."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from convert.model import Byline, Caption, Dateline, Paragraph, Subheading
from convert.readers.plaintext import read_bytes, read_text
from tests.conftest import SEED
from tests.support.typist import cp1258

HEADLINE = "Tỉnh ủy Lạng Sơn sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVI"


def kinds(article) -> str:
    return "".join({Caption: "c", Paragraph: "p", Subheading: "s"}[type(b)] for b in article.blocks)


# --- golden: the seed -----------------------------------------------------------------


def test_seed_golden_structure() -> None:
    article = read_bytes(SEED.read_bytes())
    assert article.headline == HEADLINE
    assert article.dateline == Dateline("Thứ bảy, 17/08/2019", dt.date(2019, 8, 17), "Thứ bảy")
    assert article.source == "LSO"
    assert article.lead is not None
    assert article.lead.startswith("Chiều nay (16/10), Tỉnh ủy Lạng Sơn tổ chức hội nghị")
    assert article.lead.endswith("nhiệm kỳ 2015-2020.")
    assert kinds(article) == "c" + "p" * 6 + "c" + "p" * 4 + "c" + "p"
    assert article.byline == Byline("PHÙNG KHIÊM", ("PHÙNG KHIÊM",))
    assert article.attribution is None
    assert article.language == "vi"


def test_seed_wrapped_captions_are_joined_with_one_space() -> None:
    captions = [b for b in read_bytes(SEED.read_bytes()).blocks if isinstance(b, Caption)]
    assert captions[0].text == (
        "Đồng chí Lâm Thị Phương Thanh, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy phát biểu tại hội nghị"
    )
    assert captions[1].text.endswith("nghị quyết đại hội đảng bộ các cấp, giữa nhiệm kỳ 2015-2020")
    assert captions[2].text.startswith("Đồng chí Hoàng Văn Nghiệm")
    assert all(c.credit is None for c in captions)


def test_seed_keeps_every_paragraph_in_order() -> None:
    source = SEED.read_text(encoding="utf-8")
    article = read_bytes(SEED.read_bytes())
    paragraphs = [b.text for b in article.blocks if isinstance(b, Paragraph)]
    assert paragraphs[0].startswith("Các đồng chí Lâm Thị Phương Thanh")
    assert paragraphs[-1].startswith("Tại hội nghị, Ban Thường vụ Tỉnh ủy tặng bằng khen")
    positions = [source.index(p[:40]) for p in paragraphs]
    assert positions == sorted(positions)


# --- date lines ------------------------------------------------------------------------


def article_with_date(line: str):
    return read_text(f"{line}\n\nTiêu đề bài báo\n\nTTXVN - Nội dung mở đầu.\n\nThân bài.\n")


@pytest.mark.parametrize(
    ("line", "date", "weekday"),
    [
        ("17/8/2019", dt.date(2019, 8, 17), None),
        ("17-08-2019", dt.date(2019, 8, 17), None),
        ("Thứ Hai, 05/03/2018 - 10:30", dt.date(2018, 3, 5), "Thứ Hai"),
        ("Chủ nhật, 1/9/2019", dt.date(2019, 9, 1), "Chủ nhật"),
        ("Thứ bảy,\u00a0 17/08/2019", dt.date(2019, 8, 17), "Thứ bảy"),
        ("Thứ Năm, ngày 12 tháng 3 năm 2020", dt.date(2020, 3, 12), "Thứ Năm"),
        ("2021-11-05", dt.date(2021, 11, 5), None),
        ("05/03/2018 10:30 GMT+7", dt.date(2018, 3, 5), None),
    ],
)
def test_date_line_forms(line: str, date: dt.date, weekday: str | None) -> None:
    article = article_with_date(line)
    assert article.dateline is not None
    assert article.dateline.date == date
    assert article.dateline.weekday == weekday
    assert article.dateline.text == " ".join(line.split())
    assert article.headline == "Tiêu đề bài báo"


def test_no_date_line() -> None:
    article = read_text("Tiêu đề bài báo\n\nTTXVN - Nội dung mở đầu.\n\nThân bài.\n")
    assert article.dateline is None
    assert article.headline == "Tiêu đề bài báo"
    assert article.source == "TTXVN"


def test_impossible_date_is_not_a_date_line() -> None:
    article = read_text("31/02/2019\n\nTiêu đề\n\nNội dung.\n")
    assert article.dateline is None
    assert article.headline == "31/02/2019"


def test_date_line_directly_above_the_headline() -> None:
    article = read_text("17/08/2019\nTiêu đề bài báo\n\nLSO- Nội dung.\n\nThân bài.\n")
    assert article.dateline is not None and article.dateline.date == dt.date(2019, 8, 17)
    assert article.headline == "Tiêu đề bài báo"


# --- source slugs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lead", "source"),
    [
        ("LSO-Chiều nay (16/10), hội nghị diễn ra.", "LSO"),
        ("TTXVN - Chiều nay (16/10), hội nghị diễn ra.", "TTXVN"),
        ("(TTXVN) - Chiều nay (16/10), hội nghị diễn ra.", "TTXVN"),
        ("VOV.VN-Chiều nay (16/10), hội nghị diễn ra.", "VOV.VN"),
        ("HNM - Chiều nay (16/10), hội nghị diễn ra.", "HNM"),
        ("QĐND - Chiều nay (16/10), hội nghị diễn ra.", "QĐND"),
        ("(Dân trí) – Chiều nay (16/10), hội nghị diễn ra.", "Dân trí"),
    ],
)
def test_source_slugs(lead: str, source: str) -> None:
    article = read_text(f"Tiêu đề\n\n{lead}\n\nThân bài.\n")
    assert article.source == source
    assert article.lead == "Chiều nay (16/10), hội nghị diễn ra."


@pytest.mark.parametrize(
    "lead",
    ["COVID-19 đang lan rộng.", "Chiều nay - theo kế hoạch - hội nghị diễn ra.", "(chú thích) - không phải nguồn."],
)
def test_hyphenated_words_are_not_slugs(lead: str) -> None:
    article = read_text(f"Tiêu đề\n\n{lead}\n\nThân bài.\n")
    assert article.source is None
    assert article.lead == lead


def test_article_without_headline_starts_with_the_slug() -> None:
    article = read_text("TTXVN - Sáng nay, hội nghị diễn ra.\n\nThân bài.\n")
    assert article.headline is None
    assert article.source == "TTXVN"
    assert article.lead == "Sáng nay, hội nghị diễn ra."


# --- captions --------------------------------------------------------------------------

BODY = "Tiêu đề\n\nTTXVN - Mở đầu.\n\n{}\n\nĐoạn cuối bài.\n"


@pytest.mark.parametrize(
    ("block", "text", "credit"),
    [
        ("Đồng chí Nguyễn Văn An phát biểu. Ảnh: TTXVN", "Đồng chí Nguyễn Văn An phát biểu.", "Ảnh: TTXVN"),
        ("Đồng chí Nguyễn Văn An phát biểu (Ảnh: PV)", "Đồng chí Nguyễn Văn An phát biểu", "Ảnh: PV"),
        ("Quang cảnh hội nghị - Ảnh minh họa", "Quang cảnh hội nghị", "Ảnh minh họa"),
        ("Quang cảnh hội nghị. (Ảnh minh họa)", "Quang cảnh hội nghị.", "Ảnh minh họa"),
    ],
)
def test_caption_by_photo_credit(block: str, text: str, credit: str) -> None:
    article = read_text(BODY.format(block))
    assert article.blocks == (Caption(text, credit), Paragraph("Đoạn cuối bài."))


def test_caption_by_two_blank_lines() -> None:
    article = read_text("Tiêu đề\n\nTTXVN - Mở đầu.\n\n\nQuang cảnh hội nghị\n\nĐoạn cuối bài.\n")
    assert article.blocks == (Caption("Quang cảnh hội nghị"), Paragraph("Đoạn cuối bài."))


def test_credit_on_its_own_line_joins_the_caption_above() -> None:
    article = read_text("Tiêu đề\n\nTTXVN - Mở đầu.\n\n\nQuang cảnh hội nghị\n\nẢnh: TTXVN\n\nĐoạn cuối bài.\n")
    assert article.blocks == (Caption("Quang cảnh hội nghị", "Ảnh: TTXVN"), Paragraph("Đoạn cuối bài."))


def test_lowercase_anh_inside_a_sentence_is_not_a_credit() -> None:
    article = read_text(BODY.format("Mọi người xem ảnh: đẹp lắm."))
    assert article.blocks[0] == Paragraph("Mọi người xem ảnh: đẹp lắm.")


# --- wrapping and line-per-paragraph files -------------------------------------------


def test_hard_wrapped_paragraph_is_joined_with_one_space() -> None:
    article = read_text("Tiêu đề\n\nTTXVN - Mở đầu\nvẫn là mở đầu.\n\nThân bài dài\n  được ngắt dòng\tgiữa chừng.\n")
    assert article.lead == "Mở đầu vẫn là mở đầu."
    assert article.blocks == (Paragraph("Thân bài dài được ngắt dòng giữa chừng."),)


def test_file_without_blank_lines_has_a_paragraph_per_line() -> None:
    article = read_text("17/08/2019\nTiêu đề bài báo\nLSO- Mở đầu.\nĐoạn một.\nĐoạn hai.\nPHÙNG KHIÊM\n")
    assert article.dateline is not None
    assert article.headline == "Tiêu đề bài báo"
    assert article.lead == "Mở đầu."
    assert article.blocks == (Paragraph("Đoạn một."), Paragraph("Đoạn hai."))
    assert article.byline == Byline("PHÙNG KHIÊM", ("PHÙNG KHIÊM",))


def test_block_whose_every_line_ends_a_sentence_is_a_paragraph_a_line() -> None:
    article = read_text("Tiêu đề\n\nTTXVN - Mở đầu.\n\nĐoạn một.\nĐoạn hai.\nĐoạn ba.\n")
    assert article.blocks == (Paragraph("Đoạn một."), Paragraph("Đoạn hai."), Paragraph("Đoạn ba."))


# --- bylines and attribution ---------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("PHÙNG KHIÊM", ("PHÙNG KHIÊM",)),
        ("Nguyễn Văn An - Trần Thị Bình", ("Nguyễn Văn An", "Trần Thị Bình")),
        ("NGUYỄN AN, TRẦN BÌNH", ("NGUYỄN AN", "TRẦN BÌNH")),
        ("Bài và ảnh: HOÀNG ÁNH", ("HOÀNG ÁNH",)),
        ("Nhóm phóng viên: Lê Minh và Vũ Hương", ("Lê Minh", "Vũ Hương")),
    ],
)
def test_bylines(line: str, authors: tuple[str, ...]) -> None:
    article = read_text(f"Tiêu đề\n\nTTXVN - Mở đầu.\n\nĐoạn cuối bài.\n\n{line}\n")
    assert article.byline == Byline(line, authors)
    assert article.blocks == (Paragraph("Đoạn cuối bài."),)


@pytest.mark.parametrize(
    ("tail", "attribution"),
    [("Theo TTXVN", "Theo TTXVN"), ("(Theo Báo Lạng Sơn)", "Theo Báo Lạng Sơn"), ("(Theo Báo Tin tức)", "Theo Báo Tin tức")],
)
def test_attribution_goes_to_attribution_not_body(tail: str, attribution: str) -> None:
    article = read_text(f"Tiêu đề\n\nTTXVN - Mở đầu.\n\nĐoạn cuối bài.\n\nPHÙNG KHIÊM\n\n{tail}\n")
    assert article.attribution == attribution
    assert article.byline is not None and article.byline.text == "PHÙNG KHIÊM"
    assert article.blocks == (Paragraph("Đoạn cuối bài."),)


def test_attribution_without_byline() -> None:
    article = read_text("Tiêu đề\n\nTTXVN - Mở đầu.\n\nĐoạn cuối bài.\n\nTheo TTXVN\n")
    assert (article.byline, article.attribution) == (None, "Theo TTXVN")


def test_byline_typed_under_the_last_paragraph() -> None:
    article = read_text("Tiêu đề\n\nTTXVN - Mở đầu.\n\nĐoạn cuối bài.\nPHÙNG KHIÊM\n(Theo TTXVN)\n")
    assert article.blocks == (Paragraph("Đoạn cuối bài."),)
    assert article.byline is not None and article.byline.authors == ("PHÙNG KHIÊM",)
    assert article.attribution == "Theo TTXVN"


@pytest.mark.parametrize("last", ["Theo kế hoạch, hội nghị kéo dài hai ngày.", "Theo Sở Y tế tỉnh có 5 ca mắc."])
def test_sentence_starting_with_theo_is_body(last: str) -> None:
    article = read_text(f"Tiêu đề\n\nTTXVN - Mở đầu.\n\n{last}\n")
    assert article.attribution is None
    assert article.blocks == (Paragraph(last),)


# --- subheadings -----------------------------------------------------------------------


def test_short_unpunctuated_line_between_paragraphs_is_a_subheading() -> None:
    article = read_text("Tiêu đề\n\nTTXVN - Mở đầu.\n\nĐoạn một.\n\nNhững kết quả nổi bật\n\nĐoạn hai.\n")
    assert article.blocks == (Paragraph("Đoạn một."), Subheading("Những kết quả nổi bật"), Paragraph("Đoạn hai."))


def test_subheading_right_after_the_lead() -> None:
    article = read_text("Tiêu đề\n\nTTXVN - Mở đầu.\n\nKết quả nổi bật\n\nĐoạn hai.\n")
    assert article.blocks == (Subheading("Kết quả nổi bật"), Paragraph("Đoạn hai."))


def test_short_line_before_a_caption_is_not_a_subheading() -> None:
    article = read_text("Tiêu đề\n\nTTXVN - Mở đầu.\n\nĐoạn một.\n\nMột dòng ngắn\n\n\nChú thích ảnh\n\nĐoạn hai.\n")
    assert [type(b) for b in article.blocks] == [Paragraph, Paragraph, Caption, Paragraph]


# --- input bytes -----------------------------------------------------------------------

@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda t: t.encode("utf-8"), id="utf-8"),
        pytest.param(lambda t: t.encode("utf-8-sig"), id="utf-8-bom"),
        pytest.param(lambda t: t.encode("utf-16"), id="utf-16-bom"),
        pytest.param(lambda t: t.encode("utf-16-le"), id="utf-16-le-no-bom"),
        pytest.param(lambda t: t.replace("\n", "\r\n").encode(), id="crlf"),
        pytest.param(lambda t: t.replace("\n", "\r").encode(), id="cr"),
        pytest.param(lambda t: unicodedata.normalize("NFD", t).encode(), id="nfd"),
        pytest.param(lambda t: t.replace(" ", "\u00a0").replace(", ", ",\t").encode(), id="odd-spaces"),
        pytest.param(lambda t: cp1258(t.replace("\u00a0", " ")), id="windows-1258"),
    ],
)
def test_every_encoding_gives_the_clean_model(encode) -> None:
    text = SEED.read_text(encoding="utf-8")
    assert read_bytes(encode(text)) == read_bytes(text.encode("utf-8"))


def test_forced_encoding() -> None:
    data = "Tiêu đề\n\nTTXVN - Mở đầu.\n".encode("utf-16-be")
    assert read_bytes(data, encoding="utf-16-be").headline == "Tiêu đề"


def test_control_characters_are_removed_with_one_warning() -> None:
    warnings: list[str] = []
    article = read_text("Tiêu\x00 đề\x07\n\nTTXVN - Mở\x7f đầu\x9b.\n", warn=warnings.append)
    assert article.headline == "Tiêu đề"
    assert article.lead == "Mở đầu."
    assert warnings == ["removed 4 control or non-character code point(s)"]


@pytest.mark.parametrize("text", ["", "   \n\n \t \n", "\ufeff"])
def test_empty_inputs_give_an_empty_article(text: str) -> None:
    article = read_text(text)
    assert list(article.texts()) == []


def test_headline_only() -> None:
    article = read_text("Chỉ có tiêu đề\n")
    assert article.headline == "Chỉ có tiêu đề"
    assert (article.lead, article.blocks, article.byline) == (None, (), None)
