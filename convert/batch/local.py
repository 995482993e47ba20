"""The local executor: the job function in N worker processes forked from this one.

Each worker loads the style's fonts once, at start, then converts whole articles; when
workers are forked (Linux), the parent has imported the writers and read the fonts
already, and they inherit them.
A few jobs per worker are kept in flight: enough to stay busy, few to cancel when
the batch stops. On Ctrl-C the workers are terminated, and each removes the temporary
file it was writing, so no partial file is left.
"""

from __future__ import annotations

import itertools
import os
import signal
import sys
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from convert.batch.job import Context, Outcome, prepare, preload, run_job
from convert.batch.plan import Job
from convert.io import discard_partial_outputs


class LocalPool:
    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)

    def outcomes(self, jobs: Iterator[Job], count: int, context: Context, keep_going: bool) -> Generator[Outcome, None, None]:
        """Run the jobs; after a failure (unless ``keep_going``) submit no more, finish those under way."""
        if self.workers <= 1 or count <= 1:
            for job in jobs:
                outcome = run_job(job, context)
                yield outcome
                if outcome.errors and not keep_going:
                    return
            return
        yield from _parallel(jobs, context, min(self.workers, count), keep_going)


def _start_worker(context: Context) -> None:
    # The parent handles Ctrl-C; a terminated worker removes its temporary files first.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_term)
    prepare(context)


def _exit_on_term(signum: int, frame: object) -> None:
    discard_partial_outputs()
    os._exit(128 + signum)


def _parallel(jobs: Iterator[Job], context: Context, workers: int, keep_going: bool) -> Iterator[Outcome]:
    import multiprocessing

    mp_context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    if mp_context.get_start_method() == "fork":
        first = next(jobs, None)
        if first is None:
            return
        preload(context, (fmt for fmt, _ in first.outputs))  # every job writes the same formats
        jobs = itertools.chain([first], jobs)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=mp_context, initializer=_start_worker, initargs=(context,))
    pending: set[Future[Outcome]] = set()
    try:
        _submit(pool, jobs, context, pending, workers * 2)
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
            _submit(pool, jobs, context, pending, len(done))
    except BaseException:
        _terminate(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(pool: ProcessPoolExecutor, jobs: Iterator[Job], context: Context, pending: set[Future[Outcome]], count: int) -> None:
    for _ in range(count):
        job = next(jobs, None)
        if job is None:
            return
        pending.add(pool.submit(run_job, job, context))


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
