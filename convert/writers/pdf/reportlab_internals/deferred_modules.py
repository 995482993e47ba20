"""ReportLab imported without importing Pillow and HarfBuzz, which most PDFs never use.

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

Unlike ``importlib.util.LazyLoader`` on Python 3.11, the first use is thread-safe (the
photos are prepared in threads): the real import runs under a lock, and a thread that
asks meanwhile waits for it. Nothing changes what is imported when it is used, so the
bytes are the same.

ReportLab 5.1.0 (``CHECKED_VERSIONS``): ``reportlab/lib/utils.py`` (``from PIL import
Image``, at the top) and ``reportlab/pdfbase/ttfonts.py`` (``import uharfbuzz``, then
``if not uharfbuzz:`` to choose its shaping functions: a module object is true, so a
stand-in chooses the same ones as the real module). ``test_deferred_modules`` checks both.

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
import sys
import threading
import types
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.machinery import ModuleSpec
from pathlib import Path
from typing import Any, Final

#: The modules ReportLab imports as it is imported and vnconv uses only now and then.
DEFERRED: Final = ("PIL.Image", "uharfbuzz")

#: The file, in a deferred package's folder, whose ``version`` is its ``__version__``.
VERSION_FILES: Final = {"uharfbuzz": "_version.py"}

_LOCK: Final = threading.RLock()


class DeferredModule(types.ModuleType):
    """Stands in for the module ``name`` until one of its attributes is asked for; then
    imports it (once, under a lock) and answers from it."""

    def __init__(self, name: str, spec: ModuleSpec) -> None:
        super().__init__(name)
        self.__dict__["_deferred_real"] = None
        self.__dict__["_deferred_spec"] = spec  # where the real module is (not __spec__: the import system reads that)

    def __getattr__(self, attribute: str) -> Any:  # only for what the stand-in itself lacks
        if attribute == "__version__" and self.__dict__["_deferred_real"] is None:
            version = self._version_file()
            if version is not None:
                return version
        return getattr(self.loaded(), attribute)

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
                    self.__dict__["_deferred_real"] = real
        return real


@contextmanager
def deferring_modules(names: tuple[str, ...] = DEFERRED) -> Iterator[None]:
    """Import ReportLab inside this: each of ``names`` not yet imported (and installed)
    is a ``DeferredModule`` in ``sys.modules`` until it is used, during and after."""
    for name in names:
        if name in sys.modules:
            continue
        parent, _, child = name.rpartition(".")
        spec = importlib.util.find_spec(name)
        if spec is None:  # not installed: ReportLab's own fallback decides
            continue
        stand_in = DeferredModule(name, spec)
        sys.modules[name] = stand_in
        if parent:
            setattr(importlib.import_module(parent), child, stand_in)
    yield


def is_deferred(name: str) -> bool:
    """Whether ``name`` is still a stand-in (its real module not yet imported)."""
    module = sys.modules.get(name)
    return isinstance(module, DeferredModule) and module.__dict__["_deferred_real"] is None


def deferred_spec(name: str) -> ModuleSpec | None:
    """Where the module ``name`` that is still a stand-in would be imported from (None
    when it is not a stand-in, or no longer)."""
    module = sys.modules.get(name)
    return module.__dict__["_deferred_spec"] if is_deferred(name) else None  # type: ignore[union-attr]


__all__ = ["DEFERRED", "DeferredModule", "deferred_spec", "deferring_modules", "is_deferred"]
