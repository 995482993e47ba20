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
    assert len(fonts.family("PT Serif").missing_vietnamese()) == 98


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


def test_runs_refuse_characters_no_face_has() -> None:
    spectral = fonts.family("Spectral").regular
    with pytest.raises(MissingGlyphs, match="U\\+1F600"):
        list(fonts.runs("cười 😀", spectral, [fonts.family("Noto Serif").regular]))


@pytest.mark.parametrize(
    ("ch", "drawn"),
    [(" ", True), ("a", True), ("\u0301", True), ("\ue000", True), ("\U000F0000", True), ("\u0378", True),
     ("\u200d", False), ("\u00ad", False), ("\u202e", False), ("\u00a0", False), ("\x07", False)],
)
def test_private_use_and_unassigned_code_points_need_a_glyph(ch: str, drawn: bool) -> None:
    """A private-use character is a glyph in some font (a logo, a Windows symbol): a face
    that lacks it would leave a hole, so it is refused or warned about like an emoji."""
    assert fonts.needs_glyph(ch) is drawn


def test_runs_refuse_private_use_characters() -> None:
    with pytest.raises(MissingGlyphs, match="U\\+E000"):
        list(fonts.runs("logo \ue000", fonts.family("Spectral").regular, [fonts.family("Noto Serif").regular]))


def test_uncovered_lists_what_no_face_of_the_chain_has() -> None:
    chain = [fonts.family("Spectral").regular, fonts.family("Noto Serif").regular]
    assert fonts.uncovered("Việt Ω 😀 中\u200d\ue000", chain) == {"😀", "中", "\ue000"}
    assert fonts.describe("中😀") == "'中' (U+4E2D) '😀' (U+1F600)"
    assert fonts.describe("abc", limit=2) == "'a' (U+0061) 'b' (U+0062) and 1 more"


def test_variable_family_gets_a_cached_static_instance(tmp_path, monkeypatch) -> None:
    from fontTools.ttLib import TTFont

    monkeypatch.setenv("VNCONV_CACHE_DIR", str(tmp_path))
    fonts._static_instance.cache_clear()
    bold = fonts.family("Noto Sans").bold
    path = bold.path
    assert path.is_relative_to(tmp_path)
    with TTFont(path) as font:
        assert "fvar" not in font
        assert font["OS/2"].usWeightClass == 700
    assert bold.path == path  # second call: cached
    fonts._static_instance.cache_clear()


def test_subset_keeps_exactly_the_glyphs_needed() -> None:
    from fontTools.ttLib import TTFont

    face = fonts.family("Spectral").italic
    data = fonts.subset(face, "Việt Nam")
    assert data == fonts.subset(face, "Việt Nam")  # deterministic
    with TTFont(io.BytesIO(data)) as font:
        assert set(font.getBestCmap()) == {ord(c) for c in "Việt Nam"}


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

    monkeypatch.setenv("VNCONV_CACHE_DIR", str(tmp_path))
    fonts._registry_files("Spectral")
    (cached,) = (tmp_path / "registry").iterdir()
    data = json.loads(cached.read_text())
    data["Spectral"]["files"][0][0] = str(tmp_path / "gone.ttf")
    cached.write_text(json.dumps(data))
    name, files = fonts._registry_files("Spectral")
    assert Path(files[(False, False)][0]).name == "Spectral-Regular.ttf"


def test_subset_cache_keeps_the_most_recently_used(tmp_path: Path) -> None:
    import os

    for number in range(5):
        entry = tmp_path / f"Face-{number}.ttf"
        entry.write_bytes(b"x")
        os.utime(entry, ns=(number * 10**9, number * 10**9))
    (tmp_path / "notes.txt").write_text("not a subset")
    fonts._prune(tmp_path, keep=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Face-3.ttf", "Face-4.ttf", "notes.txt"]


def test_subsets_come_from_the_disk_cache(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("VNCONV_CACHE_DIR", str(tmp_path))
    face, chars = fonts.family("Spectral").regular, frozenset("Tiếng Việt")
    made = fonts._cached_subset.__wrapped__(face, chars)
    (cached,) = (tmp_path / "subsets").glob("Spectral-Regular-*.ttf")
    assert cached.read_bytes() == made
    cached.write_bytes(b"from the cache")
    assert fonts._cached_subset.__wrapped__(face, chars) == b"from the cache"
    assert fonts._cached_subset.__wrapped__(face, chars | {"x"}) != b"from the cache"


def test_language_scope_covers_the_alphabet_and_is_one_subset_for_many_texts() -> None:
    from fontTools.ttLib import TTFont

    face = fonts.family("Spectral").bold
    first = fonts.subset(face, "Tỉnh ủy Lạng Sơn", scope="language")
    assert first == fonts.subset(face, "Hội nghị sơ kết", scope="language")
    with TTFont(io.BytesIO(first)) as font:
        cmap = font.getBestCmap()
    assert {ord(c) for c in fonts.VIETNAMESE_LETTERS} <= set(cmap)
    assert fonts.subset(face, "Tỉnh ủy", scope="used") != first


def test_subsets_inside_the_base_blocks_and_beyond_them_both_cover_their_characters() -> None:
    from fontTools.ttLib import TTFont

    face = fonts.family("Noto Serif").regular  # has Greek, outside the base blocks
    for text in ("Tiếng Việt", "Tiếng Việt Ω"):
        with TTFont(io.BytesIO(fonts.subset(face, text))) as font:
            assert set(font.getBestCmap()) == {ord(c) for c in text}
