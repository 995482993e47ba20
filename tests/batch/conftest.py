"""Batch fixtures: the test writers, and one Dask LocalCluster shared by the whole session."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from convert.writers import FORMATS
from tests.support.dask_worker import TEST_WRITERS

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
