"""The man pages: ``vnconv(1)`` and one page per command (``vnconv-pdf(1)``,
``vnconv-styles-show(1)``…), made from the Click commands by click-man, so they say
what ``--help`` says.

``python -m manual.man DIR`` writes them into DIR (``make install``: ``.venv/share/man/man1``,
where ``man vnconv`` finds them while ``.venv/bin`` is on PATH; ``make man``: ``build/man``).
The pages are written into a fresh folder beside DIR and moved in, so DIR never holds a
half-written page. The date in each page's header is ``SOURCE_DATE_EPOCH``'s when it is
set (the same pages from the same code), else today's.
"""

from __future__ import annotations

import inspect
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import click


def pages(name: str, command: click.Command, parent: click.Context | None = None) -> Iterator[tuple[str, click.Context]]:
    """(file name, context) of every page: the command's, then each visible subcommand's;
    the contexts as ``vnconv`` makes them (its settings), help 100 columns wide."""
    # 98: what --help prints in a terminal 100 columns wide (Click leaves two free)
    settings = {"terminal_width": 98, **command.context_settings} if parent is None else {}
    ctx = click.Context(command, info_name=name, parent=parent, **settings)
    yield f"{ctx.command_path.replace(' ', '-')}.1", ctx
    for sub_name, sub in getattr(command, "commands", {}).items():
        if not sub.hidden:
            yield from pages(sub_name, sub, ctx)


def page(ctx: click.Context, version: str, date: str) -> str:
    """One page, as click-man's ``generate_man_page`` makes it, but with Click's
    unwrapped paragraphs (``\\b``: the examples) kept as they are typed (``.nf``), and
    the epilog (the group's examples) after the description."""
    from click_man.man import ManPage

    command = ctx.command
    man = ManPage(ctx.command_path)
    man.version = version
    man.date = date
    man.short_help = command.get_short_help_str(limit=200)
    man.description = "\n\n".join(_roff(text) for text in (command.help, command.epilog) if text)
    man.synopsis = " ".join(command.collect_usage_pieces(ctx))
    man.options = [p.get_help_record(ctx) for p in command.params if isinstance(p, click.Option) and not p.hidden]
    commands = getattr(command, "commands", None)
    if commands:
        man.commands = [(name, sub.get_short_help_str()) for name, sub in commands.items() if not sub.hidden]
    return str(man)


def _roff(text: str) -> str:
    """A Click help text for a page: backslashes escaped, ``\\b`` paragraphs unfilled."""
    paragraphs = inspect.cleandoc(text).split("\n\n")
    out = []
    for paragraph in paragraphs:
        paragraph = paragraph.replace("\\", "\\e")
        if paragraph.startswith("\b\n"):
            paragraph = ".nf\n" + paragraph[2:] + "\n.fi"
        out.append(paragraph)
    return "\n\n".join(out)


def write(target: Path) -> list[Path]:
    """Write every page into ``target``; returns their paths."""
    from convert import __version__
    from convert.cli import cli

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    date = time.strftime("%Y-%m-%d", time.gmtime(int(epoch) if epoch else None))
    target.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".man-", dir=target.parent))
    try:
        written = []
        for file_name, ctx in pages("vnconv", cli):
            (staging / file_name).write_text(page(ctx, __version__, date), encoding="utf-8")
            written.append(target / file_name)
        for made in staging.iterdir():
            made.replace(target / made.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        sys.exit("usage: python -m manual.man DIR")
    written = write(Path(argv[0]))
    print(f"{len(written)} man pages in {argv[0]}: " + ", ".join(p.stem for p in written))


if __name__ == "__main__":
    main(sys.argv[1:])
