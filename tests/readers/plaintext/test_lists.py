"""Lists: bullets, numbers and letters (Vietnamese letters too), nested by indentation,
items a blank line apart; what does not count up, or stands alone, stays paragraphs."""

from __future__ import annotations

from convert.model import List, ListItem, Paragraph
from convert.readers.plaintext import read_text
from convert.readers.plaintext.lists import follows

HEAD = "Tiêu đề bài\n\nTTXVN - Mở đầu bài viết.\n\n"


def test_markers_that_follow_on() -> None:
    assert follows("1.", "2.") and follows("1.", "2)") and follows("(3)", "(4)")
    assert follows("d)", "đ)") and follows("đ)", "e)") and follows("e)", "g)")  # the Vietnamese alphabet
    assert follows("e)", "f)") and follows("B.", "C.")  # the Latin one
    assert follows("-", "-") and not follows("-", "+") and not follows("1.", "3.") and not follows("a)", "1)")


def test_a_nested_list_hangs_from_its_item() -> None:
    article = read_text(HEAD + "- Gạo\n- Cà phê:\n  + nhân\n  + chế biến\n- Rau quả\n")
    assert article.blocks == (
        List((ListItem("-", "Gạo"), ListItem("-", "Cà phê:", (ListItem("+", "nhân"), ListItem("+", "chế biến"))), ListItem("-", "Rau quả"))),
    )


def test_vietnamese_letters_and_numbers_and_a_continued_item() -> None:
    article = read_text(HEAD + "a) Một;\nb) Hai;\nc) Ba;\nd) Bốn;\nđ) Năm, dài hơn\n   và viết tiếp.\n\n1) Bước một\n2) Bước hai\n")
    lettered, numbered = article.blocks
    assert isinstance(lettered, List) and [i.marker for i in lettered.items] == ["a)", "b)", "c)", "d)", "đ)"]
    assert lettered.items[-1].text == "Năm, dài hơn và viết tiếp."
    assert numbered == List((ListItem("1)", "Bước một"), ListItem("2)", "Bước hai")))


def test_items_a_blank_line_apart_are_one_list() -> None:
    article = read_text(HEAD + "• Một\n\n• Hai\n\n• Ba\n")
    assert article.blocks == (List((ListItem("•", "Một"), ListItem("•", "Hai"), ListItem("•", "Ba"))),)


def test_what_is_no_list_stays_paragraphs_with_its_marks() -> None:
    lone = read_text(HEAD + "- Một dòng có gạch đầu dòng.\n\nĐoạn sau.\n")
    assert lone.blocks == (Paragraph("- Một dòng có gạch đầu dòng."), Paragraph("Đoạn sau."))
    skipping = read_text(HEAD + "1. Một\n3. Ba\n")
    assert skipping.blocks == (Paragraph("1. Một"), Paragraph("3. Ba"))
    long = "Câu trả lời dài. " * 25
    dialogue = read_text(HEAD + f"- {long}\n\n- {long}\n")
    assert all(isinstance(b, Paragraph) for b in dialogue.blocks)  # long dashed paragraphs: dialogue, not a list


def test_a_separator_is_no_bullet() -> None:
    article = read_text(HEAD + "* Một\n* Hai\n* * *\nĐoạn sau.\n")
    assert [type(b).__name__ for b in article.blocks] == ["List", "Separator", "Paragraph"]


def test_a_wrapped_line_opening_with_a_number_or_a_dash_continues_its_sentence() -> None:
    """A wrap puts ``1.`` (a sentence ending with a number) or ``-`` (a dash in a
    sentence) at a line's head; the line above stops mid-sentence, so the text runs on.
    The file is too short to show its wrap width: the line above tells."""
    numbered = read_text(HEAD + "Cây cầu được xây dựng ngay từ đầu trong giai đoạn\n1. Toàn tuyến thông xe năm 2026.\n")
    assert numbered.blocks == (Paragraph("Cây cầu được xây dựng ngay từ đầu trong giai đoạn 1. Toàn tuyến thông xe năm 2026."),)
    dashed = read_text(HEAD + "Thời gian đi trên tuyến Hà Nội\n- Lạng Sơn còn khoảng hai giờ.\n")
    assert dashed.blocks == (Paragraph("Thời gian đi trên tuyến Hà Nội - Lạng Sơn còn khoảng hai giờ."),)


def test_a_lone_item_after_a_sentence_colon_or_item_starts_a_paragraph() -> None:
    """No list (one item), but the line above ends a sentence, announces (``:``), or is
    an item itself: the item is a paragraph of its own, marker kept."""
    after_sentence = read_text(HEAD + "Đoạn văn kết thúc.\n1. Một mục.\n")
    assert after_sentence.blocks == (Paragraph("Đoạn văn kết thúc."), Paragraph("1. Một mục."))
    after_colon = read_text(HEAD + "Các nhà thầu cam kết:\n- Bảo đảm an toàn lao động\n")
    assert after_colon.blocks == (Paragraph("Các nhà thầu cam kết:"), Paragraph("- Bảo đảm an toàn lao động"))
    after_item = read_text(HEAD + "Đoạn mở.\n\n1. Một\n3. Ba\n")
    assert after_item.blocks == (Paragraph("Đoạn mở."), Paragraph("1. Một"), Paragraph("3. Ba"))


def test_two_items_that_count_up_are_a_list_even_after_a_line_without_a_colon() -> None:
    """A crosshead without a colon, then ``1.`` and ``2.``: a list, not a wrapped sentence."""
    article = read_text(HEAD + "Đoạn mở.\n\nNhững việc cần làm\n1. Bảo đảm an toàn.\n2. Không để ùn tắc.\n\nĐoạn kết.\n")
    numbered = List((ListItem("1.", "Bảo đảm an toàn."), ListItem("2.", "Không để ùn tắc.")))
    assert article.blocks == (Paragraph("Đoạn mở."), Paragraph("Những việc cần làm"), numbered, Paragraph("Đoạn kết."))
