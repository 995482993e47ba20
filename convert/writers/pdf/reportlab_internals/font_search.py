"""ReportLab imported without walking the system's font folders, which vnconv never searches.

As it is imported, ``reportlab.rl_settings`` walks ``/usr/share/fonts/type1``,
``Type1``, ``truetype`` and ``TTF`` on Linux (``_findFontDirs``: ``os.walk`` over every
folder and file under them) to add each folder that holds files to ``T1SearchPath``
and ``TTFSearchPath``, where ReportLab looks for a font named by a bare file name.
vnconv gives ReportLab every face by its absolute path (``fonts.faces``, from the font
packages ``convert.fonts`` finds) and embeds no standard font, so it never searches
them; the walk cost every ``vnconv pdf`` ~0.6 ms on a machine with 294 font files, and
grows with the fonts a desktop has installed (thousands of files, tens of folders).
While ``skipping_font_walk`` is in force, ``os.walk`` called by ``reportlab.rl_settings``
itself finds nothing, so the search paths keep ReportLab's fixed entries (those that
exist); every other ``os.walk`` is the real one.

ReportLab 5.1.0 (``CHECKED_VERSIONS``): ``reportlab/rl_settings.py``, ``_findFontDirs``
(``os.walk``, read from the ``os`` module as it is called); ``test_private_parts``
checks it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

#: The module whose walks are skipped, and only while it is first imported.
_MODULE: Final = "reportlab.rl_settings"


@contextmanager
def skipping_font_walk() -> Iterator[None]:
    """Import ReportLab (if it is not yet) inside this, to skip its walk of the system's font folders."""
    walk = os.walk

    def walk_unless_settings(top: Any, *args: Any, **kwargs: Any) -> Iterator[tuple[Any, list[Any], list[Any]]]:
        if sys._getframe(1).f_globals.get("__name__") == _MODULE:
            return iter(())
        return walk(top, *args, **kwargs)

    os.walk = walk_unless_settings  # type: ignore[assignment]
    try:
        yield
    finally:
        os.walk = walk


__all__ = ["skipping_font_walk"]
