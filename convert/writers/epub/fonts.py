"""The faces an EPUB embeds: which characters each one sets, and the face cut down to them.

A book embeds a face only if some text is set in it, and only the glyphs that text
needs: the seed's five faces shrink from 1.1 MB to 121 kB. Every piece of text
is cut into runs with ``fonts.runs`` (the role's face, then its fallbacks), so a
character Spectral lacks lands in the Noto Serif subset, exactly where a reading
system's per-character fallback will look for it. A private-use character the role's
face lacks is in no subset, even if a fallback has a glyph there (``fonts.private_use``).

Subsets come from ``fonts.subset`` (HarfBuzz: about a millisecond a face, never cached).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from convert import fonts
from convert.fonts import Face
from convert.styles import Style


def characters_by_face(pieces: Iterable[tuple[str, str]], style: Style) -> tuple[dict[Face, frozenset[str]], set[str]]:
    """For (role, text) pieces: each face that sets some of the text, and what it sets;
    and the characters no face in their role's chain has.

    Those characters stay in the text (a reading system sets them in a font of its
    own); the caller warns about them. The faces are ordered by name, so the book
    lists its fonts in a fixed order.
    """
    usage: dict[Face, set[str]] = {}
    lacking: set[str] = set()
    chains = {role: style.chain(text) for role, text in style.text.items()}
    for role, text in pieces:
        face, fallbacks = chains[role]
        missing = fonts.uncovered(text, (face,), fallbacks)
        if missing:
            lacking |= missing
            text = "".join(ch for ch in text if ch not in missing)
        for run, run_face in fonts.runs(text, face, fallbacks):
            usage.setdefault(run_face, set()).update(run)
    return {face: frozenset(usage[face]) for face in sorted(usage, key=lambda f: f.name)}, lacking


def subsets(usage: Mapping[Face, frozenset[str]], style: Style) -> Iterator[tuple[Face, bytes]]:
    for face, chars in usage.items():
        yield face, fonts.subset(face, chars, style.embedding.subset)
