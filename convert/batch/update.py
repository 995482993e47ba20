"""``--update``: skip an article whose outputs are all newer than what they are made from.

This is make's rule: a target must be remade when it does not exist or when any of its
prerequisites is more recent than it (GNU make manual, section 2.2, "A Simple
Makefile"). It looks at modification times only: one ``stat`` per file (or one listing
per folder of an object store), never an article's content, so an interrupted or
partly failed batch is finished by running the same command again. Like make, it does
not notice a changed style by itself: after changing one, run without ``--update``, or
name a file that changes with the style (samples/Makefile's style stamp) with
``--prerequisite FILE``, which every article's outputs then depend on too. With
``--depfile``, what the last run's depfile names counts as well (a deleted photo).
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
from collections.abc import Mapping, Sequence

from convert.batch import storage
from convert.batch.plan import Job
from convert.io import STDIO


class Stamps:
    """Modification times in nanoseconds: ``stat`` for a path, a folder listing (fetched
    once per folder) for a URL; ``None`` for what does not exist."""

    def __init__(self) -> None:
        self._listings: dict[str, dict[str, int]] = {}

    def modified_ns(self, path: str) -> int | None:
        if path == STDIO:
            return None
        if storage.is_url(path):
            folder = posixpath.dirname(path)
            if folder not in self._listings:
                self._listings[folder] = dict(storage.modified_in(folder))
            return self._listings[folder].get(path)
        try:
            return os.stat(path).st_mtime_ns
        except OSError:
            return None


def up_to_date(job: Job, stamps: Stamps) -> bool:
    """Every output exists and none is older than any of the job's dependencies."""
    if job.data is not None or not job.dependencies:
        return False
    sources = [stamps.modified_ns(path) for path in job.dependencies]
    if any(stamp is None for stamp in sources):
        return False  # a missing article: let the job say so
    newest = max(stamp for stamp in sources if stamp is not None)
    for _, target in job.outputs:
        made = stamps.modified_ns(target)
        if made is None or made < newest:
            return False
    return True


def with_prerequisites(planned: Sequence[Job], files: Sequence[str], named: Mapping[str, Sequence[str]] | None = None) -> list[Job]:
    """The jobs with more dependencies: ``files`` for every one (``--prerequisite``), and
    ``named[input]`` for its own (what its depfile of the last run names): an output
    older than one of them, or made from one that is gone, is remade, as make remakes
    a target older than a prerequisite or one whose depfile names a deleted file."""
    if not files and not named:
        return list(planned)
    more = named or {}
    return [
        dataclasses.replace(job, dependencies=tuple(dict.fromkeys((*job.dependencies, *more.get(job.input, ()), *files))))
        for job in planned
    ]
