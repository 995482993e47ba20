"""The first thing a command that is the whole process does, before Click is imported.

``vnconv`` (``convert.client``) and ``python -m convert`` call ``begin`` before they
import the command line, and ``convert.cli.main`` calls it again (it does its work
once): the cycle collector is paused (why: the comment above ``convert.cli.main``),
and the methods ``@dataclass`` writes (``convert.dataclass_code``) and the regular
expressions (``convert.regex_code``) are taken from the cache folder from here on.
Before Click rather than in ``main``: importing Click and the standard library's
modules under it makes thousands of objects the collector would walk, compiles some
of the patterns kept (``platform``'s, ``gettext``'s), and makes dataclasses of its own.
The library, a test's CliRunner and the server never call it.
"""

from __future__ import annotations

import gc

_begun = False


def begin() -> None:
    """Pause the cycle collector and use the kept code, from now on in this process."""
    global _begun
    if _begun:
        return
    _begun = True
    gc.disable()
    from convert import dataclass_code, regex_code

    dataclass_code.install()
    regex_code.install()


__all__ = ["begin"]
