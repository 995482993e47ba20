"""Symbols and emoji in the PDF: set from the style's symbol faces; default-ignorable
characters never missing; what no face has drawn as a replacement mark and kept in the
text layer, with one warning per article (``--strict-glyphs``: today's refusal)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from convert.fonts import MissingGlyphs
from convert.model import Article, Dateline, Paragraph
from convert.options import Options
from convert.text import default_ignorable
from convert.writers import render
from convert.writers.shared import DRAWN_AS_REPLACEMENT, uncovered_message
from tests.support.pdf import TIMESTAMP, base_name, fonts, page_texts, style

SYMBOLS = "★ ❤ ✓ ™ → 😀 👍 🎉 ☎ ✗ ⭐ 🥰"
IGNORABLE = "❤️ 1️⃣ 👨\u200d👩\u200d👧 a\u2060b ™️"


def _render(article: Article, **options: object) -> tuple[bytes, list[str]]:
    warnings: list[str] = []
    data = render("pdf", article, style(), Options(timestamp=TIMESTAMP, warn=warnings.append, **options))  # type: ignore[arg-type]
    return data, warnings


def _text(data: bytes) -> str:
    return " ".join(page_texts(data))


def _codes(font: dict) -> dict[str, int]:
    """Character -> code in a simple font, from its ToUnicode map."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1").split("endcodespacerange")[1]
    return {bytes.fromhex(t).decode("utf-16-be"): int(c, 16) for c, t in re.findall(r"<([0-9A-F]{2})> <([0-9A-F]+)>", cmap)}


def _width(font: dict, code: int) -> float:
    return float(font["/Widths"][code - int(font["/FirstChar"])])


def test_symbols_and_emoji_are_set_from_the_symbol_faces() -> None:
    data, warnings = _render(Article(headline="Bạn đọc ❤️", blocks=(Paragraph(f"Bình luận: {SYMBOLS}."),)))
    assert warnings == []
    assert f"Bình luận: {SYMBOLS}." in _text(data)
    by_face = {base_name(f): set(_codes(f)) for f in fonts(data)}
    assert {"👍", "😀", "🥰", "❤"} <= by_face["NotoEmoji-Regular"]
    assert {"★", "✗"} <= by_face["Inter-Regular"]
    assert {"™", "→", "✓"} <= by_face["Spectral-Regular"]  # what the text face has stays in it


def test_default_ignorable_characters_are_never_missing_and_draw_nothing() -> None:
    data, warnings = _render(Article(headline="Tim", blocks=(Paragraph(IGNORABLE),)))
    assert warnings == []
    assert IGNORABLE in _text(data)  # kept in the text layer
    seen = set()
    for font in fonts(data):
        for ch, code in _codes(font).items():
            if default_ignorable(ch):
                seen.add(ch)
                assert _width(font, code) == 0, (base_name(font), f"U+{ord(ch):04X}")
    assert seen == {"\ufe0f", "\u200d", "\u2060"}


def test_unicode_lists_variation_selectors_and_joiners_as_default_ignorable() -> None:
    """DerivedCoreProperties.txt, Default_Ignorable_Code_Point: a few from each kind."""
    assert all(default_ignorable(c) for c in "\u00ad\u034f\u200b\u200d\u2060\ufe00\ufe0f\ufeff\U000e0001\U000e0100")
    assert not any(default_ignorable(c) for c in "a \u00a0\u0301\u20e3\u2009★😀\ue000")


def test_what_no_face_has_is_a_visible_replacement_kept_in_the_text() -> None:
    article = Article(headline="Chữ Hán", blocks=(Paragraph("Chữ 中 và 文."), Paragraph("Lại 中 nữa.")))
    data, warnings = _render(article)
    assert warnings == [uncovered_message("中文", DRAWN_AS_REPLACEMENT)]  # one warning for the article
    text = _text(data)
    assert "Chữ 中 và 文." in text and "Lại 中 nữa." in text
    [font] = [f for f in fonts(data) if "中" in _codes(f)]
    program = TTFont(io.BytesIO(font["/FontDescriptor"]["/FontFile2"].get_object().get_data()))
    glyph = program["cmap"].getcmap(1, 0).cmap[_codes(font)["中"]]  # ReportLab's subsets map codes with (1, 0)
    assert program["glyf"][glyph].numberOfContours != 0 and _width(font, _codes(font)["中"]) > 0  # a visible mark


def test_strict_glyphs_refuses_what_no_face_has() -> None:
    with pytest.raises(MissingGlyphs, match=r"'中' \(U\+4E2D\)"):
        _render(Article(headline="Chữ 中", blocks=(Paragraph("ok ❤️"),)), strict_glyphs=True)
    data, warnings = _render(Article(headline="Chữ", blocks=(Paragraph("ok ❤️ 👍"),)), strict_glyphs=True)
    assert warnings == [] and data.startswith(b"%PDF")  # symbols and emoji are not refused


def test_the_page_number_line_follows_the_same_policy() -> None:
    """The footer comes from the style, not the article, but its text is set like any
    other: a character no face has is a replacement mark and the one warning, not a
    stop; with --strict-glyphs the article is refused."""
    footer = style('page.footer="Trang {page} 中"')
    article = Article(headline="Tin", blocks=(Paragraph("Một đoạn."),))
    warnings: list[str] = []
    data = render("pdf", article, footer, Options(timestamp=TIMESTAMP, warn=warnings.append))
    assert warnings == [uncovered_message("中", DRAWN_AS_REPLACEMENT)]
    assert "Trang 1 中" in _text(data)
    with pytest.raises(MissingGlyphs, match=r"'中' \(U\+4E2D\) \(tried Be Vietnam Pro Regular, Noto Sans Regular, .*Inter Regular\)$"):
        render("pdf", article, footer, Options(timestamp=TIMESTAMP, strict_glyphs=True))


def test_strict_glyphs_on_the_command_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source, out = tmp_path / "bai.txt", tmp_path / "bai.pdf"
    source.write_text("Tiêu đề ❤️\n\nTTXVN - Mở đầu 中 và 👍.\n", encoding="utf-8")
    result = run(["pdf", str(source), "-o", str(out)])
    assert result.exit_code == 0 and out.exists()
    assert result.stderr == f"vnconv: warning: {source}: no embedded font has '中' (U+4E2D); {DRAWN_AS_REPLACEMENT}\n"
    out.unlink()
    refused = run(["pdf", "--strict-glyphs", str(source), "-o", str(out)])
    assert refused.exit_code == 1 and not out.exists()
    assert refused.stderr.startswith(f"vnconv: error: {source}: no font has a glyph for '中' (U+4E2D)")


#: What survives Ghostscript: symbols, joiners and selectors, replacements. Not emoji
#: beyond U+FFFF: Ghostscript 10.0's pdfwrite rewrites a ToUnicode target that is a
#: surrogate pair wrongly (<D83DDE00> becomes <d83d3d00>), in LibreOffice's PDFs as in
#: ours; the page still looks the same.
BMP_SYMBOLS = "★ ❤ ✓ ™ → ☎ ✗ ⭐ ❤️ a\u2060b ™️ 中"


@pytest.mark.skipif(not (shutil.which("gs") and shutil.which("pdftotext")), reason="needs Ghostscript and poppler (gs, pdftotext)")
def test_symbols_and_ignorables_survive_ghostscript(tmp_path: Path) -> None:
    data, _ = _render(Article(headline="Tim", blocks=(Paragraph(BMP_SYMBOLS),)))
    source, target = tmp_path / "e.pdf", tmp_path / "e-gs.pdf"
    source.write_bytes(data)
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", f"-sOutputFile={target}", str(source)], check=True)
    texts = ["".join(subprocess.run(["pdftotext", str(p), "-"], capture_output=True, text=True, check=True).stdout.split()) for p in (source, target)]
    assert texts[0] == texts[1] and "".join(BMP_SYMBOLS.split()) in texts[1]


#: Private-use code points the fallback faces draw: Inter's icon at U+E000, Noto Emoji's at U+FE4E5.
PRIVATE = "\ue000\U000fe4e5"


def _drawn_from(data: bytes, ch: str) -> str:
    """The face that draws ``ch``: the one font whose ToUnicode map has it, whose glyph is visible."""
    [font] = [f for f in fonts(data) if ch in _codes(f)]
    program = TTFont(io.BytesIO(font["/FontDescriptor"]["/FontFile2"].get_object().get_data()))
    glyph = program["cmap"].getcmap(1, 0).cmap[_codes(font)[ch]]
    assert program["glyf"][glyph].numberOfContours != 0 and _width(font, _codes(font)[ch]) > 0
    return base_name(font)


def test_a_private_use_character_is_never_drawn_from_a_fallback_face() -> None:
    """Inter and Noto Emoji have glyphs there, but what a private-use code point means
    is private to the font that defined it: a replacement mark, one warning."""
    article = Article(headline="Biểu tượng", blocks=(Paragraph("Logo \ue000 và \U000fe4e5, sao ★."),))
    data, warnings = _render(article)
    assert warnings == [uncovered_message(PRIVATE, DRAWN_AS_REPLACEMENT)]
    assert "Logo \ue000 và \U000fe4e5, sao ★." in _text(data)  # kept in the text layer
    assert _drawn_from(data, "\ue000") == _drawn_from(data, "\U000fe4e5") == "NotoSerif-Regular"  # its U+FFFD
    assert _drawn_from(data, "★") == "Inter-Regular"  # the fallback still sets what is not private
    with pytest.raises(MissingGlyphs, match=r"U\+E000.*U\+FE4E5"):
        _render(article, strict_glyphs=True)


def test_a_house_font_sets_its_own_private_use_characters() -> None:
    """Text in a face that defines a private-use glyph (here Inter as the text face) is
    set with it; in the same document the dateline, whose face lacks it and has Inter
    only as a fallback, gets the replacement mark from that very font file."""
    house = style('fonts.serif.family="Inter"')
    article = Article(headline="Biểu tượng", dateline=Dateline(text="Logo \ue000"), blocks=(Paragraph("Logo \ue000."),))
    warnings: list[str] = []
    data = render("pdf", article, house, Options(timestamp=TIMESTAMP, warn=warnings.append))
    assert warnings == [uncovered_message("\ue000", DRAWN_AS_REPLACEMENT)]  # the dateline's only
    drawn = {base_name(f): _codes(f)["\ue000"] for f in fonts(data) if "\ue000" in _codes(f)}
    assert set(drawn) == {"Inter-Regular", "NotoSans-Regular"}
    assert _text(data).count("\ue000") == 2
    refused = render("pdf", replace(article, dateline=None), house, Options(timestamp=TIMESTAMP, strict_glyphs=True))
    assert _drawn_from(refused, "\ue000") == "Inter-Regular"


def test_a_line_broken_at_a_soft_hyphen_after_an_emoji_shows_a_real_hyphen() -> None:
    """The soft hyphen rides with its neighbour's face, but a broken line shows a hyphen,
    which an emoji face lacks (drawn as glyph 0 before): it is set in the text's face
    then. Found by the writer property test in a narrow table cell."""
    from convert.model import Table

    cells = (("", "Tỉnh Tỉnh Tỉnh Tỉnh Tỉnh", "Tỉnh Tỉnh Tỉnh Tỉnh @🏽\u00adO🏽🏽"), ("Tỉnh Tỉnh Tỉnh Tỉnh Tỉnh <b>x</b>",))
    article = Article(blocks=(Table(cells),))  # the third column narrow enough to break at the soft hyphen
    text = page_texts(render("pdf", article, style(), Options(timestamp=TIMESTAMP)))[0]
    assert "@🏽-\nO🏽🏽" in text and "\x00" not in text
