"""Fonts: where the files come from, which characters they cover, and their subsets.

vnconv ships no font files. Families come from font packages on PyPI (the
``fontpkg-*`` distributions, found through ``fontpkg``'s registry) or from paths a
style names. Three things are expensive and cached here, once per process and on
disk across processes: the character map of a face (read with fontTools), static
instances of variable-only families (ReportLab and Word need static faces), and the
registry scan. Everything else in vnconv asks this module, never a font file.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

_TONES: Final = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # none, huyền, sắc, hỏi, ngã, nặng
_VOWELS: Final = "aăâeêioôơuưy"


def _vietnamese_letters() -> str:
    lower = [unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES] + ["đ"]
    return "".join(lower) + "".join(ch.upper() for ch in lower)


#: The 146 letters beyond ASCII that Vietnamese needs: 12 vowels x 6 tones, both cases, đ Đ.
VIETNAMESE_LETTERS: Final[str] = _vietnamese_letters()
#: What a face must cover to set Vietnamese text: ASCII printables and the letters above.
_REPERTOIRE_ORDER: Final = VIETNAMESE_LETTERS + "".join(map(chr, range(0x20, 0x7F)))
VIETNAMESE_REPERTOIRE: Final[frozenset[str]] = frozenset(_REPERTOIRE_ORDER)


class FontError(Exception):
    """A font cannot be found, read, or set the text; the message says which and why."""


class MissingGlyphs(FontError):
    """No face in the chain has these characters."""

    def __init__(self, chars: Iterable[str], faces: Sequence[str]) -> None:
        self.chars = "".join(sorted(set(chars)))
        super().__init__(f"no font has a glyph for {describe(self.chars)} (tried {', '.join(faces)})")


def describe(chars: Iterable[str], limit: int = 20) -> str:
    """Characters for a one-line message: ``'😀' (U+1F600) '中' (U+4E2D)``, the first ``limit``."""
    ordered = sorted(set(chars))
    listed = " ".join(f"{c!r} (U+{ord(c):04X})" for c in ordered[:limit])
    return listed + (f" and {len(ordered) - limit} more" if len(ordered) > limit else "")


#: Categories of characters that are never drawn: controls, format characters (ZWJ,
#: soft hyphen, bidi marks), surrogates, and spaces other than the space itself.
#: Private-use (Co) and unassigned (Cn) code points do need a glyph: a font may draw them.
_UNDRAWN: Final = frozenset({"Cc", "Cf", "Cs", "Zs", "Zl", "Zp"})


def needs_glyph(ch: str) -> bool:
    """Format and control characters (ZWJ, soft hyphen...) are not drawn, so need no glyph."""
    return ch == " " or unicodedata.category(ch) not in _UNDRAWN


# --- cache directory -------------------------------------------------------------------


def cache_dir() -> Path:
    """``$VNCONV_CACHE_DIR``, else ``$XDG_CACHE_HOME/vnconv``, else ``~/.cache/vnconv``."""
    explicit = os.environ.get("VNCONV_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "vnconv"


def _fingerprint(path: Path) -> str:
    stat = path.stat()
    key = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def _write_atomically(target: Path, data: bytes) -> None:
    """Parallel workers may race to fill the cache: each writes whole files or none."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- faces and families ----------------------------------------------------------------


@dataclass(frozen=True)
class Face:
    """One face (regular, bold, italic or bold italic) of a family, as a file on disk."""

    family: str
    bold: bool
    italic: bool
    source: Path  # as installed; may be a variable font
    variable: bool = False
    codepoints: frozenset[int] = field(default=frozenset(), compare=False, repr=False)

    @property
    def style_name(self) -> str:
        return {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic", (True, True): "BoldItalic"}[
            (self.bold, self.italic)
        ]

    @property
    def name(self) -> str:
        """A name unique to this face, usable as a PostScript or CSS identifier."""
        return f"{''.join(self.family.split())}-{self.style_name}"

    @property
    def weight(self) -> int:
        return 700 if self.bold else 400

    @property
    def path(self) -> Path:
        """A static font file: the source, or a cached instance of a variable source."""
        return _static_instance(self.source, self.weight) if self.variable else self.source

    def covers(self, ch: str) -> bool:
        return ord(ch) in self.codepoints

    def missing(self, chars: Iterable[str]) -> set[str]:
        return {c for c in chars if needs_glyph(c) and ord(c) not in self.codepoints}


@dataclass(frozen=True)
class Family:
    name: str
    regular: Face
    bold: Face
    italic: Face
    bold_italic: Face

    def face(self, bold: bool = False, italic: bool = False) -> Face:
        return {(False, False): self.regular, (True, False): self.bold, (False, True): self.italic, (True, True): self.bold_italic}[
            (bold, italic)
        ]

    @property
    def faces(self) -> tuple[Face, Face, Face, Face]:
        return (self.regular, self.bold, self.italic, self.bold_italic)

    def missing_vietnamese(self) -> str:
        """The characters of the Vietnamese repertoire any of the four faces lacks."""
        lacking: set[str] = set()
        for face in self.faces:
            lacking |= face.missing(VIETNAMESE_REPERTOIRE)
        return "".join(c for c in _REPERTOIRE_ORDER if c in lacking)


@functools.lru_cache(maxsize=None)
def family(spec: str) -> Family:
    """A family by installed name (``Spectral``, ``Noto Serif``) or by path.

    A path may name a directory holding ``*-Regular``, ``*-Bold``, ``*-Italic`` and
    ``*-BoldItalic`` files, or the regular file itself, beside which the others lie.
    """
    if "/" in spec or spec.lower().endswith((".ttf", ".otf")):
        return _family_from_path(Path(spec).expanduser())
    return _family_from_registry(spec)


def family_from_files(name: str, regular: Path, bold: Path, italic: Path, bold_italic: Path) -> Family:
    """A family from four explicit files (a style's ``files`` table)."""
    for path in (regular, bold, italic, bold_italic):
        if not path.is_file():
            raise FontError(f"font file not found: {path}")
    return Family(
        name=name,
        regular=_face(name, False, False, regular, False),
        bold=_face(name, True, False, bold, False),
        italic=_face(name, False, True, italic, False),
        bold_italic=_face(name, True, True, bold_italic, False),
    )


def _family_from_path(path: Path) -> Family:
    if path.is_dir():
        regulars = sorted(path.glob("*-Regular.[ot]tf"))
        if not regulars:
            raise FontError(f"no *-Regular.ttf or *-Regular.otf in {path}")
        path = regulars[0]
    if not path.is_file():
        raise FontError(f"font file not found: {path}")
    stem = path.stem
    base = stem[: -len("-Regular")] if stem.endswith("-Regular") else stem
    siblings = {style: path.with_name(f"{base}-{style}{path.suffix}") for style in ("Bold", "Italic", "BoldItalic")}
    lacking = [p.name for p in siblings.values() if not p.is_file()]
    if lacking:
        raise FontError(f"{path}: no real {', '.join(lacking)} beside it (vnconv never synthesises bold or italic)")
    return family_from_files(base, path, siblings["Bold"], siblings["Italic"], siblings["BoldItalic"])


def _family_from_registry(name: str) -> Family:
    name_, files = _registry_files(name)
    faces = {key: _face(name_, key[0], key[1], Path(path), variable) for key, (path, variable) in files.items()}
    return Family(name_, faces[(False, False)], faces[(True, False)], faces[(False, True)], faces[(True, True)])


FaceFiles = dict[tuple[bool, bool], tuple[str, bool]]  # (bold, italic) -> (path, variable)
_FACE_ORDER: Final = ((False, False), (True, False), (False, True), (True, True))


def _registry_files(name: str) -> tuple[str, FaceFiles]:
    """A family's four face files, remembered on disk until the installed packages change.

    Asking ``fontpkg`` means importing importlib.metadata and scanning every installed
    distribution's entry points: a third of a short conversion's time. The answer
    only changes when packages are installed or removed, which changes the mtime of
    the directories on ``sys.path``, so that is the cache's key.
    """
    cached = cache_dir() / "registry" / f"{_installation_fingerprint()}.json"
    try:
        known = json.loads(cached.read_text())
    except (OSError, ValueError):
        known = {}
    entry = known.get(name)
    if entry is not None and all(os.path.isfile(path) for path, _ in entry["files"]):
        return entry["name"], {key: (path, variable) for key, (path, variable) in zip(_FACE_ORDER, entry["files"])}
    family_name, files = _ask_fontpkg(name)
    known[name] = {"name": family_name, "files": [files[key] for key in _FACE_ORDER]}
    try:
        _write_atomically(cached, json.dumps(known).encode())
    except OSError:
        pass  # a read-only cache costs time, not correctness
    return family_name, files


def _installation_fingerprint() -> str:
    parts = []
    for entry in sys.path:
        try:
            parts.append(f"{entry}|{os.stat(entry or '.').st_mtime_ns}")
        except OSError:
            continue
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]


def _ask_fontpkg(name: str) -> tuple[str, FaceFiles]:
    import fontpkg  # the registry scan reads every installed distribution's entry points

    try:
        registered = fontpkg.family(name)
    except fontpkg.FamilyNotInstalled:
        known = ", ".join(sorted(f.name for f in fontpkg.families().values())) or "none"
        raise FontError(f"font family {name!r} is not installed (installed font packages: {known})") from None
    files: FaceFiles = {}
    for bold in (False, True):
        for italic in (False, True):
            weight = 700 if bold else 400
            style = "italic" if italic else "normal"
            try:
                chosen = fontpkg.select_file(registered, weight, style, False)
            except fontpkg.FontpkgError:
                raise FontError(
                    f"font family {registered.name!r} has no {'bold ' if bold else ''}{style} face at weight {weight}"
                    " (vnconv never synthesises bold or italic)"
                ) from None
            files[(bold, italic)] = (str(chosen.path), bool(chosen.variable))
    return registered.name, files


def _face(family_name: str, bold: bool, italic: bool, source: Path, variable: bool) -> Face:
    return Face(family_name, bold, italic, source, variable, _codepoints(source))


# --- character maps --------------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def _codepoints(path: Path) -> frozenset[int]:
    """The characters a font file maps, from the disk cache or read with fontTools."""
    try:
        cached = cache_dir() / "cmap" / f"{_fingerprint(path)}.json"
    except OSError as exc:
        raise FontError(f"cannot read font file {path}: {exc.strerror}") from None
    try:
        ranges = json.loads(cached.read_text())
        return frozenset(c for start, end in ranges for c in range(start, end + 1))
    except (OSError, ValueError):
        pass
    codepoints = _read_cmap(path)
    try:
        _write_atomically(cached, json.dumps(_ranges(codepoints)).encode())
    except OSError:
        pass  # a read-only cache costs time, not correctness
    return codepoints


def _read_cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, lazy=True) as font:
            return frozenset(font.getBestCmap() or {})
    except (OSError, TTLibError, AssertionError) as exc:
        raise FontError(f"cannot read font file {path}: {exc}") from None


def _ranges(codepoints: Iterable[int]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for code in sorted(codepoints):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return ranges


# --- static instances of variable fonts -------------------------------------------------


@functools.lru_cache(maxsize=None)
def _static_instance(source: Path, weight: int) -> Path:
    """Noto ships only variable fonts; ReportLab and Word need static faces."""
    target = cache_dir() / "instances" / f"{source.stem.split('[')[0]}-{weight}-{_fingerprint(source)}.ttf"
    if target.is_file():
        return target
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    with TTFont(source) as font:
        axes = {axis.axisTag: axis for axis in font["fvar"].axes}
        location = {tag: axis.defaultValue for tag, axis in axes.items()}
        if "wght" in axes:
            location["wght"] = min(max(weight, axes["wght"].minValue), axes["wght"].maxValue)
        if "wdth" in axes:
            location["wdth"] = min(max(100.0, axes["wdth"].minValue), axes["wdth"].maxValue)
        static = instancer.instantiateVariableFont(font, location, updateFontNames=True)
        # Keep the source's head.modified so the same package gives the same bytes.
        static.recalcTimestamp = False
        buffer = _save(static)
    _write_atomically(target, buffer)
    return target


def _save(font: object) -> bytes:
    import io

    out = io.BytesIO()
    font.save(out)  # type: ignore[attr-defined]
    return out.getvalue()


# --- fallback and subsetting ------------------------------------------------------------


def runs(text: str, face: Face, fallbacks: Sequence[Face]) -> Iterator[tuple[str, Face]]:
    """Cut text into runs, each set in the first face of the chain that has its glyphs.

    Raises MissingGlyphs, listing every character no face has, before yielding
    anything: a page never shows a blank or a tofu box.
    """
    chain = (face, *fallbacks)
    check_coverage(text, chain)
    current: Face | None = None
    start = 0
    for index, ch in enumerate(text):
        if not needs_glyph(ch):
            chosen = current or face  # a joiner or mark stays with its neighbours
        else:
            chosen = face if face.covers(ch) else next(f for f in fallbacks if f.covers(ch))
        if chosen is not current:
            if current is not None:
                yield text[start:index], current
            current, start = chosen, index
    if current is not None:
        yield text[start:], current


def uncovered(chars: Iterable[str], chain: Sequence[Face]) -> set[str]:
    """The characters needing a glyph that no face of the chain has."""
    lacking = {c for c in set(chars) if needs_glyph(c)}
    for face in chain:
        if not lacking:
            break
        lacking = face.missing(lacking)
    return lacking


def check_coverage(chars: Iterable[str], chain: Sequence[Face]) -> None:
    lacking = uncovered(chars, chain)
    if lacking:
        raise MissingGlyphs(lacking, [f"{f.family} {f.style_name}" for f in chain])


#: Bump when the subsetting recipe in ``_make_subset`` changes, to retire old cache entries.
_SUBSET_RECIPE: Final = 2
#: How many subsets the disk cache keeps (about 20 kB each); the least recently used go first.
SUBSET_CACHE_FILES: Final = 400
#: ``"used"``: exactly the characters set; ``"language"``: also the whole Vietnamese
#: repertoire, so that one subset per face serves a whole archive (as web fonts ship a
#: "vietnamese" subset) and a batch of new articles needs no subsetting at all.
SUBSET_SCOPES: Final = ("used", "language")
#: The Vietnamese repertoire: ASCII, the 146 letters, and the punctuation newsrooms type.
LANGUAGE_REPERTOIRE: Final[frozenset[str]] = VIETNAMESE_REPERTOIRE | frozenset(
    "\u00a0¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿×÷–—‘’‚“”„†‡•…‰′″‹›€₫№™"
)
#: Subsets are cut from a cached base face holding only these blocks (Latin, Vietnamese,
#: punctuation, currency, letterlike symbols): its layout tables are a fraction of the
#: full face's, so each subset costs a third of the time.
_BASE_BLOCKS: Final = ((0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x36F), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20A0, 0x20CF), (0x2100, 0x218F))
_BASE_CODEPOINTS: Final = frozenset(c for low, high in _BASE_BLOCKS for c in range(low, high + 1))


def subset(face: Face, chars: Iterable[str], scope: str = "used") -> bytes:
    """The face cut down to the glyphs these characters need (fontTools' subsetter).

    Subsetting costs tens of milliseconds a face, more than the rest of a conversion,
    and a newsroom converts the same article again and again; so subsets are cached
    per process and on disk (``cache_dir()/subsets``), keyed by the font file, the
    characters, the recipe and the fontTools version. The cached bytes are the
    subsetter's own output: a hit gives the same file as a miss. Every article brings
    new character sets, so the disk keeps only the ``SUBSET_CACHE_FILES`` most recently
    used subsets. ``scope`` is one of ``SUBSET_SCOPES``.
    """
    wanted = frozenset(chars)
    if scope == "language":
        wanted |= frozenset(c for c in LANGUAGE_REPERTOIRE if face.covers(c))
    return _cached_subset(face, wanted)


@functools.lru_cache(maxsize=64)
def _cached_subset(face: Face, chars: frozenset[str]) -> bytes:
    path = _subset_cache_path(face, chars)
    if path is not None:
        try:
            data = path.read_bytes()
        except OSError:
            pass
        else:
            with contextlib.suppress(OSError):
                os.utime(path)  # recently used: kept when the cache is pruned
            return data
    in_base = all(ord(c) in _BASE_CODEPOINTS for c in chars)
    data = _make_subset(_subset_base(face) if in_base else face.path, chars)
    if path is not None:
        with contextlib.suppress(OSError):  # a read-only cache costs time, not correctness
            _write_atomically(path, data)
            _prune(path.parent, SUBSET_CACHE_FILES)
    return data


@functools.lru_cache(maxsize=None)
def _subset_base(face: Face) -> Path:
    """The face reduced to ``_BASE_BLOCKS`` (made once, kept on disk beside the subsets)."""
    import fontTools

    target = cache_dir() / "subset-bases" / f"{face.name}-{_fingerprint(face.path)}-{_SUBSET_RECIPE}-{fontTools.version}.ttf"
    if not target.is_file():
        data = _make_subset(face.path, frozenset(chr(c) for c in face.codepoints & _BASE_CODEPOINTS))
        try:
            _write_atomically(target, data)
        except OSError:
            return face.path  # a read-only cache: cut from the full face
    return target


def _subset_cache_path(face: Face, chars: frozenset[str]) -> Path | None:
    import fontTools

    try:
        source = face.path
        stat = source.stat()
    except OSError:
        return None
    key = json.dumps(
        [_SUBSET_RECIPE, fontTools.version, str(source.resolve()), stat.st_size, stat.st_mtime_ns, sorted(chars)],
        ensure_ascii=True,
    )
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return cache_dir() / "subsets" / f"{face.name}-{digest}.ttf"


def _prune(folder: Path, keep: int) -> None:
    """Delete all but the ``keep`` most recently used files of a cache folder."""
    entries = []
    for entry in os.scandir(folder):
        if entry.name.endswith(".ttf"):
            with contextlib.suppress(OSError):  # another process may have pruned it already
                entries.append((entry.stat().st_mtime_ns, entry.path))
    entries.sort(reverse=True)
    for _, stale in entries[keep:]:
        with contextlib.suppress(OSError):
            os.unlink(stale)


def _make_subset(source: Path, chars: frozenset[str]) -> bytes:
    """The layout features running text uses (fontTools' defaults: kerning, marks,
    ligatures, locl...) are kept, so the subset still sets stacked Vietnamese diacritics
    properly; stylistic sets and small caps no reader is asked for are not. The output
    is the same bytes every time."""
    import logging

    from fontTools import subset as ftsubset
    from fontTools.ttLib import TTFont

    options = ftsubset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = False
    options.desubroutinize = True
    # fontTools logs "meta NOT subset; ... dropped" for tables it drops: not the user's concern.
    log = logging.getLogger("fontTools.subset")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        with TTFont(source, recalcTimestamp=False) as font:
            subsetter = ftsubset.Subsetter(options)
            subsetter.populate(unicodes={ord(c) for c in chars})
            subsetter.subset(font)
            return _save(font)
    finally:
        log.setLevel(level)
