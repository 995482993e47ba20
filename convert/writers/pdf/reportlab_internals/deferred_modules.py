"""ReportLab imported without importing what most PDFs never use: Pillow, HarfBuzz,
ReportLab's safe evaluator and tables, and the standard library's pickle, tempfile,
hashlib (OpenSSL), logging, ast, base64, urllib.parse and string.

``reportlab.lib.utils`` imports ``PIL.Image`` (~10 ms) for its image reader, and
``reportlab.pdfbase.ttfonts`` imports ``uharfbuzz`` (~8 ms) for shaping, both as they
are imported, in every process that writes a PDF. vnconv draws a photo through Pillow
only when the article has one, and asks HarfBuzz only when a face's kerning table is
not yet in the cache (``fonts.kern_tables``); ReportLab's shaping is never switched on
(the writer kerns with its own tables). While ``deferring_modules`` is in force, an
import of one of these modules that finds it not yet imported gets a ``DeferredModule``
instead: it stands in ``sys.modules`` (and as its package's attribute) and imports the
real module the first time anything asks it for an attribute, whoever asks (ReportLab
drawing a photo, vnconv's photo code, the kerning tables). From then on the real module
is in ``sys.modules``, and the stand-in hands every attribute on to it.

The same holds for what ReportLab imports and a PDF of vnconv's never calls, about a
twentieth of a ``vnconv pdf`` (callgrind on the seed, 741 → 704 million instructions
with ``reportlab.platypus`` too): ``pickle`` (``lib.utils``' pickled store),
``tempfile`` (``lib.rltempfile``; it brings shutil, random, bz2 and lzma; vnconv's own
files are written without it, ``convert.io``) and ``reportlab.lib.rl_safe_eval``, the
evaluator of ReportLab's markup expressions (~2.5 ms, and a pattern of names in
the order of the process's string hashes, which no cache can keep:
``convert.regex_code``), whose four functions ``lib.utils`` takes by name as it is
imported: the stand-in hands out functions that call the real ones
(``CALLED_THROUGH``). ``reportlab.platypus`` stands in for the package: its
``__init__`` imports every platypus module, tables (with its validators and dates,
~3 ms), preformatted text and multi-column frames among them, while the writer imports
the modules it uses by their own names; a submodule asked of the stand-in
(``from reportlab.platypus import paragraph``) is imported alone, and anything else
(``from reportlab.platypus import Table``) runs the package's ``__init__``. An article
with a table imports ``reportlab.platypus.tables`` as it makes one (``layout.blocks``).

Unlike ``importlib.util.LazyLoader`` on Python 3.11, the first use is thread-safe (the
photos are prepared in threads): the real import runs under a lock, and a thread that
asks meanwhile waits for it. Nothing changes what is imported when it is used, so the
bytes are the same.

ReportLab 5.1.0 (``CHECKED_VERSIONS``): ``reportlab/lib/utils.py`` (``from PIL import
Image``, ``import pickle`` and ``from . rl_safe_eval import ...`` at the top, its
functions called only by ``rl_safe_exec``-using code vnconv never reaches),
``reportlab/lib/rltempfile.py`` (``import tempfile``, used in its functions),
``reportlab/platypus/__init__.py`` (star imports only) and
``reportlab/pdfbase/ttfonts.py`` (``import uharfbuzz``, then ``if not uharfbuzz:`` to
choose its shaping functions: a module object is true, so a stand-in chooses the same
ones as the real module); for the standard library's, ``lib/utils.py`` (``from ast
import literal_eval``, ``from base64 import decodebytes ..., encodebytes ...``, ``from
hashlib import md5``, ``from urllib.parse import unquote, urlparse``), ``lib/colors.py``
(``from ast import literal_eval``), ``pdfbase/pdfdoc.py`` (``from hashlib import md5``),
``pdfgen/canvas.py`` (``import hashlib``, its ``md5`` asked for a PostScript command
only) and ``platypus/frames.py`` and ``doctemplate.py`` (``import logging``, then
``logger = logging.getLogger(...)``). ``test_deferred_modules`` and
``test_private_parts`` check them.

The standard library's modules ReportLab imports and a PDF of vnconv's never uses,
about a twentieth of a ``vnconv pdf`` again (callgrind on the seed, 654 → 618 million
instructions, ~540 fewer page faults): ``ast`` (``lib.utils`` and ``lib.colors`` take
``literal_eval``, for ReportLab's own labels and colours written as text),
``base64`` (``lib.utils``' data URLs), ``urllib.parse`` (``lib.utils``, for an image
named by a URL; it brings ``ipaddress``), each with its functions called through, and
two that are used:

- ``hashlib``, which loads OpenSSL (~11 M instructions, ~200 page faults) for the MD5
  ``pdfdoc`` seeds each document's /ID with (``from hashlib import md5``): the stand-in
  hands out CPython's own MD5 (``_md5.md5``, the constructor hashlib itself falls back
  to without OpenSSL; ``BUILT_IN``), the same digest; any other name imports hashlib.
  vnconv's own short digests (subset tags, cache keys) use ``cache.sha256`` likewise.
- ``logging`` (with ``traceback``, ``tokenize``, ``linecache``, ``textwrap``), for the
  logger ``platypus.frames`` and ``platypus.doctemplate`` make as they are imported
  and use only in their debug mode: their ``getLogger`` gets a ``DeferredLogger``,
  which looks the logger up (importing ``logging``) when first asked anything. Any
  other module's ``getLogger``, and any other name, imports ``logging``.

And ``string``, for two of its constants (``CONSTANTS``), which its stand-in holds.

The standard 14 fonts' width tables (``STANDARD_WIDTHS``, ~0.6 M instructions each,
~8 M in all): ``pdfbase._fontdata`` imports the fourteen modules and puts each one's
``widths`` in ``widthsByFontGlyph`` as it is imported, and only a standard font's face
(``pdfmetrics.TypeFace``, made when a text is set in Helvetica, Times, ...) reads them;
vnconv sets every character in its own TrueType faces, so a render never makes one. Their
stand-ins hand out ``widths`` as a ``DeferredMapping`` (``MAPPINGS``), a mapping that
imports the module when first asked anything and answers from its dictionary from then
on (a test sets a string in Helvetica through it). It is not a ``dict``: ReportLab reads
these tables only through their methods (``keys``, ``[]``) and copies them whole. The
same for the seven standard encodings' vectors (``STANDARD_ENCODINGS``, ~5 M in all),
tuples ``_fontdata`` takes by name and only ``pdfmetrics.Encoding`` reads (by index,
slice, ``len``, ``tuple()``; ReportLab's C accelerator reads a font's widths, never its
encoding's vector): a ``DeferredSequence`` each (``SEQUENCES``).

In a command that is the whole process, ``urllib.parse`` is already ``convert.start``'s
stand-in (for ``pathlib``): its module ``__getattr__`` (PEP 562) imports the real one
for any name it lacks, so the functions called through are lent to it instead.

``html.entities`` (~6 M instructions, ~40 page faults: four tables of ~2,200 entries,
two of them built in a loop), which ``platypus.paraparser`` imports for one of them,
``name2codepoint``, read whole as it is imported (its ``known_entities``, with the
Greek names), and which ``html`` imports for ``html5`` (read by ``html.unescape`` for
an attribute value with an ``&``, never in vnconv's markup): its stand-in holds
``name2codepoint`` as the module makes it, kept in the cache (``KEPT``: ``pdf-tables/``,
named by the module's file, its size and mtime and Python's version, sealed with a
CRC-32; ~0.4 M to read back), and hands out the other three as ``DeferredMapping``s. A
process that finds no entry imports the module, as before, and writes one. The
dictionary held is equal to the module's, key for key in the same order, so
``known_entities`` and every entity ParaParser resolves are the same; once the module
is imported, its ``name2codepoint`` is that one dictionary.

A stand-in answers ``__version__`` without importing its module where the package keeps
its version in a file of its own (``VERSION_FILES``: uharfbuzz's ``_version.py``, whose
``version`` its ``__init__`` imports as ``__version__``): the kerning tables' and the
static instances' cache entries are named by HarfBuzz's version, and asking it loaded
the HarfBuzz library (~8 ms, ~60 M instructions) in the first article that set a
character in a fallback face (Noto's instances), which then never shaped anything.
"""

from __future__ import annotations

import importlib
import importlib.util
import marshal
import sys
import threading
import types
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from importlib.machinery import ModuleSpec, PathFinder
from pathlib import Path
from typing import Any, Final

#: The standard 14 fonts' width tables (``reportlab.pdfbase._fontdata`` imports them all).
STANDARD_WIDTHS: Final = tuple(
    f"reportlab.pdfbase._fontdata_widths_{name}"
    for name in (
        "courier",
        "courierbold",
        "courieroblique",
        "courierboldoblique",
        "helvetica",
        "helveticabold",
        "helveticaoblique",
        "helveticaboldoblique",
        "timesroman",
        "timesbold",
        "timesitalic",
        "timesbolditalic",
        "symbol",
        "zapfdingbats",
    )
)

#: The standard encodings' glyph name vectors (``reportlab.pdfbase._fontdata`` imports
#: each ``..Encoding`` from ``_fontdata_enc_...``), read only by ``pdfmetrics.Encoding``,
#: which a standard (Type 1) font makes.
STANDARD_ENCODINGS: Final = ("WinAnsi", "MacRoman", "Standard", "Symbol", "ZapfDingbats", "PDFDoc", "MacExpert")

#: The modules ReportLab imports as it is imported and vnconv uses only now and then (or never).
DEFERRED: Final = (
    "PIL.Image",
    "uharfbuzz",
    "pickle",
    "tempfile",
    "reportlab.lib.rl_safe_eval",
    "reportlab.platypus",
    "hashlib",
    "ast",
    "base64",
    "urllib.parse",
    "logging",
    "string",
    "html.entities",
    *STANDARD_WIDTHS,
    *(f"reportlab.pdfbase._fontdata_enc_{name.lower()}" for name in STANDARD_ENCODINGS),
)

#: The dictionaries a stand-in hands out as a ``DeferredMapping`` before its module is
#: imported: ``pdfbase._fontdata`` takes each width table's ``widths`` as it is imported.
#: ``html`` takes ``html5`` from ``html.entities`` as it is imported (for ``unescape``).
MAPPINGS: Final[dict[str, tuple[str, ...]]] = {
    **{name: ("widths",) for name in STANDARD_WIDTHS},
    "html.entities": ("html5", "codepoint2name", "entitydefs"),
}

#: The dictionaries a stand-in holds whole before its module is imported, read from the
#: cache (``_kept_tables``): ``platypus.paraparser`` reads ``name2codepoint`` whole as it
#: is imported. A module with no entry yet is imported (and the entry written), not deferred.
KEPT: Final = {"html.entities": ("name2codepoint",)}
#: What a kept table's cache entry begins with, and how it is made (bump when that changes).
_KEPT_MAGIC: Final = b"vnconv pdf table\n"
_KEPT_RECIPE: Final = "1"

#: The tuples a stand-in hands out as a ``DeferredSequence`` before its module is
#: imported: ``pdfbase._fontdata`` takes each encoding's vector by name as it is imported.
SEQUENCES: Final = {f"reportlab.pdfbase._fontdata_enc_{name.lower()}": (f"{name}Encoding",) for name in STANDARD_ENCODINGS}

#: The functions a stand-in hands out before its module is imported, each calling the
#: real module's own when called: its importers take them by name as they are imported
#: (``from . rl_safe_eval import rl_safe_exec, rl_safe_eval, safer_globals,
#: rl_extended_literal_eval`` in ``reportlab.lib.utils``), and call them only for
#: ReportLab's own markup expressions (``<evalString>``, ``DocExec``, a colour written
#: as an expression), which vnconv never writes; and the standard library's functions
#: ``reportlab.lib.utils`` and ``lib.colors`` take by name, for labels, colours written
#: as text, data URLs and images named by a URL.
CALLED_THROUGH: Final = {
    "reportlab.lib.rl_safe_eval": ("rl_safe_exec", "rl_safe_eval", "safer_globals", "rl_extended_literal_eval"),
    "ast": ("literal_eval",),
    "base64": ("decodebytes", "encodebytes"),
    "urllib.parse": ("unquote", "urlparse"),
}

#: The functions a stand-in hands out as another module has them (module, name), the
#: same function whether or not the module stood in for is ever imported: ``hashlib``'s
#: MD5 from CPython's own ``_md5``, the constructor hashlib falls back to without OpenSSL
#: (the same digest). Where that module is absent (another Python), called through.
BUILT_IN: Final = {"hashlib": {"md5": ("_md5", "md5")}}

#: The constants a stand-in holds as its module defines them: ``string``'s, which
#: ``platypus.paragraph`` (``whitespace``) and ``pdfgen.canvas`` (``digits``) take by
#: name (the Python documentation's values, the same in every version; a test compares
#: them with the module's). ``string`` makes its ``Template`` class as it is imported.
CONSTANTS: Final = {"string": {"whitespace": " \t\n\r\x0b\x0c", "digits": "0123456789"}}

#: The modules whose ``logging.getLogger(name)`` gets a ``DeferredLogger``: ReportLab's,
#: which make their logger as they are imported and use it only in their debug mode.
LOGGING_MODULES: Final = frozenset({"reportlab.platypus.frames", "reportlab.platypus.doctemplate"})

#: The file, in a deferred package's folder, whose ``version`` is its ``__version__``.
VERSION_FILES: Final = {"uharfbuzz": "_version.py"}

_LOCK: Final = threading.RLock()


class DeferredLogger:
    """Stands in for ``logging.getLogger(name)`` until it is asked anything; then looks the
    logger up (importing ``logging``) and answers from it, every time (a logger is the
    same object for its name for the life of the process)."""

    def __init__(self, name: str) -> None:
        self.__dict__["_deferred_name"] = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.logger(), attribute)

    def __setattr__(self, attribute: str, value: Any) -> None:
        setattr(self.logger(), attribute, value)

    def logger(self) -> Any:
        """The real logger (``logging`` imported the first time)."""
        logging = sys.modules["logging"]
        if isinstance(logging, DeferredModule):
            logging = logging.loaded()
        return logging.getLogger(self.__dict__["_deferred_name"])


class DeferredMapping(MutableMapping[Any, Any]):
    """Stands in for the dictionary ``attribute`` of a stand-in's module: imports the
    module when first asked anything (``[]``, ``keys``, ``len``, ``copy``, ...) and
    answers from its dictionary, every time, so a change made through it is the
    module's."""

    __slots__ = ("_attribute", "_module")

    def __init__(self, module: DeferredModule, attribute: str) -> None:
        self._module = module
        self._attribute = attribute

    def real(self) -> dict[Any, Any]:
        """The module's dictionary (the module imported the first time)."""
        found: dict[Any, Any] = getattr(self._module.loaded(), self._attribute)
        return found

    def __getitem__(self, key: Any) -> Any:
        return self.real()[key]

    def __setitem__(self, key: Any, value: Any) -> None:
        self.real()[key] = value

    def __delitem__(self, key: Any) -> None:
        del self.real()[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.real())

    def __len__(self) -> int:
        return len(self.real())

    def __contains__(self, key: object) -> bool:
        return key in self.real()

    def __eq__(self, other: object) -> bool:
        return self.real() == (other.real() if isinstance(other, DeferredMapping) else other)

    __hash__ = None  # type: ignore[assignment]  # as a dict's

    def __repr__(self) -> str:
        return repr(self.real())

    def __reduce__(self) -> tuple[type, tuple[dict[Any, Any]]]:  # copied or pickled as the dictionary itself
        return dict, (self.real(),)

    def keys(self) -> Any:
        return self.real().keys()

    def items(self) -> Any:
        return self.real().items()

    def values(self) -> Any:
        return self.real().values()

    def get(self, key: Any, default: Any = None) -> Any:
        return self.real().get(key, default)

    def __getattr__(self, attribute: str) -> Any:  # a dict's other methods: copy, setdefault, ...
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        return getattr(self.real(), attribute)


class DeferredSequence(Sequence[Any]):
    """Stands in for the tuple ``attribute`` of a stand-in's module: imports the module
    when first asked anything (``[]``, a slice, ``len``, iteration, ``==``, ``hash``,
    ...) and answers from its tuple, every time."""

    __slots__ = ("_attribute", "_module")

    def __init__(self, module: DeferredModule, attribute: str) -> None:
        self._module = module
        self._attribute = attribute

    def real(self) -> tuple[Any, ...]:
        """The module's tuple (the module imported the first time)."""
        found: tuple[Any, ...] = getattr(self._module.loaded(), self._attribute)
        return found

    def __getitem__(self, index: Any) -> Any:
        return self.real()[index]

    def __len__(self) -> int:
        return len(self.real())

    def __iter__(self) -> Iterator[Any]:
        return iter(self.real())

    def __contains__(self, value: object) -> bool:
        return value in self.real()

    def __eq__(self, other: object) -> bool:
        return self.real() == (other.real() if isinstance(other, DeferredSequence) else other)

    def __hash__(self) -> int:
        return hash(self.real())

    def __add__(self, other: Any) -> Any:
        return self.real() + other

    def __radd__(self, other: Any) -> Any:
        return other + self.real()

    def __repr__(self) -> str:
        return repr(self.real())

    def __reduce__(self) -> tuple[type, tuple[tuple[Any, ...]]]:  # copied or pickled as the tuple itself
        return tuple, (self.real(),)

    def __getattr__(self, attribute: str) -> Any:  # a tuple's other methods: index, count, ...
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        return getattr(self.real(), attribute)


class DeferredModule(types.ModuleType):
    """Stands in for the module ``name`` until one of its attributes is asked for; then
    imports it (once, under a lock) and answers from it."""

    def __init__(self, name: str, spec: ModuleSpec, kept: dict[str, Any] | None = None) -> None:
        super().__init__(name)
        self.__dict__["_deferred_real"] = None
        self.__dict__["_deferred_spec"] = spec  # where the real module is
        # and as ``__spec__``: ``importlib.util.find_spec`` and ``pkgutil.get_loader``
        # ask a module in ``sys.modules`` for it (None made find_spec raise ValueError in a
        # program that imported the writer); the real import finds a spec of its own.
        self.__dict__["__spec__"] = spec
        self.__dict__["__loader__"] = spec.loader
        if spec.has_location:  # as the real module will have it: ``inspect.getmodule`` asks every module
            self.__dict__["__file__"] = spec.origin
        if spec.submodule_search_locations is not None:  # a package: its submodules import without it
            self.__dict__["__path__"] = list(spec.submodule_search_locations)
        for function in CALLED_THROUGH.get(name, ()):
            self.__dict__[function] = self._called_through(function)
        for function, (module, attribute) in BUILT_IN.get(name, {}).items():
            try:
                self.__dict__[function] = getattr(importlib.import_module(module), attribute)
            except (ImportError, AttributeError):
                self.__dict__[function] = self._called_through(function)
        self.__dict__.update(CONSTANTS.get(name, {}))
        for mapping in MAPPINGS.get(name, ()):
            self.__dict__[mapping] = DeferredMapping(self, mapping)
        for sequence in SEQUENCES.get(name, ()):
            self.__dict__[sequence] = DeferredSequence(self, sequence)
        self.__dict__.update(kept or {})
        self.__dict__["_deferred_kept"] = tuple(kept or ())
        if name == "logging":
            self.__dict__["getLogger"] = self._get_logger

    def _get_logger(self, name: str | None = None) -> Any:
        """``logging.getLogger``: a ``DeferredLogger`` for one of ``LOGGING_MODULES``
        (read from the calling frame) while ``logging`` is not imported; else the real one."""
        if name and self.__dict__["_deferred_real"] is None and sys._getframe(1).f_globals.get("__name__") in LOGGING_MODULES:
            return DeferredLogger(name)
        return self.loaded().getLogger(name)

    def _called_through(self, function: str) -> Callable[..., Any]:
        """A function that calls the real module's ``function`` (imported the first time)."""

        def call(*args: Any, **kwargs: Any) -> Any:
            return getattr(self.loaded(), function)(*args, **kwargs)

        call.__name__ = call.__qualname__ = function
        return call

    def __getattr__(self, attribute: str) -> Any:  # only for what the stand-in itself lacks
        if attribute == "__path__":  # not a package (a package's stand-in has it): ``from module import name`` asks
            raise AttributeError(attribute)
        if attribute == "__version__" and self.__dict__["_deferred_real"] is None:
            version = self._version_file()
            if version is not None:
                return version
        submodule = self._submodule(attribute)
        if submodule is not None:
            return submodule
        return getattr(self.loaded(), attribute)

    def __setattr__(self, attribute: str, value: Any) -> None:
        """Set on the real module (imported now), where its code reads it: a program's
        ``Image.MAX_IMAGE_PIXELS = None`` or ``tempfile.tempdir = ...`` once vnconv made
        a PDF. A submodule the import system hands its package is kept here, unimported."""
        if self.__dict__["_deferred_real"] is None and isinstance(value, types.ModuleType) and value.__name__ == f"{self.__name__}.{attribute}":
            self.__dict__[attribute] = value
            return
        setattr(self.loaded(), attribute, value)
        if attribute in self.__dict__:
            self.__dict__[attribute] = value

    def __delattr__(self, attribute: str) -> None:
        delattr(self.loaded(), attribute)
        self.__dict__.pop(attribute, None)

    def __dir__(self) -> list[str]:
        """The real module's names (imported now): ``dir``, ``inspect.getmembers``, ``help``
        and a shell's completion list a module's names from its ``__dict__``, which
        ``__getattr__`` is never asked for."""
        return dir(self.loaded())

    def _submodule(self, attribute: str) -> types.ModuleType | None:
        """The package's submodule ``attribute``, imported on its own while the package's
        ``__init__`` has not run (``from reportlab.platypus import paragraph``); None for
        any other name."""
        if self.__dict__["_deferred_real"] is not None or "__path__" not in self.__dict__ or attribute.startswith("__"):
            return None
        name = f"{self.__name__}.{attribute}"
        if name not in sys.modules and importlib.util.find_spec(name) is None:
            return None
        return importlib.import_module(name)

    def _version_file(self) -> str | None:
        """The package's version from its ``VERSION_FILES`` file, run on its own (None
        when it has none, or it does not say): importing it as the package's submodule
        would run the package's ``__init__``."""
        found = self.__dict__.get("_deferred_version")
        if found is not None:
            return str(found)
        file = VERSION_FILES.get(self.__name__)
        locations = self.__dict__["_deferred_spec"].submodule_search_locations
        if file is None or not locations:
            return None
        location = Path(next(iter(locations))) / file
        spec = importlib.util.spec_from_file_location(f"convert._{self.__name__}_version", location)
        if spec is None or spec.loader is None or not location.is_file():
            return None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        version = getattr(module, "version", None)
        if not isinstance(version, str):
            return None
        self.__dict__["_deferred_version"] = version
        return version

    def loaded(self) -> types.ModuleType:
        """The real module, imported the first time."""
        real = self.__dict__["_deferred_real"]
        if real is None:
            with _LOCK:
                real = self.__dict__["_deferred_real"]
                if real is None:
                    name = self.__name__
                    if sys.modules.get(name) is self:
                        del sys.modules[name]  # so that the import system imports it for real
                    real = importlib.import_module(name)  # sets the package's attribute to it, too
                    for key, value in self.__dict__.items():  # a package's submodules imported through the stand-in
                        if isinstance(value, types.ModuleType) and value.__name__ == f"{name}.{key}":
                            setattr(real, key, value)
                    for key in self.__dict__["_deferred_kept"]:  # one dictionary, as without the stand-in (an equal one)
                        setattr(real, key, self.__dict__[key])
                    self.__dict__["_deferred_real"] = real
        return real


@contextmanager
def deferring_modules(names: Iterable[str] = DEFERRED) -> Iterator[None]:
    """Import ReportLab inside this: each of ``names`` not yet imported (and installed)
    is a ``DeferredModule`` in ``sys.modules`` until it is used, during and after."""
    for name in names:
        if name in sys.modules:
            _lend(sys.modules[name], CALLED_THROUGH.get(name, ()))
            continue
        parent, _, child = name.rpartition(".")
        spec = _spec(name)
        if spec is None:  # not installed: ReportLab's own fallback decides
            continue
        kept = _kept_tables(name, spec) if name in KEPT else None
        if name in KEPT and kept is None:  # no entry yet: imported now (and one written)
            continue
        stand_in = DeferredModule(name, spec, kept)
        sys.modules[name] = stand_in
        if parent:
            setattr(importlib.import_module(parent), child, stand_in)
    yield


def _spec(name: str) -> ModuleSpec | None:
    """Where the module ``name`` is, as ``importlib.util.find_spec`` finds it; for one with
    tables ``KEPT``, without importing its package first (``find_spec`` of a submodule
    imports its package, and ``html``'s ``__init__`` imports ``html.entities``)."""
    parent, _, _ = name.rpartition(".")
    if name not in KEPT or not parent or parent in sys.modules or "." in parent:
        return importlib.util.find_spec(name)
    package = importlib.util.find_spec(parent)  # a top-level name: found, not imported
    if package is None or package.submodule_search_locations is None:
        return None
    return PathFinder.find_spec(name, list(package.submodule_search_locations))


def _kept_tables(name: str, spec: ModuleSpec) -> dict[str, Any] | None:
    """The ``KEPT`` tables of the module ``name`` as its file (``spec.origin``) makes
    them, from the cache (``pdf-tables/``); None when there is no usable entry: then the
    module is imported now, and the entry written for the next process (a read-only or
    full cache costs time, never correctness)."""
    from convert.cache import marshal_entry, read_marshalled, sealed, write_once

    if not spec.has_location or not spec.origin:
        return None
    origin = Path(spec.origin)
    entries = {attribute: marshal_entry("pdf-tables", origin, _KEPT_RECIPE, attribute) for attribute in KEPT[name]}
    found = {attribute: read_marshalled(entry, _KEPT_MAGIC) for attribute, entry in entries.items()}
    if all(type(table) is dict for table in found.values()):
        return found
    module = importlib.import_module(name)
    for attribute, entry in entries.items():
        try:
            write_once(entry, sealed(_KEPT_MAGIC, marshal.dumps(getattr(module, attribute))))
        except (OSError, ValueError):
            pass  # a read-only or full cache costs time, not correctness
    return None


def _lend(module: types.ModuleType, functions: Iterable[str]) -> None:
    """Give another stand-in (``convert.start``'s, marked ``__stand_in__``) the
    ``functions`` it lacks, each calling the real one through the stand-in's module
    ``__getattr__`` (PEP 562), which imports the real module for a name it lacks; a real
    module is left as it is."""
    hook = module.__dict__.get("__getattr__") if module.__dict__.get("__stand_in__") is True else None
    if hook is None:
        return
    for function in functions:
        if function not in module.__dict__:
            module.__dict__[function] = _through(hook, function)


def _through(hook: Callable[[str], Any], function: str) -> Callable[..., Any]:
    """A function that calls what ``hook(function)`` answers (the real module's ``function``)."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return hook(function)(*args, **kwargs)

    call.__name__ = call.__qualname__ = function
    return call


def is_deferred(name: str) -> bool:
    """Whether ``name`` is still a stand-in (its real module not yet imported): this
    module's, or ``convert.start``'s (which ``deferring_modules`` lends functions to)."""
    module = sys.modules.get(name)
    if isinstance(module, DeferredModule):
        return module.__dict__["_deferred_real"] is None
    return module is not None and module.__dict__.get("__stand_in__") is True


def deferred_spec(name: str) -> ModuleSpec | None:
    """Where the module ``name`` that is still a stand-in would be imported from (None
    when it is not a stand-in, or no longer)."""
    module = sys.modules.get(name)
    return module.__dict__["_deferred_spec"] if isinstance(module, DeferredModule) and is_deferred(name) else None


__all__ = [
    "BUILT_IN",
    "CALLED_THROUGH",
    "CONSTANTS",
    "DEFERRED",
    "KEPT",
    "LOGGING_MODULES",
    "MAPPINGS",
    "SEQUENCES",
    "STANDARD_ENCODINGS",
    "STANDARD_WIDTHS",
    "DeferredLogger",
    "DeferredMapping",
    "DeferredSequence",
    "DeferredModule",
    "deferred_spec",
    "deferring_modules",
    "is_deferred",
]
