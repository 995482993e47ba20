"""Fonts from font packages: coverage, fallback runs, static instances, subsets."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from convert import fonts
from convert.fonts import VIETNAMESE_LETTERS, FontError, MissingGlyphs


def test_vietnamese_alphabet_has_146_letters() -> None:
    assert len(VIETNAMESE_LETTERS) == 146 == len(set(VIETNAMESE_LETTERS))
    assert {"ặ", "Ữ", "đ", "Đ", "ỹ"} <= set(VIETNAMESE_LETTERS)


@pytest.mark.parametrize("name", ["Spectral", "Be Vietnam Pro", "Noto Serif", "Noto Sans"])
def test_default_families_cover_vietnamese_in_all_four_faces(name: str) -> None:
    family = fonts.family(name)
    assert family.missing_vietnamese() == ""
    assert len({f.source for f in family.faces}) == 2 if family.regular.variable else 4


def test_pt_serif_lacks_98_vietnamese_letters() -> None:
    family = fonts.family("PT Serif")
    lacking = family.missing_vietnamese()
    assert len(lacking) == 98
    # the same characters, in the same order, as asking each face of each one (``Face.missing``)
    each = set().union(*(face.missing(fonts.VIETNAMESE_REPERTOIRE) for face in family.faces))
    assert lacking == "".join(c for c in fonts._REPERTOIRE_ORDER if c in each)


def test_every_character_of_the_repertoire_needs_a_glyph() -> None:
    """What ``Family.missing_vietnamese`` takes for granted: a face lacks the repertoire's
    characters that its map lacks (none is a space or a mark that needs no glyph)."""
    assert all(fonts.needs_glyph(c) for c in fonts.VIETNAMESE_REPERTOIRE)


def test_unknown_family() -> None:
    with pytest.raises(FontError, match="'Comic Neue' is not installed"):
        fonts.family("Comic Neue")


def test_family_from_a_path_to_its_regular_file() -> None:
    regular = fonts.family("Spectral").regular.source
    family = fonts.family(str(regular))
    assert family.bold.source.name == "Spectral-Bold.ttf"
    assert family.bold_italic.source.name == "Spectral-BoldItalic.ttf"


def test_runs_use_the_fallback_only_where_needed() -> None:
    spectral = fonts.family("Spectral").regular
    noto = fonts.family("Noto Serif").regular
    missing = next(c for c in "\u2248\u2211\u0394\u03a9\u20bf" if not spectral.covers(c) and noto.covers(c))
    runs = list(fonts.runs(f"Tiếng Việt {missing} xong", spectral, [noto]))
    assert [(text, face.family) for text, face in runs] == [
        ("Tiếng Việt ", "Spectral"), (missing, "Noto Serif"), (" xong", "Spectral")
    ]


def _runs_char_by_char(text: str, face: fonts.Face, fallbacks: list[fonts.Face]) -> list[tuple[str, fonts.Face]]:
    """What ``runs`` gives, found the plain way: each character's face in turn."""
    out: list[tuple[str, fonts.Face]] = []
    for ch in text:
        chosen = fonts.setting_face(ch, face, fallbacks) if fonts.needs_glyph(ch) else (out[-1][1] if out else face)
        if out and out[-1][1] is chosen:
            out[-1] = (out[-1][0] + ch, chosen)
        else:
            out.append((ch, chosen))
    return out


@pytest.mark.parametrize(
    "text",
    ["", "Tiếng Việt", "\u200dΩ đầu", "Ω\u200d\ufe0fΩ", "cuối Ω", "α β γ – “Ω” (₿) ★ ✓ \u00ad\u200b xong", "★\u200dΩ\u200dchữ\u200d"],
)
def test_runs_are_the_faces_picked_character_by_character(text: str) -> None:
    spectral = fonts.family("Spectral").regular
    fallbacks = [fonts.family("Noto Serif").regular, fonts.family("Inter").regular]
    assert list(fonts.runs(text, spectral, fallbacks)) == _runs_char_by_char(text, spectral, fallbacks)
    assert "".join(run for run, _ in fonts.runs(text, spectral, fallbacks)) == text


def test_runs_refuse_characters_no_face_has() -> None:
    spectral = fonts.family("Spectral").regular
    with pytest.raises(MissingGlyphs, match="U\\+1F600"):
        list(fonts.runs("cười 😀", spectral, [fonts.family("Noto Serif").regular]))


@pytest.mark.parametrize(
    ("ch", "drawn"),
    [(" ", True), ("a", True), ("\u0301", True), ("\ue000", True), ("\U000F0000", True), ("\u0378", True),
     ("\u200d", False), ("\u00ad", False), ("\u202e", False), ("\u00a0", False), ("\x07", False),
     # default-ignorable (DerivedCoreProperties.txt), though not format characters:
     ("\ufe0f", False), ("\ufe00", False), ("\u034f", False), ("\u3164", False), ("\U000e0100", False),
     ("\u20e3", True)],
)
def test_private_use_and_unassigned_code_points_need_a_glyph(ch: str, drawn: bool) -> None:
    """A private-use character is a glyph in some font (a logo, a Windows symbol): a face
    that lacks it would leave a hole, so it is refused or warned about like an emoji."""
    assert fonts.needs_glyph(ch) is drawn


def test_runs_refuse_private_use_characters() -> None:
    with pytest.raises(MissingGlyphs, match="U\\+E000"):
        list(fonts.runs("logo \ue000", fonts.family("Spectral").regular, [fonts.family("Noto Serif").regular]))


def test_uncovered_lists_what_no_face_of_the_chain_has() -> None:
    spectral, noto = fonts.family("Spectral").regular, fonts.family("Noto Serif").regular
    assert fonts.uncovered("Việt Ω 😀 中\u200d\ue000", [spectral], [noto]) == {"😀", "中", "\ue000"}
    assert fonts.describe("中😀") == "'中' (U+4E2D) '😀' (U+1F600)"
    assert fonts.describe("abc", limit=2) == "'a' (U+0061) 'b' (U+0062) and 1 more"
    assert fonts.describe("\ue000") == "'\\ue000' (U+E000, private use)"


INTER_PRIVATE = "\ue000"  # Inter draws an icon of its own there
EMOJI_PRIVATE = "\U000fe4e5"  # Noto Emoji's, in Supplementary Private Use Area-A


def test_a_private_use_character_is_set_only_in_the_roles_own_face() -> None:
    """Its meaning is private to the font that defines it: a fallback's glyph for it
    is another font's icon, so there it counts as missing; the role's own face (a
    house font with its logos) may set it."""
    spectral, noto = fonts.family("Spectral").regular, fonts.family("Noto Serif").regular
    inter, emoji = fonts.family("Inter").regular, fonts.family("manimgx_fonts:NotoEmoji[wght].ttf").regular
    assert inter.covers(INTER_PRIVATE) and emoji.covers(EMOJI_PRIVATE)
    assert fonts.private_use(INTER_PRIVATE) and fonts.private_use(EMOJI_PRIVATE) and not fonts.private_use("★")
    text = f"Logo {INTER_PRIVATE} {EMOJI_PRIVATE} ★ 😀"
    assert fonts.uncovered(text, [spectral], [noto, emoji, inter]) == {INTER_PRIVATE, EMOJI_PRIVATE}
    with pytest.raises(MissingGlyphs, match="U\\+E000"):
        list(fonts.runs(text, spectral, [noto, emoji, inter]))
    assert list(fonts.runs(f"Logo {INTER_PRIVATE}", inter, [noto])) == [(f"Logo {INTER_PRIVATE}", inter)]
    assert fonts.uncovered(text, [spectral, inter], [emoji]) == {EMOJI_PRIVATE}  # any of several own faces may
    assert fonts.setting_face(INTER_PRIVATE, spectral, [inter]) is None
    assert fonts.setting_face(INTER_PRIVATE, inter, [spectral]) is inter
    assert fonts.setting_face("★", spectral, [noto, inter]) is inter


#: Tables that make a font variable (OpenType 1.9, "Font variations overview").
VARIATION_TABLES = ("fvar", "gvar", "avar", "cvar", "HVAR", "VVAR", "MVAR")


def test_variable_family_gets_a_cached_static_instance(tmp_path, monkeypatch) -> None:
    from fontTools.ttLib import TTFont

    monkeypatch.setenv("VNCONV_CACHE_DIR", str(tmp_path))
    fonts._static_instance.cache_clear()
    bold = fonts.family("Noto Sans").bold
    path = bold.path
    assert path.is_relative_to(tmp_path)
    with TTFont(path) as font:
        assert not [tag for tag in VARIATION_TABLES if tag in font]
        assert font["OS/2"].usWeightClass == 700
    assert bold.path == path  # second call: cached
    fonts._static_instance.cache_clear()


@pytest.mark.parametrize(("bold", "italic"), [(False, False), (True, True)])
def test_instance_is_static_sets_every_vietnamese_letter_and_keeps_the_variable_fonts_metrics(
    tmp_path, monkeypatch, bold: bool, italic: bool
) -> None:
    """What ReportLab and Word need: no variation tables, every letter mapped to a glyph
    that is drawn, and the advances the variable font has at that weight (fontTools
    interpolates them from gvar independently of HarfBuzz's instancer; rounding may
    differ by a unit)."""
    from fontTools.ttLib import TTFont

    monkeypatch.setenv("VNCONV_CACHE_DIR", str(tmp_path))
    fonts._static_instance.cache_clear()
    face = fonts.family("Noto Serif").face(bold, italic)
    letters = fonts.VIETNAMESE_LETTERS + "AaĐđ"
    with TTFont(face.path) as static, TTFont(face.source) as variable:
        assert not [tag for tag in VARIATION_TABLES if tag in static]
        cmap, source_cmap = static.getBestCmap(), variable.getBestCmap()
        assert {ord(c) for c in letters} <= set(cmap)
        glyphs = static.getGlyphSet()
        interpolated = variable.getGlyphSet(location={"wght": face.weight, "wdth": 100})
        for ch in letters:
            assert static["glyf"][cmap[ord(ch)]].numberOfContours != 0, ch  # an outline or components
            assert abs(glyphs[cmap[ord(ch)]].width - interpolated[source_cmap[ord(ch)]].width) <= 1, ch
    fonts._static_instance.cache_clear()


@pytest.mark.parametrize(("bold", "italic", "subfamily"), [(True, False, "Bold"), (False, True, "Italic"), (True, True, "Bold Italic")])
def test_instance_is_named_after_its_face(tmp_path, monkeypatch, bold: bool, italic: bool, subfamily: str) -> None:
    """Word and LibreOffice pick an embedded face by its names and style bits; HarfBuzz
    alone would leave the default instance's "Regular" on the bold one."""
    from fontTools.ttLib import TTFont

    monkeypatch.setenv("VNCONV_CACHE_DIR", str(tmp_path))
    fonts._static_instance.cache_clear()
    face = fonts.family("Noto Sans").face(bold, italic)
    with TTFont(face.path) as font:
        names = font["name"]
        assert names.getDebugName(1) == "Noto Sans"
        assert names.getDebugName(2) == subfamily
        assert names.getDebugName(4) == f"Noto Sans {subfamily}"
        assert names.getDebugName(6) == face.name == f"NotoSans-{subfamily.replace(' ', '')}"
        assert names.getDebugName(16) is None and names.getDebugName(17) is None
        assert font["OS/2"].usWeightClass == face.weight
        assert bool(font["OS/2"].fsSelection & 1 << 5) is bold and bool(font["OS/2"].fsSelection & 1) is italic
        assert font["head"].macStyle == bold | italic << 1
    fonts._static_instance.cache_clear()


def test_instances_are_the_same_bytes_every_time(tmp_path, monkeypatch) -> None:
    """ReportLab embeds the instance in PDFs that must be byte-reproducible."""
    made = []
    for run in ("first", "second"):
        monkeypatch.setenv("VNCONV_CACHE_DIR", str(tmp_path / run))
        fonts._static_instance.cache_clear()
        made.append(fonts.family("Noto Serif").bold_italic.path.read_bytes())
    assert made[0] == made[1]
    fonts._static_instance.cache_clear()


def test_subset_keeps_exactly_the_glyphs_needed() -> None:
    from fontTools.ttLib import TTFont

    face = fonts.family("Spectral").italic
    data = fonts.subset(face, "Việt Nam")
    assert data == fonts.subset(face, "Việt Nam")  # deterministic
    with TTFont(io.BytesIO(data)) as font:
        assert set(font.getBestCmap()) == {ord(c) for c in "Việt Nam"}


#: Features running text needs (kerning, marks on marks, ligatures, local forms) and
#: some a reader is never asked for (small caps, stylistic sets, old-style figures).
RUNNING_TEXT_FEATURES = {"kern", "mark", "mkmk", "liga", "locl", "ccmp"}
DISPLAY_FEATURES = {"smcp", "c2sc", "ss01", "ss02", "onum", "ornm", "aalt"}


def _features(font) -> set[str]:
    return {r.FeatureTag for tag in ("GSUB", "GPOS") if tag in font for r in font[tag].table.FeatureList.FeatureRecord}


@pytest.mark.parametrize(
    ("family", "text"),
    # x + ring + acute has no precomposed form: mark and mkmk place its marks.
    [("Spectral", "Ngày 17/08, “Tiếng Việt” — ﬁ fi ffi ỗ Ặ ữ đ Đ x\u030a\u0301"), ("Noto Serif", "Tiếng Việt Ω αβγ ₿ office x\u030a\u0301")],
)
def test_subset_holds_the_characters_a_notdef_and_only_what_the_features_reach(family: str, text: str) -> None:
    """The cmap is exactly the requested characters the face has; glyph 0 is a drawn
    .notdef; the running-text features survive (HarfBuzz drops a feature only when
    it can no longer apply to any glyph kept); and the glyphs are as many as
    fontTools' subsetter, an independent implementation of the same closure, keeps
    for these characters and the running-text features: none missing, none extra."""
    from fontTools import subset as ftsubset
    from fontTools.ttLib import TTFont

    face = fonts.family(family).regular
    with TTFont(io.BytesIO(fonts.subset(face, text))) as font:
        cmap = font.getBestCmap()
        assert set(cmap) == {ord(c) for c in text if face.covers(c)}
        assert font.getGlyphOrder()[0] == ".notdef" and font["glyf"][".notdef"].numberOfContours > 0
        kept, glyph_count = _features(font), len(font.getGlyphOrder())
    assert glyph_count > len(set(cmap.values())) + 1  # ligatures, mark variants: reached by features
    with TTFont(face.path) as source:
        assert kept >= RUNNING_TEXT_FEATURES & _features(source)
        assert not kept & DISPLAY_FEATURES
        reference = ftsubset.Subsetter(ftsubset.Options(notdef_outline=True))  # its default: running-text features
        reference.populate(unicodes={ord(c) for c in text})
        reference.subset(source)
        assert len(source.getGlyphOrder()) == glyph_count


def test_subset_keeps_the_names_word_and_libreoffice_match_by() -> None:
    from fontTools.ttLib import TTFont

    for face in (fonts.family("Be Vietnam Pro").bold_italic, fonts.family("Noto Serif").bold):
        with TTFont(face.path) as source, TTFont(io.BytesIO(fonts.subset(face, "Hà Nội"))) as font:
            for name_id in (1, 2, 4, 6, 16, 17):
                assert font["name"].getDebugName(name_id) == source["name"].getDebugName(name_id)
            assert font["name"].getDebugName(1)


def test_a_file_that_is_not_a_font_is_refused(tmp_path: Path) -> None:
    for name in ("Fake-Regular", "Fake-Bold", "Fake-Italic", "Fake-BoldItalic"):
        (tmp_path / f"{name}.ttf").write_bytes(b"not a font at all")
    with pytest.raises(FontError, match="cannot read font file .*Fake-Regular.ttf: not a TrueType or OpenType font"):
        fonts.family(str(tmp_path))


def test_registry_answers_are_cached_until_packages_change(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("VNCONV_CACHE_DIR", str(tmp_path))
    asked: list[str] = []
    real = fonts._ask_fontpkg

    def counting(name: str):
        asked.append(name)
        return real(name)

    monkeypatch.setattr(fonts, "_ask_fontpkg", counting)
    first = fonts._registry_files("Spectral")
    assert fonts._registry_files("Spectral") == first
    assert asked == ["Spectral"]
    monkeypatch.setattr(fonts, "_installation_fingerprint", lambda: "after-pip-install")
    assert fonts._registry_files("Spectral") == first
    assert asked == ["Spectral", "Spectral"]


def test_registry_cache_entry_pointing_at_a_removed_file_is_asked_again(tmp_path, monkeypatch) -> None:
    import json

    from convert.cache import sealed, unsealed

    monkeypatch.setenv("VNCONV_CACHE_DIR", str(tmp_path))
    fonts._registry_files("Spectral")
    (cached,) = (tmp_path / "registry").iterdir()
    data = json.loads(unsealed(fonts._REGISTRY_MAGIC, cached.read_bytes()))
    data["Spectral"]["files"][0][0] = str(tmp_path / "gone.ttf")
    cached.write_bytes(sealed(fonts._REGISTRY_MAGIC, json.dumps(data).encode()))
    name, files = fonts._registry_files("Spectral")
    assert Path(files[(False, False)][0]).name == "Spectral-Regular.ttf"


def test_registry_cache_holds_the_character_maps(tmp_path, monkeypatch) -> None:
    """A family read from the cache covers what its files map (read afresh with HarfBuzz)."""
    monkeypatch.setenv("VNCONV_CACHE_DIR", str(tmp_path))
    fonts._registry_files("Noto Sans")
    monkeypatch.setattr(fonts, "_ask_fontpkg", lambda name: pytest.fail("asked the registry again"))
    family = fonts._family_from_registry("Noto Sans")
    for face in family.faces:
        assert face.codepoints == fonts._codepoints.__wrapped__(face.source)
        assert face.covers("Ω")


def test_a_face_from_the_registry_builds_its_character_set_when_first_asked(tmp_path, monkeypatch) -> None:
    """Loading a style names ~28 faces; only those a document sets text in need their sets."""
    monkeypatch.setenv("VNCONV_CACHE_DIR", str(tmp_path))
    fonts._registry_files("Noto Sans")
    family = fonts._family_from_registry("Noto Sans")
    assert not any("codepoints" in vars(face) for face in family.faces)
    assert family.bold.covers("Ω")
    assert ["codepoints" in vars(face) for face in family.faces] == [False, True, False, False]


def test_language_scope_covers_the_alphabet_and_is_one_subset_for_many_texts() -> None:
    from fontTools.ttLib import TTFont

    face = fonts.family("Spectral").bold
    first = fonts.subset(face, "Tỉnh ủy Lạng Sơn", scope="language")
    assert first == fonts.subset(face, "Hội nghị sơ kết", scope="language")
    with TTFont(io.BytesIO(first)) as font:
        cmap = font.getBestCmap()
    assert {ord(c) for c in fonts.VIETNAMESE_LETTERS} <= set(cmap)
    assert fonts.subset(face, "Tỉnh ủy", scope="used") != first


def test_the_language_subset_is_cut_once_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("VNCONV_CACHE_DIR", str(tmp_path))
    fonts._language_subset.cache_clear()
    face = fonts.family("Spectral").regular
    cut = fonts._cut(face, set(fonts._LANGUAGE_CODEPOINTS))
    assert fonts.subset(face, "Tỉnh ủy Lạng Sơn", scope="language") == cut
    [entry] = (tmp_path / "subsets").iterdir()
    fonts._language_subset.cache_clear()
    assert fonts.subset(face, "Hội nghị", scope="language") == cut  # read back
    entry.write_bytes(entry.read_bytes()[:-3])
    fonts._language_subset.cache_clear()
    assert fonts.subset(face, "Hội nghị", scope="language") == cut
    assert "is damaged or truncated" in capsys.readouterr().err
    # A character beyond the repertoire is cut into a subset of its own, never the kept one.
    assert fonts.subset(face, "Hội nghị España", scope="language") == fonts._cut(face, {*fonts._LANGUAGE_CODEPOINTS, ord("ñ")}) != cut
    fonts._language_subset.cache_clear()


def test_subsets_of_vietnamese_and_of_other_scripts_cover_their_characters() -> None:
    from fontTools.ttLib import TTFont

    face = fonts.family("Noto Serif").regular  # has Greek
    for text in ("Tiếng Việt", "Tiếng Việt Ω"):
        with TTFont(io.BytesIO(fonts.subset(face, text))) as font:
            assert set(font.getBestCmap()) == {ord(c) for c in text}


def test_registry_cache_survives_writing_files_into_the_working_directory(tmp_path, monkeypatch) -> None:
    """``python -m convert`` puts the working directory on sys.path; outputs written
    there must not look like an install."""
    import os
    import sys

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", ["", *sys.path[1:]])
    before = fonts._installation_fingerprint()
    (tmp_path / "bai.pdf").write_bytes(b"%PDF")
    os.utime(tmp_path, ns=(1, 1))
    assert fonts._installation_fingerprint() == before


def test_registry_cache_survives_files_made_at_the_top_of_the_source_checkout(tmp_path, monkeypatch) -> None:
    """An editable install puts vnconv's source tree on sys.path; the test run itself
    makes ``.hypothesis/`` and ``.pytest_cache/`` there, which must not look like an
    install (the font registry rebuilt under a test that counts the modules a command
    imports). A folder of packages on sys.path still counts."""
    import os
    import sys

    from convert import cache

    assert cache._source_checkout() == str(Path(cache.__file__).resolve().parent.parent)
    checkout, packages = tmp_path / "checkout", tmp_path / "packages"
    checkout.mkdir()
    packages.mkdir()
    monkeypatch.setattr(cache, "_SOURCE_CHECKOUT", str(checkout))
    monkeypatch.setattr(sys, "path", ["", str(checkout), str(packages), *sys.path[1:]])
    before = fonts._installation_fingerprint()
    (checkout / ".hypothesis").mkdir()
    os.utime(checkout, ns=(1, 1))
    assert fonts._installation_fingerprint() == before
    (packages / "new_font_package").mkdir()
    os.utime(packages, ns=(2, 2))
    assert fonts._installation_fingerprint() != before


def test_the_seed_book_is_no_larger_than_with_fonttools_subsets() -> None:
    """HarfBuzz's subsets must stay as small as fontTools' were: the seed's EPUB, five
    faces cut to its characters, was 33,927 bytes; 10 % of slack absorbs library
    updates, while keeping a feature or table running text does not need (65 kB) fails."""
    from convert import styles
    from convert.io import load_article
    from convert.options import Options
    from convert.writers import render

    from tests.conftest import SEED

    book = render("epub", load_article(str(SEED)), styles.load(), Options())
    assert len(book) <= 33_927 * 1.10


@pytest.mark.parametrize(("family", "bold"), [("Spectral", False), ("Be Vietnam Pro", True), ("Noto Serif", True)])
def test_classification_reads_the_os2_fields_fonttools_reads(family: str, bold: bool) -> None:
    from fontTools.ttLib import TTFont

    path = fonts.family(family).face(bold, False).path
    got = fonts.classification(path)
    with TTFont(path) as font:
        os2 = font["OS/2"]
        assert got is not None
        assert list(got.panose) == [getattr(os2.panose, f) for f in (
            "bFamilyType", "bSerifStyle", "bWeight", "bProportion", "bContrast", "bStrokeVariation",
            "bArmStyle", "bLetterForm", "bMidline", "bXHeight")]  # fmt: skip
        assert got.unicode_ranges == tuple(getattr(os2, f"ulUnicodeRange{i}") for i in range(1, 5))
        assert got.code_page_ranges == (os2.ulCodePageRange1, os2.ulCodePageRange2)
    assert any(got.unicode_ranges) and any(got.code_page_ranges)
    assert any(got.panose) is (family == "Noto Serif")  # Spectral and Be Vietnam Pro leave PANOSE unset


def test_a_font_file_of_a_python_package_is_a_one_face_family() -> None:
    """Symbol and emoji faces come in one upright file; a weight axis gives a real bold."""
    emoji = fonts.family("manimgx_fonts:NotoEmoji[wght].ttf")
    assert emoji.name == "Noto Emoji" and emoji.regular.covers("👍") and not emoji.regular.covers("ệ")
    assert emoji.italic is emoji.regular and emoji.bold_italic is emoji.bold and emoji.bold is not emoji.regular
    assert emoji.bold.path != emoji.regular.path and emoji.bold.path.is_file()  # a static instance at 700


def test_a_missing_package_or_file_is_named() -> None:
    with pytest.raises(FontError, match="no installed Python package 'khong_co'"):
        fonts.family("khong_co:X.ttf")
    with pytest.raises(FontError, match="has no KhongCo.ttf"):
        fonts.family("manimgx_fonts:KhongCo.ttf")


def test_a_process_that_finds_a_static_instance_imports_no_harfbuzz_nor_hashlib(tmp_path: Path) -> None:
    """The instance's name no longer asks uharfbuzz its version, nor hashlib a digest:
    an EPUB that sets one character in a fallback face (Noto's instances) loaded both."""
    import subprocess
    import sys

    code = (
        "import sys; from convert import fonts; fonts.family('Noto Serif').regular.path; "
        "print([m for m in ('uharfbuzz', 'hashlib') if m in sys.modules])"
    )
    env = {"VNCONV_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout.strip() for _ in range(2)]
    assert runs[1] == "[]" and "uharfbuzz" in runs[0]


@pytest.mark.parametrize("cut", [8, 100, 30_000])
def test_a_font_file_cut_short_is_refused_naming_it(tmp_path: Path, cut: int) -> None:
    # Every writer met it its own way (the PDF with an internal error): refused with the style now.
    source = fonts.family("Spectral")
    for face, name in zip(source.faces, ("Cut-Regular", "Cut-Bold", "Cut-Italic", "Cut-BoldItalic"), strict=True):
        (tmp_path / f"{name}.ttf").write_bytes(face.path.read_bytes())
    whole = (tmp_path / "Cut-Italic.ttf").read_bytes()
    (tmp_path / "Cut-Italic.ttf").write_bytes(whole[:cut])
    with pytest.raises(FontError, match=r"cannot read font file .*Cut-Italic\.ttf: truncated \("):
        fonts.family(str(tmp_path))
    (tmp_path / "Cut-Italic.ttf").write_bytes(whole)
    assert fonts.family(str(tmp_path)).italic.path == tmp_path / "Cut-Italic.ttf"
