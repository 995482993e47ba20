"""Make dependency files (``--depfile FILE``), as ``cc -MD -MP`` writes them.

One rule says what an output was made from (the article and its photos), so ``make``
rebuilds it when a photo changes; an empty rule for each photo keeps ``make`` going
when one is deleted (it is then simply remade). A Makefile reads them with
``-include``. Names are escaped as GNU make reads them: a space as ``\\ ``, ``#``
as ``\\#``, ``$`` as ``$$`` (GNU make manual, 4.2 "Rule Syntax" and 6.1).
"""

from __future__ import annotations

from collections.abc import Sequence

from convert.io import write_output


def escape(path: str) -> str:
    return path.replace("$", "$$").replace("#", "\\#").replace(" ", "\\ ")


def rules(target: str | Sequence[str], dependencies: Sequence[str]) -> str:
    """``target: dep...`` and an empty rule for each dependency after the first; several
    targets (the formats of one article, made by one call) share the rule."""
    targets = [target] if isinstance(target, str) else list(target)
    unique = list(dict.fromkeys(dependencies))
    lines = [f"{' '.join(map(escape, targets))}: {' '.join(escape(d) for d in unique)}".rstrip()]
    lines += [f"{escape(d)}:" for d in unique[1:]]
    return "\n".join(lines) + "\n"


def write_depfile(path: str, target: str | Sequence[str], dependencies: Sequence[str]) -> None:
    """Write the rules atomically (a failed write never leaves half a rule)."""
    write_output(path, rules(target, dependencies).encode("utf-8"))


__all__ = ["escape", "rules", "write_depfile"]
