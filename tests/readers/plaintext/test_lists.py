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
