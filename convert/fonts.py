"""Fonts: where the files come from, which characters they cover, and their subsets.

vnconv ships no font files. Families come from font packages on PyPI (the
``fontpkg-*`` distributions, found through ``fontpkg``'s registry) or from paths a
style names. Fonts are read, subset and instanced with HarfBuzz (``uharfbuzz``; the
subsets through ``convert.subsetter``, its C functions without the bindings' import):
cutting a face down to an article's characters takes about a millisecond, so
subsets are made afresh for every document and never cached. Two things are still
worth keeping on disk (``convert.cache``), each measured to pay (see the manual, docs/contributors.md, *Caches*): the
registry's answer with each face's character map, and the static instances of
variable-only families (ReportLab and Word need static faces). Everything else in
vnconv asks this module, never a font file.
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import json
import os
import re
import struct
import sys
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from convert import subsetter
from convert.cache import cache_dir, file_stamp, installation_fingerprint, read_entry, sealed, spoiled, unsealed, write_atomically, write_once
from convert.text import default_ignorable

if TYPE_CHECKING:
    import uharfbuzz

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
#: Its code points; every one needs a glyph (``needs_glyph``: letters, digits, punctuation,
#: the space; tests/test_fonts.py checks it), so a face lacks those its map lacks.
_REPERTOIRE_CODEPOINTS: Final[frozenset[int]] = frozenset(map(ord, _REPERTOIRE_ORDER))


class FontError(Exception):
    """A font cannot be found, read, or set the text; the message says which and why."""


class MissingGlyphs(FontError):
    """No face in the chain has these characters."""

    def __init__(self, chars: Iterable[str], faces: Sequence[str]) -> None:
        self.chars = "".join(sorted(set(chars)))
        self.faces = tuple(faces)  # "Spectral Regular", in the order they were tried
        super().__init__(f"no font has a glyph for {describe(self.chars)} (tried {', '.join(faces)})")


def describe(chars: Iterable[str], limit: int = 20) -> str:
    """Characters for a one-line message: ``'😀' (U+1F600) '中' (U+4E2D)``, the first ``limit``;
    a private-use one says so (``'\ue000' (U+E000, private use)``), since a fallback
    face may well have a glyph there that vnconv refuses to use (``private_use``)."""
    ordered = sorted(set(chars))
    listed = " ".join(f"{c!r} (U+{ord(c):04X}{', private use' if private_use(c) else ''})" for c in ordered[:limit])
    return listed + (f" and {len(ordered) - limit} more" if len(ordered) > limit else "")


#: Categories of characters that are never drawn: controls, format characters (ZWJ,
#: soft hyphen, bidi marks), surrogates, and spaces other than the space itself.
#: Private-use (Co) and unassigned (Cn) code points do need a glyph: a font may draw them.
_UNDRAWN: Final = frozenset({"Cc", "Cf", "Cs", "Zs", "Zl", "Zp"})


@functools.lru_cache(maxsize=8192)
def needs_glyph(ch: str) -> bool:
    """Format and control characters (ZWJ, soft hyphen...) and default-ignorable ones
    (variation selectors: the U+FE0F of ❤️) are not drawn, so need no glyph.

    Asked of every character every writer sets, several times (coverage, runs, stand-ins):
    the answers are remembered (an article has a few hundred distinct characters)."""
    return ch == " " or (unicodedata.category(ch) not in _UNDRAWN and not default_ignorable(ch))


def private_use(ch: str) -> bool:
    """A private-use code point (category Co: U+E000-U+F8FF, planes 15 and 16).

    The Unicode Standard (ch. 23.5, "Private-Use Characters") leaves their meaning to
    private agreement, so a glyph there means something only in the font that put it
    there: Inter draws an icon at U+E000, Noto Emoji an old carrier emoji at U+FE4E5.
    Such a character may be set only in the face a role chose (a house font may define
    its logos there), never in a fallback face (``setting_face``).
    """
    return unicodedata.category(ch) == "Co"


# --- faces and families ----------------------------------------------------------------


@dataclass(frozen=True)
class Face:
    """One face (regular, bold, italic or bold italic) of a family, as a file on disk."""

    family: str
    bold: bool
    italic: bool
    source: Path  # as installed; may be a variable font
    variable: bool = False
    #: Gives the face's character map, ``codepoints``, when it is first asked for. A
    #: style names some 28 faces (its families and their fallbacks, four faces each)
    #: and a document sets text in a handful: building every one's set of code points
    #: from the registry cache took ~3 ms of each process.
    charmap: Callable[[], frozenset[int]] = field(default=frozenset, compare=False, repr=False)

    @functools.cached_property
    def codepoints(self) -> frozenset[int]:
        """The characters the face maps (read once, then kept on the face)."""
        return self.charmap()

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
        return _static_instance(self) if self.variable else self.source

    def covers(self, ch: str) -> bool:
        return ord(ch) in self.codepoints

    def missing(self, chars: Iterable[str]) -> set[str]:
        return {c for c in chars if needs_glyph(c) and ord(c) not in self.codepoints}


@dataclass(frozen=True)
class Family:
    """The four faces of a family; vnconv never synthesises a bold or an italic."""

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
        """The characters of the Vietnamese repertoire any of the four faces lacks.

        Every command that writes checks its style's main families so (``styles.check_style_fonts``):
        as sets of code points (~10 k instructions a face), not ``Face.missing`` asked of
        each of the 241 characters (~1 M instructions a face, callgrind)."""
        lacking: set[int] = set()
        for face in self.faces:
            lacking |= _REPERTOIRE_CODEPOINTS - face.codepoints
        return "".join(c for c in _REPERTOIRE_ORDER if ord(c) in lacking) if lacking else ""


@functools.lru_cache(maxsize=None)
def family(spec: str) -> Family:
    """A family by installed name (``Spectral``, ``Noto Serif``), by path, or as a file
    of an installed Python package (``manimgx_fonts:NotoEmoji[wght].ttf``).

    A path may name a directory holding ``*-Regular``, ``*-Bold``, ``*-Italic`` and
    ``*-BoldItalic`` files, or the regular file itself, beside which the others lie.
    A packaged file is a one-file family (see ``_family_from_package``).
    """
    if _PACKAGED_FILE.fullmatch(spec):
        return _family_from_package(spec)
    if "/" in spec or spec.lower().endswith((".ttf", ".otf")):
        return _family_from_path(Path(spec).expanduser())
    return _family_from_registry(spec)


#: The font files of the user's this process has read (``family_from_files``: a style's
#: ``files`` table, a family named by its path). What is read of them is kept by path
#: (``_codepoints``, the PDF's faces), so a server's child that read one ends after its
#: request (``convert.server.daemon``): the next may find other bytes there.
USER_FILES_READ: Final[set[Path]] = set()


def family_from_files(name: str, regular: Path, bold: Path, italic: Path, bold_italic: Path) -> Family:
    """A family from four explicit files (a style's ``files`` table)."""
    USER_FILES_READ.update((regular, bold, italic, bold_italic))
    for path in (regular, bold, italic, bold_italic):
        if not path.is_file():
            raise FontError(f"font file not found: {path}")
        _check_whole(path)
    return Family(
        name=name,
        regular=_face(name, False, False, regular, False),
        bold=_face(name, True, False, bold, False),
        italic=_face(name, False, True, italic, False),
        bold_italic=_face(name, True, True, bold_italic, False),
    )


#: An sfnt font's header and each of its table records (the OpenType specification,
#: "Organization of an OpenType Font": sfntVersion, numTables, ...; tag, checksum,
#: offset, length).
_SFNT_HEADER: Final = struct.Struct(">4sH6x")
_TABLE_RECORD: Final = struct.Struct(">4s4xLL")


def _check_whole(path: Path) -> None:
    """Refuse a font file of the user's that ends before its tables do (a copy cut
    short, a download stopped): HarfBuzz reads such a file's character map, and every
    writer then met it in its own way (the PDF with an internal error from ReportLab's
    parser, the EPUB with "Subsetting failed", the DOCX not at all). Only the header
    and the table records are read, the file's size is compared with where each table
    ends. A font collection (``ttcf``) or a file that is no sfnt is left to HarfBuzz."""
    try:
        with open(path, "rb") as font:
            header = font.read(_SFNT_HEADER.size)
            if len(header) < _SFNT_HEADER.size:
                raise FontError(f"cannot read font file {path}: truncated ({len(header)} bytes)")
            version, count = _SFNT_HEADER.unpack(header)
            if version not in (b"\0\1\0\0", b"OTTO", b"true"):
                return
            records = font.read(count * _TABLE_RECORD.size)
            size = os.fstat(font.fileno()).st_size
    except OSError as exc:
        raise FontError(f"cannot read font file {path}: {exc.strerror or exc}") from None
    if len(records) < count * _TABLE_RECORD.size:
        raise FontError(f"cannot read font file {path}: truncated (in its table directory, {size} bytes)")
    for at in range(0, len(records), _TABLE_RECORD.size):
        tag, offset, length = _TABLE_RECORD.unpack_from(records, at)
        if offset + length > size:
            name = tag.decode("latin-1").strip()
            raise FontError(f"cannot read font file {path}: truncated (its {name!r} table ends at byte {offset + length}, the file has {size})")


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


#: ``package:file.ttf``: a font file inside an installed Python package.
_PACKAGED_FILE: Final = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*:[^/\\:]+\.(?:ttf|otf)", re.IGNORECASE)


def _family_from_package(spec: str) -> Family:
    """A family of one file shipped in a Python package that is not a ``fontpkg``
    family, such as the emoji and symbol faces a style names as fallbacks.

    Symbols and emoji come in one upright face: it stands in for italic too (a symbol
    has no italic; nothing is slanted). A variable file with a weight axis gives a
    real bold instance; otherwise the upright face stands in for bold as well. Like
    a ``fontpkg`` family, what was read of the file is kept in the registry cache,
    so a conversion that only names the family does not import HarfBuzz.
    """
    name, files = _registry_files(spec, _ask_package)
    upright_file, bold_file = files[(False, False)], files[(True, False)]
    charmap = functools.partial(_from_ranges, upright_file.ranges)
    upright = Face(name, False, False, Path(upright_file.path), upright_file.variable, charmap)
    bold = Face(name, True, False, Path(bold_file.path), True, charmap) if bold_file.variable else upright
    return Family(name, upright, bold, upright, bold)


def _ask_package(spec: str) -> tuple[str, FaceFiles]:
    """Find ``package:file`` (the package is located, not imported) and read the file:
    its family name (name ID 1), its axes and its character map. The bold entry is
    variable only when a weight axis can make a real bold."""
    package, _, file_name = spec.partition(":")
    try:
        found = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        found = None
    if found is None or not found.submodule_search_locations:
        raise FontError(f"{spec}: no installed Python package {package!r}")
    path = Path(next(iter(found.submodule_search_locations))) / file_name
    if not path.is_file():
        raise FontError(f"{spec}: the {package} package has no {file_name}")
    import uharfbuzz as hb

    face = _hb_face(path)
    name = face.get_name(hb.OTNameIdPredefined.FONT_FAMILY) or path.stem.split("[")[0]
    upright = FaceFile(str(path), bool(face.axis_infos), file_stamp(path), _ranges(_codepoints(path)))
    bold = upright._replace(variable=any(axis.tag == "wght" for axis in face.axis_infos))
    return name, {(False, False): upright, (True, False): bold, (False, True): upright, (True, True): bold}


def _family_from_registry(name: str) -> Family:
    name_, files = _registry_files(name)
    faces = {
        key: Face(name_, key[0], key[1], Path(file.path), file.variable, functools.partial(_from_ranges, file.ranges))
        for key, file in files.items()
    }
    return Family(name_, faces[(False, False)], faces[(True, False)], faces[(False, True)], faces[(True, True)])


class FaceFile(NamedTuple):
    """What the registry cache keeps of one face: the file, whether it is variable, its
    size and mtime when it was read, and its character map as ranges of code points."""

    path: str
    variable: bool
    stamp: str
    ranges: str  # [first, last] pairs, in hexadecimal (``_ranges``)


FaceFiles = dict[tuple[bool, bool], FaceFile]  # (bold, italic) -> its file
_FACE_ORDER: Final = ((False, False), (True, False), (False, True), (True, True))


def _registry_files(name: str, ask: Callable[[str], tuple[str, FaceFiles]] | None = None) -> tuple[str, FaceFiles]:
    """A family's four face files and their character maps, remembered on disk until
    the installed packages change.

    Asking ``fontpkg`` means importing importlib.metadata and scanning every installed
    distribution's entry points: a third of a short conversion's time. The answer
    only changes when packages are installed or removed, which changes the mtime of
    the directories on ``sys.path``, so that is the cache's key. The character maps
    ride along: reading them needs HarfBuzz, which a plain DOCX never imports
    otherwise (importing it costs about 10 ms of that conversion's 0.17 s). ``ask``
    reads a family the registry does not know (a packaged file, ``package:file``).
    """
    cached = cache_dir() / "registry" / f"{_installation_fingerprint()}-{_REGISTRY_RECIPE}-sealed.json"
    known = _read_registry(cached)
    entry = known.get(name)
    if entry is not None:
        files = [FaceFile(path, variable, stamp, ranges) for path, variable, stamp, ranges in entry["files"]]
        if all(file_stamp(Path(file.path)) == file.stamp for file in files):
            return entry["name"], dict(zip(_FACE_ORDER, files))
    family_name, files = (ask or _ask_fontpkg)(name)
    known = {**known, name: {"name": family_name, "files": [files[key] for key in _FACE_ORDER]}}
    try:
        write_atomically(cached, sealed(_REGISTRY_MAGIC, json.dumps(known).encode()))
    except OSError:
        pass  # a read-only cache costs time, not correctness
    return family_name, files


#: How the registry cache's file is written: 2, each face's ranges as one string.
_REGISTRY_RECIPE: Final = 2
#: The registry cache's entries begin with this, then a CRC-32 of the JSON (``cache.sealed``).
_REGISTRY_MAGIC: Final = b"vnconv registry %d\n" % _REGISTRY_RECIPE


def _read_registry(cached: Path) -> dict[str, Any]:
    """The registry cache file's entries, parsed once per version of the file: a style
    names seven families or so, and the file holds the character maps of all of them."""
    try:
        stamp = cached.stat().st_mtime_ns
    except OSError:
        return {}
    return _parsed_registry(cached, stamp)


@functools.lru_cache(maxsize=4)
def _parsed_registry(cached: Path, stamp: int) -> dict[str, Any]:
    data = read_entry(cached)
    if data is None:
        return {}
    payload = unsealed(_REGISTRY_MAGIC, data)
    try:
        known = json.loads(payload) if payload is not None else None
    except ValueError:
        known = None
    if not isinstance(known, dict):
        spoiled(cached, "is damaged or truncated")
        return {}
    return known


def _installation_fingerprint() -> str:
    """The directories packages are installed in, with their mtimes (``cache.installation_fingerprint``)."""
    return installation_fingerprint()


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
            path = Path(chosen.path)
            files[(bold, italic)] = FaceFile(str(path), bool(chosen.variable), file_stamp(path), _ranges(_codepoints(path)))
    return registered.name, files


def _face(family_name: str, bold: bool, italic: bool, source: Path, variable: bool) -> Face:
    _codepoints(source)  # read now: a file that is no font is refused with the style that names it
    return Face(family_name, bold, italic, source, variable, functools.partial(_codepoints, source))


# --- reading fonts with HarfBuzz --------------------------------------------------------


@functools.lru_cache(maxsize=None)
def _hb_face(path: Path) -> uharfbuzz.Face:
    """A font file as HarfBuzz reads it (memory-mapped; once per process)."""
    import uharfbuzz as hb

    try:
        face = hb.Face(hb.Blob.from_file_path(path))
    except hb.HarfBuzzError:
        raise FontError(f"cannot read font file {path}") from None
    if face.glyph_count == 0:
        raise FontError(f"cannot read font file {path}: not a TrueType or OpenType font")
    return face


def open_faces(faces: Iterable[Face]) -> None:
    """Read these faces for HarfBuzz's subsetter now (making a variable face's static
    instance if need be), as their first subset would; a process about to fork workers
    does this once for all of them."""
    for face in faces:
        if subsetter.available():
            _subsetter_face(face.path)
        else:
            _hb_face(face.path)


def _subsetter_face(path: Path) -> None:
    try:
        subsetter.open_face(path)
    except subsetter.SubsetError as exc:
        raise FontError(str(exc)) from None


@functools.lru_cache(maxsize=None)
def _codepoints(path: Path) -> frozenset[int]:
    """The characters a font file maps (its best cmap subtable, as HarfBuzz picks it)."""
    return frozenset(_hb_face(path).unicodes)


def _ranges(codepoints: Iterable[int]) -> str:
    """Code points as ``[first, last]`` ranges, written as the registry cache keeps them:
    each bound a big-endian 32-bit number, all of them in hexadecimal, one string a face.

    As JSON numbers, the ranges of a style's families (some 10,000 numbers, every face a
    style names and its fallbacks') were most of the registry's parse, ~6.5 M instructions
    of every command that sets text (json's number parsing); as one string a face they
    are scanned as a string, and only the faces a document asks about are decoded
    (``_from_ranges``)."""
    bounds: list[int] = []
    for code in sorted(codepoints):
        if bounds and bounds[-1] == code - 1:
            bounds[-1] = code
        else:
            bounds += (code, code)
    return struct.pack(f">{len(bounds)}L", *bounds).hex()


def _from_ranges(ranges: str) -> frozenset[int]:
    # The ranges chained, not a generator of each code point: a style's faces map some
    # 40,000 characters (3.4 ms -> 2.1 ms for 40,000), read for the faces a process asks about.
    packed = bytes.fromhex(ranges)
    bounds = struct.unpack(f">{len(packed) // 4}L", packed)
    return frozenset(itertools.chain.from_iterable(map(range, bounds[::2], [end + 1 for end in bounds[1::2]])))


@dataclass(frozen=True)
class Classification:
    """What a face's OS/2 table tells a word processor that lacks the face: its PANOSE
    classification and the Unicode and code-page ranges it covers (bit fields)."""

    panose: bytes  # the 10 PANOSE digits
    unicode_ranges: tuple[int, int, int, int]  # ulUnicodeRange1-4
    code_page_ranges: tuple[int, int]  # ulCodePageRange1-2; zero before OS/2 version 1


def classification(path: Path) -> Classification | None:
    """The OS/2 fields of a font file, read from the table HarfBuzz hands over (no
    fontTools import for three fields). Offsets from the OpenType specification, "OS/2
    — OS/2 and Windows Metrics Table": panose at 32, ulUnicodeRange1-4 at 42,
    ulCodePageRange1-2 at 78 (version 1 and later). None when the face has no OS/2."""
    table = _hb_face(path).reference_table("OS/2").data
    if len(table) < 58:
        return None
    (version,) = struct.unpack_from(">H", table, 0)
    pages = struct.unpack_from(">2L", table, 78) if version >= 1 and len(table) >= 86 else (0, 0)
    return Classification(table[32:42], struct.unpack_from(">4L", table, 42), pages)


# --- static instances of variable fonts -------------------------------------------------


#: Bump when ``_static_instance`` or ``_name_static`` changes, to retire cached instances.
_INSTANCE_RECIPE: Final = 1
#: An instance's check, kept beside it (``NAME.ttf.check``): this, then its length and CRC-32.
_INSTANCE_MAGIC: Final = b"vnconv instance\n"


@functools.lru_cache(maxsize=None)
def _static_instance(face: Face) -> Path:
    """Noto ships only variable fonts; ReportLab and Word need static faces.

    HarfBuzz pins every axis (weight to the face's, the others to their defaults);
    with the renaming that takes about 50 ms a face, so the result is kept on disk,
    where finding it again costs 0.2 ms. Without that, every process that sets a
    fallback character would wait for its instances. The name encodes the source file, its
    size and mtime, the recipe and HarfBuzz's library files, so the same installation
    always gives the same bytes (PDFs that embed the face stay reproducible). Finding
    it imports neither uharfbuzz (its version named the entry: ~52 M instructions of a
    ``vnconv epub`` setting a character in a fallback face) nor hashlib (``_file_key``).
    """
    source = face.source
    target = cache_dir() / "instances" / f"{face.name}-{_file_key(source)}-{_INSTANCE_RECIPE}-hb{_harfbuzz_files()}.ttf"
    if _instance_whole(target):
        return target
    import uharfbuzz as hb

    variable = _hb_face(source)
    request = hb.SubsetInput()
    request.keep_everything()
    request.pin_all_axes_to_default(variable)
    for axis in variable.axis_infos:
        if axis.tag == "wght":
            request.pin_axis_location(variable, "wght", min(max(face.weight, axis.min_value), axis.max_value))
    data = _name_static(hb.subset(variable, request).blob.data, face)
    try:
        # The check first: an instance without one is taken for a spoiled one.
        write_once(_instance_check(target), _INSTANCE_MAGIC + _length_and_crc(data))
        write_once(target, data)
    except OSError as exc:  # ReportLab reads fonts from files, so the instance must be one
        raise FontError(f"cannot write a static instance of {source.name} to {target.parent}: {exc.strerror}"
                        " (set VNCONV_CACHE_DIR to a writable directory)") from None
    return target


def _instance_check(target: Path) -> Path:
    return target.with_name(target.name + ".check")


def _length_and_crc(data: bytes) -> bytes:
    return len(data).to_bytes(8, "big") + zlib.crc32(data).to_bytes(4, "big")


def _instance_whole(target: Path) -> bool:
    """Whether the instance at ``target`` is there and has the bytes it was written
    with (its length and CRC-32, kept beside it: ~0.1 ms for a face). ReportLab and
    HarfBuzz would otherwise fail on a truncated one in every later run, or, worse,
    embed a damaged one without a word. One that fails is ``spoiled``: made again."""
    data = read_entry(target)
    if data is None:
        return False
    check = read_entry(_instance_check(target))
    if check != _INSTANCE_MAGIC + _length_and_crc(data):
        spoiled(target, "does not match its length and checksum")
        try:
            _instance_check(target).unlink(missing_ok=True)  # it may be the damaged one
        except OSError:
            pass
        return False
    return True


#: Name IDs that say which face a font is (OpenType ``name`` table): family, subfamily,
#: unique ID, full name, PostScript name, typographic family and subfamily.
_FACE_NAME_IDS: Final = (1, 2, 3, 4, 6, 16, 17)


def _name_static(data: bytes, face: Face) -> bytes:
    """Name an instance after its face, as a static family's file would be named.

    HarfBuzz keeps the default instance's names and style bits, so the bold instance
    would still call itself "Noto Serif Regular"; Word and LibreOffice pick an
    embedded face by these names and bits, and ReportLab by the PostScript name.
    uharfbuzz cannot edit a name table, so fontTools does this (only when an instance
    is made). The four faces are the RIBBI styles, so names 16 and 17 are dropped.
    """
    import io

    from fontTools.ttLib import TTFont

    subfamily = face.style_name.replace("BoldItalic", "Bold Italic")
    with TTFont(io.BytesIO(data), recalcTimestamp=False) as font:
        table = font["name"]
        unique = table.getDebugName(3) or face.name
        old_postscript = table.getDebugName(6)
        if old_postscript:
            unique = unique.replace(old_postscript, face.name)
        table.names = [record for record in table.names if record.nameID not in _FACE_NAME_IDS]
        names = {1: face.family, 2: subfamily, 3: unique, 4: f"{face.family} {subfamily}", 6: face.name}
        for name_id, text in names.items():
            table.setName(text, name_id, 3, 1, 0x409)  # Windows, Unicode BMP, English (US)
        os2 = font["OS/2"]  # fsSelection bits 0 italic, 5 bold, 6 regular
        os2.fsSelection = (os2.fsSelection & ~0b1100001) | face.italic | face.bold << 5 | (not (face.bold or face.italic)) << 6
        font["head"].macStyle = face.bold | face.italic << 1
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()


# --- fallback and subsetting ------------------------------------------------------------


def setting_face(ch: str, face: Face, fallbacks: Sequence[Face]) -> Face | None:
    """The face that sets ``ch`` (one that needs a glyph): the role's own ``face`` if it
    has it, else the first of ``fallbacks`` that has it, unless ``ch`` is private-use
    (``private_use``), which no fallback sets. None when no face may set it."""
    if face.covers(ch):
        return face
    if private_use(ch):
        return None
    return next((f for f in fallbacks if f.covers(ch)), None)


def runs(text: str, face: Face, fallbacks: Sequence[Face]) -> Iterator[tuple[str, Face]]:
    """Cut text into runs, each set in the face ``setting_face`` picks for its characters.

    Raises MissingGlyphs, listing every character no face may set, before yielding
    anything: a page never shows a blank or a tofu box.
    """
    check_coverage(text, (face,), fallbacks)
    # Each distinct character's face is found once (an article's text has a few hundred
    # distinct characters among thousands): a fallback's, or, for one that needs no
    # glyph, whichever its neighbours are in; all the others are in ``face``.
    chars = set(text)
    glyphless = {ch for ch in chars if not needs_glyph(ch)}
    elsewhere: dict[str, Face] = {}
    for ch in chars - glyphless:
        found = setting_face(ch, face, fallbacks)
        assert found is not None  # check_coverage refused the text otherwise
        if found is not face:
            elsewhere[ch] = found
    if not elsewhere:
        return iter([(text, face)] if text else [])

    def pick(ch: str, current: Face | None) -> Face:
        found = elsewhere.get(ch)
        if found is not None:
            return found
        if ch in glyphless:
            return current or face  # a joiner or mark stays with its neighbours
        return face

    return runs_by(text, pick)


def runs_by(text: str, pick: Callable[[str, Face | None], Face]) -> Iterator[tuple[str, Face]]:
    """Cut text into runs of one face each, ``pick(ch, current)`` choosing each
    character's face from the face of the run before it (None at the start), so a
    character that needs no glyph can stay with its neighbours. ``runs`` picks for the
    screen formats; the PDF writer picks its own way (spaces, replacement marks)."""
    current: Face | None = None
    start = 0
    for index, ch in enumerate(text):
        chosen = pick(ch, current)
        if chosen is not current:
            if current is not None:
                yield text[start:index], current
            current, start = chosen, index
    if current is not None:
        yield text[start:], current


def uncovered(chars: Iterable[str], faces: Sequence[Face], fallbacks: Sequence[Face] = ()) -> set[str]:
    """The characters needing a glyph that no face may set: none of the own ``faces``
    (a role's face; in a DOCX, every face its styles name) has it, and no fallback has
    it or it is private-use (``private_use``)."""
    lacking = {c for c in set(chars) if needs_glyph(c)}
    for face in faces:
        lacking = face.missing(lacking)
    private = {c for c in lacking if private_use(c)}
    lacking -= private
    for face in fallbacks:
        if not lacking:
            break
        lacking = face.missing(lacking)
    return lacking | private


def check_coverage(chars: Iterable[str], faces: Sequence[Face], fallbacks: Sequence[Face] = ()) -> None:
    lacking = uncovered(chars, faces, fallbacks)
    if lacking:
        raise MissingGlyphs(lacking, [f"{f.family} {f.style_name}" for f in (*faces, *fallbacks)])


#: ``"used"``: exactly the characters set; ``"language"``: also the whole Vietnamese
#: repertoire, so that one subset per face serves a whole archive, the same bytes in
#: every book (as web fonts ship a "vietnamese" subset).
SUBSET_SCOPES: Final = ("used", "language")
#: The Vietnamese repertoire: ASCII, the 146 letters, and the punctuation newsrooms type.
LANGUAGE_REPERTOIRE: Final[frozenset[str]] = VIETNAMESE_REPERTOIRE | frozenset(
    "\u00a0¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿×÷–—‘’‚“”„†‡•…‰′″‹›€₫№™"
)


def subset(face: Face, chars: Iterable[str], scope: str = "used") -> bytes:
    """The face cut down to the glyphs these characters need (HarfBuzz's subsetter).

    Kept: the layout features running text uses (HarfBuzz's default list: ``kern``,
    ``mark``, ``mkmk``, ``liga``, ``locl``, ``ccmp``...), with every glyph they reach
    from the characters, so stacked Vietnamese diacritics still set properly;
    a ``.notdef`` outline; every name record (the family names Word and LibreOffice
    match an embedded face by, and the copyright and licence the OFL asks to keep).
    Dropped: hinting and glyph names. The same characters give the same bytes.
    ``scope`` is one of ``SUBSET_SCOPES``; characters the face lacks are ignored.
    """
    wanted = {ord(c) for c in chars}
    if scope == "language":
        if wanted <= _LANGUAGE_CODEPOINTS:
            return _language_subset(face)
        wanted |= _LANGUAGE_CODEPOINTS
    return _cut(face, wanted)


_LANGUAGE_CODEPOINTS: Final = frozenset(ord(c) for c in LANGUAGE_REPERTOIRE)
_SUBSET_RECIPE: Final = 1
_SUBSET_MAGIC: Final = b"vnconv language subset\n"


@functools.lru_cache(maxsize=None)
def _language_subset(face: Face) -> bytes:
    """The face cut to ``LANGUAGE_REPERTOIRE``: what ``subset`` gives, in the
    ``"language"`` scope, for every article whose characters the repertoire holds, so it
    is cut once and kept (``subsets/``, one entry a face, named by the font file, the
    recipe and HarfBuzz's files, sealed with a CRC-32). A process that finds it never
    loads HarfBuzz nor cuts (~0.5 ms a face)."""
    entry = _language_subset_entry(face)
    if entry is not None:
        data = read_entry(entry)
        if data is not None:
            payload = unsealed(_SUBSET_MAGIC, data)
            if payload is not None:
                return payload
            spoiled(entry, "is damaged or truncated")
    made = _cut(face, set(_LANGUAGE_CODEPOINTS))
    if entry is not None:
        try:
            write_once(entry, sealed(_SUBSET_MAGIC, made))
        except OSError:
            pass  # a read-only cache: cut again next time
    return made


def _language_subset_entry(face: Face) -> Path | None:
    harfbuzz = _harfbuzz_files()
    if harfbuzz is None:
        return None
    return cache_dir() / "subsets" / f"{face.path.stem}-{_file_key(face.path)}-{harfbuzz}-{_SUBSET_RECIPE}.ttf.sealed"


@functools.cache
def _harfbuzz_files() -> str | None:
    """The installed HarfBuzz (uharfbuzz's compiled library) as a key, found without importing it."""
    folder = subsetter.package_folder()
    if folder is None:
        return None
    return _file_key(*sorted(folder.glob("_harfbuzz*")))


def _file_key(*paths: Path) -> str:
    """A key for what is cached about files: their resolved paths, sizes and mtimes,
    summed by two zlib checksums (64 bits). ``cache.file_fingerprint``'s SHA-256 imports
    hashlib, which loads OpenSSL (~11 M instructions) for a key that guards against no one."""
    text = "\n".join(f"{path.resolve()}|{file_stamp(path)}" for path in paths).encode()
    return f"{zlib.crc32(text):08x}{zlib.adler32(text):08x}"


#: ``hb_subset_flags_t`` (hb-subset.h): a ``.notdef`` outline kept, hinting dropped.
_SUBSET_FLAGS: Final = 0x40 | 0x01  # HB_SUBSET_FLAGS_NOTDEF_OUTLINE | HB_SUBSET_FLAGS_NO_HINTING


def _cut(face: Face, wanted: set[int] | frozenset[int]) -> bytes:
    """The face cut down by HarfBuzz to the glyphs these code points need.

    Through ``convert.subsetter`` (HarfBuzz's C functions from uharfbuzz's library,
    by ``ctypes``) where it can: importing uharfbuzz was most of a ``vnconv epub``'s
    HarfBuzz (~52 M instructions against ~8 M for cutting the seed's five faces,
    callgrind): its one compiled module builds 22 enum classes (211 members) through
    Python's ``enum`` as it loads. Otherwise through uharfbuzz's bindings: the same
    library, the same calls, the same bytes."""
    if subsetter.available():
        try:
            return subsetter.cut(face.path, wanted, _SUBSET_FLAGS)
        except subsetter.SubsetError as exc:
            raise FontError(str(exc)) from None
    import uharfbuzz as hb

    request = hb.SubsetInput()
    request.unicode_set.update(wanted)
    request.flags = hb.SubsetFlags(_SUBSET_FLAGS)
    for kept in (request.name_id_set, request.name_lang_id_set):
        kept.clear()
        kept.invert()  # all of them
    try:
        return hb.subset(_hb_face(face.path), request).blob.data
    except RuntimeError as exc:  # HarfBuzz says only "Subsetting failed"
        raise FontError(f"cannot subset {face.path}: {exc}") from None
