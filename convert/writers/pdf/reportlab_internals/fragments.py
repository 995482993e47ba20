"""ReportLab's test of whether two text fragments may share a word: the same answer, faster.

A paragraph with markup (every one that has a fallback run, a symbol or a letter in
another face) is broken into lines fragment by fragment, and ReportLab's
``breakLines`` asks ``sameFrag(f, g)`` of each word's fragment against the one
before: some 500 times an article. Its C version (``_rl_accel.sameFrag``) asks
``PyObject_HasAttrString`` for four attributes a text fragment never has
(``cbDefn``, ``lineBreak`` on both), and each miss builds and discards an
``AttributeError``: about 3 µs a call, 1.5 ms of an article. ``same_frag`` answers
the same question in about 0.7 µs: Python's own ``getattr`` with a default does not
build the error. ``install`` puts it where ``reportlab.platypus.paragraph`` looks
it up (once per process, as ``lines.install_url_breaks`` does).
"""

from __future__ import annotations

from typing import Any, Final

import reportlab.platypus.paragraph as rl_paragraph

#: The attributes that must be equal (ReportLab 4 and 5's ``_rl_accel.c``, ``sameFrag``).
_SAME: Final = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor", "nobr")
#: Attributes whose presence on either fragment makes them differ (an image or a break).
_NEVER: Final = ("cbDefn", "lineBreak")
_MISSING: Final = object()


def same_frag(f: Any, g: Any) -> bool:
    """Whether fragments ``f`` and ``g`` look the same (``_rl_accel.sameFrag``): neither
    is an image or a line break, and each of ``_SAME`` is missing on both, the same
    object on both, or equal."""
    for name in _NEVER:
        if hasattr(f, name) or hasattr(g, name):
            return False
    for name in _SAME:
        a = getattr(f, name, _MISSING)
        b = getattr(g, name, _MISSING)
        if a is not b and (a is _MISSING or b is _MISSING or a != b):
            return False
    return True


def install() -> None:
    """Let ReportLab's paragraphs use ``same_frag`` (once per process)."""
    rl_paragraph.sameFrag = same_frag


install()

__all__ = ["install", "same_frag"]
