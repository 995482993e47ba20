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

    What a face sets is what cutting each piece into runs (``fonts.runs``) would put
    in it, found per role over the distinct characters of all its pieces: which face
    sets a character does not depend on where it stands. Only a character that needs
    no glyph (a joiner, a variation selector) goes where its neighbours are, so the
    pieces holding one are cut into runs, when some of the role's text is set in a
    fallback (otherwise all of it is in the role's face). A book has hundreds of pieces
    and a few hundred distinct characters: this was a quarter of a new article's EPUB.
    """
    usage: dict[Face, set[str]] = {}
    lacking: set[str] = set()
    by_role: dict[str, list[str]] = {}
    for role, text in pieces:
        by_role.setdefault(role, []).append(text)
    for role, texts in by_role.items():
        face, fallbacks = style.chain(style.text[role])
        chars: set[str] = set().union(*texts)
        missing = fonts.uncovered(chars, (face,), fallbacks)
        lacking |= missing
        chars -= missing
        glyphless = {ch for ch in chars if not fonts.needs_glyph(ch)}
        own = {ch for ch in chars if face.covers(ch)} - glyphless
        elsewhere = chars - own - glyphless
        for ch in elsewhere:
            found = fonts.setting_face(ch, face, fallbacks)
            assert found is not None  # uncovered() listed it otherwise
            usage.setdefault(found, set()).add(ch)
        usage.setdefault(face, set()).update(own)
        if glyphless and not elsewhere:
            usage[face].update(glyphless)
        elif glyphless:
            for text in texts:
                if not glyphless.isdisjoint(text):
                    kept = "".join(ch for ch in text if ch not in missing) if missing else text
                    for run, run_face in fonts.runs(kept, face, fallbacks):
                        usage.setdefault(run_face, set()).update(run)
    return {face: frozenset(usage[face]) for face in sorted(usage, key=lambda f: f.name) if usage[face]}, lacking


def subsets(usage: Mapping[Face, frozenset[str]], style: Style) -> Iterator[tuple[Face, bytes]]:
    for face, chars in usage.items():
        yield face, fonts.subset(face, chars, style.embedding.subset)
