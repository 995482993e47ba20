"""vnconv's cache directory, and how files get into it.

What is kept there is only what was measured to pay (the README's *Caches*): the font
registry's answers and static instances of variable faces (``convert.fonts``), and the
style files as parsed (``convert.styles``). Deleting the directory is always safe.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def cache_dir() -> Path:
    """``$VNCONV_CACHE_DIR``, else ``$XDG_CACHE_HOME/vnconv``, else ``~/.cache/vnconv``."""
    explicit = os.environ.get("VNCONV_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "vnconv"


def write_atomically(target: Path, data: bytes) -> None:
    """Parallel workers may race to fill the cache: each writes whole files or none."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
