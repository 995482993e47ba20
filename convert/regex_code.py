"""Regular expressions compiled once and kept for the next processes.

Python compiles a regular expression in Python (``re._parser`` reads the pattern,
``re._compiler`` writes the matcher's code), and a module compiles its patterns as it is
imported: the reader's some forty, the text cleaner's, the style's, the libraries'. On
the way of ``vnconv parse`` that was some 90 patterns and a fifth of the whole process
(callgrind: about 80 M of 410 M instructions), though the article then took 15 M to
read. A pattern's compiled form is a list of integers (the code ``_sre`` runs), its
group numbers and names, and its flags: this keeps them, as ``convert.dataclass_code``
keeps the methods ``@dataclass`` writes, in the cache folder.

``install`` makes ``re`` look a pattern up here before compiling it (``re._compile``
calls ``re._compiler.compile`` by name, CPython 3.11 to 3.13; its body is the one
``_compile_fresh`` repeats); ``save`` writes what this process compiled anew. A kept
pattern is handed to ``_sre.compile`` exactly as the compiler would hand it (and
``_sre`` checks the code it is given), so the pattern made is the pattern compiled: only
the parsing and compiling are skipped. The entry is named by Python's version (the
code changes with it, ``_sre.MAGIC``), sealed by a CRC (``cache.sealed``), and a damaged
one is made again; each command has its own (``cache.command_name``). A pattern whose
compiling warned (a possible nested set, a bad escape) is never kept, so it warns as it
always did.

A pattern is kept once a second process has compiled it: the first notes it (its
digest, in a small list beside the entry, ``_SEEN``). Some patterns are made anew by
every process: ReportLab's ``rl_safe_eval`` joins a set of names into one, in the
order of that process's string hashes, so no two PDF commands compile the same one
(9 kB of code each). Kept at first sight, each would have been added to the entry,
rewritten by every PDF command until the entry held ``_LIMIT`` of them; noted, it
never comes again and is never kept, and the entry is written only when a pattern is.
Only a command that is the whole process installs it (``convert.start``): the library,
a test's CliRunner and the server are untouched.
"""

from __future__ import annotations

import marshal
import os
import re
import sys
import zlib
from typing import Any, Final

import _sre

#: What a kept entry begins with: its kind and recipe (``cache.sealed``).
_MAGIC: Final = b"vnconv regex code 3\n"
#: Entries kept at most: patterns no longer compiled (an edited module) are dropped past
#: it, keeping those this process used. About 100 serve every command.
_LIMIT: Final = 2000
#: What the list of patterns seen once begins with (``cache.sealed``), and how many it holds.
_SEEN_MAGIC: Final = b"vnconv regex seen 1\n"
_SEEN: Final = 256

#: (pattern, flags) -> the ``marshal`` bytes of the arguments of ``_sre.compile`` after
#: the pattern, each read when its pattern is compiled; the entry read on first use.
_kept: dict[tuple[str | bytes, int], bytes] | None = None
_used: set[tuple[str | bytes, int]] = set()
_loading = False
_new: dict[tuple[str | bytes, int], bytes] = {}
_compiler: Any = re._compiler  # type: ignore[attr-defined]
_real_compile = _compiler.compile


def _entry() -> str:
    """The entry of this Python and this command (``cache.command_name``)."""
    from convert.cache import cache_folder, command_name

    tag = sys.implementation.cache_tag or sys.implementation.name
    return os.path.join(cache_folder(), "code", f"regex-{tag}-{sys.hexversion:x}-{_sre.MAGIC}-3-{command_name()}.marshal")


def _load() -> dict[tuple[str | bytes, int], bytes]:
    from convert.cache import read_marshalled

    found = read_marshalled(_entry(), _MAGIC)
    return found if isinstance(found, dict) else {}


def _compile_fresh(pattern: str | bytes, flags: int) -> tuple[Any, ...] | None:
    """The arguments ``re._compiler.compile`` hands ``_sre.compile`` after the pattern
    (CPython 3.11-3.13, Lib/re/_compiler.py ``compile``); None if compiling it warned."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:  # the filters as they are: only what would show
        parsed = _compiler._parser.parse(pattern, flags)
    if caught:
        return None  # compiled again as re would (``_compile``), warning as it always did
    code = [int(word) for word in _compiler._code(parsed, flags)]  # plain ints (opcodes are an int subclass) for marshal
    groupindex = parsed.state.groupdict
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, number in groupindex.items():
        indexgroup[number] = name
    return (int(flags | parsed.state.flags), code, parsed.state.groups - 1, dict(groupindex), tuple(indexgroup))


def _compile(pattern: Any, flags: int = 0) -> Any:
    """``re._compiler.compile`` as ``re`` calls it, with the pattern's code taken from the kept ones."""
    global _kept, _loading
    kind = type(pattern)
    if (kind is not str and kind is not bytes) or flags & re.DEBUG or _loading:
        return _real_compile(pattern, flags)  # what reading the kept ones imports compiles as it always did
    if _kept is None:
        _loading = True
        try:
            _kept = _load()
        finally:
            _loading = False
    key = (pattern, flags)
    kept = _kept.get(key)
    if type(kept) is bytes:
        try:
            compiled = _sre.compile(pattern, *marshal.loads(kept))
        except (TypeError, ValueError, EOFError, RuntimeError, OverflowError):
            pass  # not what this Python's _sre takes: compiled anew below
        else:
            _used.add(key)
            return compiled
    try:
        arguments = _compile_fresh(pattern, flags)
    except Exception:  # noqa: BLE001 - a bad pattern (re.error) or another Python's re: as re compiles it
        arguments = None
    if arguments is None:
        return _real_compile(pattern, flags)
    _new[key] = marshal.dumps(arguments)
    return _sre.compile(pattern, *arguments)


def install() -> None:
    """Have ``re`` use the kept code (from now on, in this process), if ``re`` is made as
    this module knows it (else nothing changes)."""
    if all(hasattr(_compiler, name) for name in ("_code", "_parser", "compile")) and hasattr(_sre, "MAGIC"):
        _compiler.compile = _compile


def _digest(key: tuple[str | bytes, int]) -> int:
    """A pattern's mark in the list of those seen once: its CRC-32 and length (a mark
    two patterns share only has one kept a process early)."""
    data = marshal.dumps(key)
    return zlib.crc32(data) << 32 | len(data) & 0xFFFFFFFF


def save() -> None:
    """Keep what this process compiled anew and an earlier one had seen; note the rest
    as seen (nothing to do, most times)."""
    if not _new or _kept is None:
        return
    from pathlib import Path

    from convert.cache import read_marshalled, sealed, write_atomically

    seen_entry = Path(_entry() + ".seen")
    found = read_marshalled(seen_entry, _SEEN_MAGIC)
    seen = [mark for mark in found if type(mark) is int] if type(found) is list else []
    marks = {key: _digest(key) for key in _new}
    again = {key: code for key, code in _new.items() if marks[key] in seen}
    first = [mark for key, mark in marks.items() if key not in again and mark not in seen]
    try:
        if again:
            whole = len(_kept) + len(again) <= _LIMIT
            kept = {**_kept, **again} if whole else {**{k: _kept[k] for k in _used}, **again}
            write_atomically(Path(_entry()), sealed(_MAGIC, marshal.dumps(kept)))
        if again or first:
            left = [mark for mark in seen if mark not in marks.values()]
            write_atomically(seen_entry, sealed(_SEEN_MAGIC, marshal.dumps([*left, *first][-_SEEN:])))
    except (OSError, ValueError):
        pass  # a read-only cache costs time, not correctness


__all__ = ["install", "save"]
