"""ReportLab's text modules imported without compiling, up front, the two patterns that
cost a tenth of a PDF command.

``reportlab.platypus.paragraph`` compiles its URI pattern (``uri_pat``) as it is
imported: case-insensitive, with the character range U+00A1..U+FFFF, for which
Python's ``re`` works out the case variants of some 65,000 characters one by one,
about 27 ms, in every process that writes a PDF (``vnconv pdf`` on an article took
0.26 s). ReportLab uses the pattern only to find where a word too long for its line
may break if it is an address (``_uri_split_pairs``), which most articles never ask.
``reportlab.lib.textsplit`` compiles ``rx`` (U+2E80..U+FFFF, ~3.5 ms: ``re`` marks the
range's 53,000 characters one by one), used only by its ``cjkwrap``, which vnconv never
calls. While ``deferring_slow_patterns`` is in force, a pattern with a range reaching
U+FFFF compiled by one of these modules is handed over as a ``DeferredPattern``, which
compiles it, the same pattern with the same flags, the first time it is used;
everything else compiles as usual.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

#: The modules whose slow patterns are deferred, and only while they are first imported.
_MODULES: Final = frozenset({"reportlab.platypus.paragraph", "reportlab.lib.textsplit"})


class DeferredPattern:
    """A compiled pattern, compiled when one of its attributes (``match``...) is first asked for."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.deferred = (pattern, flags)
        self.compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self.compiled is None:
            self.compiled = re.compile(*self.deferred)
        return getattr(self.compiled, name)


def _slow(pattern: object) -> bool:
    """A range that reaches U+FFFF: ``re`` marks every character of it as it compiles (and,
    case-insensitive, works out each one's case variants)."""
    return isinstance(pattern, str) and "\uffff" in pattern


@contextmanager
def deferring_slow_patterns() -> Iterator[None]:
    """Import ReportLab's paragraph module (if it is not yet) inside this, to defer its slow patterns."""
    compile_now = re.compile

    def compile_for_module(pattern: Any, flags: int = 0) -> Any:
        if _slow(pattern) and sys._getframe(1).f_globals.get("__name__") in _MODULES:
            return DeferredPattern(pattern, flags)
        return compile_now(pattern, flags)

    re.compile = compile_for_module  # type: ignore[assignment]
    try:
        yield
    finally:
        re.compile = compile_now


__all__ = ["DeferredPattern", "deferring_slow_patterns"]
