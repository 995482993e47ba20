"""Every use of Click's private parts: the option parser vnconv's commands read their
arguments with (``ParsedHere``), checked against Click 8.1 and 8.5 (``_OptionParser``,
``OptionParser`` in 8.1; its ``_short_opt``, ``_long_opt``, ``_opt_prefixes``, ``_args``
and ``_match_long_opt``). ``convert.cli`` holds the commands; tests/test_cli.py shows
both what the parser spares and that it reads arguments as Click's does.
"""

from __future__ import annotations

from typing import Any

import click
import click.parser

# Why vnconv's commands have a parser of their own: Click tries every argument that begins
# with one dash as a long option first (a command may have ``-foo``), and for a short
# option (``-o``, ``-q``, ``-j``: vnconv's have no other kind) that try fails with a
# NoSuchOption that lists the close misspellings of the command's long options, which
# imports ``difflib`` and compares them all; then Click drops that error and reads the
# short option. About 3 M instructions, 1% of ``vnconv docx bai.txt -o x.docx``. The
# parser here raises that error without the guesses where Click is sure to drop it (its
# ``_process_opts``, Click 8.5 as 8.1: an argument whose first two characters are no
# prefix, ``-o`` but not ``--outptu``, goes on to the short options), so a misspelt long
# option is still shown its guesses (tests/test_cli.py checks both).
_OptionParser: Any = getattr(click.parser, "_OptionParser", None) or click.parser.OptionParser


class _Parser(_OptionParser):  # type: ignore[misc]
    """Click's option parser, with no guesses made for a short option's try as a long one."""

    def _match_long_opt(self, opt: str, explicit_value: str | None, state: Any) -> None:
        if opt not in self._long_opt and opt[:2] not in self._opt_prefixes and (self.ctx is None or self.ctx.token_normalize_func is None):
            raise click.NoSuchOption(opt, message=opt, ctx=self.ctx)  # dropped by Click: read as short options
        super()._match_long_opt(opt, explicit_value, state)


class ParsedHere(click.Command):
    """A command (or group) whose arguments ``_Parser`` reads (Click's ``make_parser``).

    The parser's tables (each option's spellings, the arguments) are made once a
    process and handed to each new parser as copies: a ``vnconv server`` child runs
    the same command request after request, and making them again (a ``_Option`` per
    option, its spellings split and normalized) was ~40 us of each ``convert``
    request (20 parameters). They are made again when what they are made from differs:
    the very parameter objects (by identity, in order) and the context's settings the
    parser reads (``token_normalize_func``, ``allow_interspersed_args``,
    ``ignore_unknown_options``). Parsing reads the tables and writes only to its own
    state (Click's ``_OptionParser.parse_args``), so a copy of each suffices.
    """

    _parser_tables: tuple[Any, ...] | None = None

    def make_parser(self, ctx: click.Context) -> Any:
        params = self.get_params(ctx)
        settings = (ctx.token_normalize_func, ctx.allow_interspersed_args, ctx.ignore_unknown_options)
        parser = _Parser(ctx)
        made = self._parser_tables
        if made is not None and made[0] == settings and len(made[1]) == len(params) and all(a is b for a, b in zip(made[1], params)):
            parser._short_opt, parser._long_opt = dict(made[2]), dict(made[3])
            parser._opt_prefixes, parser._args = set(made[4]), list(made[5])
            return parser
        for param in params:
            param.add_to_parser(parser, ctx)
        self._parser_tables = (settings, tuple(params), dict(parser._short_opt), dict(parser._long_opt), set(parser._opt_prefixes), list(parser._args))
        return parser
