"""What runs on a Dask worker: the task (a few articles through ``job.run_job``) and the
plugin of a ``local:N`` cluster's workers.

Apart from ``cluster``, so that vnconv's own process can start a ``local:N`` cluster's
fork server (which imports this module, and Dask with it) before it imports Dask itself.
"""

from __future__ import annotations

import signal
import threading
from dataclasses import replace

import distributed

import convert
from convert.batch.job import Context, Outcome, run_job
from convert.batch.plan import Job
from convert.io import discard_partial_outputs, display_name

#: reportlab and fontTools keep global state: one conversion at a time per process,
#: even on a worker started with several threads.
_one_at_a_time = threading.Lock()


def convert_on_worker(jobs: tuple[Job, ...], context: Context, version: str, stop: str | None = None) -> tuple[Outcome, ...]:
    """The Dask task, a few articles long: for each, check the version, run the one job
    function. (A worker that dies holding the task is named by the scheduler's own
    ``remove-worker`` event, which the client reads: nothing is logged per article.)

    ``stop``: the name of the batch's Dask ``Event``, for a batch that stops at its first
    failure: a failed article sets it, and no task starts an article once it is set, as
    with ``-j 1``; the outcomes are then fewer than the jobs (the rest not attempted)."""
    worker = distributed.get_worker()
    outcomes = []
    for job in jobs:
        if stop is not None and distributed.Event(stop).is_set():
            break
        if convert.__version__ != version:
            error = (
                f"{display_name(job.input)}: worker {worker.address} runs vnconv {convert.__version__}, "
                f"this is vnconv {version}: install the same version on every worker"
            )
            outcomes.append(Outcome(job.input, "failed", errors=(error,), worker=worker.address))
            continue
        with _one_at_a_time:
            outcome = run_job(job, context)
        outcomes.append(replace(outcome, worker=worker.address))
        if stop is not None and outcome.status == "failed":
            distributed.Event(stop).set()
            break
    return tuple(outcomes)


class LocalWorker(distributed.WorkerPlugin):
    """A ``local:N`` worker: leaves Ctrl-C to vnconv (which closes the cluster), and on
    closing removes the temporary file a task thread may be writing."""

    idempotent = True

    def setup(self, worker: distributed.Worker) -> None:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, signal.SIG_IGN)

    def teardown(self, worker: distributed.Worker) -> None:
        discard_partial_outputs()
