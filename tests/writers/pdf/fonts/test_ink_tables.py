"""The ink check's glyphs of the Vietnamese repertoire, kept in the cache
(``pdf/fonts/ink_tables.py``): read back, they are what measuring gives, value and type; a
damaged, stale or foreign entry is never used; an unwritable cache costs only time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from convert.cache import sealed
from convert.fonts import LANGUAGE_REPERTOIRE
from convert.writers.pdf.fonts import ink_tables
from convert.writers.pdf.layout.lines import Ink
from convert.writers.pdf.fonts.outlines import Outlines
from tests.support.pdf import shipped_faces

FACES = {face.name: str(face.path) for face in shipped_faces()}


def _measured(path: str) -> dict[str, object]:
    """Every repertoire character measured afresh, touching no cache."""
    ink = Ink.__new__(Ink)
    ink.path, ink._outlines = path, Outlines(path)
    return {ch: ink._measure(ch) for ch in sorted(LANGUAGE_REPERTOIRE)}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VNCONV_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "pdf-ink"


def _entry(cache: Path) -> Path:
    (entry,) = cache.iterdir()
    return entry


@pytest.mark.parametrize("name", ["Spectral-Regular", "BeVietnamPro-Bold", "NotoSansSymbols-Regular"])
def test_the_table_read_back_is_what_measuring_gives(name: str, cache: Path) -> None:
    measured = _measured(FACES[name])
    assert not cache.exists()
    written = Ink(FACES[name])  # measures and writes the entry
    assert len(list(cache.iterdir())) == 1
    read = Ink(FACES[name])  # reads it back
    for ink in (written, read):
        for ch, value in measured.items():
            glyph = ink.glyph(ch)
            got = None if glyph is None else tuple(glyph)
            assert got == value and [type(x) for x in got or ()] == [type(x) for x in value or ()], ch  # type: ignore[union-attr]
    assert any(v is not None for v in measured.values())


@pytest.mark.parametrize("damage", [lambda b: b[:-7], lambda b: b[:20] + b"\x00" + b[21:], lambda b: b"other" + b[5:]])
def test_a_damaged_entry_is_ignored_and_written_again(damage, cache: Path) -> None:
    path = FACES["Spectral-Regular"]
    Ink(path)
    entry = _entry(cache)
    whole = entry.read_bytes()
    entry.write_bytes(damage(whole))
    ink = Ink(path)
    assert {ch: (g := ink.glyph(ch)) and tuple(g) for ch in sorted(LANGUAGE_REPERTOIRE)} == _measured(path)
    assert entry.read_bytes() == whole


def test_an_entry_that_checks_out_but_holds_other_characters_is_ignored(cache: Path) -> None:
    import marshal

    path = FACES["Spectral-Regular"]
    Ink(path)
    _entry(cache).write_bytes(sealed(ink_tables._MAGIC, marshal.dumps((1000, 1000, "a", b"\x01", bytes(40)))))
    glyph = Ink(path).glyph("a")
    assert glyph is not None and tuple(glyph) == _measured(path)["a"] and glyph.top < 1


def test_a_changed_file_is_measured_again(cache: Path, tmp_path: Path) -> None:
    copy = tmp_path / "Face.ttf"
    shutil.copy(FACES["Spectral-Regular"], copy)
    spectral = Ink(str(copy)).glyph("W")
    shutil.copy(FACES["BeVietnamPro-Bold"], copy)  # another size, another mtime
    assert Ink(str(copy)).glyph("W") != spectral
    assert len(list(cache.iterdir())) == 2


def test_an_unwritable_cache_costs_only_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("VNCONV_CACHE_DIR", str(blocked))
    path = FACES["Spectral-Regular"]
    ink = Ink(path)
    assert {ch: (g := ink.glyph(ch)) and tuple(g) for ch in sorted(LANGUAGE_REPERTOIRE)} == _measured(path)


def test_a_face_whose_text_keeps_to_the_repertoire_is_never_opened(cache: Path) -> None:
    path = FACES["Spectral-Regular"]
    first = Ink(path)
    assert first._outlines is not None  # it measured the table
    ink = Ink(path)
    assert (ink.units, ink.reach) == (first.units, first.reach) == (first.outlines.units, first.outlines.height / first.outlines.units)
    assert ink.extent("Đặng Thị Ngọc Hân – “Hà Nội”") == first.extent("Đặng Thị Ngọc Hân – “Hà Nội”")
    assert ink._outlines is None
    assert ink.glyph("Ω") == first.glyph("Ω") and ink._outlines is not None  # beyond it: opened
