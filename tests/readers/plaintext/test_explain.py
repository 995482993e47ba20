"""``vnconv parse --explain``: each part, the lines it came from and the rule that decided it."""

from __future__ import annotations

from pathlib import Path

from convert.readers.plaintext import explain_text
from tests.conftest import ROOT


def test_each_part_says_which_rule_decided_it() -> None:
    article, decisions = explain_text(
        "Thứ Hai, 05/10/2020\n\nTiêu đề\n\nTTXVN - Mở đầu.\n\n- Một\n- Hai\n\nNông dân thu hoạch lúa (Ảnh: TTXVN)\n\nQuốc Thắng\n"
    )
    assert [(d.part, d.lines, d.rule) for d in decisions] == [
        ("dateline", "1", "dateline: the first line is a date"),
        ("headline", "3", "headline: the first block after the date line"),
        ("lead", "5", "lead: opens with an agency slug"),
        ("source", "5", "source: opens with an agency slug"),
        ("list", "7-8", "list: lines opening with list markers"),
        ("caption", "10", "caption: ends with a photo credit"),
        ("byline", "12", "byline: names at the end"),
    ]
    assert len(decisions) == len(article.blocks) + 5  # head and end: dateline, headline, lead, source, byline


def test_the_command_prints_lines_rules_and_texts(run) -> None:
    case = ROOT / "tests" / "cases" / "caption_glued.txt"
    result = run(["parse", "--explain", str(case)])
    assert result.exit_code == 0, result.stderr
    lines = result.text.splitlines()
    assert lines[0].split() == ["lines", "rule", "text"]
    assert any("caption: glued to the next paragraph, split at the photo credit" in line for line in lines)
    assert any(line.startswith("15 ") and "attribution: (theo …) after the byline's names" in line for line in lines)


def test_explain_and_outline_exclude_each_other(run, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Tiêu đề\n\nMở đầu.\n", encoding="utf-8")
    assert run(["parse", "--explain", "--outline", str(article)]).exit_code == 2


def test_a_json_model_explains_every_part_as_given(run) -> None:
    result = run(["parse", "--explain", str(ROOT / "tests" / "cases" / "model.json")])
    assert result.exit_code == 0
    assert all(line.startswith("-") and "given in the JSON model" in line for line in result.text.splitlines()[1:])
