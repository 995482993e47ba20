"""Test helpers that run on Dask workers (another process than the test's).

``dask_setup`` is a worker preload: it gives every worker the test writers (slow,
fail) that the tests register in their own ``FORMATS``. It is named in the shared
LocalCluster's ``preload``, or in ``DASK_DISTRIBUTED__WORKER__PRELOAD`` for a cluster
a subprocess starts.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from convert.writers import FORMATS

TEST_WRITERS = {
    "slow": "tests.support.slow_writer",
    "fail": "tests.support.failing_writer",
    "fragile": "tests.support.fragile_writer",
}


def dask_setup(worker: Any) -> None:
    FORMATS.update(TEST_WRITERS)


def set_environment(values: Mapping[str, str]) -> None:
    """For ``client.run``: environment variables (an S3 endpoint, credentials) on a worker."""
    os.environ.update(values)
