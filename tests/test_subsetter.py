"""HarfBuzz's subsetter through ctypes cuts the bytes uharfbuzz's bindings cut."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from convert import fonts, subsetter

pytestmark = pytest.mark.skipif(not subsetter.available(), reason="uharfbuzz's library does not export HarfBuzz's C API here")


def _through_uharfbuzz(path: Path, wanted: set[int]) -> bytes:
    """What ``fonts._cut`` did before: uharfbuzz's bindings, the flags by their names."""
    import uharfbuzz as hb

    request = hb.SubsetInput()
    request.unicode_set.update(wanted)
    request.flags = hb.SubsetFlags.NOTDEF_OUTLINE | hb.SubsetFlags.NO_HINTING
    for kept in (request.name_id_set, request.name_lang_id_set):
        kept.clear()
        kept.invert()
    return hb.subset(hb.Face(hb.Blob.from_file_path(path)), request).blob.data


@pytest.mark.parametrize("name", ["Spectral", "Be Vietnam Pro", "Noto Serif"])
def test_the_same_bytes_as_uharfbuzz(name: str) -> None:
    """Static faces and a variable one (Noto Serif's instance), for no character, a few,
    an article's worth and the whole character map."""
    chosen = random.Random(name)
    for face in fonts.family(name).faces[:2]:
        codepoints = sorted(face.codepoints)
        for count in (0, 3, 250, len(codepoints)):
            wanted = set(chosen.sample(codepoints, count))
            assert subsetter.cut(face.path, wanted, fonts._SUBSET_FLAGS) == _through_uharfbuzz(face.path, wanted)


def test_the_flags_are_uharfbuzz_s() -> None:
    import uharfbuzz as hb

    assert fonts._SUBSET_FLAGS == hb.SubsetFlags.NOTDEF_OUTLINE | hb.SubsetFlags.NO_HINTING


def test_a_file_that_is_no_font(tmp_path: Path) -> None:
    (tmp_path / "x.ttf").write_bytes(b"not a font at all")
    with pytest.raises(subsetter.SubsetError, match="not a TrueType or OpenType font"):
        subsetter.cut(tmp_path / "x.ttf", {65}, fonts._SUBSET_FLAGS)
    with pytest.raises(subsetter.SubsetError, match="cannot read font file"):
        subsetter.cut(tmp_path / "absent.ttf", {65}, fonts._SUBSET_FLAGS)


@pytest.mark.parametrize("scope", ["used", "language"])
def test_an_epub_imports_no_uharfbuzz(tmp_path: Path, scope: str) -> None:
    """The point of the module: a process that only subsets (the character maps come from
    the registry cache), or finds its language subset kept, never imports uharfbuzz. The
    first process fills the cache."""
    code = (
        "import sys; from convert import fonts; face = fonts.family('Spectral').regular; "
        f"fonts.subset(face, 'Tỉnh ủy', scope={scope!r}); print('uharfbuzz' in sys.modules)"
    )
    env = {"VNCONV_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout.strip() for _ in range(2)]
    assert runs == ["True", "False"]


def test_found_while_the_pdf_writer_s_stand_in_is_in_sys_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    """A process that wrote a PDF first holds a stand-in for uharfbuzz without a
    ``__spec__`` (``pdf/reportlab_internals/deferred_modules.py``), for which
    ``importlib.util.find_spec`` raises ValueError: ``vnconv convert --to pdf,epub`` in the
    ``"language"`` scope failed on it."""
    import types

    monkeypatch.setitem(sys.modules, "uharfbuzz", types.ModuleType("uharfbuzz"))
    subsetter._harfbuzz.cache_clear()
    fonts._harfbuzz_files.cache_clear()
    try:
        assert subsetter.library_files() and subsetter.available()
        assert fonts._harfbuzz_files()
    finally:
        subsetter._harfbuzz.cache_clear()
        fonts._harfbuzz_files.cache_clear()
