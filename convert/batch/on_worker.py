"""What runs on a Dask worker: the task (a few articles through ``job.run_job``), the
plugin of a ``local:N`` cluster's workers, and the nannies' plugin that says how a
worker ended.

Apart from ``cluster``, so that vnconv's own process can start a ``local:N`` cluster's
fork server (which imports this module, and Dask with it) before it imports Dask itself.
"""

from __future__ import annotations

import collections
import signal
import threading
import zlib
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import distributed

import convert
from convert.batch import storage
from convert.batch.deaths import ATTEMPTS
from convert.batch.job import Context, Outcome, run_job
from convert.batch.plan import Job
from convert.io import STDIO, discard_partial_outputs, discard_stale_partials, display_name

#: reportlab and fontTools keep global state: one conversion at a time per process,
#: even on a worker started with several threads.
_one_at_a_time = threading.Lock()

#: The scheduler's event topic on which the nannies say how a worker process ended.
EXITS = "vnconv-worker-exit"

#: An outcome, and the workers that died converting its article before (the ledger's word).
Converted = tuple[Outcome, tuple[str, ...]]


def convert_on_worker(
    jobs: tuple[Job, ...], context: Context, version: str, stop: str | None = None, ledger: tuple[str, str] | None = None
) -> tuple[Converted, ...]:
    """The Dask task, a few articles long: for each, check the version, run the one job
    function.

    ``stop``: the name of the batch's Dask ``Event``, for a batch that stops at its first
    failure: a failed article sets it, and no task starts an article once it is set, as
    with ``-j 1``; the outcomes are then fewer than the jobs (the rest not attempted).

    ``ledger``: the batch's and the task's names. Before each article, the task writes
    in the scheduler's metadata (``Client.set_metadata``, kept there whatever happens to
    this worker), under the batch's name and this worker's address, which article of
    which task it starts, and when the task ends, that it ended. A worker that dies loses
    the task, and Dask runs it again on another worker
    (``distributed.scheduler.allowed-failures`` times); that attempt reads where each
    dead worker was (one entry per worker, so the metadata stays small), so a death is
    laid on the one article its worker was converting: not on the others of the task,
    nor on the tasks that waited on that worker (Dask counts those against every task it
    held). An article ``ATTEMPTS`` workers died converting is not converted again: its
    outcome is ``failed``, worded by the client, which knows how each worker ended.

    A batch that stops still hears of every article whose outputs were written: an
    attempt of the task that a worker's death undid had converted some of its articles
    (those before the one its worker died on, as the ledger says; or all it was to
    convert, when the worker died after the task had ended and before the client had
    its result: ``_write_finished``), and the next attempt converts those again even
    once the batch is stopping, as the local pool reports the articles under way when
    it stops; the articles after them are not started."""
    worker = distributed.get_worker()
    earlier = _where_workers_died(ledger, worker.address)
    deaths = collections.Counter(index for index, _ in earlier)
    converted_before: int | None = None  # asked of the ledger once the batch is stopping
    outcomes: list[Converted] = []
    for index, job in enumerate(jobs):
        if stop is not None and distributed.Event(stop).is_set():
            if converted_before is None:
                converted_before = max([i for i, _ in earlier] + [_finished(ledger)])
            if index >= converted_before:
                for _, target in (output for i, _ in earlier if i >= index for output in jobs[i].outputs):
                    if target != STDIO and not storage.is_url(target):
                        discard_stale_partials(target)  # a dead worker's, of an article not started again
                break
        died_on = tuple(address for i, address in earlier if i == index)
        if convert.__version__ != version:
            error = (
                f"{display_name(job.input)}: worker {worker.address} runs vnconv {convert.__version__}, "
                f"this is vnconv {version}: install the same version on every worker"
            )
            outcomes.append((Outcome(job.input, "failed", errors=(error,), worker=worker.address), ()))
            continue
        if deaths[index] >= ATTEMPTS:
            outcome = Outcome(job.input, "failed", retried=True)  # not converted here; worded by the client
        else:
            with _one_at_a_time:  # (the position too: on a worker of several threads, the one converting wrote last)
                _write_position(ledger, worker.address, index, worker.nanny)
                outcome = replace(run_job(job, context), worker=worker.address)
        outcomes.append((outcome, died_on))
        if stop is not None and outcome.status == "failed":
            distributed.Event(stop).set()
            break
    with _one_at_a_time:
        if stop is not None and outcomes:
            _write_finished(ledger, len(outcomes))
        _write_position(ledger, worker.address, ENDED, worker.nanny)
    return tuple(outcomes)


#: The position of a worker whose task has ended (no article of it under way).
ENDED = -1


def _write_position(ledger: tuple[str, str] | None, address: str, index: int, nanny: str | None = None) -> None:
    """The worker's entry in the ledger: the task, the article under way, and the
    worker's nanny (the client asks that nanny's word when the worker died before its
    nanny knew its address: ``WorkerExits``)."""
    if ledger is not None:
        batch, task = ledger
        distributed.get_client().set_metadata([batch, address], [task, index, nanny])


#: The ledger's record of how many articles the tasks that ended had gone through
#: (``_write_finished``), in this many slots, one per task by its number: a slot is
#: written again only by a task this many later, long after the client had the
#: earlier one's result (the client keeps a few tasks per worker thread in flight), so
#: the record stays small whatever the batch's length.
FINISHED_SLOTS = 4096
#: Added to the batch's name for the ledger's record of the tasks that ended.
FINISHED = "finished"


def _finished_slot(ledger: tuple[str, str]) -> list[str]:
    """Where the ledger records the task's end: under the batch's name with ``FINISHED``
    (apart from the workers' entries, which every task reads whole), in the task's slot."""
    batch, task = ledger
    number = task.rpartition("-")[2]
    slot = int(number) % FINISHED_SLOTS if number.isdigit() else zlib.crc32(task.encode()) % FINISHED_SLOTS
    return [f"{batch}{FINISHED}", str(slot)]


def _write_finished(ledger: tuple[str, str] | None, count: int) -> None:
    """Record that the task went through ``count`` articles (their outputs written, or
    failed): a worker that dies after the task has ended, before the client has the
    result, loses it, and Dask runs the task again (``convert_on_worker``)."""
    if ledger is not None:
        distributed.get_client().set_metadata(_finished_slot(ledger), [ledger[1], count])


def _finished(ledger: tuple[str, str] | None) -> int:
    """How many articles an earlier attempt of this task went through to its end (0: none ended)."""
    if ledger is None:
        return 0
    record = distributed.get_client().get_metadata(_finished_slot(ledger), default=None)
    return int(record[1]) if isinstance(record, (list, tuple)) and len(record) == 2 and record[0] == ledger[1] else 0


def _where_workers_died(ledger: tuple[str, str] | None, me: str) -> list[tuple[int, str]]:
    """The articles of this task that other workers were converting as they left the
    batch (died, or the scheduler lost them), and their addresses: a worker that is
    still converting is converting another task's article, or has ended this one."""
    if ledger is None:
        return []
    batch, task = ledger
    positions = distributed.get_client().get_metadata([batch], default=None) or {}
    return sorted(
        (int(position[1]), str(address))
        for address, position in positions.items()
        if address != me and position[0] == task and int(position[1]) != ENDED
    )


class LocalWorker(distributed.WorkerPlugin):
    """A ``local:N`` worker: leaves Ctrl-C to vnconv (which closes the cluster), and on
    closing removes the temporary file a task thread may be writing."""

    idempotent = True

    def setup(self, worker: distributed.Worker) -> None:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, signal.SIG_IGN)

    def teardown(self, worker: distributed.Worker) -> None:
        discard_partial_outputs()


class WorkerExits(distributed.NannyPlugin):
    """On each nanny: when its worker process ends, an event on ``EXITS`` with the
    worker's address and exit code (``-9``: killed by SIGKILL), which the client reads to
    say how a worker died. (The scheduler's own ``remove-worker`` event does not say.)

    Dask has no public hook for this: the nanny hands its worker process a callback
    (``Nanny._on_worker_exit_sync``, given as ``WorkerProcess.on_exit`` in
    distributed/nanny.py, ``Nanny.instantiate``), called with the exit code once the
    process has ended; this wraps it, on the process the nanny has and on those it
    makes later. Without it (another distributed, no nanny) the client says only that
    the worker died."""

    idempotent = True

    def setup(self, nanny: Any) -> None:
        def wrap(callback: Callable[[int], object]) -> Callable[[int], object]:
            def on_exit(exitcode: int) -> object:
                # The worker's address, and the nanny's own: a worker that dies soon after
                # it started (the fresh one an article that kills its workers is given
                # again) may die before the nanny has read the address it sent at start
                # (``WorkerProcess.start``), more often on a loaded machine; the client
                # then finds the word by the nanny the worker wrote in its ledger entry.
                address = nanny.worker_address
                nanny.log_event(EXITS, {"worker": address, "nanny": getattr(nanny, "address", None), "exitcode": int(exitcode)})
                return callback(exitcode)

            on_exit.vnconv_wrapped = True  # type: ignore[attr-defined]
            return on_exit

        process = getattr(nanny, "process", None)
        if process is not None and callable(getattr(process, "on_exit", None)) and not hasattr(process.on_exit, "vnconv_wrapped"):
            process.on_exit = wrap(process.on_exit)
        original = getattr(nanny, "_on_worker_exit_sync", None)
        if callable(original) and not hasattr(original, "vnconv_wrapped"):
            nanny._on_worker_exit_sync = wrap(original)
