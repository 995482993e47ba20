"""Batch conversion: many inputs, several formats, N worker processes.

The plan (which file goes where) is made and checked before any work starts, so a
collision or an input that would be overwritten stops the batch before it writes
anything. Workers load the style and its fonts once each and then convert whole
articles (one read, every format); outputs are written atomically by the same code
as the single-file commands, so ``-j 8`` and ``-j 1`` give the same bytes.
"""

from __future__ import annotations

import io
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from convert import jobs
from convert.io import STDIO, FileError, discard_partial_outputs, display_name, write_output
from convert.options import Options
from convert.styles import Style


class PlanError(ValueError):
    """The batch cannot start; nothing has been written."""


@dataclass(frozen=True)
class Job:
    input: str
    outputs: tuple[tuple[str, str], ...]  # (format, output path)
    data: bytes | None = None  # standard input, read once by the parent


@dataclass(frozen=True)
class Outcome:
    input: str
    errors: tuple[str, ...] = ()  # "FILE: reason" lines
    warnings: tuple[str, ...] = ()
    written: int = 0


@dataclass
class Summary:
    converted: int = 0
    failed: int = 0
    files: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return (self.converted + self.failed) / self.seconds if self.seconds > 0 else 0.0


# --- planning --------------------------------------------------------------------------


def expand(inputs: Sequence[str]) -> list[str]:
    """Files as given, ``-`` as given, directories as their ``*.txt`` files (recursively, sorted)."""
    out: list[str] = []
    for item in inputs:
        if item != STDIO and os.path.isdir(item):
            found = sorted(str(p) for p in Path(item).rglob("*.txt") if p.is_file())
            if not found:
                raise PlanError(f"{item}: directory holds no .txt articles")
            out.extend(found)
        else:
            out.append(item)
    return out


def plan(inputs: Sequence[str], formats: Sequence[str], outdir: str | None, stdin: bytes | None = None) -> list[Job]:
    """Every (input, format) → output, refusing collisions and self-overwrites up front."""
    expanded = expand(inputs)
    if expanded.count(STDIO) > 1:
        raise PlanError("standard input ('-') can be given only once")
    if STDIO in expanded and outdir is None and (len(formats) > 1 or len(expanded) > 1):
        raise PlanError("with standard input ('-') among several inputs or formats, give -O OUTDIR")
    if outdir is not None and os.path.exists(outdir) and not os.path.isdir(outdir):
        raise PlanError(f"{outdir}: not a directory")
    claimed: dict[str, str] = {}
    planned: list[Job] = []
    for item in expanded:
        outputs = []
        for fmt in formats:
            target = jobs.default_output(item, fmt, outdir)
            key = target if target == STDIO else os.path.realpath(target)
            if key in claimed and claimed[key] != item:
                raise PlanError(f"{display_name(claimed[key])} and {display_name(item)} would both write {target}")
            if key in claimed:
                continue  # the same file given twice: convert it once
            claimed[key] = item
            try:
                jobs.check_output(expanded, target)
            except FileError as exc:
                raise PlanError(str(exc)) from None
            outputs.append((fmt, target))
        if outputs:
            planned.append(Job(item, tuple(outputs), stdin if item == STDIO else None))
    if outdir is not None:
        try:
            os.makedirs(outdir, exist_ok=True)  # only now that the plan is known to be sound
        except OSError as exc:
            raise PlanError(f"{outdir}: cannot create the output directory: {exc.strerror}") from None
    return planned


# --- one job, in whichever process runs it ---------------------------------------------

_style: Style | None = None
_options: Options | None = None
_encoding: str | None = None


def _setup(style: Style, options: Options, encoding: str | None, worker: bool) -> None:
    """Per-process state; in a worker, also load the fonts now, once, before any job."""
    global _style, _options, _encoding
    _style, _options, _encoding = style, options, encoding
    if worker:
        # The parent handles Ctrl-C; a terminated worker removes its temporary files first.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, _exit_on_term)
        for key in {t.font for t in style.text.values()}:
            style.family(key)


def _exit_on_term(signum: int, frame: object) -> None:
    discard_partial_outputs()
    os._exit(128 + signum)


def run_job(job: Job) -> Outcome:
    """Read once, render every format; a failure in one format does not stop the others."""
    assert _style is not None and _options is not None
    warnings: list[str] = []
    name = display_name(job.input)

    def warn(message: str) -> None:
        warnings.append(f"{name}: {message}")

    try:
        stdin = io.BytesIO(job.data) if job.data is not None else None
        article = jobs.load(job.input, _style, _encoding, warn, stdin)
    except FileError as exc:
        return Outcome(job.input, (str(exc),), tuple(warnings))
    errors: list[str] = []
    written = 0
    for fmt, target in job.outputs:
        try:
            write_output(target, jobs.render_article(fmt, article, _style, _options, job.input, warn))
            written += 1
        except FileError as exc:
            errors.append(str(exc))
        except Exception as exc:  # noqa: BLE001 - one broken article must not end the batch
            errors.append(f"{name}: internal error in the {fmt} writer: {type(exc).__name__}: {exc} (please report it)")
    return Outcome(job.input, tuple(errors), tuple(warnings), written)


# --- running the plan ------------------------------------------------------------------

Report = Callable[[Outcome], None]


def run(
    planned: Sequence[Job],
    style: Style,
    options: Options,
    encoding: str | None = None,
    workers: int = 1,
    keep_going: bool = False,
    report: Report | None = None,
) -> Summary:
    """Run every job; stop at the first failure unless ``keep_going``. Ctrl-C propagates."""
    started = time.perf_counter()
    summary = Summary()
    outcomes = _outcomes(planned, style, options, encoding, workers, keep_going)
    for outcome in outcomes:
        summary.files += outcome.written
        if outcome.errors:
            summary.failed += 1
            summary.errors.extend(outcome.errors)
        else:
            summary.converted += 1
        if report is not None:
            report(outcome)
    summary.seconds = time.perf_counter() - started
    return summary


def _outcomes(
    planned: Sequence[Job], style: Style, options: Options, encoding: str | None, workers: int, keep_going: bool
) -> Iterator[Outcome]:
    if workers <= 1 or len(planned) <= 1:
        _setup(style, options, encoding, worker=False)
        for job in planned:
            outcome = run_job(job)
            yield outcome
            if outcome.errors and not keep_going:
                return
        return
    yield from _parallel(planned, style, options, encoding, workers, keep_going)


def _parallel(
    planned: Sequence[Job], style: Style, options: Options, encoding: str | None, workers: int, keep_going: bool
) -> Iterator[Outcome]:
    import multiprocessing

    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(planned)),
        mp_context=context,
        initializer=_setup,
        initargs=(style, options, encoding, True),
    )
    pending: set[Future[Outcome]] = set()
    queue: Iterator[Job] = iter(planned)
    try:
        # Keep a few jobs per worker in flight: enough to stay busy, few to cancel.
        _submit(pool, queue, pending, workers * 2)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            stop = False
            for future in done:
                outcome = future.result()
                stop = stop or (bool(outcome.errors) and not keep_going)
                yield outcome
            if stop:
                for future in pending:
                    future.cancel()
                for future in pending:
                    if not future.cancelled():
                        yield future.result()
                return
            _submit(pool, queue, pending, len(done))
    except BaseException:
        _terminate(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(pool: ProcessPoolExecutor, queue: Iterator[Job], pending: set[Future[Outcome]], count: int) -> None:
    for _ in range(count):
        job = next(queue, None)
        if job is None:
            return
        pending.add(pool.submit(run_job, job))


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Ctrl-C: stop the workers; each removes the temporary file it was writing, if any."""
    processes: Iterable[object] = list(getattr(pool, "_processes", {}).values())
    for process in processes:
        try:
            process.terminate()  # type: ignore[attr-defined]
        except (OSError, AttributeError):
            pass
    for process in processes:
        process.join(timeout=10)  # type: ignore[attr-defined]
