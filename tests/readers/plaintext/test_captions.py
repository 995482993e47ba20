"""Captions: set off by blank lines, ending in a credit (also typed right under their
paragraph), labelled ``Ảnh: … (Credit)``, or glued by a crawler onto the next paragraph."""

from __future__ import annotations

import pytest

from convert.model import Caption, Paragraph, Subheading
from convert.readers.plaintext import read_text
from convert.readers.plaintext.captions import MAX_CAPTION_WORDS, split_credit, split_glued, split_glued_heading, split_leading_credit

HEAD = "Tiêu đề bài\n\nTTXVN - Mở đầu bài viết.\n\n"


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        ("Quang cảnh hội nghị. Ảnh: TTXVN", "Quang cảnh hội nghị.", "Ảnh: TTXVN"),
        ("Quang cảnh hội nghị (Ảnh: PV)", "Quang cảnh hội nghị", "Ảnh: PV"),
        ("Quang cảnh - Ảnh: Hoàng Hà/TTXVN", "Quang cảnh", "Ảnh: Hoàng Hà/TTXVN"),
        ("Ảnh: Bộ trưởng phát biểu tại hội nghị (TTXVN)", "Ảnh: Bộ trưởng phát biểu tại hội nghị", "TTXVN"),
        ("Ảnh minh họa", "", "Ảnh minh họa"),
        ("Đồ họa: Minh Anh", "", "Đồ họa: Minh Anh"),
    ],
)
def test_credit_forms(text: str, caption: str, credit: str) -> None:
    split = split_credit(text)
    assert split is not None and (split.caption, split.credit) == (caption, credit)


def test_a_long_text_after_the_label_is_no_credit() -> None:
    assert split_credit("Ảnh: Bộ trưởng Nguyễn Văn A phát biểu tại hội nghị tổng kết năm qua của ngành") is None


def test_a_caption_typed_right_under_its_paragraph_is_split_off() -> None:
    article = read_text(HEAD + "Đoạn văn thứ nhất kết thúc ở đây.\nCác đại biểu cắt băng khánh thành. Ảnh: Hải Linh\n\nĐoạn sau.\n")
    assert article.blocks == (
        Paragraph("Đoạn văn thứ nhất kết thúc ở đây."),
        Caption("Các đại biểu cắt băng khánh thành.", "Ảnh: Hải Linh"),
        Paragraph("Đoạn sau."),
    )


def test_a_credit_wrapped_onto_the_next_line_still_ends_the_caption() -> None:
    wrapped = "Đoạn văn dài kết thúc ở đây.\nXe cộ lưu thông trên cầu mới (Ảnh:\nViết Thành)\n\nĐoạn sau.\n"
    assert read_text(HEAD + wrapped).blocks[1] == Caption("Xe cộ lưu thông trên cầu mới", "Ảnh: Viết Thành")


@pytest.mark.parametrize("credit", ["Hoàng\nÁnh", "Getty\nImages", "Hoàng Ánh/\nTTXVN"])
def test_a_credit_broken_inside_its_brackets_ends_the_caption_where_they_close(credit: str) -> None:
    """``… (Ảnh: Hoàng`` is no finished credit when the next line closes its bracket."""
    wrapped = f"Đoạn văn dài kết thúc ở đây.\nXe cộ lưu thông trên cầu mới (Ảnh: {credit})\n\nĐoạn sau.\n"
    for above in ("", "\n"):  # typed under its paragraph, or set off by two blank lines
        blocks = read_text(HEAD + above + wrapped).blocks
        assert blocks[1:] == (Caption("Xe cộ lưu thông trên cầu mới", "Ảnh: " + credit.replace("\n", " ")), Paragraph("Đoạn sau.")), blocks


def test_a_hand_wrapped_credit_is_not_cut_where_a_short_line_ends_in_its_brackets() -> None:
    """In a file hard-wrapped at 72 columns without blank lines, a short line before a
    capital ends a paragraph; not when the line leaves a credit's bracket open."""
    full = "Tỉnh ủy Lạng Sơn sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Đảng bộ"
    lines = [full, "tỉnh lần thứ XVI.", "Quang cảnh hội nghị (Ảnh: Hoàng", "Ánh)", full, "tỉnh.", full, "tỉnh.", full, "tỉnh."]
    article = read_text("Tiêu đề bài\nTTXVN - Mở đầu bài viết.\n" + "\n".join(lines) + "\n")
    assert article.blocks[:2] == (Paragraph(full + " tỉnh lần thứ XVI."), Caption("Quang cảnh hội nghị", "Ảnh: Hoàng Ánh"))


def test_an_open_bracket_the_next_line_does_not_close_leaves_the_credit_as_it_is() -> None:
    """Text is never joined to a credit on a guess: ``Ánh và cộng sự.`` closes no bracket."""
    text = HEAD + "Đoạn một.\nQuang cảnh hội nghị (Ảnh: Hoàng\nÁnh và cộng sự đã có mặt từ sớm.\n\nĐoạn hai.\n"
    blocks = read_text(text).blocks
    assert Caption("Quang cảnh hội nghị", "Ảnh: Hoàng") in blocks, blocks


def test_captions_glued_onto_the_next_paragraph_are_split_at_the_credit() -> None:
    glued, rest = split_glued("Một giàn khoan dầu. Ảnh: AP. Những tín hiệu mới. Nhà máy (Ảnh: Reuters) 20 người làm việc.")
    assert [(g.caption, g.credit) for g in glued] == [
        ("Một giàn khoan dầu.", "Ảnh: AP."),
        ("Những tín hiệu mới. Nhà máy", "Ảnh: Reuters"),
    ]
    assert rest == "20 người làm việc."
    article = read_text(HEAD + "Đoạn một.\n\nMột giàn khoan dầu. Ảnh: AP. Những tín hiệu mới.\n")
    assert article.blocks[1:] == (Caption("Một giàn khoan dầu.", "Ảnh: AP."), Paragraph("Những tín hiệu mới."))


@pytest.mark.parametrize(
    "text",
    [
        "Bức ảnh. Ảnh: T. Hà. Sau đó",  # an initial, not the end of the credit
        "Triển lãm mở cửa. Ảnh: AP. sau đó",  # no sentence opens after it
        "Ảnh: AP.",  # the credit ends the text: a caption's own credit
    ],
)
def test_not_glued(text: str) -> None:
    assert split_glued(text) == ([], text)


def test_a_credit_alone_belongs_to_the_caption_above() -> None:
    article = read_text(HEAD + "Đoạn một.\n\n\nQuang cảnh buổi lễ\n\n(Ảnh: PV)\n\nĐoạn hai.\n")
    assert article.blocks == (Paragraph("Đoạn một."), Caption("Quang cảnh buổi lễ", "Ảnh: PV"), Paragraph("Đoạn hai."))


GLUED_BODY = "Huyện nói sở giới thiệu, sở bảo không Chúng tôi liên lạc với huyện nhiều lần nhưng không được trả lời."


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        (f"Ảnh: HẢI ĐƯỜNG {GLUED_BODY}", "Ảnh: HẢI ĐƯỜNG"),
        (f"Ảnh : HẢI ĐƯỜNG {GLUED_BODY}", "Ảnh : HẢI ĐƯỜNG"),
        (f"(Ảnh: Hải Đường) {GLUED_BODY}", "Ảnh: Hải Đường"),
        (f"Ảnh: dantri.com.vn {GLUED_BODY}", "Ảnh: dantri.com.vn"),
        (f"Ảnh: huffingtonpost {GLUED_BODY}", "Ảnh: huffingtonpost"),
    ],
)
def test_a_credit_glued_before_a_paragraph_goes_to_the_caption_above(line: str, credit: str) -> None:
    warnings: list[str] = []
    article = read_text(f"Tiêu đề\n\nMở đầu bài.\n\nÔng A bên mảnh đất của gia đình.\n\n{line}\n\nĐoạn cuối.\n", warnings.append)
    heading, rest = GLUED_BODY.split(" Chúng tôi ")
    assert article.blocks[:3] == (Caption("Ông A bên mảnh đất của gia đình.", credit), Subheading(heading), Paragraph(f"Chúng tôi {rest}"))
    assert warnings == []


def test_a_crosshead_between_a_glued_credit_and_its_paragraph() -> None:
    paragraph = "Chúng tôi liên lạc với phòng tài nguyên môi trường huyện nhiều lần nhưng không được trả lời."
    article = read_text(f"Tiêu đề\n\nMở đầu bài.\n\nÔng A bên mảnh đất.\n\nẢnh: HẢI ĐƯỜNG Đất ruộng bỏ hoang nhiều năm {paragraph}\n\nĐoạn cuối.\n")
    assert article.blocks[:3] == (
        Caption("Ông A bên mảnh đất.", "Ảnh: HẢI ĐƯỜNG"),
        Subheading("Đất ruộng bỏ hoang nhiều năm"),
        Paragraph(paragraph),
    )


@pytest.mark.parametrize(
    "rest",
    [
        "Theo lời kể của ông Hùng cho biết gia đình đã chờ đợi suốt mười năm mà vẫn chưa được cấp giấy chứng nhận.",
        "Người dân ở Huế cho biết họ đã chờ đợi suốt mười năm mà vẫn chưa được cấp giấy chứng nhận quyền sử dụng đất.",
        "Thực hiện kế hoạch của tỉnh Lạng Sơn, năm nay huyện phải hoàn thành cấp giấy chứng nhận cho tám mươi phần trăm số hộ.",
    ],
)
def test_no_crosshead_where_a_capital_is_a_name(rest: str) -> None:
    assert split_glued_heading(rest) is None


def test_a_glued_credit_leaves_a_caption_that_has_one_alone() -> None:
    article = read_text(f"Tiêu đề\n\nMở đầu bài.\n\nCầu mới. Ảnh: TTXVN\n\nẢnh: HẢI ĐƯỜNG {GLUED_BODY}\n\nĐoạn cuối.\n")
    assert article.blocks[:2] == (Caption("Cầu mới.", "Ảnh: TTXVN"), Caption("", "Ảnh: HẢI ĐƯỜNG"))
    assert " ".join(block.text for block in article.blocks[2:4]) == GLUED_BODY  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "line",
    [
        "Ảnh: UBND tỉnh trao quà cho các hộ nghèo ở xã vùng cao",  # the body would open in lower case
        "Ảnh: TTXVN Lễ khánh thành cầu mới",  # too short to be a paragraph
        f"Ảnh: Hải Đường {GLUED_BODY}",  # the case cannot tell where the credit ends
    ],
)
def test_no_split_where_the_credit_cannot_be_told_from_the_text(line: str) -> None:
    assert split_leading_credit(line) is None


def test_a_caption_longer_than_the_limit_warns() -> None:
    warnings: list[str] = []
    long = " ".join(["Người dân xã Tân Lập chờ cấp sổ đỏ"] * 9)
    article = read_text(f"Tiêu đề\n\nMở đầu bài.\n\nẢnh: Hải Đường {long}.\n\nĐoạn cuối.\n", warnings.append)
    assert isinstance(article.blocks[0], Caption)
    assert warnings == [
        f"line 5: a caption of {len(long.split()) + 3} words (more than {MAX_CAPTION_WORDS}) is set as one "
        "(opens with Ảnh: (the credit in brackets at the end)): check it is no body text (vnconv parse --explain)"
    ]


def test_every_label_and_bare_credit_holds_a_label_word() -> None:
    """What lets the credit patterns pass over a paragraph without one: each of their
    alternatives holds one of ``_LABEL_WORDS``."""
    from convert.readers.plaintext import captions

    for alternatives in (captions._LABEL, captions._BARE):
        assert alternatives.startswith("(?:") and alternatives.endswith(")")
        for alternative in alternatives[3:-1].split("|"):
            assert any(word in alternative for word in captions._LABEL_WORDS), alternative
