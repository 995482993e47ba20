"""The ``vnconv`` command line: arguments, messages and exit codes, nothing more.

Every failure a user can cause is one line on stderr, ``vnconv: error: FILE: reason``,
with exit status 1; usage mistakes are Click's usage message with status 2. A
traceback appears only for ``--debug`` (or ``VNCONV_DEBUG=1``), for bug reports.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import IO, TYPE_CHECKING, Any, Final, NoReturn, TypeVar

import click

from convert import __version__, completion, dataclass_code, regex_code, start
from convert.click_parser import ParsedHere

if TYPE_CHECKING:
    from convert.options import Options, PhotoFolder, Warn
    from convert.styles import Style

#: A command function, or a command, that a click decorator returns changed.
F = TypeVar("F", bound=Callable[..., object])
R = TypeVar("R")
Decorator = Callable[[F], F]

EXAMPLES = """\b
Examples:
  vnconv pdf bai.txt                       # bai.pdf beside bai.txt
  vnconv docx bai.txt --embed-fonts        # Word file carrying its fonts
  vnconv epub bai1.txt bai2.txt -o so.epub # one edition of several articles
  cat bai.txt | vnconv pdf - -o - > bai.pdf
  vnconv convert archive/ -O out/ -j 4     # every *.txt to PDF, DOCX and EPUB
  vnconv parse --outline bai.txt           # what the reader saw
  vnconv txt --encoding tcvn3 cu.txt       # an old ABC-font file as clean UTF-8
  vnconv styles                            # the shipped styles

\b
Set-up and tests: `make demo`, `make test` (see README.md); the manual: `make docs`, docs/*.md, `man vnconv`.
"""


class Failure(click.ClickException):
    """A user-facing failure: printed as one ``vnconv: error:`` line, exit status 1."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"vnconv: error: {one_line(self.format_message())}", err=True)


def one_line(message: str) -> str:
    """A message as one line, whatever a library put in it."""
    return " ".join(message.split())


def internal_error(name: str, exc: Exception, fmt: str | None = None) -> Failure:
    """An unexpected exception as a one-line error naming the file (a bug: please report it)."""
    where = f"internal error in the {fmt} writer" if fmt else "internal error"
    return Failure(f"{name}: {where}: {type(exc).__name__}: {exc} (run with --debug for the traceback, and please report it)")


def warn_line(message: str) -> None:
    """A warning about no one file in particular (it names what it is about)."""
    click.echo(f"vnconv: warning: {one_line(message)}", err=True)


def warn(name: str) -> Warn:
    def emit(message: str) -> None:
        click.echo(f"vnconv: warning: {name}: {message}", err=True)

    return emit


def _debug() -> bool:
    return os.environ.get("VNCONV_DEBUG", "") not in ("", "0")


# --- what every command shares --------------------------------------------------------


@dataclass
class Session:
    """What the commands share, as click's context object: the group's ``--debug`` and
    the ``--style``, ``--set`` and ``--encoding`` a command was given. The options
    store themselves here (``_keep``), so commands and helpers take the session
    instead of passing the three along."""

    style_name: str = "default"
    overrides: tuple[str, ...] = ()
    encoding: str | None = None
    strict_glyphs: bool = False
    photos_dir: str | None = None
    keep_photo_metadata: bool = False
    depfile: str | None = None
    debug: bool = field(default_factory=_debug)

    def style(self, name: str | None = None, check_fonts: bool = True) -> Style:
        """The style (``name``, else ``--style``) with the ``--set`` overrides; a bad one is a Failure."""
        from convert.styles import StyleError, load

        try:
            return load(self.style_name if name is None else name, self.overrides, check_fonts)
        except StyleError as exc:
            raise Failure(str(exc)) from None

    @staticmethod
    def check_page(style: Style, formats: Sequence[str]) -> None:
        """A style whose page cannot hold the text, refused once before any input is read
        (for the formats that have pages): ``vnconv: error: style: ...``."""
        from convert.styles import StyleError
        from convert.writers.shared import PAGED_FORMATS, check_page

        if PAGED_FORMATS.intersection(formats):
            try:
                check_page(style)
            except StyleError as exc:
                raise Failure(str(exc)) from None

    def photos(self, one_article: bool = True) -> PhotoFolder | None:
        """``--photos DIR``, if given (``one_article``: DIR may be the one article's own folder)."""
        from convert.options import PhotoFolder

        return PhotoFolder(self.photos_dir, one_article) if self.photos_dir is not None else None

    def options(self, wanted: Options | None = None, one_article: bool = True) -> Options:
        """The writer options a command asked for, dated by ``SOURCE_DATE_EPOCH``, with
        ``--photos``, ``--keep-photo-metadata`` and ``--strict-glyphs``."""
        from convert.options import Options
        from convert.writers.shared import source_date_epoch

        try:
            return replace(
                wanted if wanted is not None else Options(),
                timestamp=source_date_epoch(),
                strict_glyphs=self.strict_glyphs,
                photos=self.photos(one_article),
                keep_photo_metadata=self.keep_photo_metadata,
            )
        except ValueError as exc:
            raise Failure(str(exc)) from None

    def convert_one(self, fmt: str, article: str, output: str | None, wanted: Options | None = None) -> None:
        """Run one writer command: ARTICLE to OUTPUT (or the default name) in format FMT."""
        from convert import jobs

        def convert(target: str, style: Style, options: Options) -> list[str]:
            return jobs.convert_file(fmt, article, target, style, options, self.encoding, warn(jobs.display_name(article)))

        self.write(fmt, article, output, convert, wanted)

    def convert_edition(self, articles: Sequence[str], output: str | None, title: str | None) -> None:
        """ARTICLEs into one EPUB edition at OUTPUT (default: named after the first article)."""
        from convert import jobs

        def convert(target: str, style: Style, options: Options) -> list[str]:
            return jobs.convert_edition(articles, target, style, options, self.encoding, warn, title)

        self.write("epub", articles[0], output, convert, one_article=len(articles) == 1)

    def write(
        self,
        fmt: str,
        first_input: str,
        output: str | None,
        convert: Callable[[str, Style, Options], list[str]],
        wanted: Options | None = None,
        one_article: bool = True,
    ) -> None:
        """What every writer command does around ``convert(target, style, options)``:
        the style, the options, the output's name, every failure as one line, and the
        ``--depfile`` (written once the output is)."""
        from convert import jobs
        from convert.depfile import write_depfile

        style = self.style()
        self.check_page(style, (fmt,))
        options = self.options(wanted, one_article)
        if output is None or is_directory(output):  # like cp: an existing directory takes the default name
            target = jobs.default_output(first_input, fmt, outdir=output)
        else:
            target = output
        if target == "-" and sys.stdout.isatty() and fmt != "txt":  # plain text is fit for a terminal
            raise Failure(f"refusing to write {fmt.upper()} to a terminal; use -o FILE or redirect the output")
        if self.depfile is not None and target == "-":
            raise click.UsageError("--depfile names the output in a make rule: give the output a name with -o FILE")
        try:
            dependencies = convert(target, style, options)
            if self.depfile is not None:
                write_depfile(self.depfile, target, dependencies)
        except jobs.FileError as exc:
            raise Failure(str(exc)) from None
        except BrokenPipeError:
            raise  # `vnconv pdf x -o - | true`: the reader left, not a writer's bug (see _run)
        except Exception as exc:  # noqa: BLE001 - a bug in a writer is still an error about this file
            if self.debug:
                raise
            raise internal_error(jobs.display_name(first_input), exc, fmt) from None


pass_session = click.make_pass_decorator(Session, ensure=True)


# --- commands made when asked for -------------------------------------------------------
# A command's options are objects Click makes as its decorators are applied: making all
# of vnconv's (some 60 options, 13 commands) took about 1 ms of every command's start,
# which runs one. So a command of ``cli`` (and of its groups ``styles`` and ``server``)
# is made the first time it is looked up (``Commands``), from its function and the
# ``option``/``argument`` decorators recorded on it: ``vnconv pdf`` makes ``pdf`` only;
# ``--help``, completion and an unknown command's suggestions make them all.


def _deferred(decorator: Decorator) -> Decorator:
    """Click's parameter decorator, recorded on the function and applied when its command
    is made (``Commands.command``), in the order the decorators were applied."""

    def record(command: F) -> F:
        command.__dict__.setdefault("_vnconv_params", []).append(decorator)
        return command

    return record


def option(*param_decls: str, **attrs: Any) -> Decorator:
    """``click.option``, for a command of a ``Commands`` group (made when asked for)."""
    return _deferred(click.option(*param_decls, **attrs))


def argument(*param_decls: str, **attrs: Any) -> Decorator:
    """``click.argument``, for a command of a ``Commands`` group (made when asked for)."""
    return _deferred(click.argument(*param_decls, **attrs))


class Commands(ParsedHere, click.Group):
    """A group whose commands are made the first time they are looked up (see above);
    ``commands`` makes all of them, for what reads it (the manual's generators)."""

    group_class = type  # its groups are ``Commands`` too
    command_class = ParsedHere

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._makers: dict[str, Callable[[], click.Command]] = {}
        self._order: list[str] = []
        super().__init__(*args, **kwargs)

    @property  # type: ignore[override]
    def commands(self) -> dict[str, click.Command]:
        for name in list(self._makers):
            self._make(name)
        if list(self._made) != self._order:  # in the order they were declared, as Click keeps them
            self._made = {name: self._made[name] for name in self._order}
        return self._made

    @commands.setter
    def commands(self, value: dict[str, click.Command]) -> None:
        self._made = value

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:  # type: ignore[override]
        """``click.Group.command``, kept to be made when first asked for (a name given,
        or the function's, as Click would name it: vnconv's are one word)."""
        name = args[0] if args else kwargs.get("name")

        def decorator(function: Callable[..., Any]) -> Callable[..., Any]:
            def make() -> click.Command:
                for param in function.__dict__.pop("_vnconv_params", ()):
                    param(function)
                return click.Group.command(self, *args, **kwargs)(function)

            self._makers[name or function.__name__] = make
            self._order.append(name or function.__name__)
            return function

        return decorator

    def _make(self, name: str) -> None:
        command = self._makers[name]()
        if command.name != name:  # Click named it otherwise (a suffix it drops: _command...)
            raise AssertionError(f"command {command.name!r} was registered as {name!r}")

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        name = name or cmd.name
        if name is None:
            raise TypeError("Command has no name.")
        self._makers.pop(name, None)
        self._made[name] = cmd
        if name not in self._order:
            self._order.append(name)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self._makers:
            self._make(cmd_name)
        return self._made.get(cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self._made, *self._makers})


def is_directory(output: str) -> bool:
    """Whether ``-o`` names an existing directory (standard output never does)."""
    return output != "-" and os.path.isdir(output)


def one_article(command: str, articles: Sequence[str]) -> str:
    """The one ARTICLE of ``vnconv pdf``/``docx``/``txt``; several get a usage error that
    says how to convert them (``vnconv convert``)."""
    if len(articles) > 1:
        import shlex

        shown = " ".join(shlex.quote(a) for a in articles[:3]) + (" ..." if len(articles) > 3 else "")
        raise click.UsageError(f"{command} converts one ARTICLE; for several, use: vnconv convert {shown} --to {command}")
    return articles[0]


def _local(ctx: click.Context, param: click.Parameter, value: object) -> object:
    """A path argument or option with ``file://`` URLs as plain paths (``convert.io.local_path``)."""
    from convert.io import local_path

    if isinstance(value, str):
        return local_path(value)
    if isinstance(value, tuple):
        return tuple(local_path(item) if isinstance(item, str) else item for item in value)
    return value


class LocalPath(click.Path):
    """``click.Path``, a ``file://`` URL taken as the path it names."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from convert.io import local_path

        return super().convert(local_path(value) if isinstance(value, str) else value, param, ctx)


def _keep(ctx: click.Context, param: click.Parameter, value: object) -> None:
    """An option's value, stored in the session under the option's name."""
    assert param.name is not None
    setattr(ctx.ensure_object(Session), param.name, value)


def style_option(help_text: str = "A style from `vnconv styles`, or a path to a .toml style sheet.") -> Decorator:
    return option(
        "--style", "style_name", default="default", show_default=True, metavar="NAME|FILE", help=help_text, expose_value=False, callback=_keep,
        shell_complete=completion.styles,
    )


def set_option(help_text: str = "Override one style value, e.g. --set page.size=A5 (repeatable).") -> Decorator:
    return option("--set", "overrides", multiple=True, metavar="KEY=VALUE", help=help_text, expose_value=False, callback=_keep)


def _keep_encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """``--encoding``, kept in the session once checked: an unknown name is one error
    line before any file is read."""
    if value is not None:
        from convert.encodings import known_names, usual_name

        try:
            usual_name(value)
        except LookupError:
            raise Failure(f"--encoding: unknown encoding {value!r} (known: {known_names()}, or any Python codec name)") from None
    _keep(ctx, param, value)


ENCODING = option(
    "--encoding",
    metavar="NAME",
    shell_complete=completion.encodings,
    help="Read the input in this encoding: utf-8, windows-1258, tcvn3 (ABC fonts), vni, viscii, vps, tcvn5712-1, "
    "or any Python codec; utf-8:replace reads damaged UTF-8 bytes as � (with a warning), where utf-8 refuses them. "
    "Default: detected (BOM, UTF-8 with mojibake repaired or a few damaged bytes shown as �, UTF-16, else the "
    "legacy table that reads it as Vietnamese best, with a warning).",
    expose_value=False,
    callback=_keep_encoding,
)

STRICT_GLYPHS = option(
    "--strict-glyphs",
    is_flag=True,
    help="Refuse text no embedded font can show (CJK, Arabic...) instead of warning; "
    "without it the PDF draws such a character as \ufffd and keeps it in its text layer.",
    expose_value=False,
    callback=_keep,
)

OUTPUT = option(
    "-o",
    "--output",
    metavar="FILE|DIR|-",
    help="Where to write ('-' for standard output; an existing DIR: DIR/<name>.<format>, as cp does). "
    "Default: the input's name with the new extension, beside it.",
    callback=_local,
)


PHOTOS = option(
    "--photos",
    "photos_dir",
    metavar="DIR",
    type=LocalPath(exists=True, file_okay=False),
    help="Look for photos in DIR instead of beside the article: DIR/bai.jpg, DIR/bai-1.jpg, DIR/bai/... "
    "With one article, DIR may also be that article's own folder of photos.",
    expose_value=False,
    callback=_keep,
)

KEEP_PHOTO_METADATA = option(
    "--keep-photo-metadata",
    is_flag=True,
    help="Keep the photos' EXIF, GPS position, XMP and comments (stripped by default: they tell where a photo was taken).",
    expose_value=False,
    callback=_keep,
)

DEPFILE = option(
    "--depfile",
    metavar="FILE",
    help="Also write a make rule to FILE: the output and what it was made from (the article, its photos), like cc -MD.",
    expose_value=False,
    callback=_keep,
)


def writer_options(command: F) -> F:
    """-o, --style, --set, --encoding, --strict-glyphs and the photo and depfile options, the same on every writer command."""
    for option in reversed([OUTPUT, style_option(), set_option(), ENCODING, STRICT_GLYPHS, PHOTOS, KEEP_PHOTO_METADATA, DEPFILE]):
        command = option(command)
    return command


@click.group(
    cls=Commands,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EXAMPLES,
)
@click.version_option(__version__, "-V", "--version", prog_name="vnconv")
@click.option("--debug", is_flag=True, help="Show a traceback on internal errors (or set VNCONV_DEBUG=1).")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Convert plain-text Vietnamese news articles to DOCX, PDF and EPUB.

    An article is a .txt file: date line, headline, lead opening with the agency
    slug (LSO-, TTXVN -), body paragraphs, photo captions and the byline. vnconv
    reads it into a document model and renders it with embedded Vietnamese fonts.
    """
    if debug:
        os.environ["VNCONV_DEBUG"] = "1"  # for worker processes too
    ctx.obj = Session(debug=debug or _debug())


# --- commands ---------------------------------------------------------------------------


@cli.command(short_help="Show the structure read from an article, as JSON or a tree.")
@argument("article", metavar="ARTICLE|-", callback=_local)
@option("--outline", is_flag=True, help="Print a readable tree instead of JSON.")
@option("--explain", is_flag=True, help="Print each part with its lines and the rule that decided it.")
@set_option("Override a style value, e.g. --set limits.max_input_mb=100.")
@ENCODING
@PHOTOS
@pass_session
def parse(session: Session, article: str, outline: bool, explain: bool) -> None:
    """Show the structure read from ARTICLE: the vnconv.article JSON model.

    --outline prints it as a tree; --explain prints each part, the lines it came
    from and the rule that decided it (`caption: ends with a photo credit`), to
    see why the reader read a file as it did: fix the file (or give the part in
    a --- header at its top, see the manual, docs/reader.md), or report the case.

    Each caption's photo (found beside the article, or in --photos DIR) is shown
    relative to the article's folder, as a JSON model saved beside it reads it.

    \b
    Examples:
      vnconv parse bai.txt > bai.json
      vnconv parse --outline bai.txt
      vnconv parse --explain bai.txt
    """
    from convert import jobs

    if outline and explain:
        raise click.UsageError("--outline and --explain: choose one")
    view: jobs.View = "explain" if explain else "outline" if outline else "json"
    style = session.style("default", check_fonts=False)
    try:
        text = jobs.describe(article, view, style, session.encoding, warn(jobs.display_name(article)), session.photos())
    except jobs.FileError as exc:
        raise Failure(str(exc)) from None
    from convert.io import write_all

    write_all(sys.stdout.buffer, text.encode("utf-8"))


@cli.group(invoke_without_command=True, short_help="List the shipped styles, or show one in full.")
@click.pass_context
def styles(ctx: click.Context) -> None:
    """List the shipped styles, one line each; `styles show NAME` prints one in full.

    \b
    Examples:
      vnconv styles
      vnconv styles show newspaper > my-paper.toml   # a starting point for your own
      vnconv pdf bai.txt --style my-paper.toml
    """
    if ctx.invoked_subcommand is not None:
        return
    from convert import styles as stylesheets

    shipped = stylesheets.available()
    width = max(map(len, shipped), default=0)
    for name in shipped:
        try:
            description = stylesheets.load(name, check_fonts=False).description
        except stylesheets.StyleError as exc:
            description = f"(broken: {exc})"
        click.echo(f"{name:<{width}}  {description}")


@styles.command("show", short_help="Print one style in full, as TOML.")
@argument("name", metavar="NAME|FILE", default="default", shell_complete=completion.styles)
@set_option("Apply an override first (repeatable).")
@pass_session
def styles_show(session: Session, name: str) -> None:
    """Print the fully resolved style NAME (after `extends` and --set) as TOML."""
    from convert import styles as stylesheets

    style = session.style(name)
    click.echo(f"# {style.name}: resolved from {style.origin}\n")
    click.echo(stylesheets.to_toml(stylesheets.describe(style)))


@cli.command(short_help="Render a print-ready PDF with embedded Vietnamese fonts.")
@argument("articles", metavar="ARTICLE|-", nargs=-1, required=True, callback=_local)
@writer_options
@option(
    "--bleed",
    type=click.FloatRange(0, 50),
    default=0.0,
    metavar="MM",
    help="Grow each page by MM on every side for the print shop; TrimBox and BleedBox are set.",
)
@option("--crop-marks", is_flag=True, help="Draw trim marks, in registration colour, outside the trimmed page.")
@option("--cmyk", is_flag=True, help="Every colour in CMYK (greys as black ink only), enforced.")
@option(
    "--pdfx",
    is_flag=True,
    help=(
        "PDF/X-1a:2001 for the printer (implies --cmyk): output intent for the style's pdf.output_condition (FOGRA39), "
        "TrimBox on every page. Still tagged (PDF 1.3 has logical structure), but claims no PDF/UA, which is based on PDF 1.7."
    ),
)
@pass_session
def pdf(session: Session, articles: tuple[str, ...], output: str | None, bleed: float, crop_marks: bool, cmyk: bool, pdfx: bool) -> None:
    """Render ARTICLE as a print-ready PDF with embedded, subset Vietnamese fonts.

    Headline, dateline and source, lead, justified body, subheadings, lists, tables,
    quotations, interviews, figures (each caption under its photo, found beside the
    article, or under a framed placeholder), byline; "Trang N/M" in the footer and
    the headline as a running header from page 2. Tagged for screen readers (PDF/UA-1,
    see the manual, docs/accessibility.md). With SOURCE_DATE_EPOCH set, the same input
    gives the same bytes. For the press: --bleed, --crop-marks, --cmyk and --pdfx
    (PDF/X-1a:2001, see docs/print-shops.md).

    \b
    Examples:
      vnconv pdf bai.txt                         # writes bai.pdf beside it
      vnconv pdf bai.txt -o - > bai.pdf          # to standard output
      vnconv pdf --style newspaper bai.txt       # A3, three columns (see `vnconv styles`)
      vnconv pdf --style nd30 bai.txt            # Decree 30/2020 administrative layout
      vnconv pdf --set page.size=A5 bai.txt      # one style value changed
      vnconv pdf --bleed 3 --crop-marks --cmyk bai.txt   # for the print shop
      vnconv pdf --pdfx --bleed 3 bai.txt                # PDF/X-1a:2001, FOGRA39
    """
    from convert.options import Options

    options = Options(bleed=bleed, crop_marks=crop_marks, cmyk=cmyk or pdfx, pdfx=pdfx)
    session.convert_one("pdf", one_article("pdf", articles), output, options)


#: ``--embed-fonts[=full|subset]``: whole faces (the default), or the characters used.
EMBED_FONTS: Final = ("full", "subset")


class _OptionalValueCommand(ParsedHere):
    """``--embed-fonts`` followed by an article (``--embed-fonts bai.txt``) means
    ``--embed-fonts=full bai.txt``: Click would take the article for the value."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        end = args.index("--") if "--" in args else len(args)
        args = [
            "--embed-fonts=full" if i < end and arg == "--embed-fonts" and (i + 1 == end or args[i + 1] not in EMBED_FONTS) else arg
            for i, arg in enumerate(args)
        ]
        return super().parse_args(ctx, args)


@cli.command(cls=_OptionalValueCommand, short_help="Write a Word file whose paragraph styles carry the structure.")
@argument("articles", metavar="ARTICLE|-", nargs=-1, required=True, callback=_local)
@writer_options
@option(
    "--embed-fonts",
    type=click.Choice(EMBED_FONTS),
    is_flag=False,
    flag_value="full",
    default=None,
    help="Embed the style's fonts: whole faces, editable anywhere (about 130-280 kB a face); "
    "=subset: only the characters used (a few kB a face, under names of their own).",
)
@pass_session
def docx(session: Session, articles: tuple[str, ...], output: str | None, embed_fonts: str | None) -> None:
    """Write ARTICLE as a Word file whose paragraph styles carry the structure.

    \b
    Examples:
      vnconv docx bai.txt                      # bai.docx beside it
      vnconv docx bai.txt --embed-fonts -o bai-fonts.docx
      vnconv docx bai.txt --embed-fonts=subset  # smaller: only the letters used
      vnconv docx bai.txt --set page.size=A5 -o - > bai.docx
    """
    from convert.options import Options

    options = Options(embed_fonts=embed_fonts is not None, subset_fonts=embed_fonts == "subset")
    session.convert_one("docx", one_article("docx", articles), output, options)


@cli.command(short_help="Write the article as clean UTF-8 plain text (cleans legacy archives).")
@argument("articles", metavar="ARTICLE|-", nargs=-1, required=True, callback=_local)
@OUTPUT
@set_option("Override a style value, e.g. --set limits.max_input_mb=100.")
@ENCODING
@DEPFILE
@pass_session
def txt(session: Session, articles: tuple[str, ...], output: str | None) -> None:
    """Write ARTICLE as clean plain text: UTF-8, NFC, LF line ends, in the layout vnconv reads.

    Cleans an old archive file once: TCVN3 (ABC), VNI, VISCII, VPS and mojibake come
    out as Unicode (see --encoding), and reading the output gives the same article.
    Plain text has no typography, fonts or photos, so it takes no --style, no
    --strict-glyphs and no photo options.

    \b
    Examples:
      vnconv txt bai.txt                       # bai.utf8.txt beside it
      vnconv txt --encoding tcvn3 bai.txt -o -  # to standard output
      vnconv convert archive/ --to txt -O sach/  # a whole folder
    """
    session.convert_one("txt", one_article("txt", articles), output)


@cli.command(short_help="Write an EPUB 3 book, or one edition of several articles.")
@argument("articles", metavar="ARTICLE...", nargs=-1, required=True, callback=_local)
@writer_options
@option("--title", metavar="TEXT", help="Make an edition with this title. Default title of several articles: 'Số ra ngày DD/MM/YYYY' from their dates.")
@pass_session
def epub(session: Session, articles: tuple[str, ...], output: str | None, title: str | None) -> None:
    """Write ARTICLE as an EPUB 3 book with subset Vietnamese fonts, or several as one edition.

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
        session.convert_one("epub", articles[0], output)
        return
    if (output is None or is_directory(output)) and len(articles) > 1:
        raise click.UsageError("several ARTICLEs make one edition: name its file with -o FILE.epub (or -o - for standard output)")
    if articles.count("-") > 1:
        raise click.UsageError("standard input ('-') can be read only once")
    session.convert_edition(articles, output, title)


def _formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    from convert.writers import FORMATS

    chosen = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if not chosen or unknown:
        raise click.BadParameter(f"{', '.join(unknown) or value!r}: choose from {', '.join(sorted(FORMATS))}")
    return chosen


#: ``--scheduler local:N`` starts at most this many worker processes per CPU: the conversion is
#: CPU-bound, and each worker costs memory (a process, its fonts) and start-up time.
LOCAL_WORKERS_PER_CPU = 4


def _scheduler(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``local:N`` or a scheduler's address (tcp://HOST:PORT, tls://…); empty means none."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    kind, _, count = value.partition(":")
    if kind == "local" and not (count.isdigit() and int(count) >= 1):
        raise click.BadParameter(f"{value!r}: local:N needs a number of worker processes, e.g. local:4")
    if kind == "local" and int(count) > LOCAL_WORKERS_PER_CPU * (os.cpu_count() or 1):
        capped = f"local:{LOCAL_WORKERS_PER_CPU * (os.cpu_count() or 1)}"
        click.echo(f"vnconv: warning: --scheduler {value}: more workers than {LOCAL_WORKERS_PER_CPU} per CPU; using {capped}", err=True)
        return capped
    if kind != "local" and ":" not in value:
        raise click.BadParameter(f"{value!r}: give tcp://HOST:PORT (e.g. tcp://10.0.0.5:8786) or local:N")
    return value


@cli.command("convert", short_help="Convert files and folders to several formats, in parallel.")
@argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@option(
    "-t",
    "--to",
    "formats",
    default="pdf,docx,epub",
    show_default=True,
    callback=_formats,
    shell_complete=completion.formats,
    metavar="FORMATS",
    help="Formats to write, comma-separated (pdf, docx, epub, json, txt).",
)
@option(
    "-O",
    "--outdir",
    metavar="DIR",
    help="Write the outputs into DIR, keeping the folders found below a directory INPUT (default: beside each input).",
)
@option(
    "-j",
    "--jobs",
    "workers",
    type=click.IntRange(min=1),
    metavar="N",
    help="Worker processes (default: the number of CPUs).",
)
@option("-k", "--keep-going", is_flag=True, help="After a failure, convert the rest anyway.")
@option(
    "-u",
    "--update",
    is_flag=True,
    help="Skip articles whose outputs all exist and are newer than the article and its photos (make's rule): "
    "run a batch again to finish it.",
)
@option(
    "--prerequisite",
    "prerequisites",
    multiple=True,
    metavar="FILE",
    help="With --update: also remake the outputs older than FILE, which every article then depends on "
    "(as a style stamp in samples/Makefile; repeatable).",
)
@option(
    "--report",
    "report_path",
    metavar="FILE",
    help="Append one JSON line per article to FILE: input, outputs, status (ok, failed, skipped), reason, warnings, seconds.",
)
@option(
    "--scheduler",
    envvar="DASK_SCHEDULER_ADDRESS",
    callback=_scheduler,
    shell_complete=completion.schedulers,
    metavar="ADDRESS",
    help="Run on a Dask cluster: tcp://HOST:8786, or local:N for N local processes "
    "(default: $DASK_SCHEDULER_ADDRESS; needs pip install 'vnconv[dask]').",
)
@option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line; errors only.")
@style_option("Style for every output.")
@set_option("Override one style value (repeatable).")
@ENCODING
@STRICT_GLYPHS
@PHOTOS
@KEEP_PHOTO_METADATA
@option(
    "--depfile",
    "batch_depfile",
    metavar="FILE",
    help="Also write a make rule to FILE naming an article's outputs and what they are made from (its photos); "
    "with several articles, one FILE each: {name} in FILE is the article's name (-O out --depfile 'out/{name}.d'). "
    "Written for each article converted or up to date, none for one that failed; "
    "--update also remakes an article whose last depfile names a photo since deleted.",
)
@pass_session
def convert_command(
    session: Session,
    inputs: tuple[str, ...],
    formats: tuple[str, ...],
    outdir: str | None,
    workers: int | None,
    keep_going: bool,
    update: bool,
    prerequisites: tuple[str, ...],
    report_path: str | None,
    scheduler: str | None,
    quiet: bool,
    batch_depfile: str | None,
) -> None:
    """Convert many articles to several formats at once, in parallel.

    An INPUT is a file, '-' for standard input, a directory (all its *.txt files,
    recursively, but for a NAME.utf8.txt beside its NAME.txt: that article's --to txt
    output), or a URL (s3://bucket/arch/, with fsspec's backend installed).
    Each output is beside its input, or with -O in OUTDIR: a file named directly as
    OUTDIR/<name>.<format>, one found in a directory at the same place below OUTDIR
    (arch/2019/08/bai.txt -> OUTDIR/2019/08/bai.pdf). Outputs that would collide stop
    the batch before anything is written; every file is written whole or not at all,
    so Ctrl-C or a dead worker leaves no partial file.

    \b
    Examples:
      vnconv convert archive/ --to pdf,epub -O out/
      vnconv convert archive/ -O out/ --update --report batch.jsonl   # resume
      vnconv convert *.txt -j 4 --keep-going
      vnconv convert s3://bucket/arch/ -O s3://bucket/out/ --scheduler tcp://sched:8786
      cat bai.txt | vnconv convert - --to docx -O out/
    """
    from convert import batch
    from convert.batch.signals import stop_on_signals
    from convert.jobs import limit_bytes

    if scheduler is not None and workers is not None:
        raise click.UsageError("-j is the local pool's size; with --scheduler the cluster has its own workers")
    style = session.style()
    session.check_page(style, formats)
    one_article = len(inputs) == 1 and inputs[0] != "-" and not os.path.isdir(inputs[0])
    context = batch.Context(style, session.options(one_article=one_article), session.encoding)
    # One byte past the limit is enough for the job to refuse it; more is never read.
    stdin = sys.stdin.buffer.read(limit_bytes(style) + 1) if "-" in inputs else None
    try:
        planned = batch.plan(inputs, formats, outdir, stdin, context.options.photos, warn=warn_line)
        if scheduler is not None and any(target == "-" for job in planned for _, target in job.outputs):
            raise batch.PlanError("a cluster cannot write to standard output: give -O OUTDIR")
        runner = batch.executor(scheduler, workers or os.cpu_count() or 1, _debug())
        depfiles = _batch_depfiles(batch_depfile, planned)
        if prerequisites or (update and depfiles):
            planned = _with_prerequisites(planned, prerequisites, update, depfiles)
        report = batch.ReportFile(report_path) if report_path is not None else None
    except (batch.PlanError, batch.ExecutorError, batch.ReportError) as exc:
        raise Failure(str(exc)) from None
    if len(planned) > 1:
        gc.enable()  # main paused it for a short command, as one article is; a batch may run for hours
    bar = None
    if not quiet and sys.stderr.isatty() and len(planned) > 1:  # one article, as in a make rule, has none
        from convert.progress import Progress

        bar = Progress(len(planned))

    def on_outcome(outcome: batch.Outcome) -> None:
        if bar is not None:
            bar.clear()
        for line in outcome.warnings:
            click.echo(f"vnconv: warning: {one_line(line)}", err=True)
        for line in outcome.errors:
            click.echo(f"vnconv: error: {one_line(line)}", err=True)
        if report is not None:
            report.write(outcome)
        if outcome.input in depfiles and outcome.status != "failed":
            from convert.depfile import refresh_depfile

            path, targets, dependencies = depfiles[outcome.input]
            refresh_depfile(path, targets, dependencies)
        if bar is not None:
            bar.advance()

    try:
        with stop_on_signals():
            summary = batch.run(planned, context, runner, keep_going, update, on_outcome)
    except (batch.ExecutorError, batch.ReportError) as exc:
        raise Failure(str(exc)) from None
    finally:
        if report is not None:
            report.close()
    if bar is not None:
        bar.finish()
    if not quiet:
        click.echo(
            f"vnconv: converted {summary.converted} of {len(planned)} article(s) to {summary.files} file(s)"
            + (f", {summary.skipped} skipped (up to date)" if summary.skipped else "")
            + (f", {summary.failed} failed" if summary.failed else "")
            + (f", {summary.not_attempted} not attempted" if summary.not_attempted else "")
            + f" in {summary.seconds:.2f} s ({summary.rate:.1f} articles/s)",
            err=True,
        )
    if summary.failed:
        sys.exit(1)


def _batch_depfiles(template: str | None, planned: Sequence[Any]) -> dict[str, tuple[str, list[str], tuple[str, ...]]]:
    """``convert --depfile``: each article's depfile, the outputs it names and what they
    are made from (the article and its photos), by input; checked before any work."""
    if template is None:
        return {}
    from convert.depfile import depfile_paths

    try:
        paths = depfile_paths(template, planned)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    return {job.input: (paths[job.input], [target for _, target in job.outputs], job.dependencies) for job in planned}


def _with_prerequisites(planned: Sequence[Any], files: tuple[str, ...], update: bool, depfiles: dict[str, Any]) -> list[Any]:
    """For ``--update``: ``--prerequisite`` files, which every article's outputs depend
    on, and what each article's depfile of the last run names (a photo since deleted)."""
    from convert.batch.update import with_prerequisites
    from convert.depfile import named_dependencies

    if not update:
        raise click.UsageError("--prerequisite counts with --update only: add --update")
    for path in files:
        if not os.path.exists(path):
            raise Failure(f"{path}: --prerequisite names no file")
    named = {article: named_dependencies(path) for article, (path, _, _) in depfiles.items()}
    return with_prerequisites(planned, files, named)


@cli.group(short_help="Keep vnconv loaded, so that pdf|docx|epub|txt|parse start at once.")
def server() -> None:
    """A resident vnconv of yours that the one-file commands hand their work to.

    A Makefile rule or a shell loop runs `vnconv pdf` once per file, and each run
    spends most of its time starting. While a server runs (for your user and this
    very vnconv and Python), `vnconv pdf|docx|epub|txt|parse` ask it to do the work,
    with the same bytes, messages and exit status. It holds about 55 MB, each of its
    children 5 to 15 MB of its own, and stops after 15 idle minutes. VNCONV_SERVER=auto starts one on the first command;
    VNCONV_SERVER=off never uses one.

    \b
    Examples:
      vnconv server start && make -j4 -C samples && vnconv server stop
      vnconv server status
    """


def _ask_server(call: Callable[..., R], *args: object) -> R:
    """``call(*args)`` of ``convert.server.daemon``, its ServerError the one-line failure."""
    from convert.server.daemon import ServerError

    try:
        return call(*args)
    except ServerError as exc:
        raise Failure(f"server: {exc}") from None


@server.command("start", short_help="Start a server in the background.")
@option("--idle-minutes", type=click.FloatRange(min=0, min_open=True), default=15.0, show_default=True, metavar="N", help="Stop after N minutes without a request.")
def server_start(idle_minutes: float) -> None:
    """Start a server in the background (nothing happens if one runs)."""
    from convert.server.daemon import start

    click.echo(_ask_server(start, main, idle_minutes), err=True)


@server.command("stop", short_help="Stop the server once its requests are done.")
def server_stop() -> None:
    """Stop the server, once the requests under way have finished."""
    from convert.server.daemon import stop

    stopped = _ask_server(stop)
    click.echo("vnconv: server stopped" if stopped else "vnconv: no server running", err=True)


@server.command("status", short_help="Say whether a server runs, and what it holds.")
def server_status() -> None:
    """Say whether a server runs (exit status 0) or not (3), its memory and requests."""
    from convert.server.daemon import status

    line = _ask_server(status)
    click.echo(line or "vnconv: no server running", err=True)
    if line is None:
        sys.exit(3)


@server.command("client", short_help="Print a quicker command for vnconv while a server runs (for make).")
def server_client() -> None:
    """Print a command line to run in vnconv's place while a server runs: its client
    alone, on a Python started without site (-S), a few milliseconds less each call;
    what the server does not run, vnconv runs as always. An empty line when no server
    runs. samples/Makefile asks it once a run."""
    from convert.server.command import quick_command

    click.echo(quick_command([sys.executable, "-m", "convert"]))


# Why ``main`` keeps Python's cycle collector out of a command that is the whole
# process: vnconv makes almost no reference cycles. Over ``vnconv epub`` on an article
# the collector found some 400 objects to free among the 26,000 that importing the
# libraries and reading the fonts and the style leave alive until the process ends, yet
# it walked all of them, some fifty times while the command ran (about 7 ms) and in full
# three times as the interpreter exited (about 17 ms): a seventh of the command's time.
# Paused, the peak memory of a 10 MB article stays within 5% (the writers' garbage is
# freed by reference counting); frozen at the end (``gc.freeze``), the objects are out
# of the exit collections' sight. ``vnconv convert`` turns the collector back on once
# it has planned more than one article: a batch may run for hours, in workers forked
# from it (which ``batch.job.preload`` freezes what they inherit for).


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Entry point: run the group and turn every outcome into one exit status.

    Without ``argv`` (the console script, ``python -m convert``) the command is the
    whole process, which ends with it: the cycle collector is paused for it, what is
    left is frozen (see the comment above), the methods ``@dataclass`` writes and the
    regular expressions are compiled once for every process (``convert.start``), and
    the process ends without the interpreter's teardown (``_end_process``).
    """
    whole_process = argv is None
    if whole_process:
        start.begin()  # done already by `vnconv` and `python -m convert`, before Click was imported
    try:
        _run(argv)
    except SystemExit as exc:
        if whole_process:
            dataclass_code.save()
            regex_code.save()
            gc.freeze()
            _end_process(exc.code)
        raise
    finally:
        if whole_process:
            gc.freeze()


def _end_process(code: object) -> None:
    """End the process now, with ``code``, skipping only the interpreter's teardown.

    Python's own exit would then free, one by one, every object the libraries, fonts
    and style left alive: about 10 ms of ``vnconv pdf`` and 20 ms of a batch's parent,
    for memory the system takes back at once. What that exit does that matters is done
    here first: the ``atexit`` functions run (multiprocessing's, logging's) and the
    standard streams are flushed. Where anything is left that Python would wait for or
    report (another thread still running, a stream that cannot be flushed, an exit
    code that is a message), it returns and the normal exit takes over.
    """
    threading = sys.modules.get("threading")
    if not (code is None or isinstance(code, int)) or (threading is not None and threading.active_count() > 1):
        return
    import atexit

    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return
    os._exit(code or 0)


def _run(argv: Sequence[str] | None) -> NoReturn:
    if sys.stdout is None:  # started with standard output closed (`>&-`)
        from convert.io import ClosedStdout

        sys.stdout = ClosedStdout()
    try:
        cli.main(args=argv, prog_name="vnconv", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, click.exceptions.Abort) as exc:
        # Ctrl-C; or SIGTERM, SIGHUP stopping a batch (convert.batch.signals.Stopped names
        # it; Click turns it into an Abort raised from it)
        stopped = exc if hasattr(exc, "signum") else exc.__cause__
        signum = getattr(stopped, "signum", 2)
        click.echo("vnconv: interrupted" if signum == 2 else f"vnconv: stopped by {stopped}", err=True)
        sys.exit(128 + signum)
    except BrokenPipeError as exc:
        if type(exc).__name__ == "ClosedOutput":  # convert.io's: stdout closed before we began
            click.echo("vnconv: error: standard output is closed: nothing can be written to it (use -o FILE)", err=True)
            sys.exit(1)
        # `vnconv parse x | head`: the reader left; that is not our error.
        sys.stderr.close()
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        if _debug():
            raise
        click.echo(
            one_line(
                f"vnconv: error: internal error: {type(exc).__name__}: {exc} "
                "(run with --debug for the traceback, and please report it)"
            ),
            err=True,
        )
        sys.exit(1)
    sys.exit(0)
