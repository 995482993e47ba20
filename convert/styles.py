"""Style sheets: every typographic value vnconv uses, loaded from ``styles/*.toml``.

Writers contain no font names, sizes, margins or colours: they read a ``Style``. A
style file may ``extends`` another (every chain ends at ``default``, which gives
every key), and ``--set key=value`` overrides single values on top. The loader
checks keys and types and names the file and the key in every complaint, because a
print shop edits these files by hand.

Each section of a style file is declared once, as a dataclass: the sections every
writer reads here, each format's own beside its writer (``convert/writers/*/settings.py``).
The checks, the loading and ``describe`` (``vnconv styles show``) are derived from
those declarations (see ``convert.sections``); ``styles/default.toml`` gives every value.
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
import sys
import types
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import MISSING, Field, dataclass, fields, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal, Union, get_args, get_origin

from convert.body_style import Lists, Quotes, SectionBreak, Tables, Typography
from convert.cache import cache_dir, read_entry, sealed, spoiled, unsealed, write_atomically
from convert.dataclass_code import expression
from convert.photos.settings import Photos
from convert.sections import DEFAULT_RANGE, FILE_FORM, RANGE, Color, Invalid, Leading, file_form, not_in_file, number
from convert.text import removable
from convert.writers.docx.settings import Docx
from convert.writers.epub.settings import Epub
from convert.writers.pdf.settings import Pdf

if TYPE_CHECKING:
    from convert.fonts import Face, Family


def _styles_dir() -> Path:
    """``styles/`` beside the package in a checkout; ``convert/styles_data`` in a wheel."""
    here = Path(__file__).resolve().parent
    installed = here / "styles_data"
    return installed if installed.is_dir() else here.parent / "styles"


STYLES_DIR: Final = _styles_dir()
DEFAULT: Final = "default"

ROLES: Final = (
    "headline",
    "dateline",
    "lead",
    "body",
    "subheading",
    "caption",
    "credit",
    "byline",
    "attribution",
    "header",
    "footer",
    "list",
    "table",
    "table_header",
    "quote",
    "question",
    "answer",
    "speaker",
    "separator",
)
Align = Literal["left", "right", "center", "justify"]
#: The four files of a family given by path (``[fonts.x.files]``).
FaceFile = Literal["regular", "bold", "italic", "bold_italic"]

MM_PER_PT: Final = 25.4 / 72


class StyleError(ValueError):
    """A style that cannot be used; the message is ``FILE: KEY: reason`` (or
    ``--set KEY=VALUE: reason`` for a value given on the command line)."""

    def __init__(self, message: str, key: str | None = None, reason: str | None = None) -> None:
        super().__init__(message)
        self.key = key  # the dotted key at fault, when there is one
        self.reason = reason


def _error(origin: str, key: str, reason: str) -> StyleError:
    """``origin: key: reason``, the key and the reason kept so ``load`` can name where
    the value was given (``_where``)."""
    return StyleError(f"{origin}: {key}: {reason}", key, reason)


# --- the typed style: the sections every writer reads -----------------------------------


@dataclass(frozen=True)
class FontRole:
    """A family for a role (``serif``, ``sans``...) and the families that stand in for it."""

    family: str
    fallback: tuple[str, ...] = ()
    files: Mapping[FaceFile, str] | None = None  # regular, bold, italic, bold_italic paths

    def __post_init__(self) -> None:
        if self.files is not None and set(self.files) != set(get_args(FaceFile)):
            raise Invalid("files", "give regular, bold, italic and bold_italic")


#: A leading written as a number is a multiple of the size; one above this is surely an
#: absolute height written the old way (``leading = 15.5`` for 11 pt type).
MAX_LEADING_RATIO: Final = 3.0
_POINTS: Final = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*pt\s*$")
_LEADING_FORMS: Final = 'a multiple of the size (1.3) or points ("14pt")'


def line_height(leading: Leading, size: float) -> float:
    """The distance from one baseline to the next, in points, for ``leading`` as written.

    Never less than the size: such lines print over each other (the tone marks of one
    line on the descenders of the line above).
    """
    if isinstance(leading, str):
        match = _POINTS.match(leading)
        if match is None:
            raise Invalid("leading", f"expected {_LEADING_FORMS}, got {leading!r}")
        height = float(match[1])
        if not height <= DEFAULT_RANGE[1]:
            raise Invalid("leading", f"expected at most {DEFAULT_RANGE[1]:g} pt, got {leading!r}")
        if height < size:
            raise Invalid(
                "leading",
                f"{leading} is less than the size, {size:g} pt: the lines would print over each other "
                f'(write at least "{size:g}pt", or a multiple of the size such as 1.2)',
            )
        return height
    assert isinstance(leading, (int, float))
    if leading > MAX_LEADING_RATIO:
        raise Invalid(
            "leading",
            f"{leading:g} would make lines {leading:g} times the size ({leading * size:g} pt for {size:g} pt type): "
            f'a number is a multiple of the size (e.g. 1.3); write "{leading:g}pt" for an absolute line height',
        )
    if leading < 1:
        raise Invalid(
            "leading",
            f"{leading:g} times the size is less than the size: the lines would print over each other "
            "(use at least 1, e.g. 1.2)",
        )
    return float(leading * size)


@dataclass(frozen=True)
class TextStyle:
    """How a role's text is set (``[text.ROLE]`` over ``[text.base]``); the line height is worked out."""

    font: str  # a key of Style.fonts
    size: float = number(1, 1000)  # pt
    leading: Leading  # as written: 1.3 (times the size) or "15.5pt"
    line_height: float = not_in_file(init=False)  # pt, baseline to baseline, from the size and the leading
    color: Color
    align: Align
    bold: bool
    italic: bool
    space_before: float  # pt
    space_after: float  # pt
    first_indent: float  # pt

    def __post_init__(self) -> None:
        if self.size <= 0:
            raise Invalid("size", "must be above 0")
        object.__setattr__(self, "line_height", line_height(self.leading, self.size))


@dataclass(frozen=True)
class Page:
    """The page (``[page]``): its size, margins, columns and page numbers; width and height are worked out."""

    size: str  # as written in the style, for display
    width: float = not_in_file(init=False)  # mm, from the size
    height: float = not_in_file(init=False)  # mm
    margin_top: float  # mm
    margin_bottom: float
    margin_left: float
    margin_right: float
    columns: int = number(1, 100)
    column_gap: float  # mm
    min_measure: float  # the narrowest column the body may be set in, in ems of its size
    running_header: bool
    footer: str  # "{page}" and "{pages}" are replaced
    footer_position: Literal["bottom", "top"]  # the page number line in the bottom or the top margin
    footer_first_page: bool  # False: no page number on page 1

    def __post_init__(self) -> None:
        try:
            width, height = page_size(self.size)
        except ValueError as exc:
            raise Invalid("size", str(exc)) from None
        object.__setattr__(self, "width", width)
        object.__setattr__(self, "height", height)
        if self.columns < 1:
            raise Invalid("columns", "expected at least 1")
        if self.margin_left + self.margin_right >= self.width or self.margin_top + self.margin_bottom >= self.height:
            raise Invalid(None, f"the margins leave no room on a {self.size} page")


@dataclass(frozen=True)
class Placeholder:
    """The box that stands in for a caption's missing photo."""

    enabled: bool
    height: float  # mm
    fill: Color
    stroke: Color
    stroke_width: float  # pt
    label: str
    label_color: Color


@dataclass(frozen=True)
class Embedding:
    """How fonts embedded in an EPUB or a DOCX (--embed-fonts) are cut down."""

    subset: Literal["used", "language"]  # see convert.fonts.SUBSET_SCOPES


@dataclass(frozen=True)
class Separators:
    """What stands between two parts set on one line, the same in every format."""

    source: str  # between the date line and the agency slug
    credit: str  # between a caption and its photo credit
    speaker: str  # between a speaker's name (PV, Ông A) and what they say


@dataclass(frozen=True)
class Limits:
    """What vnconv refuses to read, instead of exhausting memory."""

    max_input_mb: float = number(0, 1_000_000)  # up to a terabyte


@dataclass(frozen=True, kw_only=True)
class Style:
    """A loaded style: one field per table of the style file, in the order
    ``styles show`` prints them; a format's own section is declared beside its writer."""

    name: str = not_in_file()
    description: str = ""
    origin: str = not_in_file()  # the file it came from, for messages
    page: Page
    fonts: Mapping[str, FontRole]
    docx: Docx  # each format's own section is declared in convert/writers/<format>/settings.py
    epub: Epub
    separators: Separators
    embedding: Embedding
    pdf: Pdf
    limits: Limits
    placeholder: Placeholder
    photos: Photos  # declared in convert/photos/settings.py, shared by every format
    lists: Lists  # the body's structure: declared in convert/body_style.py, shared by every format
    tables: Tables
    quotes: Quotes
    section_break: SectionBreak
    typography: Typography
    #: In the file, ``[text.base]`` gives what every role starts from.
    text: Mapping[str, TextStyle] = file_form(Mapping[Literal[("base", *ROLES)], TextStyle])  # type: ignore[misc]

    def family(self, font: str) -> Family:
        """The ``convert.fonts.Family`` of a font key (loaded on first use)."""
        from convert import fonts

        spec = self.fonts[font]
        if spec.files is not None:
            return fonts.family_from_files(
                spec.family, *(Path(spec.files[k]) for k in get_args(FaceFile))
            )
        return fonts.family(spec.family)

    def fallbacks(self, font: str) -> tuple[Family, ...]:
        from convert import fonts

        return tuple(fonts.family(name) for name in self.fonts[font].fallback)

    def chain(self, text: TextStyle, bold: bool | None = None, italic: bool | None = None) -> tuple[Face, tuple[Face, ...]]:
        """The face a role's ``text`` is set in and its fallbacks' faces, in order, bold
        and italic as the role has them unless given (the source in the dateline)."""
        b = text.bold if bold is None else bold
        i = text.italic if italic is None else italic
        return self.family(text.font).face(b, i), tuple(f.face(b, i) for f in self.fallbacks(text.font))

    def role_faces(self) -> tuple[Face, ...]:
        """Every face a text role may be set in: each role's own face (bold and italic
        as the role has them), then its fallbacks' faces, once each, in role order."""
        faces: dict[Face, None] = {}
        for text in self.text.values():
            face, fallbacks = self.chain(text)
            faces.update(dict.fromkeys((face, *fallbacks)))
        return tuple(faces)


PAGE_SIZES: Final[Mapping[str, tuple[float, float]]] = {
    "A3": (297, 420),
    "A4": (210, 297),
    "A5": (148, 210),
    "A6": (105, 148),
    "B5": (176, 250),
    "LETTER": (215.9, 279.4),
    "LEGAL": (215.9, 355.6),
    "TABLOID": (279.4, 431.8),
}
_CUSTOM_SIZE: Final = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*mm\s*$", re.IGNORECASE)


def page_size(text: str) -> tuple[float, float]:
    """``A4``, ``a5 landscape`` or ``148x210 mm`` to (width, height) in mm."""
    words = text.split()
    landscape = bool(words) and words[-1].lower() == "landscape"
    core = " ".join(words[:-1] if landscape else words)
    if core.upper() in PAGE_SIZES:
        width, height = PAGE_SIZES[core.upper()]
    elif match := _CUSTOM_SIZE.match(core):
        width, height = float(match[1]), float(match[2])
        if not (20 <= width <= 2000 and 20 <= height <= 2000):
            raise ValueError(f"{text!r} is outside 20–2000 mm")
    else:
        raise ValueError(f"unknown page size {text!r} (use {', '.join(PAGE_SIZES)} or 'WxH mm')")
    return (height, width) if landscape else (width, height)


# --- the schema, from the declarations ---------------------------------------------------

_COLOR: Final = re.compile(r"^#[0-9A-Fa-f]{6}$")


@functools.cache
def _file_fields(cls: type) -> dict[str, object]:
    """The keys a section's table has in a style file, and the type of each value (a
    number's as ``Annotated[type, (low, high)]`` when its field declares a range)."""
    hints = _type_hints(cls)
    out: dict[str, object] = {}
    for item in fields(cls):
        kind = item.metadata.get(FILE_FORM, hints[item.name])
        if kind is not None:
            bounds = item.metadata.get(RANGE)
            out[item.name] = kind if bounds is None else Annotated[kind, bounds]
    return out


#: Annotation texts evaluated, by the module they are written in: the sections' ~100
#: annotations are some 40 texts (``float``, ``str | None``...).
_EVALUATED: dict[tuple[str, str], object] = {}
_NAME: Final = re.compile(r"[^\W\d]\w*")


def _type_hints(cls: type) -> dict[str, object]:
    """``typing.get_type_hints(cls)`` of a section, each annotation text evaluated once
    per module rather than once per field: typing compiles every text anew, and a
    command spent about 1 ms so on its style's sections. As typing does (CPython 3.11,
    Lib/typing.py ``get_type_hints``): each base's annotations, in the order of the MRO
    from ``object``, names looked up in the base's module, then in the class, then in
    the builtins. A text naming something of the class itself is evaluated there, unkept.
    Each text's code is compiled once for every process (``dataclass_code.expression``)."""
    hints: dict[str, object] = {}
    for base in reversed(cls.__mro__):
        annotations = base.__dict__.get("__annotations__", {})
        if not annotations:
            continue
        module = vars(sys.modules[base.__module__])
        for name, text in annotations.items():
            if text is None:
                hints[name] = type(None)
            elif not isinstance(text, str):
                hints[name] = text
            elif any(word in base.__dict__ for word in _NAME.findall(text)):
                hints[name] = eval(expression(text), dict(vars(base)), module)  # noqa: S307 - the class's own annotation
            else:
                key = (base.__module__, text)
                if key not in _EVALUATED:
                    _EVALUATED[key] = eval(expression(text), {}, module)  # noqa: S307 - a module's own annotation
                hints[name] = _EVALUATED[key]
    return hints


def _optional(kind: object) -> object:
    """``X`` for ``X | None``; any other type as it is."""
    if get_origin(kind) in (Union, types.UnionType):
        (inner,) = [arg for arg in get_args(kind) if arg is not type(None)]
        return inner
    return kind


def _check_table(value: object, kinds: Mapping[str, object] | None, key: str, origin: str, each: object = None) -> None:
    """A table: exactly the keys of ``kinds``, or (``kinds`` None) any key whose value is ``each``."""
    if not isinstance(value, dict):
        raise _error(origin, key, "expected a table")
    for sub, subvalue in value.items():
        subkind = each if kinds is None else kinds.get(sub)
        if subkind is None:
            raise _error(origin, f"{key}.{sub}" if key else sub, "unknown key")
        _check(subvalue, subkind, f"{key}.{sub}" if key else sub, origin)


@functools.cache
def _shape(kind: object) -> tuple[object, tuple[float, float], object, bool]:
    """A declared type as ``_check`` takes it apart: the type (without ``Annotated`` and
    ``| None``), its range, its ``get_origin`` and whether it is a section. Every command
    checks its style's some 300 values against a few dozen types: taken apart once each."""
    bounds = DEFAULT_RANGE
    if get_origin(kind) is Annotated:
        kind, bounds = get_args(kind)
    kind = _optional(kind)
    return kind, bounds, get_origin(kind), is_dataclass(kind)


def _check(value: object, kind: object, key: str, origin: str) -> None:
    """Raise StyleError if ``value`` does not fit the declared type ``kind``; ``key`` is its dotted name."""

    def fail(reason: str) -> StyleError:
        return _error(origin, key, reason)

    kind, bounds, shape, section = _shape(kind)
    if section:
        _check_table(value, _file_fields(kind), key, origin)  # type: ignore[arg-type]
    elif shape is Mapping:
        key_kind, value_kind = get_args(kind)
        if get_origin(key_kind) is Literal:
            _check_table(value, dict.fromkeys(get_args(key_kind), value_kind), key, origin)
        else:
            _check_table(value, None, key, origin, each=value_kind)
    elif shape is tuple:
        if not isinstance(value, list):
            raise fail("expected a list")
        for index, item in enumerate(value):
            _check(item, get_args(kind)[0], f"{key}[{index}]", origin)
    elif kind is Leading:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise fail(f"expected {_LEADING_FORMS}, got {value!r}")
        if isinstance(value, float) and not math.isfinite(value):
            raise fail(f"expected a finite number, got {value!r}")
    elif kind is Color:
        if not (isinstance(value, str) and _COLOR.match(value)):
            raise fail(f"expected a colour like \"#1A1A1A\", got {value!r}")
    elif shape is Literal:
        if value not in get_args(kind):
            raise fail(f"expected one of {', '.join(get_args(kind))}, got {value!r}")
    elif kind in (float, int):
        if isinstance(value, bool) or not isinstance(value, (int, float) if kind is float else int):
            raise fail(f"expected {'a number' if kind is float else 'a whole number'}, got {value!r}")
        low, high = bounds
        if not low <= value <= high:  # also refuses nan, which no comparison holds for
            raise fail(f"expected {'a number' if kind is float else 'a whole number'} from {low:g} to {high:g}, got {value!r}")
    elif kind in (bool, str):
        assert isinstance(kind, type)
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            raise fail(f"expected {'true or false' if kind is bool else 'a ' + kind.__name__}, got {value!r}")
        if isinstance(value, str) and removable(value):
            # Labels, footers and titles go into XML (DOCX, EPUB), which cannot carry these.
            raise fail(f"control characters are not allowed, got {value!r}")
    else:
        raise TypeError(f"{key}: a style section may not declare {kind!r} (see convert.sections)")


def _values(
    cls: type,
    table: Mapping[str, Any],
    key: str,
    origin: str,
    first: Sequence[str] = (),
    made: Mapping[str, Callable[[dict[str, Any]], Any]] | None = None,
) -> dict[str, Any]:
    """A checked table's values for ``cls``: lists as tuples, sub-tables as their sections;
    a key without a default must be there. The keys in ``first`` come first; ``made``
    makes some values another way, from the values before them."""
    values: dict[str, Any] = {}
    declared = {item.name: item for item in fields(cls)}
    for name, kind in sorted(_file_fields(cls).items(), key=lambda pair: _position(pair[0], first)):
        dotted = f"{key}.{name}" if key else name
        if made is not None and name in made:
            values[name] = made[name](values)
        elif name in table:
            values[name] = _value(table[name], kind, dotted, origin)
        elif not _has_default(declared[name]):
            raise _error(origin, dotted, "missing")
    return values


def _position(name: str, first: Sequence[str]) -> int:
    return first.index(name) if name in first else len(first)


def _has_default(item: Field[Any]) -> bool:
    return item.default is not MISSING or item.default_factory is not MISSING


def _value(raw: Any, kind: object, key: str, origin: str) -> Any:
    kind, _, shape, section = _shape(kind)
    if section:
        return _section(kind, raw, key, origin)  # type: ignore[arg-type]
    if shape is Mapping:
        value_kind = get_args(kind)[1]
        return {sub: _value(item, value_kind, f"{key}.{sub}", origin) for sub, item in raw.items()}
    if shape is tuple:
        return tuple(raw)
    return raw


def _make(cls: type, values: Mapping[str, Any], key: str, origin: str) -> Any:
    """``cls(**values)``, its own check (``Invalid``) worded as a style error."""
    try:
        return cls(**values)
    except Invalid as exc:
        raise _invalid(exc, key, origin) from None


def _invalid(exc: Invalid, section: str, origin: str) -> StyleError:
    where = ".".join(part for part in (section, exc.key) if part)
    return _error(origin, where, exc.reason)


def _section(cls: type, table: Mapping[str, Any], key: str, origin: str) -> Any:
    return _make(cls, _values(cls, table, key, origin), key, origin)


# --- loading ---------------------------------------------------------------------------


def available() -> dict[str, Path]:
    """The named styles shipped in ``styles/``."""
    return {p.stem: p for p in sorted(STYLES_DIR.glob("*.toml"))}


def resolve_path(name_or_path: str) -> Path:
    """A style by name (``newspaper``) or by path (``./house.toml``, ``file:///srv/house.toml``)."""
    if name_or_path[:7].lower() == "file://":
        from convert.io import local_path

        name_or_path = local_path(name_or_path)
    if "/" in name_or_path or name_or_path.endswith(".toml"):
        path = Path(name_or_path).expanduser()
        if not path.is_file():
            raise StyleError(f"{name_or_path}: no such style file")
        return path
    found = _shipped(name_or_path)
    if found is not None:
        return found
    shipped = available()
    if name_or_path not in shipped:
        raise StyleError(f"unknown style {name_or_path!r} (available: {', '.join(shipped)}; or give a path to a .toml file)")
    return shipped[name_or_path]


def _shipped(name: str) -> Path | None:
    """The shipped style ``name`` by its file's name alone (one ``lstat``), as
    ``available()`` would key it: a file of styles/ named ``NAME.toml`` whose stem is
    NAME. Listing and sorting the folder (``available``) was most of ``load``'s time
    for a style loaded before (~20 of ~33 us, warm), paid by each request to a
    ``vnconv server`` child; a name not found this way is looked for in the listing,
    which also names the styles there are."""
    path = STYLES_DIR / f"{name}.toml"
    if path.stem != name or path.parent != STYLES_DIR:
        return None
    try:
        os.lstat(path)  # the listing names any entry, a broken link included
    except (OSError, ValueError):
        return None
    return path


def load(name_or_path: str = DEFAULT, overrides: Iterable[str] = (), check_fonts: bool = True) -> Style:
    """Load, merge (``extends``), override (``--set``), validate, and type a style.

    A complaint names where the faulty value was given: the style file as the user
    named it (or the file it ``extends``), or the ``--set`` option as it was typed.
    """
    path = resolve_path(name_or_path)
    origin = _label(name_or_path, path)
    overrides = tuple(overrides)
    loaded_key = (os.path.abspath(path), origin, overrides, check_fonts)
    loaded = _LOADED.get(loaded_key)
    if loaded is not None and _unchanged(loaded.files):  # the very same files again (the server's requests)
        return loaded.style
    kept = _kept_style(path, origin) if not overrides else None
    if kept is not None:  # typed before from these very files, by this very code
        style, files = kept
        try:
            if check_fonts:
                check_style_fonts(style)
        except StyleError:
            pass  # said below, naming where the value at fault was given
        else:
            return _remember(loaded_key, files, style)
    sources: dict[str, str] = {}
    files: list[tuple[str, bytes]] = []
    raw = _load_chain(path, origin, seen=(), sources=sources, files=files)
    for override in overrides:
        _apply_override(raw, override, sources)
    key = (repr(raw), path.stem, origin, check_fonts)
    if key in _TYPED:  # the same sheet again in this process (the server's children)
        return _remember(loaded_key, files, _TYPED[key])
    try:
        if kept is not None:
            style = kept[0]
        else:
            _check_table(raw, {**_file_fields(Style), "extends": str}, "", origin)
            style = _build(raw, path.stem, origin)
            if not overrides:
                _keep_style(files, style)
        if check_fonts:
            check_style_fonts(style)
    except StyleError as exc:
        if exc.key is None or exc.reason is None:
            raise
        given = _where(exc.key, sources, origin)
        if given.startswith("--set ") and given.partition("=")[0] == f"--set {exc.key}":
            raise StyleError(f"{given}: {exc.reason}", exc.key, exc.reason) from None
        raise StyleError(f"{given}: {exc.key}: {exc.reason}", exc.key, exc.reason) from None
    if len(_TYPED) < 32:
        _TYPED[key] = style
    return _remember(loaded_key, files, style)


#: Styles typed from the very same merged sheet (``load``): a Style is frozen, so one
#: process may hand the same one out again (``vnconv server``'s children, forked after
#: the server typed the default style, skip the checks and the typing).
_TYPED: dict[tuple[str, str, str, bool], Style] = {}


@dataclass(frozen=True)
class _Loaded:
    """A style ``load`` gave, with every file it was merged from (its ``extends``
    chain) as read then: an absolute path and its bytes."""

    files: tuple[tuple[str, bytes], ...]
    style: Style


#: Styles loaded before in this process, by the file named (absolute), its label, the
#: ``--set`` overrides and whether fonts were checked (``load``). A request to a
#: ``vnconv server`` child loads its style again, as every command does: finding the
#: shipped names (a directory listing), reading the parsed copy of each file of the
#: chain (``_read_toml``), merging, noting where each value came from and the merged
#: sheet's ``repr`` (for ``_TYPED``) took some 0.27 ms of each request; reading the
#: chain's files and comparing their bytes, 0.03 ms. Keyed on bytes, not on
#: modification times: a file edited in place within a second is read again.
_LOADED: dict[tuple[str, str, tuple[str, ...], bool], _Loaded] = {}


def _remember(key: tuple[str, str, tuple[str, ...], bool], files: list[tuple[str, bytes]], style: Style) -> Style:
    if len(_LOADED) < 32:
        _LOADED[key] = _Loaded(tuple(files), style)
    return style


def _unchanged(files: Iterable[tuple[str, bytes]]) -> bool:
    """Whether each file still has the bytes it had (a file gone or unreadable: no)."""
    for name, data in files:
        try:
            with open(name, "rb") as file:
                if file.read() != data:
                    return False
        except OSError:
            return False
    return True


def _label(name_or_path: str, path: Path) -> str:
    """A style file as the user named it: the path as typed, or ``styles/NAME.toml``."""
    return name_or_path if "/" in name_or_path or name_or_path.endswith(".toml") else f"styles/{path.name}"


def _note(sources: dict[str, str], value: object, key: str, label: str) -> None:
    """Record that ``label`` gave the value(s) at ``key``: later records win, as later
    files and options do when the tables are merged."""
    if isinstance(value, dict) and value:
        for sub, item in value.items():
            _note(sources, item, f"{key}.{sub}" if key else str(sub), label)
    else:
        sources.pop(key, None)
        sources[key] = label


def _where(key: str, sources: Mapping[str, str], origin: str) -> str:
    """Where the value at fault was given: the last file or ``--set`` that gave ``key``,
    a key inside it or the table holding it; a role's value it takes from
    ``[text.base]`` is looked for there too; else the style file the user named."""
    keys = [key]
    parts = key.split(".")
    if len(parts) > 2 and parts[0] == "text":
        keys.append(".".join(("text", "base", *parts[2:])))
    for inside in (True, False):  # the key or a key in it first, else a table holding it
        for wanted in keys:
            found = [label for given, label in sources.items()
                     if ((given == wanted or given.startswith(wanted + ".")) if inside else wanted.startswith(given + "."))]
            if found:
                return found[-1]
    return origin


def _read_toml(path: Path, resolved: Path, label: str, files: list[tuple[str, bytes]] | None = None) -> dict[str, Any]:
    """A style file's tables, as parsed before if the file still has the same bytes
    (``_keep_parsed``); ``resolved`` is its real path, which names the parsed copy;
    ``label`` names the file in complaints; ``files`` learns its absolute path and bytes."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StyleError(f"{label}: cannot read: {exc.strerror}") from None
    if files is not None:
        files.append((os.path.abspath(path), data))
    name = str(resolved).encode("utf-8", "surrogateescape")
    kept = cache_dir() / "styles" / f"{resolved.stem}-{zlib.crc32(name):08x}{zlib.adler32(name):08x}-sealed.json"
    entry = _read_parsed(kept)
    if isinstance(entry, dict) and isinstance(entry.get("tables"), dict) and isinstance(entry.get("source"), str):
        if entry["source"].encode("utf-8", "surrogatepass") == data:  # parsed from these very bytes
            return entry["tables"]  # type: ignore[no-any-return]
    import tomllib

    try:
        parsed = tomllib.loads(data.decode())
    except UnicodeDecodeError as exc:  # TOML is UTF-8 (toml.io, v1.0.0 "Spec")
        raise StyleError(f"{label}: not valid TOML: not UTF-8 at byte {exc.start}") from None
    except tomllib.TOMLDecodeError as exc:
        raise StyleError(f"{label}: not valid TOML: {exc}") from None
    _keep_parsed(kept, data, parsed)
    return parsed


#: A parsed copy begins with this, then a CRC-32 of its JSON (``cache.sealed``).
_PARSED_MAGIC: Final = b"vnconv style 2\n"


def _read_parsed(kept: Path) -> object:
    """A parsed copy as ``_keep_parsed`` wrote it; None if there is none or it is not
    whole (``cache.spoiled``: a damaged copy could give other values without a word)."""
    data = read_entry(kept)
    if data is None:
        return None
    payload = unsealed(_PARSED_MAGIC, data)
    try:
        return json.loads(payload) if payload is not None else spoiled(kept, "is damaged or truncated")
    except ValueError:
        return spoiled(kept, "is damaged")


def _keep_parsed(kept: Path, source: bytes, parsed: dict[str, Any]) -> None:
    """Keep a style file's tables as JSON, with the bytes they were parsed from.

    Every command loads its style: importing tomllib and parsing ``default.toml`` took
    about 3 ms of each process, reading them back as JSON 0.1 ms. Checked against the
    bytes themselves (kept beside the tables: no digest, which would cost every command
    the import of OpenSSL's hashlib), the copy is never stale, however quickly the file
    is edited; named by the file's path (its CRC-32 and Adler-32: two paths that share
    a name only take each other's place), an edited file replaces its copy. A file whose values JSON would not give back
    the same (a TOML date) is parsed every time.
    """
    try:
        text = json.dumps({"source": source.decode(), "tables": parsed})  # UTF-8: it was parsed
    except (TypeError, ValueError):  # a date, a time
        return
    if json.loads(text)["tables"] != parsed:  # NaN is not itself
        return
    try:
        write_atomically(kept, sealed(_PARSED_MAGIC, text.encode()))
    except OSError:
        pass  # a read-only cache costs time, not correctness


def _load_chain(
    path: Path, label: str, seen: tuple[Path, ...], sources: dict[str, str], files: list[tuple[str, bytes]] | None = None
) -> dict[str, Any]:
    """A style file merged over the files it ``extends``; ``sources`` learns which file
    (by ``label``, as named) gave each value, ``files`` each file's path and bytes."""
    resolved = path.resolve()
    if resolved in seen:
        raise StyleError(f"{label}: extends: loops back to {path.name}")
    data = _read_toml(path, resolved, label, files)
    is_root = resolved == (STYLES_DIR / f"{DEFAULT}.toml").resolve()
    parent_name = data.get("extends", None if is_root else DEFAULT)
    if parent_name is None:
        _note(sources, data, "", label)
        return data
    if not isinstance(parent_name, str):
        raise StyleError(f"{label}: extends: expected a style name or path")
    if parent_name.endswith(".toml"):
        parent_path = path.parent / parent_name
        parent_label = str(Path(label).parent / parent_name)
    else:
        parent_path = resolve_path(parent_name)
        parent_label = _label(parent_name, parent_path)
    if not parent_path.is_file():
        raise StyleError(f"{label}: extends: no such style {parent_name!r}")
    merged = _merge(_load_chain(parent_path, parent_label, (*seen, resolved), sources, files), data)
    _note(sources, data, "", label)
    merged.pop("extends", None)
    return merged


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _apply_override(raw: dict[str, Any], override: str, sources: dict[str, str]) -> None:
    """``page.size=A5``: the value is read as TOML, or taken as a string if it is not TOML;
    ``sources`` learns that this option gave it."""
    key, sep, text = override.partition("=")
    key = key.strip()
    if not sep or not key:
        raise StyleError(f"--set {override}: expected KEY=VALUE, e.g. page.size=A5")
    import tomllib

    try:
        value = tomllib.loads(f"v = {text.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        value = text.strip()
    node = raw
    parts = key.split(".")
    for part in parts[:-1]:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise StyleError(f"--set {override}: {part} is not a table")
    node[parts[-1]] = value
    _note(sources, value, key, f"--set {override}")


# --- the typed style, kept --------------------------------------------------------------
# Every command types its style: the merged sheet's some 300 values checked against the
# sections' declarations (their annotations evaluated), then the sections made. That was
# ~9 M instructions of each process (callgrind, ``vnconv parse``: 4% of it), for a sheet
# that changes when a style file does. A sheet typed once is kept (``styles/``, one entry
# a style file as named, without ``--set``): the sections' values, from which the same
# ``Style`` is made again by its classes themselves (their ``__post_init__`` run as
# ever); the entry holds the bytes of the files it was merged from (its ``extends``
# chain: with them, reading and merging the sheet is skipped too), and the stamps of
# the modules whose code reads, checks and types a sheet (``_SCHEMA_MODULES``), so an
# edited style file, or edited code, types it again.

#: The modules whose code decides what a sheet types to: the declarations and checks of
#: every section (tests/test_styles.py checks that each section's module is here).
_SCHEMA_MODULES: Final = (
    "convert.styles",
    "convert.sections",
    "convert.body_style",
    "convert.text",
    "convert.photos.settings",
    "convert.writers.pdf.settings",
    "convert.writers.docx.settings",
    "convert.writers.epub.settings",
)
#: A kept typed style begins with this, then a CRC-32 of its ``marshal`` data (``cache.sealed``).
#: How a typed style is kept (in its entry's name: another recipe, another entry).
_TYPED_RECIPE: Final = 2
_TYPED_MAGIC: Final = b"vnconv typed style %d\n" % _TYPED_RECIPE


def _schema_stamp() -> str:
    """The schema modules' files as they are now: each one's path, size and mtime."""
    parts = []
    for name in _SCHEMA_MODULES:
        origin = getattr(sys.modules[name].__spec__, "origin", None) or "?"
        try:
            stat = os.stat(origin)
        except OSError:
            return ""  # no file to stamp: nothing is kept
        parts.append(f"{origin}|{stat.st_size}|{stat.st_mtime_ns}")
    return "\n".join(parts)


def _typed_entry(name: str, origin: str) -> Path:
    label = f"{name}\n{origin}".encode("utf-8", "surrogatepass")
    return cache_dir() / "styles" / f"{name}-{zlib.crc32(label):08x}{zlib.adler32(label):08x}-typed-{_TYPED_RECIPE}.marshal"


def _kept_style(path: Path, origin: str) -> tuple[Style, list[tuple[str, bytes]]] | None:
    """The style typed before from the very files of its ``extends`` chain (each one's
    absolute path and bytes, as ``_load_chain`` read them: the merged sheet is theirs)
    by this very code, and those files; None if there is none."""
    from convert.cache import read_marshalled

    found = read_marshalled(_typed_entry(path.stem, origin), _TYPED_MAGIC)
    if type(found) is not tuple or len(found) != 3 or type(found[0]) is not tuple or not found[0]:
        return None
    files = list(found[0])
    if not all(type(item) is tuple and len(item) == 2 and type(item[0]) is str and type(item[1]) is bytes for item in files):
        return None
    if files[0][0] != os.path.abspath(path) or not _unchanged(files):
        return None
    stamp = _schema_stamp()
    if not stamp or found[1] != stamp:
        return None
    try:
        style = _made_again(found[2])
    except (KeyError, AttributeError, TypeError, ValueError):
        return None
    return (style, files) if type(style) is Style and style.name == path.stem and style.origin == origin else None


def _keep_style(files: list[tuple[str, bytes]], style: Style) -> None:
    """Keep a style just typed from ``files``, if it is made again the same."""
    import marshal

    stamp = _schema_stamp()
    tree = _section_values(style)
    try:
        if not stamp or _made_again(tree) != style:
            return
        write_atomically(_typed_entry(style.name, style.origin), sealed(_TYPED_MAGIC, marshal.dumps((tuple(files), stamp, tree))))
    except (ValueError, TypeError, AttributeError, KeyError, OSError):
        pass  # not kept (a value marshal cannot hold, a class not at a module's top, a read-only cache): typed every time


def _section_values(value: object) -> object:
    """A typed value as plain data: a section as ``[module, class, {field: value}]`` (its
    fields that ``__init__`` takes; a Style holds no list, so a list is a section),
    mappings and tuples as themselves."""
    if is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        return [cls.__module__, cls.__qualname__, {item.name: _section_values(getattr(value, item.name)) for item in fields(value) if item.init}]
    if type(value) is dict:
        return {key: _section_values(item) for key, item in value.items()}
    if type(value) is tuple:
        return tuple(_section_values(item) for item in value)
    return value


def _made_again(tree: object) -> Any:
    """The typed value ``_section_values`` gave ``tree`` for, made by its classes."""
    if type(tree) is list:
        module, qualname, values = tree
        return getattr(sys.modules[module], qualname)(**{key: _made_again(item) for key, item in values.items()})
    if type(tree) is dict:
        return {key: _made_again(item) for key, item in tree.items()}
    if type(tree) is tuple:
        return tuple(_made_again(item) for item in tree)
    return tree


def _build(raw: Mapping[str, Any], name: str, origin: str) -> Style:
    # The page, the fonts and the text first: the other sections' checks may refer to them.
    made = {"text": lambda values: _text_styles(raw, values["fonts"], origin)}
    values = _values(Style, raw, "", origin, first=("page", "fonts", "text"), made=made)
    style: Style = _make(Style, {**values, "name": name, "origin": origin}, "", origin)
    for item in fields(style):
        check = getattr(getattr(style, item.name), "check", None)
        if check is not None:
            try:
                check(style)
            except Invalid as exc:
                raise _invalid(exc, item.name, origin) from None
    return style


def _text_styles(raw: Mapping[str, Any], fonts: Mapping[str, FontRole], origin: str) -> dict[str, TextStyle]:
    """Every role's text style: ``[text.base]`` with the role's own table over it."""
    if "text" not in raw:
        raise _error(origin, "text", "missing")
    if "base" not in raw["text"]:
        raise _error(origin, "text.base", "missing")
    text: dict[str, TextStyle] = {}
    for role in ROLES:
        key = f"text.{role}"
        own = raw["text"].get(role, {})
        values = _values(TextStyle, {**raw["text"]["base"], **own}, key, origin)
        if values["font"] not in fonts:
            raise _error(origin, f"{key}.font", f"{values['font']!r} is not one of the [fonts] ({', '.join(fonts)})")
        try:
            text[role] = TextStyle(**values)
        except Invalid as exc:
            if exc.key in values and exc.key not in own:  # say where a value the role inherits is written
                exc = Invalid(exc.key, f"{exc.reason} (the role takes it from text.base.{exc.key})")
            raise _invalid(exc, key, origin) from None
    return text


def check_style_fonts(style: Style) -> None:
    """Every family the style uses is installed, and the main ones set all of Vietnamese.

    Found so once, it is so while the installation and the families' files are as they
    were (``_fonts_checked``): every writing command checks, and asking the registry for
    the families, their faces and their maps was ~20 M instructions of a ``vnconv docx``,
    whose writer asks no font for anything."""
    if _fonts_checked(style):
        return
    from convert import fonts
    from convert.fonts import FontError

    used = {t.font for t in style.text.values()}
    checked = []
    for key in sorted(used):
        try:
            family = style.family(key)
        except FontError as exc:
            raise _error(style.origin, f"fonts.{key}.family", str(exc)) from None
        lacking = family.missing_vietnamese()
        if lacking:
            raise _error(
                style.origin,
                f"fonts.{key}.family",
                f"{family.name} lacks {len(lacking)} Vietnamese letters "
                f"({lacking[:12]}{'…' if len(lacking) > 12 else ''}); choose a family with full Vietnamese coverage",
            )
        checked.append(family)
        for index, name in enumerate(style.fonts[key].fallback):
            try:
                checked.append(fonts.family(name))
            except FontError as exc:
                raise _error(style.origin, f"fonts.{key}.fallback[{index}]", str(exc)) from None
    _note_fonts_checked(style, [str(face.source) for family in checked for face in family.faces])


#: What ``check_style_fonts`` checks, by number: another check, another entry.
_CHECKED_RECIPE: Final = 1
#: A style's fonts found installed and covering Vietnamese begins with this, then a CRC-32
#: of its ``marshal`` data (``cache.sealed``).
_CHECKED_MAGIC: Final = b"vnconv fonts checked %d\n" % _CHECKED_RECIPE


def _checked_fonts(style: Style) -> str | None:
    """What ``check_style_fonts`` reads of a style: the fonts its text roles use, with
    their fallbacks; None if one of them is a file of the user's (a ``files`` table, a
    path), which is checked every time (a server's child that reads one says so,
    ``fonts.USER_FILES_READ``)."""
    used = sorted({t.font for t in style.text.values()})
    roles = [style.fonts[key] for key in used]
    for role in roles:
        if role.files is not None or any(_user_file(spec) for spec in (role.family, *role.fallback)):
            return None
    return repr((_CHECKED_RECIPE, used, roles))


#: ``fonts._PACKAGED_FILE``, a font file of an installed package (``manimgx_fonts:X.ttf``),
#: here without importing ``convert.fonts`` (tests/test_styles.py checks they are the same).
_PACKAGED_FILE: Final = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*:[^/\\:]+\.(?:ttf|otf)", re.IGNORECASE)


def _user_file(spec: str) -> bool:
    """Whether ``fonts.family`` reads the family ``spec`` from a path of the user's."""
    return not _PACKAGED_FILE.fullmatch(spec) and ("/" in spec or spec.lower().endswith((".ttf", ".otf")))


def _checked_entry(fonts_read: str) -> Path:
    """Where ``_note_fonts_checked`` keeps that these fonts were checked: named by
    two checksums of the fonts read (``_checked_fonts``), as the registry's entries are."""
    label = fonts_read.encode("utf-8", "surrogatepass")
    return cache_dir() / "registry" / f"checked-{zlib.crc32(label):08x}{zlib.adler32(label):08x}-{_CHECKED_RECIPE}.marshal"


def _fonts_checked(style: Style) -> bool:
    """Whether these very fonts were found installed and covering Vietnamese with the
    installation as it is (``cache.installation_fingerprint``) and every file of their
    faces as it was (its size and mtime)."""
    fonts_read = _checked_fonts(style)
    if fonts_read is None:
        return False
    from convert.cache import installation_fingerprint, read_marshalled

    found = read_marshalled(_checked_entry(fonts_read), _CHECKED_MAGIC)
    if type(found) is not tuple or len(found) != 3 or found[0] != fonts_read or found[1] != installation_fingerprint():
        return False
    try:
        return all(_stamp(path) == stamp for path, stamp in found[2])
    except (TypeError, ValueError):
        return False


def _note_fonts_checked(style: Style, paths: list[str]) -> None:
    fonts_read = _checked_fonts(style)
    if fonts_read is None:
        return
    import marshal

    from convert.cache import installation_fingerprint

    stamps = [(path, _stamp(path)) for path in dict.fromkeys(paths)]
    if any(not stamp for _, stamp in stamps):
        return
    try:
        write_atomically(_checked_entry(fonts_read), sealed(_CHECKED_MAGIC, marshal.dumps((fonts_read, installation_fingerprint(), stamps))))
    except (OSError, ValueError):
        pass  # a read-only cache costs time, not correctness


def _stamp(path: str) -> str:
    """A file's size and mtime (``cache.file_stamp``); empty if it is not there."""
    try:
        stat = os.stat(path)
    except OSError:
        return ""
    return f"{stat.st_size}|{stat.st_mtime_ns}"


def describe(style: Style) -> dict[str, Any]:
    """The fully resolved style in the shape of a style file (for ``vnconv styles show``)."""
    described = _plain(style)
    assert isinstance(described, dict)
    return described


def _plain(value: object) -> object:
    """A loaded value as a style file writes it: tables of the declared keys (left-out
    optional ones omitted), lists for tuples."""
    if is_dataclass(value) and not isinstance(value, type):
        table = {key: _plain(getattr(value, key)) for key in _file_fields(type(value))}
        return {key: item for key, item in table.items() if item is not None}
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def to_toml(data: Mapping[str, Any], prefix: str = "") -> str:
    """A TOML rendering of style-shaped data (scalars, lists of scalars, nested tables)."""
    scalars = [f"{k} = {_toml_value(v)}" for k, v in data.items() if not isinstance(v, Mapping)]
    tables = [(k, v) for k, v in data.items() if isinstance(v, Mapping)]
    parts = []
    if scalars or (prefix and not tables):
        parts.append((f"[{prefix}]\n" if prefix else "") + "\n".join(scalars))
    parts.extend(to_toml(v, f"{prefix}.{k}" if prefix else k) for k, v in tables)
    return "\n\n".join(p for p in parts if p)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)
