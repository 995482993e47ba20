"""Interviews: PV:/Phóng viên:/Hỏi: questions, Đáp: or named answers, further paragraphs
of an answer; a name with a colon alone makes no interview."""

from __future__ import annotations

from convert.model import Answer, Paragraph, Question
from convert.readers.plaintext import read_text

HEAD = "Tiêu đề bài\n\nTTXVN - Mở đầu bài viết.\n\n"


def test_pv_questions_and_named_answers() -> None:
    text = "Lời dẫn.\n\nPV: Thưa ông, vì sao?\n\nÔng Nguyễn Văn An: Vì thế này.\n\nVà thêm nữa.\n\nPhóng viên: Còn gì nữa?\n\nÔng Nguyễn Văn An: Hết.\n"
    assert read_text(HEAD + text).blocks == (
        Paragraph("Lời dẫn."),
        Question("Thưa ông, vì sao?", "PV"),
        Answer("Vì thế này.", "Ông Nguyễn Văn An"),
        Answer("Và thêm nữa."),
        Question("Còn gì nữa?", "Phóng viên"),
        Answer("Hết.", "Ông Nguyễn Văn An"),
    )


def test_hoi_dap() -> None:
    text = "Hỏi: Tôi có được hưởng không?\n\nĐáp: Có, nếu đủ điều kiện.\n\nHỏi: Còn chồng tôi?\n\nĐáp: Cũng được.\n"
    blocks = read_text(HEAD + text).blocks
    assert [type(b).__name__ for b in blocks] == ["Question", "Answer", "Question", "Answer"]
    assert blocks[1] == Answer("Có, nếu đủ điều kiện.", "Đáp")


def test_unlabelled_questions_between_a_speakers_answers() -> None:
    text = "Vì sao ông chọn nghề này?\n\nNhà văn Nguyễn Nhật Ánh: Vì tôi thích.\n\nÔng viết mỗi ngày?\n\nNhà văn Nguyễn Nhật Ánh: Vâng.\n"
    assert read_text(HEAD + text).blocks == (
        Question("Vì sao ông chọn nghề này?"),
        Answer("Vì tôi thích.", "Nhà văn Nguyễn Nhật Ánh"),
        Question("Ông viết mỗi ngày?"),
        Answer("Vâng.", "Nhà văn Nguyễn Nhật Ánh"),
    )


def test_a_label_once_is_no_interview() -> None:
    text = "Hà Nội: Xe buýt tăng chuyến dịp lễ.\n\nĐoạn sau.\n"
    assert read_text(HEAD + text).blocks == (Paragraph("Hà Nội: Xe buýt tăng chuyến dịp lễ."), Paragraph("Đoạn sau."))
