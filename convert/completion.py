"""What Tab completes for the options whose values vnconv knows: ``--style``, ``--to``,
``--scheduler`` and ``--encoding``.

Shell completion is Click's own (``_VNCONV_COMPLETE=bash_source vnconv`` prints the
script for bash, ``zsh_source`` and ``fish_source`` for the others; see the manual's
"Getting started"). Click completes commands and option names by itself; an option's
*value* it completes only where the option says how, which these functions do. Each is
called on every Tab press, so it imports only light modules (no writer, no font); and
as ``convert.cli`` imports this module for every command, nothing here is imported
before Tab is pressed.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import click
    from click.shell_completion import CompletionItem


def _item(value: str, kind: str = "plain") -> CompletionItem:
    """One completion (imported here: click.shell_completion loads only when Tab is pressed)."""
    from click.shell_completion import CompletionItem

    return CompletionItem(value, type=kind)


def styles(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The shipped presets (``vnconv styles``) and the ``.toml`` style files and folders
    the path typed so far leads to."""
    from convert.styles import available

    items = [_item(name) for name in available() if name.startswith(incomplete)]
    return items + _toml_files(incomplete)


def _toml_files(incomplete: str) -> list[CompletionItem]:
    """``.toml`` files whose path starts with ``incomplete``, and, once something is
    typed, the folders that may hold one (offered to the shell as folders to go on in)."""
    from pathlib import Path  # not before Tab is pressed: it imports urllib and ipaddress

    folder, slash, stem = incomplete.rpartition("/")
    prefix = folder + slash  # "" or "dir/" (or "/" itself), kept as typed
    try:
        entries = sorted(Path(os.path.expanduser(prefix) or ".").iterdir())
    except OSError:
        return []
    found = []
    for entry in entries:
        if not entry.name.startswith(stem) or (entry.name.startswith(".") and not stem.startswith(".")):
            continue
        if entry.is_dir() and incomplete:
            # "dir": the shell goes on completing in the folder (bash's own directory completion).
            found.append(_item(f"{prefix}{entry.name}/", "dir"))
        elif entry.suffix == ".toml" and entry.is_file():
            found.append(_item(f"{prefix}{entry.name}"))
    return found


def formats(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The output formats (``pdf``, ``docx``...): ``--to pdf,d`` completes the last one
    of the comma-separated list, leaving out those already given."""
    from convert.writers import FORMATS

    done, _, last = incomplete.rpartition(",")
    given = set(done.split(",")) if done else set()
    head = f"{done}," if done else ""
    return [_item(head + fmt) for fmt in sorted(FORMATS) if fmt.startswith(last) and fmt not in given]


def schedulers(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """``local:N`` for 1 to the number of CPUs, and the ``tcp://`` a scheduler's address begins with."""
    choices = [f"local:{count}" for count in range(1, (os.cpu_count() or 1) + 1)] + ["tcp://"]
    return [_item(choice) for choice in choices if choice.startswith(incomplete)]


def encodings(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The encodings vnconv reads Vietnamese in (``--encoding``), by their usual names."""
    from convert.encodings import known_names

    return [_item(name) for name in known_names().split(", ") if name.startswith(incomplete.lower())]
