"""Batch fixtures: the test writers, and one Dask LocalCluster shared by the whole session."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from convert.writers import FORMATS
from tests.support.dask_worker import TEST_WRITERS
from tests.support.slow_writer import slow_batch

DASK_MISSING = "needs the dask extra: pip install 'vnconv[dask]' (make test installs it)"


@pytest.fixture
def test_writers(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--to slow`` and ``--to fail`` in this process (the shared cluster's workers preload them)."""
    for fmt, module in TEST_WRITERS.items():
        monkeypatch.setitem(FORMATS, fmt, module)


@pytest.fixture(scope="session")
def dask_scheduler() -> Iterator[str]:
    """The address of a LocalCluster of 2 worker processes, started once per session."""
    distributed = pytest.importorskip("distributed", reason=DASK_MISSING)
    from convert.batch.cluster import LOCAL_SCHEDULER_OPTIONS

    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        scheduler_kwargs=LOCAL_SCHEDULER_OPTIONS,  # off port 8787, as vnconv's own local:N
        silence_logs=logging.ERROR,
        preload=["tests.support.dask_worker"],
    )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


@pytest.fixture
def dask_client(dask_scheduler: str) -> Iterator[object]:
    """A client of the shared cluster, for tests that look at or act on its workers."""
    import distributed

    with distributed.Client(dask_scheduler) as client:
        yield client


@pytest.fixture
def start_batch() -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """``slow_batch``, whose process group is killed when the test ends: a test that fails
    leaves no batch, and no worker of one, running on."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        started.append(slow_batch(*args, **kwargs))
        return started[-1]

    yield start
    for process in started:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
