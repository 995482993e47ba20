"""Running a plan: skip what is up to date, hand the rest to an executor, count outcomes.

An executor is anything with ``outcomes(jobs, count, context, keep_going)`` that runs
``job.run_job`` on each job and yields each ``Outcome`` as it finishes: the local
process pool (``local.LocalPool``) or a Dask cluster (``cluster.DaskCluster``). The
summary, the progress bar and the report see the same outcomes from either.
"""

from __future__ import annotations

import contextlib
import itertools
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from convert.batch.executor_error import ExecutorError
from convert.batch.job import Context, Outcome, skipped
from convert.batch.plan import Job
from convert.batch.update import Stamps, up_to_date


INSTALL_DASK = "--scheduler needs Dask: pip install 'vnconv[dask]'"


class Executor(Protocol):
    def outcomes(self, jobs: Iterator[Job], count: int, context: Context, keep_going: bool) -> Generator[Outcome, None, None]: ...


@dataclass
class Summary:
    """What a batch did: articles planned, converted, failed, skipped."""

    planned: int = 0
    converted: int = 0
    failed: int = 0
    skipped: int = 0
    files: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return (self.converted + self.failed) / self.seconds if self.seconds > 0 else 0.0

    @property
    def not_attempted(self) -> int:
        return self.planned - self.converted - self.failed - self.skipped

    def add(self, outcome: Outcome) -> None:
        self.files += outcome.written
        if outcome.status == "skipped":
            self.skipped += 1
        elif outcome.status == "failed":
            self.failed += 1
        else:
            self.converted += 1


def executor(scheduler: str | None, workers: int, debug: bool = False) -> Executor:
    """The local pool of ``workers`` processes, or the Dask cluster at ``scheduler``."""
    if scheduler is None:
        from convert.batch.local import LocalPool

        return LocalPool(workers)
    import importlib.util

    # Dask itself is imported later, once the batch has work for it (cluster.py).
    if any(importlib.util.find_spec(name) is None for name in ("dask", "distributed")):
        raise ExecutorError(INSTALL_DASK)
    from convert.batch.cluster import DaskCluster

    return DaskCluster(scheduler, debug)


def run(
    planned: Sequence[Job],
    context: Context,
    runner: Executor,
    keep_going: bool = False,
    update: bool = False,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> Summary:
    """Run every job; stop at the first failure unless ``keep_going``. Ctrl-C propagates."""
    started = time.perf_counter()
    summary = Summary(planned=len(planned))

    def record(outcome: Outcome) -> None:
        summary.add(outcome)
        if on_outcome is not None:
            on_outcome(outcome)

    def to_do() -> Iterator[Job]:
        stamps = Stamps()
        for job in planned:
            if update and up_to_date(job, stamps):
                record(skipped(job))
            else:
                yield job

    queue = to_do()
    first = next(queue, None)  # nothing to do: start no executor (no pool, no cluster)
    if first is not None:
        with contextlib.closing(runner.outcomes(itertools.chain([first], queue), len(planned), context, keep_going)) as outcomes:
            for outcome in outcomes:
                record(outcome)
    summary.seconds = time.perf_counter() - started
    return summary
