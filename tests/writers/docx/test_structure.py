"""The body's structure in the DOCX: lists numbered by numbering definitions, a real
table in a table style, Quote/Question/Answer/Section Break paragraphs, the Speaker
character style."""

from __future__ import annotations

import io

import pytest

from convert import styles
from convert.model import Article, Paragraph, Separator
from convert.writers.docx.oxml import TWIPS_PER_MM
from tests.support.docx import NS, docx_bytes, expected_paragraphs, part, reopened_paragraphs, w
from tests.support.structure import STRUCTURED, long_table


@pytest.fixture(scope="module")
def structured() -> bytes:
    return docx_bytes(STRUCTURED)


def numbering_of(data: bytes) -> dict[str, dict[str, str]]:
    """numId -> its level 0: numFmt, lvlText, start, left and hanging indents."""
    root = part(data, "word/numbering.xml")
    abstracts = {a.get(w("abstractNumId")): a.find("w:lvl", NS) for a in root.iterfind("w:abstractNum", NS)}
    out = {}
    for num in root.iterfind("w:num", NS):
        level = abstracts[num.find("w:abstractNumId", NS).get(w("val"))]
        indent = level.find("w:pPr/w:ind", NS)
        out[num.get(w("numId"))] = {
            "format": level.find("w:numFmt", NS).get(w("val")),
            "text": level.find("w:lvlText", NS).get(w("val")),
            "start": level.find("w:start", NS).get(w("val")),
            "left": indent.get(w("left")),
            "hanging": indent.get(w("hanging")),
        }
    return out


def list_paragraphs(data: bytes) -> list[tuple[str, str, str]]:
    """(style id, numId, text) of every body paragraph that is a list item."""
    body = part(data, "word/document.xml").find("w:body", NS)
    out = []
    for p in body.iterfind("w:p", NS):
        num = p.find("w:pPr/w:numPr/w:numId", NS)
        if num is not None:
            text = "".join(t.text or "" for t in p.iter(w("t")))
            out.append((p.find("w:pPr/w:pStyle", NS).get(w("val")), num.get(w("val")), text))
    return out


def test_every_paragraph_has_the_style_of_its_part(structured: bytes) -> None:
    assert reopened_paragraphs(structured) == expected_paragraphs(STRUCTURED)


def test_lists_are_numbered_by_numbering_definitions(structured: bytes) -> None:
    numbering, items = numbering_of(structured), list_paragraphs(structured)
    indent = str(round(styles.load("default").lists.indent * TWIPS_PER_MM))
    by_text = {text: (style_id, numbering[num]) for style_id, num, text in items}
    # Bullets: the style's bullet for each level, a nested list a level further in.
    style_id, level = by_text["Gạo, chủ yếu sang Philippines"]
    assert style_id == "ListBullet" and (level["format"], level["text"], level["left"], level["hanging"]) == ("bullet", "•", indent, indent)
    assert by_text["cà phê nhân"][1]["text"] == "–" and int(by_text["cà phê nhân"][1]["left"]) == 2 * int(indent)
    # Numbers that Word counts the same way: one counting level, so an item added in Word numbers itself.
    style_id, level = by_text["Bước hai"]
    assert style_id == "ListNumber" and (level["format"], level["text"], level["start"]) == ("decimal", "%1.", "1")
    assert len({num for _, num, text in items if text.startswith("Bước")}) == 1
    # Letters in the Vietnamese alphabet (đ after d): no Word counter gives them, so each
    # item keeps its own marker as the level's literal text.
    lettered = [numbering[num]["text"] for _, num, text in items if text.startswith("Việc thứ")]
    assert lettered == ["a)", "b)", "c)", "d)", "đ)", "e)"]
    assert len({num for _, num, text in items}) == 1 + 1 + 6 + 1  # bullets, nested, six letters, numbers


def test_word_counters_are_used_wherever_they_give_the_markers() -> None:
    from convert.model import List, ListItem

    lists = (
        List((ListItem("a)", "x"), ListItem("b)", "y"))),
        List((ListItem("(3)", "x"), ListItem("(4)", "y"))),
        List((ListItem("C.", "x"), ListItem("D.", "y"))),
    )
    data = docx_bytes(Article(blocks=lists))
    levels = numbering_of(data)
    used = [levels[num] for num in dict.fromkeys(num for _, num, _ in list_paragraphs(data))]
    assert [(lv["format"], lv["text"], lv["start"]) for lv in used] == [
        ("lowerLetter", "%1)", "1"),
        ("decimal", "(%1)", "3"),
        ("upperLetter", "%1.", "3"),
    ]


def test_list_items_carry_only_their_style_and_numbering(structured: bytes) -> None:
    body = part(structured, "word/document.xml").find("w:body", NS)
    for ppr in body.iter(w("pPr")):
        assert [c.tag for c in ppr] in ([w("pStyle")], [w("pStyle"), w("numPr")])


def test_a_table_is_a_word_table_in_the_table_style(structured: bytes) -> None:
    import docx

    document = docx.Document(io.BytesIO(structured))
    (table,) = document.tables
    assert table.style.name == "vnconv Table"
    assert [[cell.text for cell in row.cells] for row in table.rows] == [list(r) for r in STRUCTURED.blocks[5].rows]
    assert {p.style.name for p in table.rows[0].cells[0].paragraphs} == {"Table Header"}
    assert {p.style.name for p in table.rows[1].cells[0].paragraphs} == {"Table Text"}
    xml = part(structured, "word/document.xml")
    first_row = xml.find(".//w:tbl/w:tr", NS)
    assert first_row.find("w:trPr/w:tblHeader", NS) is not None  # repeated on every page
    page = styles.load("default").page
    widths = [int(c.get(w("w"))) for c in xml.iterfind(".//w:tbl/w:tblGrid/w:gridCol", NS)]
    assert sum(widths) == pytest.approx((page.width - page.margin_left - page.margin_right) * TWIPS_PER_MM, abs=3)
    sheet = part(structured, "word/styles.xml")
    table_style = sheet.find("w:style[@w:styleId='vnconvTable']", NS)
    assert table_style.find("w:tblPr/w:tblBorders/w:insideH", NS).get(w("color")) == "B4B4B4"
    assert table_style.find("w:tblStylePr[@w:type='firstRow']/w:tcPr/w:shd", NS).get(w("fill")) == "EEEEEE"


def test_the_speaker_is_a_run_in_its_character_style(structured: bytes) -> None:
    import docx

    document = docx.Document(io.BytesIO(structured))
    answer = next(p for p in document.paragraphs if p.style.name == "Answer")
    assert [(r.text, r.style.name) for r in answer.runs] == [
        ("TS Đặng Kim Sơn: ", "Speaker"),
        ("Chuỗi liên kết còn lỏng lẻo.", "Default Paragraph Font"),
    ]
    speaker = part(structured, "word/styles.xml").find("w:style[@w:styleId='Speaker']", NS)
    assert speaker.find("w:rPr/w:b", NS).get(w("val")) is None  # bold, where the answer is not
    question = part(structured, "word/styles.xml").find("w:style[@w:styleId='Question']", NS)
    assert question.find("w:rPr/w:b", NS).get(w("val")) is None and question.find("w:pPr/w:keepNext", NS) is not None


def test_a_quotation_is_set_in_from_both_sides(structured: bytes) -> None:
    quote = part(structured, "word/styles.xml").find("w:style[@w:styleId='Quote']", NS)
    indent = quote.find("w:pPr/w:ind", NS)
    expected = str(round(styles.load("default").quotes.indent * TWIPS_PER_MM))
    assert indent.get(w("left")) == indent.get(w("right")) == expected
    assert quote.find("w:rPr/w:i", NS).get(w("val")) is None


def test_a_section_break_without_an_ornament_is_a_short_rule() -> None:
    article = Article(blocks=(Paragraph("Trước."), Separator("***"), Paragraph("Sau.")))
    data = docx_bytes(article, ('section_break.ornament=""',))
    assert ("Section Break", "") in reopened_paragraphs(data)
    rule = part(data, "word/styles.xml").find("w:style[@w:styleId='SectionBreak']/w:pPr", NS)
    assert rule.find("w:pBdr/w:bottom", NS) is not None
    assert int(rule.find("w:ind", NS).get(w("left"))) > 0


def test_a_long_table_is_one_table_whose_header_repeats() -> None:
    import docx

    data = docx_bytes(long_table(120))
    (table,) = docx.Document(io.BytesIO(data)).tables
    assert len(table.rows) == 121
    rows = part(data, "word/document.xml").findall(".//w:tbl/w:tr", NS)
    assert [r.find("w:trPr/w:tblHeader", NS) is not None for r in rows] == [True] + [False] * 120


def test_a_column_the_input_aligned_is_aligned_in_its_cells() -> None:
    from convert.model import Table

    rows = (("Chỉ tiêu", "2024", "Ghi chú"), ("GRDP", "7,2", "vượt"))
    article = Article(headline="Bảng", lead="Mở đầu.", blocks=(Table(rows, header=True, align=(None, "right", "center")),))
    root = part(docx_bytes(article), "word/document.xml")
    for row in root.iterfind(".//w:tbl/w:tr", NS):
        justified = [cell.find("w:p/w:pPr/w:jc", NS) for cell in row.iterfind("w:tc", NS)]
        assert justified[0] is None  # the table style's own alignment
        assert [j.get(w("val")) for j in justified[1:]] == ["right", "center"]
