"""MkDocs hooks (``mkdocs.yml``: ``hooks``): what the manual's pages take from the code.

A page asks for a generated part with an HTML comment on a line of its own, which this
hook replaces before the page is rendered:

- ``<!-- generated: style-keys -->``: every key of a style file, from the declarations
  (``manual.style_reference.reference``);
- ``<!-- generated: preset-changes -->``: what each shipped preset changes;
- ``<!-- generated: command-reference -->``: ``vnconv --help`` and every command's
  ``--help``, as the program prints them (the contexts ``manual.man`` makes pages of);
- ``<!-- generated: golden-case NAME -->``: ``tests/cases/NAME.txt`` as typed and
  ``NAME.outline`` as read (``vnconv parse --outline``, which ``tests/readers/test_cases.py``
  checks against the reader); ``<!-- generated: golden-case-list -->``: the names of all.

An unknown request is an error, so a typo fails ``mkdocs build --strict``. The bench's
table and CONTRIBUTING.md come in through pymdownx.snippets (``--8<--``).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # mkdocs loads this file by path, from its own script's folder
    sys.path.insert(0, str(ROOT))

from manual import man, style_reference  # noqa: E402

CASES = ROOT / "tests" / "cases"
_REQUEST = re.compile(r"^<!-- generated: ([a-z-]+)(?: ([\w.-]+))? -->$", re.MULTILINE)


def golden_case(name: str) -> str:
    """A golden pair of the reader's tests as two code blocks: as typed, as read."""
    typed = (CASES / f"{name}.txt").read_text(encoding="utf-8").rstrip("\n")
    read = (CASES / f"{name}.outline").read_text(encoding="utf-8").rstrip("\n")
    return (
        f"As typed (`tests/cases/{name}.txt`):\n\n```text\n{typed}\n```\n\n"
        f"As read (`vnconv parse --outline`):\n\n```text\n{read}\n```\n"
    )


def command_reference() -> str:
    """Each command's ``--help``, a section each, in the order of the man pages."""
    from convert.cli import cli

    parts = []
    for _, ctx in man.pages("vnconv", cli):
        parts.append(f"## `{ctx.command_path}`\n\n```text\n{ctx.command.get_help(ctx)}\n```\n")
    return "\n".join(parts)


def golden_case_list() -> str:
    """Every golden pair's name, so the page never leaves one out."""
    return ", ".join(f"`{path.stem}`" for path in sorted(CASES.glob("*.outline"))) + ".\n"


def generated(kind: str, argument: str | None) -> str:
    if kind == "style-keys":
        return style_reference.reference()
    if kind == "command-reference":
        return command_reference()
    if kind == "preset-changes":
        return style_reference.preset_changes()
    if kind == "golden-case-list":
        return golden_case_list()
    if kind == "golden-case" and argument:
        return golden_case(argument)
    raise ValueError(f"unknown request <!-- generated: {kind} {argument or ''} -->")


def expand(markdown: str) -> str:
    """The page with every request replaced by what it asks for."""
    return _REQUEST.sub(lambda match: generated(match[1], match[2]), markdown)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    return expand(markdown)
