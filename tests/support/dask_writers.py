"""A Dask worker preload for tests: the test writers (slow, fail) on every worker.

Tests register them in the client's ``FORMATS``; a worker is another process, so it
learns them from this module, named in the LocalCluster's ``preload`` (or through
``DASK_DISTRIBUTED__WORKER__PRELOAD`` for a cluster a subprocess starts).
"""

from __future__ import annotations

from typing import Any

from convert.writers import FORMATS

TEST_WRITERS = {"slow": "tests.support.slow_writer", "fail": "tests.support.failing_writer"}


def dask_setup(worker: Any) -> None:
    FORMATS.update(TEST_WRITERS)
