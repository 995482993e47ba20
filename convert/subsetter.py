"""HarfBuzz's subsetter called through ``ctypes``, from the library uharfbuzz installs.

An EPUB in the default ``"used"`` scope cuts every face it embeds down to the
article's characters, so every ``vnconv epub`` subsets. Importing uharfbuzz to do it
was 52 M instructions of the ~410 M of a whole ``vnconv epub`` on the seed (callgrind):
its one compiled module builds 22 enum classes (211 members) through Python's ``enum``
as it loads, and binds hundreds of functions the subsetter never calls. Cutting a face
takes seven of HarfBuzz's C functions (``hb-subset.h``, ``hb-face.h``, ``hb-blob.h``,
``hb-set.h``), which the same compiled module exports as HarfBuzz's public C API: loaded
with ``ctypes`` (~8 M to import, ~5 M to load the library, as the import loads it too),
the same code cuts the same bytes without the module's start-up.

It is the same library, not a second copy of HarfBuzz: the file uharfbuzz installs
(``uharfbuzz/_harfbuzz.*``), so a subset is what ``uharfbuzz.subset`` would give, byte
for byte (``tests/test_subsetter.py`` compares them). Where the library does not export
those functions (a build that hides its symbols) or cannot be loaded, ``available`` is
False and ``convert.fonts`` uses uharfbuzz's bindings as before.

The calls, as uharfbuzz makes them (``_blob.pxi``, ``_face.pxi``, ``_subset.pxi``):
``hb_blob_create_from_file_or_fail`` and ``hb_face_create(blob, 0)`` read the file;
``hb_subset_input_create_or_fail``, its Unicode set filled, its flags set, its name-ID and
name-language sets cleared and inverted (all of them kept); ``hb_subset_or_fail``;
``hb_face_reference_blob`` and ``hb_blob_get_data`` give the bytes.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from importlib.machinery import PathFinder
from pathlib import Path
from typing import Any, Final

#: ``hb_subset_sets_t`` (hb-subset.h): the sets of name IDs and name languages kept.
_NAME_ID: Final = 4
_NAME_LANG_ID: Final = 5


class SubsetError(Exception):
    """HarfBuzz could not read the face or cut it; the message says which."""


def package_folder() -> Path | None:
    """Where uharfbuzz is installed, found without importing it (None: it is not).

    Looked for on ``sys.path`` itself, not through ``importlib.util.find_spec``, which
    asks ``sys.modules`` first and raises ValueError there for the PDF writer's stand-in
    (``pdf/reportlab_internals/deferred_modules.py``: no ``__spec__``), as it stands in
    a process that wrote a PDF before its EPUB."""
    spec = PathFinder.find_spec("uharfbuzz")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def library_files() -> list[Path]:
    """uharfbuzz's compiled module (``_harfbuzz.abi3.so``, ``_harfbuzz.cp311-win_amd64.pyd``...);
    empty when uharfbuzz is not installed."""
    folder = package_folder()
    if folder is None:
        return []
    return sorted(path for path in folder.glob("_harfbuzz.*") if path.suffix in (".so", ".pyd", ".dylib"))


@functools.cache
def _harfbuzz() -> Any:
    """HarfBuzz's C functions, typed; None when they cannot be had this way."""
    files = library_files()
    if len(files) != 1:
        return None
    import ctypes

    try:
        lib = ctypes.CDLL(os.fspath(files[0]))
        pointer, unsigned = ctypes.c_void_p, ctypes.c_uint
        signatures: dict[str, tuple[Any, list[Any]]] = {
            "hb_blob_create_from_file_or_fail": (pointer, [ctypes.c_char_p]),
            "hb_blob_destroy": (None, [pointer]),
            "hb_blob_get_data": (pointer, [pointer, ctypes.POINTER(unsigned)]),
            "hb_face_create": (pointer, [pointer, unsigned]),
            "hb_face_destroy": (None, [pointer]),
            "hb_face_get_glyph_count": (unsigned, [pointer]),
            "hb_face_reference_blob": (pointer, [pointer]),
            "hb_set_add_sorted_array": (None, [pointer, ctypes.POINTER(unsigned), unsigned]),
            "hb_set_clear": (None, [pointer]),
            "hb_set_invert": (None, [pointer]),
            "hb_subset_input_create_or_fail": (pointer, []),
            "hb_subset_input_destroy": (None, [pointer]),
            "hb_subset_input_set": (pointer, [pointer, ctypes.c_int]),
            "hb_subset_input_set_flags": (None, [pointer, unsigned]),
            "hb_subset_input_unicode_set": (pointer, [pointer]),
            "hb_subset_or_fail": (pointer, [pointer, pointer]),
        }
        for name, (result, arguments) in signatures.items():
            function = getattr(lib, name)
            function.restype, function.argtypes = result, arguments
    except (OSError, AttributeError):  # not loadable here, or built without exporting its API
        return None
    return lib


def available() -> bool:
    """Whether faces can be cut here without importing uharfbuzz."""
    return _harfbuzz() is not None


@functools.lru_cache(maxsize=None)
def _face(path: Path) -> int:
    """A font file read by HarfBuzz (memory-mapped; once per process, as ``fonts._hb_face``)."""
    hb = _harfbuzz()
    blob = hb.hb_blob_create_from_file_or_fail(os.fsencode(path))
    if not blob:
        raise SubsetError(f"cannot read font file {path}")
    face = hb.hb_face_create(blob, 0)
    hb.hb_blob_destroy(blob)  # the face holds its own reference
    if hb.hb_face_get_glyph_count(face) == 0:
        hb.hb_face_destroy(face)
        raise SubsetError(f"cannot read font file {path}: not a TrueType or OpenType font")
    return int(face)


def open_face(path: Path) -> None:
    """Read a face now, as its first subset would (a process about to fork does it once)."""
    _face(path)


def cut(path: Path, codepoints: Iterable[int], flags: int) -> bytes:
    """The face at ``path`` cut down to these code points and what they reach, with
    ``flags`` (``hb_subset_flags_t``) and every name record kept. Needs ``available()``."""
    import ctypes

    hb = _harfbuzz()
    source = _face(path)
    wanted = sorted(set(codepoints))
    request = hb.hb_subset_input_create_or_fail()
    if not request:
        raise MemoryError()
    try:
        hb.hb_set_add_sorted_array(hb.hb_subset_input_unicode_set(request), (ctypes.c_uint * len(wanted))(*wanted), len(wanted))
        hb.hb_subset_input_set_flags(request, flags)
        for kept in (_NAME_ID, _NAME_LANG_ID):
            names = hb.hb_subset_input_set(request, kept)
            hb.hb_set_clear(names)
            hb.hb_set_invert(names)  # all of them
        subset = hb.hb_subset_or_fail(source, request)
    finally:
        hb.hb_subset_input_destroy(request)
    if not subset:
        raise SubsetError(f"cannot subset {path}: Subsetting failed")
    try:
        blob = hb.hb_face_reference_blob(subset)
        try:
            length = ctypes.c_uint(0)
            data = hb.hb_blob_get_data(blob, ctypes.byref(length))
            return ctypes.string_at(data, length.value) if data and length.value else b""
        finally:
            hb.hb_blob_destroy(blob)
    finally:
        hb.hb_face_destroy(subset)
