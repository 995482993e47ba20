"""Make dependency files (``--depfile FILE``), as ``cc -MD -MP`` writes them.

One rule says what an output was made from (the article and its photos), so ``make``
rebuilds it when a photo changes; an empty rule for each photo keeps ``make`` going
when one is deleted (it is then simply remade). A Makefile reads them with
``-include``. Names are escaped as GNU make reads them: a space as ``\\ ``, ``#``
as ``\\#``, ``$`` as ``$$`` (GNU make manual, 4.2 "Rule Syntax" and 6.1).

``vnconv convert`` on several articles writes one depfile per article: its FILE holds
``{name}``, which each article's name replaces (``out/{name}.d`` → ``out/bai.d``, as
``$*`` is in a pattern rule), so a Makefile that converts a chunk of articles per call
keeps each article's own rule (samples/Makefile). With ``--update`` the depfile of the
last run is read back as make reads it: a photo it names that is gone (or changed)
makes the article stale, though nothing now shows it (``named_dependencies``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from convert.io import write_output

if TYPE_CHECKING:
    from convert.batch.plan import Job

#: What ``convert --depfile FILE`` replaces by each article's name.
NAME_FIELD: Final = "{name}"


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


def output_name(job: Job) -> str:
    """What an article's outputs are called, less the format's extension: ``bai`` for
    ``out/bai.pdf``, ``bai.md`` for ``out/bai.md.pdf`` (``jobs.output_filename``)."""
    from convert.writers import EXTENSIONS

    fmt, target = job.outputs[0]
    return os.path.basename(target)[: -len(EXTENSIONS.get(fmt, fmt)) - 1]


def depfile_paths(template: str, planned: Sequence[Job]) -> dict[str, str]:
    """Each article's depfile for ``convert --depfile TEMPLATE``, by input; ``ValueError``
    (nothing written yet) when a rule cannot be written: standard input or an output
    that is not a file (make names neither), several articles and no ``{name}``, two
    articles given one depfile (articles of one name in two folders: put the folder
    in FILE, or convert them apart), or a depfile that is one of the batch's files."""
    if any(job.input == "-" for job in planned):
        raise ValueError("--depfile names files for make: not standard input ('-')")
    if any(target == "-" or "://" in target for job in planned for _, target in job.outputs):
        raise ValueError("--depfile names files for make: write the outputs to files (-O DIR)")
    if len(planned) > 1 and NAME_FIELD not in template:
        raise ValueError(f"--depfile {template}: with several articles, put {NAME_FIELD} in FILE for each article's name (e.g. out/{NAME_FIELD}.d)")
    paths: dict[str, str] = {}
    owners: dict[str, str] = {}
    taken = {os.path.abspath(name) for job in planned for name in (job.input, *(target for _, target in job.outputs))}
    for job in planned:
        path = template.replace(NAME_FIELD, output_name(job))
        key = os.path.abspath(path)
        if key in owners:
            raise ValueError(f"--depfile {template}: {owners[key]} and {job.input} would both write {path}")
        if key in taken:
            raise ValueError(f"--depfile {template}: {path} is one of the batch's articles or outputs")
        owners[key] = job.input
        paths[job.input] = path
    return paths


def unescape(name: str) -> str:
    return name.replace("\\ ", " ").replace("\\#", "#").replace("$$", "$")


def named_dependencies(path: str) -> list[str]:
    """What the depfile at ``path`` says its outputs were made from (none if there is no
    readable depfile): the empty rules after its first line, one per dependency after
    the first (the article), as ``rules`` writes them."""
    try:
        with open(path, encoding="utf-8") as depfile:
            lines = depfile.read().splitlines()[1:]
    except (OSError, UnicodeDecodeError):
        return []
    return [unescape(line[:-1]) for line in lines if line.endswith(":") and not line.endswith("\\:")]


def refresh_depfile(path: str, target: Sequence[str], dependencies: Sequence[str]) -> None:
    """``write_depfile``, but a depfile that already says this is left as it is: an
    article ``--update`` skipped keeps its rule (make reads depfiles, never their times)."""
    text = rules(target, dependencies)
    try:
        with open(path, encoding="utf-8") as existing:
            if existing.read() == text:
                return
    except (OSError, UnicodeDecodeError):
        pass
    write_output(path, text.encode("utf-8"))


__all__ = ["NAME_FIELD", "depfile_paths", "escape", "named_dependencies", "output_name", "refresh_depfile", "rules", "unescape", "write_depfile"]
