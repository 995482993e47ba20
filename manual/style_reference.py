"""The manual's list of every style key, made from the style's own declarations.

A style section is a frozen dataclass (``convert.sections``): its fields are the keys,
their types what a value may be, and the comment on a field's line (or the ``#:`` lines
above it) says what it does. This module reads those three things, and the values of the
shipped presets, and writes them as Markdown; the manual's hook (``manual/hooks.py``)
puts the result into ``docs/style-keys.md`` on every build, so the page cannot drift
from the code: a new key is in the manual as soon as it is declared.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
import types
from collections.abc import Iterator, Mapping
from dataclasses import fields, is_dataclass
from typing import Any, Literal, Union, get_args, get_origin

from convert import styles
from convert.sections import DEFAULT_RANGE, FILE_FORM, RANGE, Color, Leading

#: How a value type reads in the table.
_NAMED: Mapping[object, str] = {
    bool: "`true` or `false`",
    int: "a whole number",
    float: "a number",
    str: "text",
    Color: 'a colour, `"#RRGGBB"`',
    Leading: 'a multiple of the size (`1.3`) or points (`"14pt"`)',
}


def describe_type(kind: object) -> str:
    """A value type as a person reads it: ``tuple[str, ...]`` is "a list of text"."""
    if kind in _NAMED:
        return _NAMED[kind]
    origin, args = get_origin(kind), get_args(kind)
    if origin is Literal:
        return "one of " + ", ".join(f'`"{a}"`' for a in args)
    if origin in (Union, types.UnionType):
        present = [a for a in args if a is not type(None)]
        return " or ".join(describe_type(a) for a in present) + " (may be left out)"
    if origin is tuple:
        return "a list of " + describe_type(args[0]).removeprefix("a ")
    if origin is not None and issubclass(origin, Mapping):
        return "a table of " + describe_type(args[1]).removeprefix("a ")
    if is_dataclass(kind):
        return f"a table ({kind.__name__})"  # type: ignore[union-attr]
    return f"`{kind}`"


def field_notes(cls: type) -> dict[str, str]:
    """What each field of ``cls`` does, from its source: the comment on its line, else
    the ``#:`` lines just above it (the house style of the settings modules)."""
    lines, _ = inspect.getsourcelines(cls)
    source = textwrap.dedent("".join(lines))
    text = source.splitlines()
    notes: dict[str, str] = {}
    for node in ast.parse(source).body[0].body:  # type: ignore[attr-defined]
        if not isinstance(node, ast.AnnAssign) or not isinstance(node.target, ast.Name):
            continue
        line = text[node.lineno - 1]
        before: list[str] = []
        row = node.lineno - 2
        while row >= 0 and text[row].strip().startswith("#:"):
            before.insert(0, text[row].strip()[2:].strip())
            row -= 1
        trailing = _trailing_comment(line)
        notes[node.target.id] = " ".join(part for part in (" ".join(before), trailing) if part)
    return notes


def _trailing_comment(line: str) -> str:
    """The comment ending a line of code (not a ``#`` inside a string), without ``type: ignore``."""
    quote: str | None = None
    for index, char in enumerate(line):
        if quote:
            quote = None if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "#":
            comment = line[index + 1 :].strip()
            return "" if comment.startswith("type:") else comment
    return ""


def _file_keys(cls: type) -> Iterator[tuple[str, object]]:
    """The keys of ``cls``'s table in a style file and their types (fields the loader works out are not keys)."""
    hints = inspect.get_annotations(cls, eval_str=True)
    for item in fields(cls):
        kind = item.metadata.get(FILE_FORM, hints.get(item.name))
        if kind is not None:
            yield item.name, kind


def _ranges(cls: type) -> dict[str, tuple[float, float]]:
    """The range each number field of ``cls`` must lie in (``convert.sections.number``)."""
    return {item.name: item.metadata.get(RANGE, DEFAULT_RANGE) for item in fields(cls)}


def _with_range(kind: object, bounds: tuple[float, float] | None) -> str:
    """The type in words, and for a number the range the loader holds it to."""
    words = describe_type(kind)
    if bounds is not None and kind in (int, float):
        words += f" from {bounds[0]:g} to {bounds[1]:g}"
    return words


def _shown(value: Any) -> str:
    """A default value as a style file writes it, in a table cell."""
    if value is None or value == {}:
        return ""
    if isinstance(value, Mapping):
        written = "{" + ", ".join(f"{k} = {styles.to_toml({'x': v}).partition('=')[2].strip()}" for k, v in value.items()) + "}"
    else:
        written = styles.to_toml({"x": value}).partition("=")[2].strip()
    return f"`{written.replace('|', '&#124;')}`"


def _row(key: str, kind: object, note: str, default: Any, bounds: tuple[float, float] | None = None) -> str:
    cells = [f"`{key}`", _with_range(kind, bounds), _shown(default), note.replace("|", "&#124;")]
    return "| " + " | ".join(cells) + " |"


def _table(cls: type, defaults: Mapping[str, Any]) -> list[str]:
    notes, ranges = field_notes(cls), _ranges(cls)
    out = ["| key | value | in `default` | what it does |", "| --- | --- | --- | --- |"]
    out += [_row(key, kind, notes.get(key, ""), defaults.get(key), ranges.get(key)) for key, kind in _file_keys(cls)]
    return out


def _where(cls: type) -> str:
    module = inspect.getmodule(cls)
    assert module is not None and module.__file__ is not None
    return f"`{cls.__name__}` in `{module.__name__.replace('.', '/')}.py`"


def reference() -> str:
    """Every table and key of a style file, section by section, in the order ``vnconv
    styles show`` prints them, with the default style's values."""
    default = styles.describe(styles.load(styles.DEFAULT, check_fonts=False))
    hints = inspect.get_annotations(styles.Style, eval_str=True)
    top = [(key, kind) for key, kind in _file_keys(styles.Style)]
    out = [
        "## The file itself",
        "",
        "| key | value | in `default` | what it does |",
        "| --- | --- | --- | --- |",
        _row("extends", str, "the style this one starts from, by name or path (every chain ends at `default`)", None),
    ]
    out += [_row(key, kind, field_notes(styles.Style).get(key, ""), default.get(key)) for key, kind in top if not _is_table(kind)]
    for key, kind in top:
        if not _is_table(kind):
            continue
        declared = hints[key]
        if is_dataclass(kind):
            out += ["", f"## `[{key}]`", "", _doc(kind), "", f"Declared by {_where(kind)}.", ""]  # type: ignore[arg-type]
            out += _table(kind, default.get(key, {}))  # type: ignore[arg-type]
        elif key == "fonts":
            role = get_args(declared)[1]
            out += ["", "## `[fonts.NAME]`", "", _doc(role), "", f"One table per font a text role names (`default` has "
                    + ", ".join(f"`{name}`" for name in default["fonts"]) + f"). Declared by {_where(role)}.", ""]
            out += _table(role, default["fonts"].get("serif", {}))
        elif key == "text":
            role = get_args(declared)[1]
            roles = ", ".join(f"`{name}`" for name in styles.ROLES)
            out += ["", "## `[text.ROLE]`", "", _doc(role), "", "`[text.base]` gives what every role starts from; a role's "
                    f"own table changes some of it. The roles: {roles}. Declared by {_where(role)}; the values below are "
                    "`default`'s `[text.body]`.", ""]
            out += _table(role, default["text"]["body"])
    return "\n".join(out) + "\n"


def _is_table(kind: object) -> bool:
    return is_dataclass(kind) or (get_origin(kind) is not None and issubclass(get_origin(kind), Mapping))  # type: ignore[arg-type]


def _doc(cls: type) -> str:
    """The section's docstring, its reStructuredText literals as Markdown's."""
    return inspect.cleandoc(cls.__doc__ or "").replace("``", "`")


def preset_changes() -> str:
    """What each shipped preset sets differently from ``default``, key by key."""
    default = _flat(styles.describe(styles.load(styles.DEFAULT, check_fonts=False)))
    out: list[str] = []
    for name in styles.available():
        if name == styles.DEFAULT:
            continue
        preset = styles.load(name, check_fonts=False)
        changed = {k: v for k, v in _flat(styles.describe(preset)).items() if default.get(k) != v and k != "description"}
        out += ["", f"### `{name}`", "", preset.description, "", "| key | `default` | `" + name + "` |", "| --- | --- | --- |"]
        out += [f"| `{key}` | {_shown(default.get(key))} | {_shown(value)} |" for key, value in changed.items()]
    return "\n".join(out).strip() + "\n"


def _flat(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, Mapping) and value:
            flat.update(_flat(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat
