"""Which characters each face of a book sets (``epub/fonts.characters_by_face``)."""

from __future__ import annotations

from collections.abc import Iterable

from hypothesis import given, settings
from hypothesis import strategies as st

from convert import fonts, styles
from convert.fonts import Face
from convert.styles import Style
from convert.writers.epub.fonts import characters_by_face

STYLE = styles.load()
ROLES = sorted(STYLE.text)
#: Letters, spaces, what only a fallback has (★ ✓ ☎ 😀 ∑), what needs no glyph (a
#: joiner, a variation selector, a soft hyphen), what no face has (漢), a private-use
#: character (only the role's own face may set it).
POOL = "aăâđêôơưẠặỹ Ữ.,“”–" + "★✓☎😀∑" + "\u200d\ufe0f\u00ad" + "漢" + "\ue000"


def _piece_by_piece(pieces: Iterable[tuple[str, str]], style: Style) -> tuple[dict[Face, frozenset[str]], set[str]]:
    """What the book's faces set, by cutting every piece into runs (``fonts.runs``):
    the definition ``characters_by_face`` must agree with."""
    usage: dict[Face, set[str]] = {}
    lacking: set[str] = set()
    for role, text in pieces:
        face, fallbacks = style.chain(style.text[role])
        missing = fonts.uncovered(text, (face,), fallbacks)
        lacking |= missing
        text = "".join(ch for ch in text if ch not in missing)
        for run, run_face in fonts.runs(text, face, fallbacks):
            usage.setdefault(run_face, set()).update(run)
    return {face: frozenset(usage[face]) for face in sorted(usage, key=lambda f: f.name)}, lacking


@settings(max_examples=60)
@given(st.lists(st.tuples(st.sampled_from(ROLES), st.text(alphabet=POOL, max_size=12)), max_size=8))
def test_the_faces_set_what_runs_put_in_them(pieces: list[tuple[str, str]]) -> None:
    got = characters_by_face(pieces, STYLE)
    assert got == _piece_by_piece(pieces, STYLE)
    assert list(got[0]) == sorted(got[0], key=lambda f: f.name)


def test_a_joiner_goes_where_its_neighbours_are() -> None:
    body, fallbacks = STYLE.chain(STYLE.text["body"])
    symbol = next(ch for ch in "★✓☎∑" if not body.covers(ch))
    found, lacking = characters_by_face([("body", "a\u200db"), ("body", symbol + "\u200d")], STYLE)
    setter = fonts.setting_face(symbol, body, fallbacks)
    assert setter is not None and setter is not body and not lacking
    assert "\u200d" in found[body] and "\u200d" in found[setter]
    assert found[setter] == {symbol, "\u200d"}
