"""The local executor: the job function in N worker processes forked from this one.

Each worker loads the style's fonts once, at start, then converts whole articles; when
workers are forked (Linux), the parent has imported the writers and read the fonts
already, and they inherit them.

The parent hands each worker its articles through a pipe of its own, two at a time
(the one it converts and the next), and so always knows which article each worker holds:

- after a failure (unless ``--keep-going``) no article is started any more (a flag the
  workers share says so); those under way finish (their outputs are whole), the rest are
  not attempted, as with ``-j 1``;
- a worker that dies (killed, out of memory, a crash in a C library) is replaced by a
  fresh one, which converts its article again; an article that two workers died
  converting is ``failed``, with the signal named, and the batch goes on (or stops,
  without ``--keep-going``). ``concurrent.futures.ProcessPoolExecutor`` cannot do this:
  one dead worker breaks the whole pool (``BrokenProcessPool``) without saying which
  article it held;
- workers die with the parent: on Linux each asks the kernel for SIGTERM when its parent
  ends (``prctl(PR_SET_PDEATHSIG)``, whatever ends it, SIGKILL included), and every
  worker stops at the end of its pipe, so none converts another article once the parent
  is gone;
- on Ctrl-C (or SIGTERM, SIGHUP: ``convert.batch.signals``) the parent terminates the
  workers; a terminated worker removes the temporary file it was writing, so no partial
  file is left.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from convert.batch import storage
from convert.batch.job import Context, Outcome, prepare, preload, run_job
from convert.batch.plan import Job

# multiprocessing, ctypes, signal and the deaths' words are imported by the pool alone
# (``_parallel``, before it forks): one article runs here, as ``vnconv convert --jobs 1``
# does for each article of a make rule, and ``signal`` alone (an enum of every signal)
# was 3 M instructions of that call.
if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext
    from multiprocessing.process import BaseProcess
from convert.io import STDIO, discard_partial_outputs, discard_stale_partials

#: Articles sent to a worker at a time: the one it converts, and the next.
PER_WORKER = 2
#: How long a worker told to stop may take before it is killed (it removes its temporary file first).
STOP_SECONDS = 10.0
#: ``prctl``'s option that sets the signal a process gets when its parent ends (linux/prctl.h).
PR_SET_PDEATHSIG = 1


class LocalPool:
    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)

    def outcomes(self, jobs: Iterator[Job], count: int, context: Context, keep_going: bool) -> Generator[Outcome, None, None]:
        """Run the jobs; after a failure (unless ``keep_going``) start no more, finish those under way."""
        if self.workers <= 1 or count <= 1:
            for job in jobs:
                outcome = run_job(job, context)
                yield outcome
                if outcome.errors and not keep_going:
                    return
            return
        yield from _parallel(jobs, context, min(self.workers, count), keep_going)


# --- in a worker -------------------------------------------------------------------------


def _work(connection: Connection, stop: Any, keep_going: bool, context: Context, parent: int, inherited: list[int]) -> None:
    """A worker's life: an article from the pipe, its outcome back (``None``: not started,
    the batch is stopping), until the pipe ends. An article that fails stops the batch
    (unless ``keep_going``) here, before its outcome reaches the parent: no worker starts
    another article from then on."""
    import signal  # imported by _parallel before the fork: inherited

    # The parent handles Ctrl-C and a hang-up; a terminated worker removes its temporary files first.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_term)
    for fd in inherited:  # the parent's ends of the other workers' pipes: theirs must end with the parent
        try:
            os.close(fd)
        except OSError:
            pass
    _die_with_parent(parent)
    prepare(context)
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if job is None:
            return
        if stop.value:
            connection.send(None)
            continue
        outcome = run_job(job, context)
        if outcome.status == "failed" and not keep_going:
            stop.value = 1
        connection.send(outcome)


def _die_with_parent(parent: int) -> None:
    """Have the kernel send this process SIGTERM when its parent ends (Linux's
    ``prctl(PR_SET_PDEATHSIG)``, see prctl(2)); then check the parent is still the one
    that forked it, in case it ended before the request was made."""
    import signal

    if sys.platform.startswith("linux"):
        import ctypes  # imported by _parallel before the fork: inherited

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
        except (OSError, AttributeError):  # no prctl in this C library: the pipe still ends
            pass
    if os.getppid() != parent:
        _exit_on_term(signal.SIGTERM, None)


def _exit_on_term(signum: int, frame: object) -> None:
    discard_partial_outputs()
    os._exit(128 + signum)


# --- in the parent -----------------------------------------------------------------------


@dataclass
class _Worker:
    """A worker process of the pool: its connection and the articles sent to it."""

    process: BaseProcess
    connection: Connection
    #: The articles sent to it, in order: it is converting the first.
    jobs: deque[Job] = field(default_factory=deque)


def _parallel(jobs: Iterator[Job], context: Context, size: int, keep_going: bool) -> Iterator[Outcome]:
    import ctypes  # noqa: F401 - for the workers (_die_with_parent), imported once before they are forked
    import itertools
    import multiprocessing
    import signal  # noqa: F401 - for the workers (_work), the same

    mp_context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    if mp_context.get_start_method() == "fork":
        first = next(jobs, None)
        if first is None:
            return
        preload(context, (fmt for fmt, _ in first.outputs))  # every job writes the same formats
        jobs = itertools.chain([first], jobs)
    pool = _Pool(mp_context, context, size, keep_going)
    try:
        yield from pool.run(jobs)
    except BaseException:
        pool.terminate()
        raise
    pool.close()


class _Pool:
    """``size`` worker slots, each empty or holding a worker and the articles sent to it.

    Each worker has up to ``PER_WORKER`` articles: the one it converts and the next, so
    that it never waits for this process (busy reporting, or short of CPU) between two.
    Once the batch stops, a worker answers ``None`` for an article it has not started
    (``stop``, a flag in memory shared with the workers, set by the worker whose article
    failed, or here when a worker died): none is started after that."""

    def __init__(self, mp_context: BaseContext, context: Context, size: int, keep_going: bool) -> None:
        self.mp_context = mp_context
        self.context = context
        self.keep_going = keep_going
        self.stop = mp_context.Value("b", 0, lock=False)  # type: ignore[attr-defined]
        self.slots: list[_Worker | None] = [None] * size
        self.retries: deque[Job] = deque()
        self.deaths: dict[str, list[str]] = {}  # input: how each worker converting it died

    def run(self, jobs: Iterator[Job]) -> Iterator[Outcome]:
        from multiprocessing.connection import wait

        while True:
            if not self.stop.value:
                self._hand_out(jobs)
            busy = [worker for worker in self.slots if worker is not None and worker.jobs]
            if not busy:
                return
            ready = set(wait([w.connection for w in busy] + [w.process.sentinel for w in busy]))
            finished: list[Outcome] = []
            for worker in busy:
                if worker.connection in ready:  # an answer, or the end of the pipe of a worker that died
                    try:
                        outcome = self._result(worker)
                    except (EOFError, OSError):
                        outcome = self._died(worker)
                elif worker.process.sentinel in ready:
                    outcome = self._died(worker)
                else:
                    continue
                if outcome is not None:
                    finished.append(outcome)
                    if outcome.status == "failed" and not self.keep_going:
                        self.stop.value = 1  # (a worker whose article failed has set it already)
            if not self.stop.value:
                self._hand_out(jobs)  # the workers get their next article before the parent reports
            yield from finished

    def _hand_out(self, jobs: Iterator[Job]) -> None:
        for depth in range(1, PER_WORKER + 1):  # every worker one article, then a second each
            for index, worker in enumerate(self.slots):
                if worker is not None and len(worker.jobs) >= depth:
                    continue
                job = self.retries.popleft() if self.retries else next(jobs, None)
                if job is None:
                    return
                if worker is not None and not worker.jobs and not worker.process.is_alive():  # it died idle
                    worker.process.join()
                    worker.connection.close()
                    worker = None
                if worker is None:
                    worker = self.slots[index] = self._start()
                worker.jobs.append(job)
                try:
                    worker.connection.send(job)
                except OSError:  # it has died: its sentinel says so, and its articles are tried again
                    pass

    def _start(self) -> _Worker:
        parent_end, child_end = self.mp_context.Pipe()  # type: ignore[attr-defined]
        inherited = []  # a forked worker holds copies of every descriptor of this process
        if self.mp_context.get_start_method() == "fork":
            inherited = [w.connection.fileno() for w in self.slots if w is not None] + [parent_end.fileno()]
        process = self.mp_context.Process(  # type: ignore[attr-defined]
            target=_work, args=(child_end, self.stop, self.keep_going, self.context, os.getpid(), inherited), daemon=True
        )
        process.start()
        child_end.close()
        return _Worker(process, parent_end)

    def _result(self, worker: _Worker) -> Outcome | None:
        """The outcome of the worker's first article; None if it was not started. EOFError
        if the worker has died."""
        outcome: Outcome | None = worker.connection.recv()
        job = worker.jobs.popleft()
        deaths = self.deaths.pop(job.input, [])
        return None if outcome is None else _note_deaths(outcome, deaths)

    def _died(self, worker: _Worker) -> Outcome | None:
        """A worker ended holding articles: the one it was converting is tried again on a
        fresh worker, or, if that was its last attempt, failed; the others it had not
        started go back to the front of the queue."""
        from convert.batch.deaths import ATTEMPTS, failed, how_it_ended

        worker.process.join()
        worker.connection.close()
        self.slots[self.slots.index(worker)] = None
        if not worker.jobs:  # it had answered for all it was given
            return None
        job, *waiting = worker.jobs
        self.retries.extendleft(reversed(waiting))
        _discard_partials(job)  # a killed worker leaves its temporary file
        deaths = self.deaths.setdefault(job.input, [])
        deaths.append(how_it_ended(worker.process.exitcode))
        if len(deaths) < ATTEMPTS:
            self.retries.appendleft(job)
            return None
        del self.deaths[job.input]
        return Outcome(job.input, "failed", errors=(failed(job.input, deaths[-1]),), retried=True)

    def close(self) -> None:
        """The batch is over: each worker leaves at the end of its pipe."""
        for worker in self.slots:
            if worker is not None:
                try:
                    worker.connection.send(None)
                except OSError:
                    pass
        for worker in self.slots:
            if worker is not None:
                worker.process.join(STOP_SECONDS)
                if worker.process.is_alive():
                    worker.process.kill()
                worker.connection.close()

    def terminate(self) -> None:
        """Ctrl-C, a signal, or a failure here: stop the workers now; each removes the
        temporary file it was writing, if any."""
        workers = [w for w in self.slots if w is not None]
        for worker in workers:
            if worker.process.is_alive():
                worker.process.terminate()
        for worker in workers:
            worker.process.join(STOP_SECONDS)
            if worker.process.is_alive():  # stuck: killed, its temporary file removed here
                worker.process.kill()
                worker.process.join()
                if worker.jobs:
                    _discard_partials(worker.jobs[0])
            worker.connection.close()


def _discard_partials(job: Job) -> None:
    """Remove the temporary files a worker killed while converting ``job`` left beside its outputs."""
    for _, target in job.outputs:
        if target != STDIO and not storage.is_url(target):
            discard_stale_partials(target)


def _note_deaths(outcome: Outcome, deaths: list[str]) -> Outcome:
    """An article converted after a worker died converting it says so (a warning, ``retried``)."""
    if not deaths:
        return outcome
    from convert.batch.deaths import converted_again

    return replace(outcome, warnings=(*outcome.warnings, converted_again(outcome.input, deaths[-1])), retried=True)
