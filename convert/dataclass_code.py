"""The methods ``@dataclass`` writes, compiled once and kept for the next processes.

For each class it decorates, ``dataclasses`` writes the source of ``__init__``,
``__repr__``, ``__eq__``, ``__hash__`` (and ``__setattr__`` for a frozen one) and
compiles it with ``exec``: some 60 classes are made on the way of ``vnconv docx``
(the model, the style's sections, the reader's), and that compiling was about a fifth
of the whole process (callgrind: 800 M instructions of ``vnconv docx`` on the seed,
625 M with the code kept). Python keeps a module's bytecode in ``__pycache__``; this
keeps these methods' the same way, in the cache folder.

``install`` makes ``dataclasses`` look its source up here before compiling it (the
module's global ``exec``, which it calls by name: CPython 3.11 to 3.13 all do,
``_create_fn`` or ``_FuncBuilder``); ``save`` writes what this process compiled anew.
A code object is what ``compile`` makes of the same source (``exec`` of a string
compiles it the same way: file ``<string>``, no ``__future__`` flags inherited from
dataclasses.py, which has none), so a class made with a kept one is the class made
without: only the compiling is skipped. A command's code objects are kept together,
in one ``marshal`` stream (``_kept_code``). The entry is named by Python's version
(``marshal`` and bytecode change with it), sealed by a CRC (``cache.sealed``), and a
damaged one is made again; each command has its own (``cache.command_name``). Only a
command that is the whole process installs it (``convert.start``): the library, a
test's CliRunner and the server are untouched.

The same entry keeps the code ``typing`` compiles for a forward reference: a
``TypedDict`` or ``NamedTuple`` whose annotations are text (``from __future__ import
annotations``) has each made a ``ForwardRef``, which compiles its text at once, used or
not. Click's own (``click.types``, ``click.core``) are some 25 such texts, compiled by
every command: about 10 M instructions, 4% of ``vnconv parse`` (callgrind). ``install``
gives ``typing`` a ``compile`` (the builtin it calls by name, CPython 3.11 to 3.13,
``ForwardRef.__init__``) that takes them from here, keyed apart from the methods'.
"""

from __future__ import annotations

import builtins
import marshal
import os
import sys
from types import CodeType
from typing import Any, Final

#: How an entry is made: 3, the code objects themselves, in one ``marshal`` stream.
_RECIPE: Final = 3
#: What a kept entry begins with: its kind and recipe (``cache.sealed``).
_MAGIC: Final = b"vnconv dataclass code %d\n" % _RECIPE
#: Entries kept at most: sources no longer written (an edited class) are dropped past
#: it, keeping those this process used. About 300 serve a command.
_LIMIT: Final = 4000

#: A method's source, or ("eval", a forward reference's text) -> its code.
Key = str | tuple[str, str]
_kept: dict[Key, Any] | None = None  # read on first use
_used: set[Key] = set()
_new: dict[Key, CodeType] = {}
_real_exec = builtins.exec
_real_compile = builtins.compile


def _entry() -> str:
    """The entry of this Python and this command (``cache.command_name``)."""
    from convert.cache import cache_folder, command_name

    tag = sys.implementation.cache_tag or sys.implementation.name
    return os.path.join(cache_folder(), "code", f"dataclass-{tag}-{sys.hexversion:x}-{_RECIPE}-{command_name()}.marshal")


def _load() -> dict[Key, Any]:
    from convert.cache import read_marshalled

    found = read_marshalled(_entry(), _MAGIC)
    return found if isinstance(found, dict) else {}


def _kept_code(key: Key) -> CodeType | None:
    """The code kept for ``key``; None if there is none (or the entry held something else:
    the CRC makes that all but impossible).

    An entry is a command's (``cache.command_name``), whose start makes the same classes
    every time, so it is read whole, as one ``marshal`` stream, in which a name many
    methods share (``self``, ``__create_fn__``, a field's) is read once: each code kept
    as its own ``marshal`` bytes and read when asked for (recipe 2, when one entry served
    every command and a command used half of it) was ~25 k instructions a method, 7.6 M
    of ``vnconv parse``."""
    global _kept
    if _kept is None:
        _kept = _load()
    code = _kept.get(key)
    return code if type(code) is CodeType else None


def _exec(source: object, globals: Any = None, locals: Any = None, /) -> None:
    """``exec`` as ``dataclasses`` calls it, with the source's code taken from the kept ones."""
    if type(source) is str:
        code = _kept_code(source)
        if code is None:
            code = compile(source, "<string>", "exec", dont_inherit=True)
            _new[source] = code
        else:
            _used.add(source)
        source = code
    _real_exec(source, globals, locals)  # type: ignore[arg-type]


def _compile(source: Any, filename: Any, mode: Any, flags: int = 0, dont_inherit: bool = False, optimize: int = -1, **rest: Any) -> Any:
    """``compile`` as ``typing.ForwardRef`` calls it (``compile(text, '<string>',
    'eval')``), the text's code taken from the kept ones. Any other call is the builtin's,
    unchanged but for the flags inherited: typing's own, that is none (typing.py has no
    ``__future__`` import; this module's would be inherited from here instead)."""
    if type(source) is not str or filename != "<string>" or mode != "eval" or flags or dont_inherit or optimize != -1 or rest:
        return _real_compile(source, filename, mode, flags, True, optimize, **rest)
    key = ("eval", source)  # apart from the methods' sources (``exec``), which are str
    code = _kept_code(key)
    if code is None:
        code = _real_compile(source, filename, mode, 0, True)  # a SyntaxError goes to typing, as before
        _new[key] = code
    else:
        _used.add(key)
    return code


def expression(text: str) -> CodeType:
    """The code ``eval(text)`` runs (an expression, file ``<string>``), kept with the
    forward references' once installed: the style's sections have their annotations
    evaluated (``styles._type_hints``), some 40 texts compiled by every command."""
    if _installed:
        return _compile(text, "<string>", "eval")  # type: ignore[no-any-return]
    return _real_compile(text, "<string>", "eval", dont_inherit=True)  # type: ignore[no-any-return]


_installed = False


def install() -> None:
    """Have ``dataclasses`` and ``typing`` use the kept code (from now on, in this process);
    ``typing`` only where its forward references compile their text as this module knows."""
    import dataclasses
    import typing

    global _installed
    _installed = True
    dataclasses.exec = _exec  # type: ignore[attr-defined]
    if "compile" in typing.ForwardRef.__init__.__code__.co_names:
        typing.compile = _compile  # type: ignore[attr-defined]


def save() -> None:
    """Keep what this process compiled anew (nothing to do, most times)."""
    if not _new or _kept is None:
        return
    from pathlib import Path

    from convert.cache import sealed, write_atomically

    kept = {**_kept, **_new} if len(_kept) + len(_new) <= _LIMIT else {**{s: _kept[s] for s in _used}, **_new}
    try:
        write_atomically(Path(_entry()), sealed(_MAGIC, marshal.dumps(kept)))
    except (OSError, ValueError):
        pass  # a read-only cache costs time, not correctness


__all__ = ["expression", "install", "save"]
