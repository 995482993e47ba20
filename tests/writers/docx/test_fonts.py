"""``--embed-fonts``: obfuscated fonts per ECMA-376 Part 1 §17.8.1, whole faces or
(``--embed-fonts=subset``) subsets under names of their own."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from lxml import etree

from convert import fonts, styles
from convert.io import load_article
from convert.model import Article, Caption, Paragraph
from convert.writers.docx import fonts as docx_fonts
from tests.support.docx import NS, R, docx_bytes, part, reopened_paragraphs, w

FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
OBFUSCATED = "application/vnd.openxmlformats-officedocument.obfuscatedFont"


@pytest.fixture(scope="module")
def seed_article() -> Article:
    from tests.conftest import SEED

    return load_article(str(SEED))


@pytest.fixture(scope="module")
def embedded(seed_article: Article) -> bytes:
    return docx_bytes(seed_article, embed_fonts=True)


@pytest.fixture(scope="module")
def subset(seed_article: Article) -> bytes:
    return docx_bytes(seed_article, embed_fonts=True, subset_fonts=True)


def deobfuscate(data: bytes, font_key: str) -> bytes:
    """§17.8.1 read back independently: the key's hex digits, last byte first, XORed
    over the first 32 bytes."""
    digits = [c for c in font_key if c in "0123456789abcdefABCDEF"]
    assert len(digits) == 32, font_key
    key = [int("".join(digits[i : i + 2]), 16) for i in range(30, -1, -2)]
    return bytes(b ^ key[i % 16] for i, b in enumerate(data[:32])) + data[32:]


def embedded_fonts(data: bytes) -> list[tuple[str, str, str, bytes]]:
    """(font name, embed element, key, de-obfuscated bytes) for every embedded face."""
    table = part(data, "word/fontTable.xml")
    rels = part(data, "word/_rels/fontTable.xml.rels")
    targets = {rel.get("Id"): rel for rel in rels}
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for font in table.findall("w:font", NS):
            for embed in font:
                if not embed.tag.startswith(w("embed")):
                    continue
                rel = targets[embed.get(f"{{{R}}}id")]
                assert rel.get("Type") == FONT_REL
                blob = package.read("word/" + rel.get("Target"))
                key = embed.get(w("fontKey"))
                out.append((font.get(w("name")), embed.tag.split("}")[1], key, deobfuscate(blob, key)))
    return out


SEED_FACES = {
    ("Be Vietnam Pro", "embedRegular"),
    ("Be Vietnam Pro", "embedBold"),
    ("Spectral", "embedRegular"),
    ("Spectral", "embedBold"),
    ("Spectral", "embedItalic"),
}


def test_each_part_deobfuscates_into_the_whole_face(embedded: bytes) -> None:
    style = styles.load()
    found = embedded_fonts(embedded)
    assert {(name, element) for name, element, _, _ in found} == SEED_FACES
    families = {style.family(key).name: style.family(key) for key in ("serif", "sans")}
    for name, element, _, data in found:
        bold, italic = next(k for k, v in docx_fonts.EMBED_ELEMENTS.items() if v == element)
        assert data == families[name].face(bold, italic).path.read_bytes()  # the face as installed, editable anywhere


def test_each_subset_deobfuscates_into_a_renamed_font_that_covers_the_article(seed_article: Article, subset: bytes) -> None:
    found = embedded_fonts(subset)
    tags = {name.rpartition(" ")[0]: name.rpartition(" ")[2] for name, _, _, _ in found}
    assert {(name.rpartition(" ")[0], element) for name, element, _, _ in found} == SEED_FACES
    assert all(len(tag) == 6 and tag.isalpha() and tag.isupper() for tag in tags.values())
    needed = {c for c in seed_article.characters if fonts.needs_glyph(c)}
    for name, element, _, data in found:
        assert data[:4] == b"\x00\x01\x00\x00"  # a TrueType font once more
        with TTFont(io.BytesIO(data)) as font:
            assert font["name"].getBestFamilyName() == name  # Word and LibreOffice match the face by this name
            assert font["name"].getDebugName(6) == name.replace(" ", "") + "-" + font["name"].getDebugName(2).replace(" ", "")
            cmap = font.getBestCmap()
            assert not {c for c in needed if ord(c) not in cmap}, (name, element)
            assert len(cmap) < 400, "a subset, not the whole font"
    # The styles ask for the subsets by their names, and for nothing else.
    asked = {v for f in part(subset, "word/styles.xml").iter(w("rFonts")) for v in f.attrib.values()}
    assert asked == {name for name, _, _, _ in found}


def test_subset_names_differ_between_documents_with_other_letters() -> None:
    def names(text: str) -> set[str]:
        return {name for name, _, _, _ in embedded_fonts(docx_bytes(Article(headline="Bài", blocks=(Paragraph(text),)), embed_fonts=True, subset_fonts=True))}

    first, second = names("Một đoạn văn."), names("Ầm ầm, ỗ ỳ ỹ.")
    assert not first & second
    assert names("Một đoạn văn.") == first  # the same document, the same names


def test_parts_are_obfuscated_not_plain(embedded: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(embedded)) as package:
        fonts_in_package = [n for n in package.namelist() if n.startswith("word/fonts/")]
        assert fonts_in_package and all(n.endswith(".odttf") for n in fonts_in_package)
        for name in fonts_in_package:
            assert package.read(name)[:4] != b"\x00\x01\x00\x00"
    types = part(embedded, "[Content_Types].xml")
    declared = {o.get("PartName"): o.get("ContentType") for o in types if o.get("PartName")}
    assert all(declared["/" + n] == OBFUSCATED for n in fonts_in_package)


def test_settings_ask_for_embedded_fonts_and_subsets_only_when_subset(embedded: bytes, subset: bytes) -> None:
    tags = [c.tag for c in part(embedded, "word/settings.xml")]
    assert w("embedTrueTypeFonts") in tags and w("saveSubsetFonts") not in tags  # Word keeps the whole faces too
    assert tags.index(w("embedTrueTypeFonts")) < tags.index(w("compat"))  # CT_Settings order
    tags = [c.tag for c in part(subset, "word/settings.xml")]
    embed, subsets = tags.index(w("embedTrueTypeFonts")), tags.index(w("saveSubsetFonts"))
    assert subsets == embed + 1
    assert embed < tags.index(w("compat"))


def test_keys_are_distinct_and_reproducible(seed_article: Article, embedded: bytes) -> None:
    keys = [key for _, _, key, _ in embedded_fonts(embedded)]
    assert len(set(keys)) == len(keys)
    assert all(len(k) == 38 and k.startswith("{") and k.endswith("}") for k in keys)
    assert docx_bytes(seed_article, embed_fonts=True) == embedded


def test_obfuscation_is_its_own_inverse_and_touches_32_bytes() -> None:
    data = bytes(range(256)) * 4
    key = docx_fonts.font_key(data)
    scrambled = docx_fonts.obfuscate(data, key)
    assert scrambled[32:] == data[32:] and scrambled[:32] != data[:32]
    assert docx_fonts.obfuscate(scrambled, key) == data
    assert deobfuscate(scrambled, key) == data


def test_the_document_is_unchanged_apart_from_the_fonts(seed_article: Article, embedded: bytes, subset: bytes) -> None:
    plain = docx_bytes(seed_article)
    assert etree.tostring(part(embedded, "word/styles.xml")) == etree.tostring(part(plain, "word/styles.xml"))
    for data in (embedded, subset):
        assert reopened_paragraphs(data) == reopened_paragraphs(plain)
        assert part(data, "word/styles.xml").xpath("count(//*)") == part(plain, "word/styles.xml").xpath("count(//*)")


def test_a_credit_brings_its_own_face(seed_article: Article) -> None:
    article = Article(headline="Ảnh", blocks=(Caption("Chú thích", "Ảnh: TTXVN"), Paragraph("Đoạn.")))
    style = styles.load()
    credit = style.text["credit"]
    found = {(name, element) for name, element, _, _ in embedded_fonts(docx_bytes(article, embed_fonts=True))}
    credit_element = docx_fonts.EMBED_ELEMENTS[(credit.bold, credit.italic)]
    assert (style.docx.fonts[credit.font], credit_element) in found


def test_a_style_naming_another_family_is_refused(seed: Path, tmp_path: Path, run) -> None:
    out = tmp_path / "x.docx"
    args = ["docx", str(seed), "-o", str(out), "--set", 'docx.fonts.serif="Times New Roman"']
    refused = run([*args, "--embed-fonts"])
    assert refused.exit_code == 1
    assert "docx.fonts.serif" in refused.stderr and "Times New Roman" in refused.stderr and "Spectral" in refused.stderr
    assert refused.stderr.startswith("vnconv: error: ") and len(refused.stderr.strip().splitlines()) == 1
    assert not out.exists()
    assert run(args).exit_code == 0 and out.exists()  # without embedding, Word is asked for that name


def test_a_character_no_font_has_is_kept_with_one_warning(tmp_path: Path) -> None:
    article = Article(headline="Chữ ☃ lạ", blocks=(Paragraph("Đoạn văn 😀 và ☃."),))
    warnings: list[str] = []
    data = docx_bytes(article, embed_fonts=True, warn=warnings.append)
    assert reopened_paragraphs(data) == [("Headline", "Chữ ☃\u00a0lạ"), ("Body Text", "Đoạn văn 😀 và ☃.")]  # Word picks a font
    assert len(warnings) == 1 and "U+2603" in warnings[0] and "U+1F600" in warnings[0]
    assert {name for name, _, _, _ in embedded_fonts(data)} == {"Be Vietnam Pro", "Spectral"}
    silent: list[str] = []
    assert reopened_paragraphs(docx_bytes(article, warn=silent.append))[0] == ("Headline", "Chữ ☃\u00a0lạ")
    assert silent == []  # nothing is embedded, so nothing is missing from an embedded font


def test_a_private_use_character_counts_only_in_a_text_face() -> None:
    """Only the role faces are embedded, never a fallback (Word picks one font per
    style): a private-use character is covered when a text face defines it (here Inter,
    a house font) and otherwise kept with the one warning, like any other."""
    article = Article(headline="Biểu tượng", blocks=(Paragraph("Logo \ue000 và \U000fe4e5."),))
    warnings: list[str] = []
    data = docx_bytes(article, embed_fonts=True, warn=warnings.append)
    assert reopened_paragraphs(data) == [("Headline", "Biểu tượng"), ("Body Text", "Logo \ue000 và \U000fe4e5.")]
    assert len(warnings) == 1 and "U+E000" in warnings[0] and "U+FE4E5" in warnings[0]
    assert not any(0xE000 in TTFont(io.BytesIO(font)).getBestCmap() for _, _, _, font in embedded_fonts(data))
    warnings.clear()
    house = docx_bytes(article, ('fonts.serif.family="Inter"', 'docx.fonts.serif="Inter"'), embed_fonts=True, warn=warnings.append)
    assert len(warnings) == 1 and "U+E000" not in warnings[0] and "U+FE4E5" in warnings[0]
    inter = [font for name, element, _, font in embedded_fonts(house) if (name, element) == ("Inter", "embedRegular")]
    assert len(inter) == 1 and 0xE000 in TTFont(io.BytesIO(inter[0])).getBestCmap()


def test_embed_fonts_takes_an_optional_value(seed: Path, tmp_path: Path, run) -> None:
    """``--embed-fonts`` alone (last, or before the article) embeds whole faces;
    ``--embed-fonts=subset`` subsets; another value is refused in one line."""
    whole = tmp_path / "whole.docx"
    for args in (["docx", str(seed), "--embed-fonts", "-o", str(whole)], ["docx", "--embed-fonts", str(seed), "-o", str(whole)]):
        result = run(args)
        assert result.exit_code == 0, result.stderr
        assert {name for name, _, _, _ in embedded_fonts(whole.read_bytes())} == {"Spectral", "Be Vietnam Pro"}
    cut = tmp_path / "cut.docx"
    assert run(["docx", str(seed), "--embed-fonts=subset", "-o", str(cut)]).exit_code == 0
    assert {name.rpartition(" ")[0] for name, _, _, _ in embedded_fonts(cut.read_bytes())} == {"Spectral", "Be Vietnam Pro"}
    assert cut.stat().st_size * 4 < whole.stat().st_size
    refused = run(["docx", str(seed), "--embed-fonts=some", "-o", str(tmp_path / "x.docx")])
    assert refused.exit_code == 2 and "'some' is not one of 'full', 'subset'" in refused.stderr
