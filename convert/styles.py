"""Style sheets: every typographic value vnconv uses, loaded from ``styles/*.toml``.

Writers contain no font names, sizes, margins or colours: they read a ``Style``. A
style file may ``extends`` another (every chain ends at ``default``, which gives
every key), and ``--set key=value`` overrides single values on top. The loader
checks keys and types against one schema and names the file and the key in every
complaint, because a print shop edits these files by hand.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from convert.text import removable


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
)
Align = Literal["left", "right", "center", "justify"]

MM_PER_PT: Final = 25.4 / 72


class StyleError(ValueError):
    """A style that cannot be used; the message is ``FILE: KEY: reason``."""


# --- the typed style -------------------------------------------------------------------


@dataclass(frozen=True)
class FontRole:
    """A family for a role (``serif``, ``sans``...) and the families that stand in for it."""

    family: str
    fallback: tuple[str, ...]
    files: Mapping[str, str] | None = None  # regular, bold, italic, bold_italic paths


@dataclass(frozen=True)
class TextStyle:
    font: str  # a key of Style.fonts
    size: float  # pt
    leading: float  # pt
    color: str  # #RRGGBB
    align: Align
    bold: bool
    italic: bool
    space_before: float  # pt
    space_after: float  # pt
    first_indent: float  # pt


@dataclass(frozen=True)
class Page:
    size: str  # as written in the style, for display
    width: float  # mm
    height: float  # mm
    margin_top: float  # mm
    margin_bottom: float
    margin_left: float
    margin_right: float
    columns: int
    column_gap: float  # mm
    running_header: bool
    footer: str  # "{page}" and "{pages}" are replaced
    footer_position: Literal["bottom", "top"]  # the page number line in the bottom or the top margin
    footer_first_page: bool  # False: no page number on page 1


@dataclass(frozen=True)
class Placeholder:
    enabled: bool
    height: float  # mm
    fill: str
    stroke: str
    stroke_width: float  # pt
    label: str
    label_color: str


@dataclass(frozen=True)
class Epub:
    embed_fonts: bool
    toc_title: str  # heading of a single article's navigation document
    edition_title: str  # "{date}" is replaced by the articles' date or date range
    edition_title_undated: str  # "{count}" is replaced by the number of articles


@dataclass(frozen=True)
class Embedding:
    """How fonts embedded in an EPUB or a DOCX (--embed-fonts) are cut down."""

    subset: Literal["used", "language"]  # see convert.fonts.SUBSET_SCOPES


@dataclass(frozen=True)
class Separators:
    """What stands between two parts set on one line, the same in every format."""

    source: str  # between the date line and the agency slug
    credit: str  # between a caption and its photo credit


@dataclass(frozen=True)
class Pdf:
    """What only the PDF writer draws: rules and press marks."""

    rule_width: float  # pt; 0 draws no rules
    rule_color: str
    head_rule_width: float  # pt; a rule over the headline on page 1, 0 for none
    column_rule_width: float  # pt; rules between columns, 0 for none
    crop_mark_offset: float  # mm from the trim edge (at least the bleed)
    crop_mark_length: float  # mm
    crop_mark_width: float  # pt
    cmyk_solid_black: float  # 0-1: with --cmyk, a grey at least this dark prints as 100 % K


@dataclass(frozen=True)
class Limits:
    max_input_mb: float


@dataclass(frozen=True)
class Style:
    name: str
    description: str
    origin: str  # the file it came from, for messages
    page: Page
    fonts: Mapping[str, FontRole]
    docx_fonts: Mapping[str, str]
    epub: Epub
    separators: Separators
    embedding: Embedding
    pdf: Pdf
    limits: Limits
    placeholder: Placeholder
    text: Mapping[str, TextStyle]

    def family(self, font: str) -> Any:
        """The ``convert.fonts.Family`` of a font key (loaded on first use)."""
        from convert import fonts

        spec = self.fonts[font]
        if spec.files is not None:
            return fonts.family_from_files(
                spec.family, *(Path(spec.files[k]) for k in ("regular", "bold", "italic", "bold_italic"))
            )
        return fonts.family(spec.family)

    def fallbacks(self, font: str) -> tuple[Any, ...]:
        from convert import fonts

        return tuple(fonts.family(name) for name in self.fonts[font].fallback)


# --- schema ----------------------------------------------------------------------------

_NUMBER: Final = (int, float)
_COLOUR: Final = re.compile(r"^#[0-9A-Fa-f]{6}$")

_TEXT_KEYS: Final[Mapping[str, Any]] = {
    "font": str,
    "size": _NUMBER,
    "leading": _NUMBER,
    "color": "colour",
    "align": ("left", "right", "center", "justify"),
    "bold": bool,
    "italic": bool,
    "space_before": _NUMBER,
    "space_after": _NUMBER,
    "first_indent": _NUMBER,
}

# A dict is a table with exactly these keys; "*" means any key with that schema.
_SCHEMA: Final[Mapping[str, Any]] = {
    "description": str,
    "extends": str,
    "page": {
        "size": str,
        "margin_top": _NUMBER,
        "margin_bottom": _NUMBER,
        "margin_left": _NUMBER,
        "margin_right": _NUMBER,
        "columns": int,
        "column_gap": _NUMBER,
        "running_header": bool,
        "footer": str,
        "footer_position": ("bottom", "top"),
        "footer_first_page": bool,
    },
    "fonts": {"*": {"family": str, "fallback": [str], "files": {k: str for k in ("regular", "bold", "italic", "bold_italic")}}},
    "docx": {"fonts": {"*": str}},
    "epub": {"embed_fonts": bool, "toc_title": str, "edition_title": str, "edition_title_undated": str},
    "separators": {"source": str, "credit": str},
    "embedding": {"subset": ("used", "language")},
    "pdf": {
        "rule_width": _NUMBER,
        "rule_color": "colour",
        "head_rule_width": _NUMBER,
        "column_rule_width": _NUMBER,
        "crop_mark_offset": _NUMBER,
        "crop_mark_length": _NUMBER,
        "crop_mark_width": _NUMBER,
        "cmyk_solid_black": _NUMBER,
    },
    "limits": {"max_input_mb": _NUMBER},
    "placeholder": {
        "enabled": bool,
        "height": _NUMBER,
        "fill": "colour",
        "stroke": "colour",
        "stroke_width": _NUMBER,
        "label": str,
        "label_color": "colour",
    },
    "text": {role: _TEXT_KEYS for role in ("base", *ROLES)},
}

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


def _check(value: Any, schema: Any, key: str, origin: str) -> None:
    """Raise StyleError if ``value`` does not fit ``schema``; ``key`` is its dotted name."""

    def fail(reason: str) -> StyleError:
        return StyleError(f"{origin}: {key}: {reason}")

    if isinstance(schema, dict):
        if not isinstance(value, dict):
            raise fail("expected a table")
        for sub, subvalue in value.items():
            subschema = schema.get(sub, schema.get("*"))
            if subschema is None:
                raise StyleError(f"{origin}: {key + '.' if key else ''}{sub}: unknown key")
            _check(subvalue, subschema, f"{key}.{sub}" if key else sub, origin)
    elif isinstance(schema, list):
        if not isinstance(value, list):
            raise fail("expected a list")
        for index, item in enumerate(value):
            _check(item, schema[0], f"{key}[{index}]", origin)
    elif schema == "colour":
        if not (isinstance(value, str) and _COLOUR.match(value)):
            raise fail(f"expected a colour like \"#1A1A1A\", got {value!r}")
    elif isinstance(schema, tuple) and all(isinstance(s, str) for s in schema):
        if value not in schema:
            raise fail(f"expected one of {', '.join(schema)}, got {value!r}")
    elif schema is _NUMBER:
        if isinstance(value, bool) or not isinstance(value, _NUMBER):
            raise fail(f"expected a number, got {value!r}")
        if value < 0:
            raise fail(f"expected a number >= 0, got {value!r}")
    elif schema is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail(f"expected a whole number, got {value!r}")
    elif not isinstance(value, schema) or (schema is not bool and isinstance(value, bool)):
        raise fail(f"expected {'true or false' if schema is bool else 'a ' + schema.__name__}, got {value!r}")
    elif isinstance(value, str) and removable(value):
        # Labels, footers and titles go into XML (DOCX, EPUB), which cannot carry these.
        raise fail(f"control characters are not allowed, got {value!r}")


# --- loading ---------------------------------------------------------------------------


def available() -> dict[str, Path]:
    """The named styles shipped in ``styles/``."""
    return {p.stem: p for p in sorted(STYLES_DIR.glob("*.toml"))}


def resolve_path(name_or_path: str) -> Path:
    """A style by name (``newspaper``) or by path (``./house.toml``)."""
    if "/" in name_or_path or name_or_path.endswith(".toml"):
        path = Path(name_or_path).expanduser()
        if not path.is_file():
            raise StyleError(f"{name_or_path}: no such style file")
        return path
    shipped = available()
    if name_or_path not in shipped:
        raise StyleError(f"unknown style {name_or_path!r} (available: {', '.join(shipped)}; or give a path to a .toml file)")
    return shipped[name_or_path]


def load(name_or_path: str = DEFAULT, overrides: Iterable[str] = (), check_fonts: bool = True) -> Style:
    """Load, merge (``extends``), override (``--set``), validate, and type a style."""
    path = resolve_path(name_or_path)
    raw = _load_chain(path, seen=())
    origin = str(path) if "/" in name_or_path or name_or_path.endswith(".toml") else f"styles/{path.name}"
    for override in overrides:
        _apply_override(raw, override)
    _check(raw, _SCHEMA, "", origin)
    style = _build(raw, path.stem, origin)
    if check_fonts:
        check_style_fonts(style)
    return style


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise StyleError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise StyleError(f"{path}: cannot read: {exc.strerror}") from None


def _load_chain(path: Path, seen: tuple[Path, ...]) -> dict[str, Any]:
    resolved = path.resolve()
    if resolved in seen:
        raise StyleError(f"{path}: extends: loops back to {path.name}")
    data = _read_toml(path)
    is_root = resolved == (STYLES_DIR / f"{DEFAULT}.toml").resolve()
    parent_name = data.get("extends", None if is_root else DEFAULT)
    if parent_name is None:
        return data
    if not isinstance(parent_name, str):
        raise StyleError(f"{path}: extends: expected a style name or path")
    parent_path = (path.parent / parent_name) if parent_name.endswith(".toml") else resolve_path(parent_name)
    if not parent_path.is_file():
        raise StyleError(f"{path}: extends: no such style {parent_name!r}")
    merged = _merge(_load_chain(parent_path, (*seen, resolved)), data)
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


def _apply_override(raw: dict[str, Any], override: str) -> None:
    """``page.size=A5``: the value is read as TOML, or taken as a string if it is not TOML."""
    key, sep, text = override.partition("=")
    key = key.strip()
    if not sep or not key:
        raise StyleError(f"--set {override}: expected KEY=VALUE, e.g. page.size=A5")
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


def _build(raw: Mapping[str, Any], name: str, origin: str) -> Style:
    def need(table: Mapping[str, Any], key: str, where: str) -> Any:
        if key not in table:
            raise StyleError(f"{origin}: {where}{key}: missing")
        return table[key]

    page_raw = need(raw, "page", "")
    try:
        width, height = page_size(need(page_raw, "size", "page."))
    except ValueError as exc:
        raise StyleError(f"{origin}: page.size: {exc}") from None
    page = Page(size=page_raw["size"], width=width, height=height, **{k: need(page_raw, k, "page.") for k in _SCHEMA["page"] if k != "size"})
    if page.columns < 1:
        raise StyleError(f"{origin}: page.columns: expected at least 1")
    if page.margin_left + page.margin_right >= page.width or page.margin_top + page.margin_bottom >= page.height:
        raise StyleError(f"{origin}: page: the margins leave no room on a {page.size} page")

    fonts: dict[str, FontRole] = {}
    for key, spec in need(raw, "fonts", "").items():
        if "family" not in spec:
            raise StyleError(f"{origin}: fonts.{key}.family: missing")
        files = spec.get("files")
        if files is not None and set(files) != set(_SCHEMA["fonts"]["*"]["files"]):
            raise StyleError(f"{origin}: fonts.{key}.files: give regular, bold, italic and bold_italic")
        fonts[key] = FontRole(family=spec["family"], fallback=tuple(spec.get("fallback", ())), files=files)

    text_raw = need(raw, "text", "")
    base = need(text_raw, "base", "text.")
    text: dict[str, TextStyle] = {}
    for role in ROLES:
        merged = {**base, **text_raw.get(role, {})}
        values = {k: need(merged, k, f"text.{role}.") for k in _TEXT_KEYS}
        if values["font"] not in fonts:
            raise StyleError(f"{origin}: text.{role}.font: {values['font']!r} is not one of the [fonts] ({', '.join(fonts)})")
        if values["size"] <= 0 or values["leading"] <= 0:
            raise StyleError(f"{origin}: text.{role}: size and leading must be above 0")
        text[role] = TextStyle(**values)

    docx_fonts = dict(need(need(raw, "docx", ""), "fonts", "docx."))
    for key in {t.font for t in text.values()}:
        if key not in docx_fonts:
            raise StyleError(f"{origin}: docx.fonts.{key}: missing (the DOCX name for the {key} font)")

    def table(cls: type, key: str) -> Any:
        section = need(raw, key, "")
        return cls(**{k: need(section, k, f"{key}.") for k in _SCHEMA[key]})

    pdf = table(Pdf, "pdf")
    if pdf.cmyk_solid_black > 1:
        raise StyleError(f"{origin}: pdf.cmyk_solid_black: expected a share of black from 0 to 1, got {pdf.cmyk_solid_black!r}")

    return Style(
        name=name,
        description=str(raw.get("description", "")),
        origin=origin,
        page=page,
        fonts=fonts,
        docx_fonts=docx_fonts,
        epub=table(Epub, "epub"),
        separators=table(Separators, "separators"),
        embedding=table(Embedding, "embedding"),
        pdf=pdf,
        limits=table(Limits, "limits"),
        placeholder=table(Placeholder, "placeholder"),
        text=text,
    )


def check_style_fonts(style: Style) -> None:
    """Every family the style uses is installed, and the main ones set all of Vietnamese."""
    from convert import fonts
    from convert.fonts import FontError

    used = {t.font for t in style.text.values()}
    for key in sorted(used):
        try:
            family = style.family(key)
        except FontError as exc:
            raise StyleError(f"{style.origin}: fonts.{key}.family: {exc}") from None
        lacking = family.missing_vietnamese()
        if lacking:
            raise StyleError(
                f"{style.origin}: fonts.{key}.family: {family.name} lacks {len(lacking)} Vietnamese letters "
                f"({lacking[:12]}{'…' if len(lacking) > 12 else ''}); choose a family with full Vietnamese coverage"
            )
        for index, name in enumerate(style.fonts[key].fallback):
            try:
                fonts.family(name)
            except FontError as exc:
                raise StyleError(f"{style.origin}: fonts.{key}.fallback[{index}]: {exc}") from None


def describe(style: Style) -> dict[str, Any]:
    """The fully resolved style in the shape of a style file (for ``vnconv styles show``)."""
    from dataclasses import asdict

    page = {k: v for k, v in asdict(style.page).items() if k not in ("width", "height")}
    return {
        "description": style.description,
        "page": page,
        "fonts": {
            key: {"family": role.family, "fallback": list(role.fallback), **({"files": dict(role.files)} if role.files else {})}
            for key, role in style.fonts.items()
        },
        "docx": {"fonts": dict(style.docx_fonts)},
        "epub": asdict(style.epub),
        "separators": asdict(style.separators),
        "embedding": asdict(style.embedding),
        "pdf": asdict(style.pdf),
        "limits": asdict(style.limits),
        "placeholder": asdict(style.placeholder),
        "text": {role: asdict(text) for role, text in style.text.items()},
    }


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
    import json

    return json.dumps(str(value), ensure_ascii=False)
