"""The Dask executor: the same job function on a ``distributed`` cluster.

``--scheduler tcp://HOST:8786`` connects to a running scheduler; ``--scheduler local:N``
starts a ``LocalCluster`` of N worker processes, for trying it on one machine. Dask does
the distributing, the retrying and the bookkeeping; vnconv adds only what a batch
needs around ``job.run_job``:

- on connect, every worker must run this vnconv version and have the style's fonts,
  or the batch stops naming the worker (each task checks the version again, for
  workers that join later); a ``local:N`` cluster's workers are this vnconv's own,
  and get their first tasks as they register;
- a task converts several articles (scheduling costs milliseconds per task), fewer as
  the batch nears its end so that the workers finish together, and only a few tasks
  per worker thread are in flight, so millions of articles never sit in the scheduler
  at once and a batch that stops (first failure, Ctrl-C) has little to cancel;
- a worker that dies mid-task costs the article it was converting one more attempt
  on a fresh worker, and nothing to the others, as with ``-j N``: the scheduler gives
  the task to another worker, which reads in the batch's ledger (the scheduler's
  metadata, ``on_worker.convert_on_worker``) which article each dead worker was on; an
  article two workers died converting is ``failed``, named with how the worker ended
  (``killed by signal 9 (SIGKILL)``: the nannies say, ``on_worker.WorkerExits``), and
  the batch goes on (or stops, without ``--keep-going``). A task Dask gives up on
  (``KilledWorker``: it counts a death against every task the worker held, converting
  or waiting) is submitted again, with its ledger. The dead attempt's temporary files
  are removed; outputs are written whole or not at all (``storage.write``);
- a batch that stops reports every article whose outputs were written, as the local
  pool does, even one whose task's result died with its worker before it was gathered
  (the task's next attempt converts those again: ``on_worker.convert_on_worker``);
  on Ctrl-C (without ``--keep-going``) a task under way on a worker, which Dask cannot
  stop, starts no article after the one it is on.

Dask is imported only here and in ``on_worker`` (what runs on a worker), and only once a
batch has work for the cluster: a ``local:N`` cluster's fork server is started first.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import logging
import os
import signal
import time
import uuid
from collections.abc import Callable, Generator, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, TypedDict

import convert
from convert.batch import probe, storage
from convert.batch.deaths import converted_again, failed, how_it_ended
from convert.batch.executor_error import ExecutorError
from convert.batch.job import Context, Outcome, prepare
from convert.batch.plan import Job
from convert.io import STDIO, discard_stale_partials, display_name

if TYPE_CHECKING:
    import distributed

#: A task Dask gives up on (``KilledWorker``) is submitted again this many times at most:
#: a task whose workers die before it starts an article (none is to blame) then fails.
RESUBMISSIONS = 2
#: The name of the nannies' plugin that says how a worker ended.
WORKER_EXITS = "vnconv-worker-exits"
#: How long to wait for a nanny to say how a worker that died ended (``on_worker.WorkerExits``):
#: a moment on a quiet machine; 2 s was sometimes too short on a loaded one (the tests'
#: deaths were then reported as "died", without the signal). Paid once per dead worker.
EXIT_WAIT_SECONDS = 5.0
#: How long to wait for a scheduler to have at least one worker.
WORKER_WAIT_SECONDS = 60.0
#: Tasks in flight per worker thread: one running, one waiting.
PER_THREAD = 2
#: Articles per task, at most: scheduling costs a few milliseconds per task.
ARTICLES_PER_TASK = 8
#: A task takes 1/(SHARE * worker threads) of the articles not yet handed out.
SHARE = 3
#: How often the number of worker threads (the window) is looked up again.
WINDOW_REFRESH_SECONDS = 5.0
#: The scheduler options of a ``local:N`` cluster: no dashboard. A Scheduler always runs an
#: HTTP server (health and metrics routes), on port 8787 unless given an address; when that
#: port is taken (a dashboard of another cluster) it moves to another and says so with a
#: UserWarning on stderr (distributed/node.py, ``start_http_server``). A free port on the
#: loopback interface instead: nothing fixed to collide with, nothing reachable from outside
#: (":0" would listen on every interface). Pass them with ``dashboard_address=None``.
LOCAL_SCHEDULER_OPTIONS: dict[str, bool | str] = {"dashboard": False, "dashboard_address": "127.0.0.1:0"}
#: Dask's settings for a ``local:N`` cluster, read by its scheduler, nannies and workers
#: as they start. Workers are forked from a fork server. What only a dashboard shows is
#: not gathered (``local:N`` starts none): the statistical profile of running tasks (a
#: look at the task thread's stack every 10 ms) and the system monitor's CPU and network
#: figures twice a second; the event loop's responsiveness (tick: 50 times a second), and
#: the memory monitors (10 times a second, in every worker and nanny), are looked at less
#: often. On 2 cores this is work taken from the conversion: see ``bench/run.py`` (f).
LOCAL_CONFIG: dict[str, bool | str] = {
    "distributed.worker.multiprocessing-method": "forkserver",
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.admin.tick.interval": "500ms",
    "distributed.worker.memory.monitor-interval": "500ms",
}


class DaskCluster:
    def __init__(self, scheduler: str, debug: bool = False) -> None:
        self.scheduler = scheduler
        self.debug = debug

    @property
    def local_workers(self) -> int | None:
        """N for ``local:N``; None for the address of a running scheduler."""
        kind, _, count = self.scheduler.partition(":")
        return int(count) if kind == "local" and count.isdigit() else None

    def outcomes(self, jobs: Iterator[Job], count: int, context: Context, keep_going: bool) -> Generator[Outcome, None, None]:
        with contextlib.ExitStack() as stack:
            if not self.debug:
                stack.enter_context(_errors_only())  # entered first, left last: cluster.close() logs too
            if self.local_workers:
                first = next(jobs, None)
                if first is None:
                    return
                client = self._start_local_cluster(stack, context, [fmt for fmt, _ in first.outputs])
                yield from _run(client, itertools.chain([first], jobs), context, keep_going, self.local_workers, lambda: self._wait_for_workers(client))
            else:
                client = self._connect()
                stack.callback(client.close)
                self._wait_for_workers(client)
                check_workers(client, context)
                _hear_how_workers_end(client)
                yield from _run(client, (_absolute(job) for job in jobs), context, keep_going)

    def _start_local_cluster(self, stack: contextlib.ExitStack, context: Context, formats: list[str]) -> distributed.Client:
        """A client of a LocalCluster whose workers are forked from a fork server started
        with Ctrl-C ignored, so they ignore it too (respawned ones included): Ctrl-C
        reaches vnconv alone, which closes the cluster in order. The fork server has Dask
        imported, and the batch's writers and the style's faces loaded
        (``forkserver_preload.start``), so workers start quickly and warm, as the local
        pool's forked workers do.

        The client is returned as soon as the scheduler runs, with the workers still
        starting: the first tasks wait in the scheduler and go to each worker as it
        registers, rather than after every worker has started, a client has connected,
        and a round trip has asked each worker what it is. That question is not asked:
        the workers are forks of a fork server this process started from its own
        interpreter and ``sys.path`` (this vnconv), on this machine, whose fonts this
        process found as it loaded the style (and each task checks the version too)."""
        from convert.batch import forkserver_preload

        forkserver_preload.start(context, formats)
        import dask
        import distributed

        from convert.batch.on_worker import LocalWorker, WorkerExits

        stack.enter_context(dask.config.set(LOCAL_CONFIG))
        # Ctrl-C while the scheduler starts would leave it half made: it waits until then.
        # (Once it runs, closing the cluster waits for workers still starting, and stops them.)
        interrupted: list[int] = []
        previous = signal.signal(signal.SIGINT, lambda signum, frame: interrupted.append(signum))
        try:
            cluster = distributed.LocalCluster(
                n_workers=0,  # started below, without waiting for them
                threads_per_worker=1,
                memory_limit=1 / self.local_workers,  # what LocalCluster gives each of N workers
                processes=True,
                dashboard_address=None,
                scheduler_kwargs=LOCAL_SCHEDULER_OPTIONS,
                silence_logs=logging.DEBUG if self.debug else logging.ERROR,
            )
            stack.callback(cluster.close)
            client = distributed.Client(cluster)
            stack.callback(client.close)
            # Held by the scheduler, which hands it to each worker as it registers.
            client.register_plugin(LocalWorker(), name="vnconv-local-worker")
            client.register_plugin(WorkerExits(), name=WORKER_EXITS)
            cluster.scale(self.local_workers)
        finally:
            signal.signal(signal.SIGINT, previous)
        if interrupted:
            raise KeyboardInterrupt
        return client

    def _connect(self) -> distributed.Client:
        """A client of the scheduler at the address, once something there has answered
        as a Dask scheduler within the timeout (``probe``): anything else is one line."""
        import distributed
        from distributed.comm.addressing import parse_address, parse_host_port

        try:
            timeout = probe.timeout_seconds()
            scheme, location = parse_address(self.scheduler)
            if scheme == "tcp":
                host, port = parse_host_port(location)
                probe.probe(self.scheduler, host, int(port), timeout)
        except probe.ProbeError as exc:
            raise ExecutorError(str(exc)) from None
        except (ValueError, TypeError) as exc:
            raise ExecutorError(f"{self.scheduler}: not a scheduler's address: {storage.one_line(exc)}") from None
        try:
            return distributed.Client(self.scheduler, timeout=f"{timeout}s")
        except Exception as exc:  # noqa: BLE001 - whatever the address gives, one line
            raise ExecutorError(f"cannot reach the Dask scheduler at {self.scheduler}: {storage.one_line(exc)}") from None

    def _wait_for_workers(self, client: distributed.Client) -> None:
        try:
            client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
        except (TimeoutError, OSError):
            hint = "" if self.local_workers else f"; start some with `dask worker {self.scheduler} --nthreads 1`"
            raise ExecutorError(f"the Dask scheduler at {self.scheduler} has no worker after {WORKER_WAIT_SECONDS:.0f} s{hint}") from None


@contextlib.contextmanager
def _errors_only() -> Iterator[None]:
    """While a batch runs in this process (the client's side, and a ``local:N`` scheduler):
    only distributed's errors reach stderr, whose lines are otherwise vnconv's alone.

    distributed logs to stderr through its own handler, and sets some loggers' levels
    itself (``distributed.client`` and ``distributed.gc`` at WARNING, in
    distributed/config.py), so lowering the ``distributed`` logger alone would let theirs
    through; and a few notices are Python warnings, not log records (the HTTP server's
    "Port 8787 is already in use"). ``--debug`` shows them all. Levels and filters are put
    back afterwards, for a caller (a test) that goes on in the same process."""
    import warnings

    loggers = [logging.getLogger("distributed")] + [
        logger
        for name, logger in sorted(logging.root.manager.loggerDict.items())
        if name.startswith("distributed.") and isinstance(logger, logging.Logger)
    ]
    levels = {logger: logger.level for logger in loggers}
    for logger, level in levels.items():
        if level < logging.ERROR and (level != logging.NOTSET or logger.name == "distributed"):
            logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", module=r"distributed(\.|$)")
            yield
    finally:
        for logger, level in levels.items():
            logger.setLevel(level)


def _absolute(job: Job) -> Job:
    """A remote worker's working folder is not ours: local paths become absolute (on a
    filesystem every worker mounts at the same place)."""

    def fix(path: str) -> str:
        return path if path == STDIO or storage.is_url(path) else os.path.abspath(path)

    return replace(
        job,
        input=fix(job.input),
        outputs=tuple((fmt, fix(target)) for fmt, target in job.outputs),
        dependencies=tuple(fix(p) for p in job.dependencies),
    )


# --- on connect: is every worker this vnconv, with the style's fonts? -----------------


class WorkerReport(TypedDict):
    version: str
    fonts: list[str]  # what went wrong loading the style's fonts


def describe_worker(context: Context) -> WorkerReport:
    """Runs on each worker: its vnconv version and the fonts it could not load (loading
    them also warms the worker, as the local pool's workers are warmed)."""
    problems = []
    try:
        prepare(context)
    except Exception as exc:  # noqa: BLE001 - reported, with the worker's name, by the client
        problems.append(storage.one_line(exc))
    return {"version": convert.__version__, "fonts": problems}


def check_workers(client: distributed.Client, context: Context) -> None:
    reports = client.run(describe_worker, context, on_error="return")
    problems = []
    for address, report in sorted(reports.items()):
        if isinstance(report, BaseException):
            problems.append(f"worker {address} cannot run vnconv ({type(report).__name__}: {storage.one_line(report)})")
        elif report["version"] != convert.__version__:
            problems.append(
                f"worker {address} runs vnconv {report['version']}, this is vnconv {convert.__version__}: "
                "install the same version on every worker"
            )
        elif report["fonts"]:
            problems.append(f"worker {address} lacks the style's fonts: {report['fonts'][0]}")
    if problems:
        more = f" (and {len(problems) - 1} more worker(s))" if len(problems) > 1 else ""
        raise ExecutorError(problems[0] + more)


# --- the batch ------------------------------------------------------------------------


def _hear_how_workers_end(client: distributed.Client) -> None:
    """Have each nanny say how its worker ends (``on_worker.WorkerExits``); a cluster
    whose nannies cannot load it (no nannies, another vnconv) leaves the client saying
    only that a worker died."""
    from convert.batch.on_worker import WorkerExits

    with contextlib.suppress(Exception):
        client.register_plugin(WorkerExits(), name=WORKER_EXITS)


def _run(
    client: distributed.Client,
    jobs: Iterator[Job],
    context: Context,
    keep_going: bool,
    threads: int | None = None,
    submitted: Callable[[], None] = lambda: None,
) -> Iterator[Outcome]:
    """Convert the jobs, a window of tasks at a time. ``threads``: the worker threads
    there will be, if known (a ``local:N`` cluster's workers are still starting);
    ``submitted`` is called once the first tasks are with the scheduler."""
    import distributed

    from convert.batch.on_worker import EXITS, FINISHED, convert_on_worker

    prefix = f"vnconv-{uuid.uuid4().hex[:12]}-"
    # Stopping at the first failure: no task starts an article once this is set (on_worker).
    stop = None if keep_going else f"{prefix}stop"
    exits: dict[str, int | None] = {}  # worker address: its exit code, as its nanny said (None: it did not)
    by_nanny: dict[str, int] = {}  # nanny address: the exit code of its last worker to end

    def worker_ended(event: tuple[float, dict[str, object]]) -> None:
        """A nanny's word on how its worker ended (runs on the client's event loop)."""
        message = event[1]
        if not isinstance(message.get("exitcode"), int):
            return
        if isinstance(message.get("worker"), str):
            exits[str(message["worker"])] = int(message["exitcode"])  # type: ignore[call-overload]
        if isinstance(message.get("nanny"), str):
            by_nanny[str(message["nanny"])] = int(message["exitcode"])  # type: ignore[call-overload]

    def how_ended(address: str) -> str:
        """How the worker at ``address`` ended: its nanny's word by the worker's address,
        or by the nanny's (from the worker's ledger entry) when the nanny did not know
        its worker's address yet."""
        try:
            entry = client.get_metadata([prefix, address], default=None)
        except Exception:  # noqa: BLE001 - the scheduler gone: the worker's address alone
            entry = None
        nanny = entry[2] if isinstance(entry, (list, tuple)) and len(entry) > 2 and isinstance(entry[2], str) else None
        return _how_worker_ended(address, exits, by_nanny, nanny)

    client.subscribe_topic(EXITS, worker_ended)
    in_flight: dict[distributed.Future, tuple[tuple[Job, ...], tuple[str, str]]] = {}  # the task's articles, its ledger
    finished = distributed.as_completed(loop=client.loop)
    window = _Window(client, jobs, threads)
    numbers = iter(range(1 << 62))
    resubmitted: collections.Counter[tuple[str, str]] = collections.Counter()

    def submit(chunk: tuple[Job, ...], ledger: tuple[str, str] | None = None) -> None:
        key = f"{prefix}{next(numbers)}"
        ledger = ledger or (prefix, key)  # the batch's name, the task's (kept when submitted again)
        future = client.submit(convert_on_worker, chunk, context, convert.__version__, stop, ledger, key=key, pure=False)
        in_flight[future] = (chunk, ledger)
        finished.add(future)

    def submit_more() -> None:
        while len(in_flight) < window.tasks():
            chunk = window.chunk()
            if not chunk:
                return
            submit(chunk)

    interrupted = False
    try:
        submit_more()
        submitted()
        stopping = False
        for future in finished:
            chunk, ledger = in_flight.pop(future)
            if future.status in ("lost", "pending"):  # its worker died holding the result: made again
                in_flight[future] = (chunk, ledger)
                finished.add(future)
                continue
            if future.status == "error" and type(future.exception()).__name__ == "KilledWorker" and resubmitted[ledger] < RESUBMISSIONS:
                resubmitted[ledger] += 1
                future.release()
                submit(chunk, ledger)  # Dask gave up on the task; the ledger says which article killed what
                continue
            outcomes = _outcomes(future, chunk, how_ended)
            future.release()
            for outcome in outcomes:
                if outcome.status == "failed" and stop is not None and not stopping:
                    stopping = True
                    distributed.Event(stop, client=client).set()  # (a task's own failure has set it)
                yield outcome
            if not stopping:
                submit_more()  # stopping: finish those in flight, start no more
    except BaseException:
        interrupted = True
        if stop is not None:  # a task under way (Dask cannot stop it) starts no more articles, as at a failure
            with contextlib.suppress(Exception):
                distributed.Event(stop, client=client).set()
        client.cancel(list(in_flight))
        raise
    finally:
        client.unsubscribe_topic(EXITS)
        with contextlib.suppress(Exception):  # the ledger: where each worker was, which tasks ended (Dask keeps a None)
            client.set_metadata([prefix], None)
            if stop is not None:
                client.set_metadata([f"{prefix}{FINISHED}"], None)
        if stop is not None and not interrupted:  # (left set for the tasks still under way, else cleared: the scheduler forgets it)
            with contextlib.suppress(Exception):
                distributed.Event(stop, client=client).clear()


def _how_worker_ended(address: str, exits: dict[str, int | None], by_nanny: dict[str, int] | None = None, nanny: str | None = None) -> str:
    """``killed by signal 9 (SIGKILL)``, as the worker's nanny said (waiting a moment for
    its word, which may come after the task's next attempt, once per worker), by the
    worker's address or else by its ``nanny``'s (``by_nanny``: a worker that died before
    its nanny knew its address); else that it died."""
    by_nanny = by_nanny if by_nanny is not None else {}

    def said() -> bool:
        return address in exits or (nanny is not None and nanny in by_nanny)

    deadline = time.monotonic() + EXIT_WAIT_SECONDS
    while not said() and time.monotonic() < deadline:
        time.sleep(0.01)
    exitcode = exits.get(address)
    if exitcode is None and nanny is not None:
        exitcode = by_nanny.get(nanny)
    exits[address] = exitcode
    return f"{address} died" if exitcode is None else how_it_ended(exitcode)


class _Window:
    """What to keep in flight, and how big a task is.

    ``PER_THREAD`` tasks per worker thread (the number of threads looked up again now
    and then, as workers join or leave). A task takes its share of the articles not yet
    handed out, ``1 / (SHARE * threads)``, at most ``ARTICLES_PER_TASK``: big tasks while
    many are left (each task costs the client, the scheduler and the worker a few
    milliseconds of CPU), shrinking to one article at the end, so that the threads
    finish together (guided self-scheduling). So that the share is of what is really
    left (``--update`` skips an unknown number), the jobs are read that far ahead."""

    def __init__(self, client: distributed.Client, jobs: Iterator[Job], threads: int | None) -> None:
        self.client = client
        self.jobs = jobs
        self.ahead: collections.deque[Job] = collections.deque()
        self.checked = 0.0 if threads is None else time.monotonic()
        self.threads = threads or 1
        self.tasks()

    def tasks(self) -> int:
        now = time.monotonic()
        if now - self.checked > WINDOW_REFRESH_SECONDS:
            self.checked = now
            self.threads = max(1, sum(self.client.nthreads().values()))
        return PER_THREAD * self.threads

    def chunk(self) -> tuple[Job, ...]:
        parts = SHARE * self.threads
        self.ahead.extend(itertools.islice(self.jobs, max(0, parts * ARTICLES_PER_TASK - len(self.ahead))))
        size = min(ARTICLES_PER_TASK, -(-len(self.ahead) // parts))
        return tuple(self.ahead.popleft() for _ in range(size))


def _outcomes(future: distributed.Future, chunk: tuple[Job, ...], how: Callable[[str], str]) -> list[Outcome]:
    """The chunk's outcomes, each saying how the workers that died converting its
    article ended (``how``: from a worker's address)."""
    exc: BaseException | None = None
    if future.status in ("finished", "lost", "pending"):
        # Lost since (its worker died holding the result, as it was gathered, or since
        # _run looked): Dask makes it again, and this waits for that.
        try:
            converted = list(future.result())
        except Exception as error:  # noqa: BLE001 - made again and failed (KilledWorker...): said as a task's error
            exc = error
    if future.status != "finished" or exc is not None:
        exc = exc if exc is not None else future.exception() if future.status == "error" else None
        reason = storage.one_line(exc) if exc is not None else f"the task was {future.status}"
        if type(exc).__name__ == "KilledWorker":
            reason = "every worker that took it died (it may crash the converter: try it with `vnconv convert` alone)"
        converted = [(Outcome(job.input, "failed", errors=(f"{display_name(job.input)}: {reason}",)), ()) for job in chunk]
    # Fewer outcomes than articles: the batch stopped, the rest were not started.
    return [_note_deaths(outcome, job, died_on, how) for (outcome, died_on), job in zip(converted, chunk[: len(converted)], strict=True)]


def _note_deaths(outcome: Outcome, job: Job, died_on: tuple[str, ...], how: Callable[[str], str]) -> Outcome:
    """An article workers died converting: converted again (a warning), or, after
    ``deaths.ATTEMPTS`` of them, failed (worded here: the worker knew only that); in
    the words of the local pool. The dead attempts' temporary files are removed."""
    if not died_on:
        return outcome
    for _, target in job.outputs:
        if not storage.is_url(target):
            discard_stale_partials(target)
    ended = how(died_on[-1])
    if outcome.status == "failed" and not outcome.errors:
        return replace(outcome, errors=(failed(job.input, ended),), retried=True)
    return replace(outcome, warnings=(*outcome.warnings, converted_again(job.input, ended)), retried=True)
