"""The pair kerning of the Vietnamese repertoire, kept in the cache (``pdf/fonts/kern_tables.py``):
the sequence holds every pair once; read back, a table is what shaping gives; a damaged
or foreign entry is never used; an unwritable cache costs only time."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from convert.cache import sealed
from convert.writers.pdf.fonts import kern_tables
from convert.writers.pdf.fonts.kern_tables import de_bruijn, kern, table_of, table_pairs
from convert.writers.pdf.fonts.kerning import PairKerning, RepertoirePairs
from convert.writers.pdf.reportlab_internals.parsed_faces import parsed_face
from tests.support.pdf import shipped_faces

FACES = {face.name: str(face.path) for face in shipped_faces()}


@pytest.mark.parametrize("alphabet", ["", "a", "ab", "Tră", "abcdefghij", "".join(map(chr, range(0x41, 0x41 + 60)))])
def test_the_sequence_holds_every_pair_once(alphabet: str) -> None:
    sequence = de_bruijn(alphabet)
    pairs = [sequence[i : i + 2] for i in range(len(sequence) - 1)]
    assert sorted(pairs) == sorted(a + b for a in alphabet for b in alphabet)


def test_rows_give_back_the_pairs_exactly() -> None:
    pairs = {"Tr": -41.0, "Tă": -37.5, "Vă": -1 / 3, "AV": -80.125, "r,": 12.0}
    table = table_of("TrăVA,", pairs)
    assert dict(table_pairs(table)) == pairs
    assert {a + b: k for a in table.known for b in table.known if (k := kern(table, a, b))} == pairs
    assert kern(table, "r", "T") == 0.0 and kern(table, "x", "T") == 0.0


def test_a_face_with_more_than_256_values_keeps_two_bytes_a_pair() -> None:
    """Each pair's value is its place among the face's distinct values: a byte while
    there are at most 256 of them (the shipped faces have 34 to 118), two beyond."""
    letters = [chr(code) for code in range(0x41, 0x41 + 20)]
    pairs = {a + b: -(index + 1) / 7 for index, (a, b) in enumerate((a, b) for a in letters for b in letters)}
    table = table_of("".join(letters), pairs)
    assert len(table.kerns) == 400 and kern_tables.index_size(table) == 2 and len(table.values) == 2 * len(pairs)
    assert dict(table_pairs(table)) == pairs
    assert all(kern(table, key[0], key[1]) == value for key, value in pairs.items())
    looked_up = RepertoirePairs(table)  # as the kerning looks pairs up: each row's place kept
    assert {key: looked_up[key] for key in pairs} == pairs and looked_up["A" + chr(0x41 + 30)] == 0.0
    few = table_of("".join(letters), {key: round(value) * 1.0 for key, value in pairs.items()})
    assert kern_tables.index_size(few) == 1 and len(few.values) == len(pairs) and few.kerns == tuple(sorted(set(few.kerns)))


def test_the_pairs_looked_up_are_the_rows_pairs_and_zero_for_the_rest() -> None:
    """``RepertoirePairs``: each pair found in its row when first asked (and kept), 0.0
    for a pair the face does not kern, a word space's included."""
    kerning = _kerning("Spectral-Regular")
    rows = kerning.kerned_pairs()
    pairs = kerning.load()
    known = sorted(kerning._known)
    assert {a + b: value for a in known for b in known if (value := pairs[a + b])} == rows
    assert len(pairs) == len(known) ** 2 and all(type(kern) is float for kern in pairs.values())


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VNCONV_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "pdf-kern"


def _kerning(name: str) -> PairKerning:
    path = FACES[name]
    return PairKerning(path, parsed_face(path).charToGlyph.get)


def _every_pair(kerning: PairKerning) -> dict[str, float]:
    return kerning.kerned_pairs()


@pytest.mark.parametrize("name", ["Spectral-Bold", "BeVietnamPro-Regular"])
def test_the_table_read_back_is_what_shaping_gives(name: str, cache: Path) -> None:
    first = _kerning(name)
    shaped = _every_pair(first)  # shapes and writes the entry
    assert len(list(cache.iterdir())) == 1 and len(shaped) > 1000
    read = _kerning(name)
    assert _every_pair(read) == shaped and read._known == first._known
    assert all(type(value) is float for value in shaped.values())


@pytest.mark.parametrize("damage", [lambda b: b[:-7], lambda b: b[:30] + bytes([b[30] ^ 1]) + b[31:], lambda b: b"other" + b[5:]])
def test_a_damaged_entry_is_ignored_and_written_again(damage, cache: Path) -> None:
    shaped = _every_pair(_kerning("Spectral-Regular"))
    (entry,) = cache.iterdir()
    whole = entry.read_bytes()
    entry.write_bytes(damage(whole))
    assert _every_pair(_kerning("Spectral-Regular")) == shaped
    assert entry.read_bytes() == whole


def test_an_entry_of_another_shape_is_ignored(cache: Path) -> None:
    shaped = _every_pair(_kerning("Spectral-Regular"))
    (entry,) = cache.iterdir()
    table = kern_tables.table_of("Tr", {"Tr": -41.0})
    entry.write_bytes(sealed(kern_tables._MAGIC, marshal.dumps((*table[:4], table.values[:-1], table.kerns))))  # a value cut short
    assert _every_pair(_kerning("Spectral-Regular")) == shaped


def test_an_unwritable_cache_costs_only_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("VNCONV_CACHE_DIR", str(blocked))
    assert _every_pair(_kerning("Spectral-Regular"))["Tr"] < 0


def test_harfbuzz_version_is_read_without_loading_harfbuzz() -> None:
    """While ``uharfbuzz`` is a stand-in (the writer imported), its version comes from
    its ``_version.py`` and HarfBuzz stays unloaded; it is the package's ``__version__``."""
    import subprocess
    import sys

    code = (
        "from convert.writers import pdf\n"
        "pdf._document()\n"
        "from convert.writers.pdf.fonts.kern_tables import harfbuzz_version\n"
        "from convert.writers.pdf.reportlab_internals.deferred_modules import is_deferred\n"
        "version = harfbuzz_version()\n"
        "print(is_deferred('uharfbuzz'))\n"
        "import uharfbuzz\n"
        "print(version == uharfbuzz.__version__ == harfbuzz_version())\n"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split() == ["True", "True"]
