"""The first thing a command that is the whole process does, before Click is imported.

``vnconv`` (``convert.client``) and ``python -m convert`` call ``begin`` before they
import the command line, and ``convert.cli.main`` calls it again (it does its work
once): the cycle collector is paused (why: the comment above ``convert.cli.main``),
the methods ``@dataclass`` writes (``convert.dataclass_code``) and the regular
expressions (``convert.regex_code``) are taken from the cache folder from here on,
and the standard library's ``inspect`` and ``urllib.parse`` are imported only when
something asks them for more than a command's start does (``_defer_inspect``,
``_defer_urllib_parse``, ``_defer_platform``), ``gettext`` only where a catalogue may
be found (``_defer_gettext``), and ``datetime`` is its C module's names
(``_defer_datetime``).
Before Click rather than in ``main``: importing Click and the standard library's
modules under it makes thousands of objects the collector would walk, compiles some
of the patterns kept (``platform``'s, ``gettext``'s), and makes dataclasses of its own.
The library, a test's CliRunner and the server never call it.
"""

from __future__ import annotations

import _thread
import gc
import sys
from types import ModuleType

_begun = False


def begin() -> None:
    """Pause the cycle collector and use the kept code, from now on in this process."""
    global _begun
    if _begun:
        return
    _begun = True
    gc.disable()
    _defer_inspect()
    _defer_urllib_parse()
    _defer_datetime()
    _defer_platform()
    _defer_gettext()
    from convert import dataclass_code, regex_code

    dataclass_code.install()
    regex_code.install()


# Why ``inspect`` is deferred: ``dataclasses``, ``click.core``, ``click.decorators`` and
# ``click.termui`` all import it at their top, and it imports ``ast``, ``dis``,
# ``tokenize``, ``linecache`` and more: about 6 ms of every command's CPU, a seventh of
# ``vnconv parse``. What a command then asks of it is ``cleandoc`` (Click cleans each
# option's help as the option is made) and, rarely, more (``dataclasses`` asks
# ``signature`` of a class with no docstring; Click's ``isfunction`` for a callable
# default shown in --help, ``isgeneratorfunction`` for a pager). So until something asks
# for another name, ``inspect`` is a stand-in module with ``cleandoc``; the first other
# name asked imports the real one, which takes the stand-in's place in ``sys.modules``
# and lends it all its names (a module that bound the stand-in keeps working). The
# stand-in also has the code flags ``CO_*``: a Cython module (uharfbuzz, for the EPUB and
# DOCX) reads seven of them from ``inspect`` as it is imported.

#: The flags of a code object, as ``inspect`` names them (from ``dis.COMPILER_FLAG_NAMES``;
#: CPython Include/cpython/code.h, the same in 3.11 to 3.13).
CODE_FLAGS: dict[str, int] = {
    "CO_OPTIMIZED": 0x1,
    "CO_NEWLOCALS": 0x2,
    "CO_VARARGS": 0x4,
    "CO_VARKEYWORDS": 0x8,
    "CO_NESTED": 0x10,
    "CO_GENERATOR": 0x20,
    "CO_NOFREE": 0x40,
    "CO_COROUTINE": 0x80,
    "CO_ITERABLE_COROUTINE": 0x100,
    "CO_ASYNC_GENERATOR": 0x200,
}


def cleandoc(doc: str) -> str:
    """``inspect.cleandoc`` of this Python, as the standard library writes it (CPython
    Lib/inspect.py: 3.11 and 3.12 strip any whitespace at a line's start, 3.13 only
    spaces, as its compiler does with docstrings)."""
    strip = " " if sys.version_info >= (3, 13) else None
    lines = doc.expandtabs().split("\n")
    margin = sys.maxsize  # the least indent of the lines after the first that are not blank
    for line in lines[1:]:
        content = len(line.lstrip(strip))
        if content:
            margin = min(margin, len(line) - content)
    if lines:
        lines[0] = lines[0].lstrip(strip)
    if margin < sys.maxsize:
        for i in range(1, len(lines)):
            lines[i] = lines[i][margin:]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines)


def _defer_inspect() -> None:
    """Put the stand-in ``inspect`` in ``sys.modules``, unless the real one is there."""
    _stand_in("inspect", {"cleandoc": cleandoc, **CODE_FLAGS})


# Why ``urllib.parse`` is deferred: ``pathlib`` imports ``quote_from_bytes`` from it as it
# is imported (for ``Path.as_uri``), and every command imports ``pathlib`` (``zipfile``
# does, for the DOCX and EPUB). ``urllib.parse`` makes six named tuples and their
# classes as it is imported: about 10 M instructions, 2 ms of every command, for a
# function no command calls. Its stand-in holds a ``quote_from_bytes`` that asks the
# real module when called; ``vnconv pdf`` imports the real one (ReportLab asks it for
# ``urlparse``), the others never do.


def _defer_urllib_parse() -> None:
    """Put the stand-in ``urllib.parse`` in ``sys.modules``, unless the real one is there."""
    if "urllib.parse" in sys.modules:
        return

    def quote_from_bytes(bs: bytes, safe: str = "/") -> str:
        """``urllib.parse.quote_from_bytes``, asked of the real module when called."""
        return _real("urllib.parse").quote_from_bytes(bs, safe)  # type: ignore[no-any-return]

    import urllib  # the package: an empty __init__

    urllib.parse = _stand_in("urllib.parse", {"quote_from_bytes": quote_from_bytes})  # type: ignore[attr-defined]


# Why ``datetime`` is its C module's names: on Python 3.11 ``datetime.py`` first defines
# every class in Python (date, time, datetime, timedelta, timezone and their helpers),
# then replaces them all with ``_datetime``'s (``from _datetime import *``) and deletes
# the helpers: some 4 M instructions, 0.9 ms of every command (``click.types`` imports it,
# and the model, the reader and the writers), for classes never used. The stand-in holds
# what the real module ends with: ``_datetime``'s names (the same objects: a date made
# or pickled is the C type either way), its ``__doc__`` and ``__all__``, which is what
# ``datetime.py`` is from Python 3.12 on (where there is nothing to defer). A name it
# lacks (``datetime.sys``) imports the real module.


def _defer_datetime() -> None:
    """Put the stand-in ``datetime`` in ``sys.modules`` on Python 3.11, unless the real one is there."""
    if sys.version_info >= (3, 12) or "datetime" in sys.modules:
        return
    try:
        import _datetime
    except ImportError:  # a Python without the C module: datetime.py's own classes
        return
    names = {name: value for name, value in vars(_datetime).items() if not name.startswith("_")}
    _stand_in("datetime", {**names, "__doc__": _datetime.__doc__, "__all__": DATETIME_ALL})


#: ``datetime.__all__`` (CPython Lib/datetime.py, 3.11 to 3.13).
DATETIME_ALL: tuple[str, ...] = ("date", "datetime", "time", "timedelta", "timezone", "tzinfo", "MINYEAR", "MAXYEAR", "UTC")


# Why ``platform`` is deferred: ``uuid``, which ``click.types`` imports (its UUID parameter
# type is a ``ParamType[uuid.UUID]``), imports ``platform`` at its top on Linux for one
# answer, ``platform.system()`` (CPython 3.11 and 3.12; 3.13 asks nothing there), and
# ``platform`` is a large module: about 5 M instructions, 1.1 ms of every command; and
# ReportLab asks it ``python_implementation()`` as it is imported (``reportlab.lib.utils``,
# for ``isPyPy``), the PDF's and the make rule's call. Its stand-in answers ``system()``
# as ``platform.uname`` does where the kernel's name is "Linux" (``os.uname().sysname``,
# which it changes only for "Microsoft", "unknown" or an empty ``uname``), and
# ``python_implementation()`` as ``platform._sys_version`` does where it finds CPython (no
# IronPython or PyPy, and ``sys.version`` read by its pattern; no Jython, on Linux);
# elsewhere, and for any other name, it asks the real module.

#: ``platform._sys_version_parser`` (CPython Lib/platform.py, 3.11 to 3.13): how it reads
#: CPython's ``sys.version``, ``"3.11.7 (main, May  9 2026, 07:35:25) [GCC 12.2.0]"``.
_CPYTHON_VERSION = r"([\w.+]+)\s*\(#?([^,]+)(?:,\s*([\w ]*)(?:,\s*([\w :]*))?)?\)\s*\[([^\]]+)\]?"


def _defer_platform() -> None:
    """Put the stand-in ``platform`` in ``sys.modules`` on Linux, unless the real one is there."""
    if sys.platform != "linux" or "platform" in sys.modules:
        return

    def system() -> str:
        """``platform.system()``: "Linux" where the kernel says so, else the real module's answer."""
        if _uname_system() == "Linux":
            return "Linux"
        return _real("platform").system()  # type: ignore[no-any-return]

    def python_implementation() -> str:
        """``platform.python_implementation()``: "CPython" where platform finds it, else the real module's answer."""
        import re

        version = sys.version
        if "IronPython" not in version and "PyPy" not in version and re.match(_CPYTHON_VERSION, version, re.ASCII):
            return "CPython"
        return _real("platform").python_implementation()  # type: ignore[no-any-return]

    _stand_in("platform", {"system": system, "python_implementation": python_implementation})


# Why ``gettext`` is deferred: Click imports ``gettext`` and ``ngettext`` from it in most of
# its modules, and calls them for every message, option help and error it makes (its
# ``_``): each call looks for a catalogue of the domain "messages" (``gettext.find``,
# which imports ``locale`` for its ``normalize``) and, finding none, gives the message
# back. Importing ``gettext`` and ``locale`` was about 4.7 M instructions, 2% of
# ``vnconv parse`` (callgrind). Where there can be no catalogue, the stand-in gives the
# message back itself: where gettext's folder of catalogues (``_default_localedir``,
# ``sys.base_prefix/share/locale``) does not exist, every catalogue path ``find`` tries
# lies under it, unless a language named in the environment is itself a path (the
# first of ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set, as ``find``
# reads them). Anywhere else (a Python whose folder exists: Debian's ``/usr``), and for
# any other name (``bindtextdomain``, ``translation``...), it asks the real module, which
# from then on answers every call, the stand-in's too.


def _defer_gettext() -> None:
    """Put the stand-in ``gettext`` in ``sys.modules``, unless the real one is there."""
    if "gettext" in sys.modules:
        return

    def gettext(message: str) -> str:
        """``gettext.gettext``: the message itself where there is no catalogue, else the real module's answer."""
        if _no_catalogue(stand_in):
            return message
        return _real("gettext").gettext(message)  # type: ignore[no-any-return]

    def ngettext(msgid1: str, msgid2: str, n: int) -> str:
        """``gettext.ngettext``: the singular for 1, else the plural, where there is no catalogue."""
        if _no_catalogue(stand_in):
            return msgid1 if n == 1 else msgid2
        return _real("gettext").ngettext(msgid1, msgid2, n)  # type: ignore[no-any-return]

    stand_in = _stand_in("gettext", {"gettext": gettext, "ngettext": ngettext})


def _no_catalogue(stand_in: ModuleType) -> bool:
    """Whether the real ``gettext.find`` would find no catalogue for any domain (see
    above), and the stand-in still stands in (not once the real module is imported:
    then a ``bindtextdomain`` may have given a domain a folder of its own)."""
    if stand_in.__dict__.get("__stand_in__") is not True:
        return False
    os = sys.modules["os"]
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            if "/" in value:
                return False
            break
    if not _LOCALE_FOLDER:
        _LOCALE_FOLDER.append(_locale_folder_absent(os))
    return _LOCALE_FOLDER[0]


#: Whether gettext's folder of catalogues is absent, looked at once a process: Click
#: asks ``gettext`` for every message and option help it makes, and the folder does
#: not come and go while a command runs (the environment, which a server's child takes
#: from each request, is read on every call).
_LOCALE_FOLDER: list[bool] = []


def _locale_folder_absent(os: ModuleType) -> bool:
    try:
        os.stat(os.path.join(sys.base_prefix, "share", "locale"))
    except (FileNotFoundError, NotADirectoryError):
        return True
    except (OSError, ValueError):
        return False
    return False


def _uname_system() -> str | None:
    """The kernel's name, ``os.uname().sysname``; None where there is no ``uname``."""
    try:
        return sys.modules["os"].uname().sysname  # type: ignore[no-any-return]
    except AttributeError:
        return None


def _stand_in(name: str, names: dict[str, object]) -> ModuleType:
    """A stand-in for the standard library's module ``name``, with ``names``, put in
    ``sys.modules`` (unless the module is there: then the module). The first other name
    asked of it imports the real module (``_real``)."""
    if name in sys.modules:
        return sys.modules[name]
    stand_in = ModuleType(name, f"A stand-in for the standard library's {name} until a name it lacks is asked (convert.start).")

    def __getattr__(attribute: str) -> object:  # PEP 562: only names the module lacks come here
        if attribute == "__path__":  # asked by every ``from name import ...``: none of these is a package
            raise AttributeError(f"module {name!r} has no attribute '__path__'")
        return getattr(_real(name), attribute)

    stand_in.__dict__.update(names, __getattr__=__getattr__, __stand_in__=True, __spec__=_spec(name))
    sys.modules[name] = stand_in
    return stand_in


def _spec(name: str) -> object:
    """The real module's spec, as the import system would find it: the stand-in's
    ``__spec__``, so that ``importlib.util.find_spec(name)`` (which reads the spec of a
    module in ``sys.modules``, and raises ValueError for None) answers as it would for
    the real module, and a library asking whether ``inspect`` exists gets its answer
    without the import. Asked of the path finder the import system itself uses
    (``importlib.machinery.PathFinder``, reached without importing ``importlib``): some
    tens of microseconds, the folders it lists being those the next imports list."""
    package, _, _ = name.rpartition(".")
    path = sys.modules[package].__path__ if package else None
    return sys.modules["_frozen_importlib_external"].PathFinder.find_spec(name, path)


def _real(name: str) -> ModuleType:
    """The standard library's module ``name``; if a stand-in holds its place, imported now:
    it takes the stand-in's place in ``sys.modules`` and in its package, and lends the
    stand-in all its names (a module that bound the stand-in keeps working). One thread
    at a time: two asking at once would both take the stand-in out."""
    with _swapping:
        stand_in = sys.modules.get(name)
        if stand_in is None or stand_in.__dict__.get("__stand_in__") is not True:
            return importlib_import(name)
        del sys.modules[name]
        package, _, child = name.rpartition(".")
        if package:
            delattr(sys.modules[package], child)
        real = importlib_import(name)
        stand_in.__dict__.update(real.__dict__, __stand_in__=False)
        return real


_swapping = _thread.RLock()  # the C lock: ``threading`` is not imported for it


def importlib_import(name: str) -> ModuleType:
    """``importlib.import_module(name)`` without importing ``importlib`` for it."""
    __import__(name)
    return sys.modules[name]


__all__ = ["begin", "cleandoc"]
