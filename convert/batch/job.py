"""The one job function: an article in, its outputs written, an ``Outcome`` back.

Both executors run exactly this (the local process pool and a Dask cluster), so a
batch gives the same bytes whichever runs it. It depends on nothing but its
arguments: the ``Job`` (what to read and write) and the ``Context`` every job of the
batch shares (style, writer options, encoding); it raises nothing a bad article
can cause, so one broken article never ends a batch.
"""

from __future__ import annotations

import gc
import io
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from convert import readers, writers
from convert.batch import storage
from convert.batch.plan import Job
from convert.io import FileError, display_name, parse_article
from convert.jobs import attach_photos, limit_bytes, render_article
from convert.options import Options
from convert.styles import Style
from convert.writers import shows_photos

Status = Literal["ok", "failed", "skipped"]


@dataclass(frozen=True)
class Context:
    """What every job of a batch shares; small enough to send with each job."""

    style: Style
    options: Options
    encoding: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What became of one article: its status, the files written, its error and warning lines."""

    input: str
    status: Status
    outputs: tuple[str, ...] = ()  # written (skipped: already up to date)
    errors: tuple[str, ...] = ()  # "FILE: reason" lines
    warnings: tuple[str, ...] = ()
    seconds: float = 0.0
    worker: str | None = None  # the Dask worker that converted it
    retried: bool = False  # a worker died while converting it; converted again elsewhere

    @property
    def written(self) -> int:
        return 0 if self.status == "skipped" else len(self.outputs)


def prepare(context: Context) -> None:
    """Load the style's fonts now, once per process, rather than in the first job."""
    for key in sorted({text.font for text in context.style.text.values()}):
        context.style.family(key)


def preload(context: Context, formats: Iterable[str]) -> None:
    """In a process about to fork workers: read the style's faces and import the readers
    and the writers of the batch's formats (``writers.preload``), so that every worker inherits them,
    shared copy-on-write, instead of each paying about 0.25 s in its first article.
    Only a head start: what fails here fails again in the article that needs it, and is
    reported there, so nothing is raised.

    Python's cycle collector is paused meanwhile (everything loaded here lives as long
    as the process: walking it again and again was about 20 ms of the 0.2 s), and what
    is loaded is then frozen (``gc.freeze``, as Python's documentation advises before a
    fork), so the workers' collections never walk it, nor write to the pages they share."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        prepare(context)
        readers.preload()
        for fmt in dict.fromkeys(formats):
            writers.preload(fmt, context.style, context.options)
    except Exception:  # noqa: BLE001 - see above
        pass
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def run_job(job: Job, context: Context) -> Outcome:
    """Read once, render every format; a failure in one format does not stop the others."""
    started = time.perf_counter()
    warnings: list[str] = []
    name = display_name(job.input)

    def warn(message: str) -> None:
        warnings.append(f"{name}: {message}")

    def outcome(written: list[str], errors: list[str]) -> Outcome:
        status: Status = "failed" if errors else "ok"
        seconds = time.perf_counter() - started
        return Outcome(job.input, status, tuple(written), tuple(errors), tuple(warnings), seconds)

    try:
        stdin = io.BytesIO(job.data) if job.data is not None else None
        data = storage.read(job.input, limit_bytes(context.style), stdin)
        article = parse_article(data, job.input, context.encoding, warn)
        if shows_photos(fmt for fmt, _ in job.outputs):
            article = attach_photos(article, job.input, context.options.photos, warn).article
    except FileError as exc:
        return outcome([], [str(exc)])
    errors: list[str] = []
    written: list[str] = []
    for fmt, target in job.outputs:
        try:
            storage.write(target, render_article(fmt, article, context.style, context.options, job.input, warn, target))
            written.append(target)
        except FileError as exc:
            if str(exc) not in errors:  # a bad photo fails every format alike: say it once
                errors.append(str(exc))
        except Exception as exc:  # noqa: BLE001 - one broken article must not end the batch
            errors.append(f"{name}: internal error in the {fmt} writer: {type(exc).__name__}: {exc} (please report it)")
    return outcome(written, errors)


def skipped(job: Job) -> Outcome:
    """The outcome of an article ``--update`` found up to date."""
    return Outcome(job.input, "skipped", tuple(target for _, target in job.outputs))
