"""The ``vnconv`` command line: arguments, messages and exit codes, nothing more.

Every failure a user can cause is one line on stderr, ``vnconv: error: FILE: reason``,
with exit status 1; usage mistakes are Click's usage message with status 2. A
traceback appears only for ``--debug`` (or ``VNCONV_DEBUG=1``), for bug reports.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import IO, Any, NoReturn

import click

from convert import __version__

EXAMPLES = """\b
Examples:
  vnconv parse bai.txt                     # the structure read, as JSON
  vnconv parse --outline bai.txt           # the same, as a tree
  cat bai.txt | vnconv parse -             # from standard input

\b
Set-up and tests: `make demo`, `make test` (see README.md).
"""


class Failure(click.ClickException):
    """A user-facing failure: printed as one ``vnconv: error:`` line, exit status 1."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"vnconv: error: {self.format_message()}", err=True)


def warn(name: str) -> Callable[[str], None]:
    def emit(message: str) -> None:
        click.echo(f"vnconv: warning: {name}: {message}", err=True)

    return emit


def _debug() -> bool:
    return os.environ.get("VNCONV_DEBUG", "") not in ("", "0")


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EXAMPLES,
)
@click.version_option(__version__, "-V", "--version", prog_name="vnconv")
@click.option("--debug", is_flag=True, help="Show a traceback on internal errors (or set VNCONV_DEBUG=1).")
def cli(debug: bool) -> None:
    """Convert plain-text Vietnamese news articles to DOCX, PDF and EPUB.

    An article is a .txt file: date line, headline, lead opening with the agency
    slug (LSO-, TTXVN -), body paragraphs, photo captions and the byline. vnconv
    reads it into a document model and renders it with embedded Vietnamese fonts.
    """
    if debug:
        os.environ["VNCONV_DEBUG"] = "1"


ENCODING = click.option(
    "--encoding",
    metavar="NAME",
    help="Read the input in this encoding (default: BOM, then UTF-8, then Windows-1258).",
)


@cli.command()
@click.argument("article", metavar="FILE|-")
@click.option("--outline", is_flag=True, help="Print a readable tree instead of JSON.")
@ENCODING
def parse(article: str, outline: bool, encoding: str | None) -> None:
    """Show the structure read from ARTICLE: the vnconv.article/1 JSON model.

    \b
    Examples:
      vnconv parse bai.txt > bai.json
      vnconv parse --outline bai.txt
    """
    from convert import io as vio
    from convert.model import to_json
    from convert.outline import outline as tree

    name = vio.display_name(article)
    try:
        model = vio.load_article(article, encoding=encoding, warn=warn(name))
    except vio.FileError as exc:
        raise Failure(str(exc)) from None
    text = tree(model) if outline else to_json(model) + "\n"
    sys.stdout.buffer.write(text.encode("utf-8"))


# --- the writer commands' shared machinery --------------------------------------------


def writer_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """-o, --style, --set and --encoding, the same on every writer command."""
    for option in reversed(
        [
            click.option(
                "-o",
                "--output",
                metavar="FILE|-",
                help="Where to write ('-' for standard output). Default: the input's name with the new extension, beside it.",
            ),
            click.option(
                "--style",
                "style_name",
                default="default",
                show_default=True,
                metavar="NAME|FILE",
                help="A style from `vnconv styles`, or a path to a .toml style sheet.",
            ),
            click.option(
                "--set",
                "overrides",
                multiple=True,
                metavar="KEY=VALUE",
                help="Override one style value, e.g. --set page.size=A5 (repeatable).",
            ),
            ENCODING,
        ]
    ):
        command = option(command)
    return command


def load_style(style_name: str, overrides: Sequence[str]) -> Any:
    from convert.styles import StyleError, load

    try:
        return load(style_name, overrides)
    except StyleError as exc:
        raise Failure(str(exc)) from None


def writer_options_object(**choices: Any) -> Any:
    from convert.writers import Options, source_date_epoch

    try:
        return Options(timestamp=source_date_epoch(), **choices)
    except ValueError as exc:
        raise Failure(str(exc)) from None


def convert_one(
    fmt: str,
    article: str,
    output: str | None,
    style_name: str,
    overrides: Sequence[str],
    encoding: str | None,
    **choices: Any,
) -> None:
    """Run one writer command: ARTICLE to OUTPUT (or the default name) in format FMT."""
    from convert import jobs

    style = load_style(style_name, overrides)
    options = writer_options_object(**choices)
    target = output if output is not None else jobs.default_output(article, fmt)
    if target == "-" and sys.stdout.isatty():
        raise Failure(f"refusing to write {fmt.upper()} to a terminal; use -o FILE or redirect the output")
    try:
        jobs.convert_file(fmt, article, target, style, options, encoding, warn(jobs.display_name(article)))
    except jobs.FileError as exc:
        raise Failure(str(exc)) from None


def convert_edition(
    articles: Sequence[str],
    output: str | None,
    style_name: str,
    overrides: Sequence[str],
    encoding: str | None,
    title: str | None,
) -> None:
    """ARTICLEs into one EPUB edition at OUTPUT (default: named after the first article)."""
    from convert import jobs

    style = load_style(style_name, overrides)
    options = writer_options_object()
    target = output if output is not None else jobs.default_output(articles[0], "epub")
    if target == "-" and sys.stdout.isatty():
        raise Failure("refusing to write EPUB to a terminal; use -o FILE or redirect the output")
    try:
        jobs.convert_edition(articles, target, style, options, encoding, warn, title)
    except jobs.FileError as exc:
        raise Failure(str(exc)) from None


# --- the writer commands -----------------------------------------------------------


@cli.command()
@click.argument("articles", metavar="ARTICLE...", nargs=-1, required=True)
@writer_options
@click.option("--title", metavar="TEXT", help="Make an edition with this title. Default title of several articles: 'Số ra ngày DD/MM/YYYY' from their dates.")
def epub(
    articles: tuple[str, ...],
    output: str | None,
    style_name: str,
    overrides: tuple[str, ...],
    encoding: str | None,
    title: str | None,
) -> None:
    """EPUB 3 of ARTICLE ('-' for standard input), with subset Vietnamese fonts.

    One article gives one book, named like the input (bai.txt → bai.epub).
    Several articles give one edition (a daily issue) whose contents page lists
    them in the order given; an edition is a new document, so name it with -o.
    --title makes an edition even of one article (for scripts).
    With SOURCE_DATE_EPOCH set, the same input gives the same bytes.

    \b
    Examples:
      vnconv epub bai.txt                                # bai.epub beside it
      cat bai.txt | vnconv epub - -o - > bai.epub        # standard input and output
      vnconv epub bai1.txt bai2.txt bai3.txt -o so.epub  # "Số ra ngày 17/08/2019"
      vnconv epub bai*.txt --title "Báo cuối tuần" -o cuoi-tuan.epub
    """
    if len(articles) == 1 and title is None:
        convert_one("epub", articles[0], output, style_name, overrides, encoding)
        return
    if output is None and len(articles) > 1:
        raise click.UsageError("several ARTICLEs make one edition: name its file with -o FILE.epub (or -o - for standard output)")
    if articles.count("-") > 1:
        raise click.UsageError("standard input ('-') can be read only once")
    convert_edition(articles, output, style_name, overrides, encoding, title)


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Entry point: run the group and turn every outcome into one exit status."""
    try:
        cli.main(args=argv, prog_name="vnconv", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("vnconv: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        # `vnconv parse x | head`: the reader left; that is not our error.
        sys.stderr.close()
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        if _debug():
            raise
        click.echo(
            f"vnconv: error: internal error: {type(exc).__name__}: {exc} "
            "(run with --debug for the traceback, and please report it)",
            err=True,
        )
        sys.exit(1)
    sys.exit(0)
