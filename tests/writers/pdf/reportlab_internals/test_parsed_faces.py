"""ReportLab's reading of a face, kept in the cache: the same face as a fresh parse, attribute
for attribute; a damaged or stale entry is never used; the PDFs are byte for byte the same."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from convert.fonts import Face
from convert.writers.pdf.reportlab_internals import parsed_faces
from convert.writers.pdf.reportlab_internals.parsed_faces import parsed_face
from convert.writers.pdf.fonts.subsets import SubsetFont
from tests.support.pdf import TIMESTAMP, shipped_faces


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down, dictionaries in the same order: a
    width read back as 500 where the parse gave 500.0 would print differently in the PDF."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[key], b[key]) for key in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, bytes) and hasattr(a, "ustr"):  # TTFNameBytes: the bytes and the decoded name
        return a == b and same(a.ustr, b.ustr)
    return bool(a == b)


def check_same_face(got: TTFontFace, fresh: TTFontFace) -> None:
    for key in ("glyphToChar", "hmetrics", "glyphPos", "_ttf_data"):  # kept apart (the file's bytes unread), made when asked for
        getattr(got, key)
    mine, theirs = vars(got), vars(fresh)
    assert sorted(mine) == sorted(theirs)
    for key in theirs:
        if key == "_pdfScale":
            assert all(same(mine[key](x), theirs[key](x)) for x in (0, 1, 250, -731, 2048))
        else:
            assert same(mine[key], theirs[key]), key


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VNCONV_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "pdf-faces"


@pytest.mark.parametrize("face", shipped_faces(), ids=lambda face: face.name)
def test_a_cached_face_is_the_fresh_parse_attribute_for_attribute(face: Face, cache: Path, monkeypatch) -> None:
    path = str(face.path)
    fresh = TTFontFace(path)
    check_same_face(parsed_face(path), fresh)  # parsed, and kept
    assert len(list(cache.iterdir())) == 1
    with monkeypatch.context() as patch:
        patch.setattr(TTFontFace, "extractInfo", lambda *args: pytest.fail("parsed again"))
        check_same_face(parsed_face(path), fresh)  # read back


def test_the_attributes_kept_apart_are_made_when_asked_for_and_read_compact_by_programs(cache: Path) -> None:
    """``glyphToChar``, ``hmetrics`` and ``glyphPos`` of a face read back are not made
    until something asks for them; ``programs`` reads the compact forms (the same
    numbers), so a subset's program leaves them unmade, and is ReportLab's own."""
    path = _spectral()
    fresh = TTFontFace(path)
    parsed_face(path)
    face = parsed_face(path)  # read back
    assert isinstance(face, parsed_faces.ParsedFace)
    assert not {"glyphToChar", "hmetrics", "glyphPos"} & set(vars(face))
    assert list(parsed_faces.glyph_positions(face)) == fresh.glyphPos
    assert [tuple(pair) for pair in zip(*parsed_faces.glyph_metrics(face))] == fresh.hmetrics
    font = SubsetFont("Spectral-Regular", path)
    subset = [0, 32, *sorted(fresh.charToGlyph)[100:180], 0x1EA0, 0x1EC7]
    assert font.face.makeSubset(subset) == TTFontFace.makeSubset(fresh, subset)
    assert not {"glyphToChar", "hmetrics", "glyphPos"} & set(vars(font.face))
    assert same(face.hmetrics, fresh.hmetrics) and same(face.glyphToChar, fresh.glyphToChar)
    assert "_ttf_data" not in vars(font.face)  # the program's tables were read alone
    assert {tag: fresh.get_table(tag) for tag in parsed_faces.PROGRAM_TABLES if tag in fresh.table} == parsed_faces.program_tables(font.face)
    assert face._ttf_data == fresh._ttf_data and parsed_faces.program_tables(face) is None  # asked for: read whole
    with pytest.raises(AttributeError):
        face.no_such_attribute  # noqa: B018 - asked for its AttributeError


def _entry(cache: Path) -> Path:
    (entry,) = cache.iterdir()
    return entry


def _spectral() -> str:
    return str(next(face.path for face in shipped_faces() if face.name == "Spectral-Regular"))


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:-10] + bytes(10),  # bytes overwritten
        lambda data: b"",  # empty
        lambda data: data.replace(b"vnconv pdf face", b"vnconv pdf fase", 1),  # another format
    ],
    ids=["truncated", "overwritten", "empty", "magic"],
)
def test_a_damaged_entry_is_ignored_and_written_again(damage, cache: Path) -> None:
    path = _spectral()
    parsed_face(path)
    entry = _entry(cache)
    whole = entry.read_bytes()
    entry.write_bytes(damage(whole))
    check_same_face(parsed_face(path), TTFontFace(path))
    assert entry.read_bytes() == whole


def test_an_entry_that_checks_out_but_holds_something_else_is_ignored(cache: Path) -> None:
    import marshal
    import zlib

    path = _spectral()
    parsed_face(path)
    payload = marshal.dumps([1, 2, 3])
    _entry(cache).write_bytes(parsed_faces._MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload)
    check_same_face(parsed_face(path), TTFontFace(path))


def test_a_changed_file_is_parsed_again(cache: Path, tmp_path: Path) -> None:
    faces = {face.name: str(face.path) for face in shipped_faces()}
    copy = tmp_path / "Face.ttf"
    shutil.copy(faces["Spectral-Regular"], copy)
    assert parsed_face(str(copy)).name == b"Spectral-Regular"
    shutil.copy(faces["BeVietnamPro-Bold"], copy)  # another size, another mtime
    assert parsed_face(str(copy)).name == b"BeVietnamPro-Bold"
    assert len(list(cache.iterdir())) == 2


def test_an_unwritable_cache_costs_only_time(tmp_path: Path, monkeypatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("VNCONV_CACHE_DIR", str(blocked))
    path = _spectral()
    check_same_face(parsed_face(path), TTFontFace(path))


def test_subset_font_is_the_font_reportlab_makes(cache: Path) -> None:
    path = _spectral()
    for _ in ("parsed", "read back"):
        mine, theirs = vars(SubsetFont("Spectral-Regular", path)), vars(TTFont("Spectral-Regular", path))
        assert set(theirs) <= set(mine)
        for key in theirs.keys() - {"face", "state", "encoding"}:
            assert same(mine[key], theirs[key]), key
        assert type(mine["encoding"]) is type(theirs["encoding"]) and vars(mine["encoding"]) == vars(theirs["encoding"])


def test_pdfs_are_the_same_bytes_with_an_empty_and_a_filled_cache(seed: Path, tmp_path: Path) -> None:
    """In fresh processes (a process reads each face once): the first parses every face and
    fills the cache, the second reads them back. Symbols send text to the fallback faces."""
    article = tmp_path / "bai.txt"
    article.write_text(seed.read_text(encoding="utf-8") + "\nKý hiệu: ★ ✓ Ω № ♣ → 😀 ≤ ∞.\n", encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(TIMESTAMP.timestamp())), "VNCONV_CACHE_DIR": str(tmp_path / "cache")}
    outputs = []
    for name in ("empty.pdf", "filled.pdf"):
        out = tmp_path / name
        subprocess.run([sys.executable, "-m", "convert", "pdf", str(article), "-o", str(out)], env=env, check=True)
        outputs.append(out.read_bytes())
        assert len(list((tmp_path / "cache" / "pdf-faces").iterdir())) >= 5  # the text faces and fallbacks
    assert outputs[0] == outputs[1]


def test_processes_racing_to_fill_the_cache_leave_one_whole_entry(tmp_path: Path) -> None:
    """As ``make -j`` or a batch's workers would: each writes its entry whole, then renames it."""
    path = _spectral()
    code = (
        "import sys\n"
        "from convert.writers.pdf.reportlab_internals.parsed_faces import parsed_face\n"
        "for _ in range(3):\n"
        "    assert parsed_face(sys.argv[1]).name == b'Spectral-Regular'\n"
    )
    env = {**os.environ, "VNCONV_CACHE_DIR": str(tmp_path / "cache")}
    racers = [subprocess.Popen([sys.executable, "-c", code, path], env=env) for _ in range(4)]
    assert [racer.wait() for racer in racers] == [0] * 4
    cache = tmp_path / "cache" / "pdf-faces"
    entry = _entry(cache)  # one entry, no temporary file left beside it
    assert parsed_faces._read_entry(entry) is not None


def test_the_character_maps_numbers_are_one_object_each_and_read_back_equal(cache: Path) -> None:
    """An entry's two character maps share their numbers (``_shared_numbers``: one object
    per value, so ``marshal`` writes the rest as references), and read back as the
    parse made them: the same keys, values, types and order."""
    maps = {"charToGlyph": {300: 7, 301: 8}, "charWidths": {int("301"): 500, int("300"): 500.0, 302: int("500")}}
    shared = parsed_faces._shared_numbers(maps)
    assert shared == maps and [list(table) for table in shared.values()] == [list(table) for table in maps.values()]
    keys = {id(key) for table in shared.values() for key in table}
    assert len(keys) == 3  # 300 and 301 once for both maps
    widths = list(shared["charWidths"].values())
    assert widths[0] is widths[2] and type(widths[1]) is float
    path = _spectral()
    fresh = TTFontFace(path)
    parsed_face(path)
    face = parsed_face(path)  # read back
    for name in ("charToGlyph", "charWidths"):
        assert list(getattr(face, name).items()) == list(getattr(fresh, name).items())
    assert {id(key) for key in face.charToGlyph} == {id(key) for key in face.charWidths}
