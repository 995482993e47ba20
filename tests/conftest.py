"""Shared fixtures: the samples, the seed, and a way to run the CLI in-process."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from convert.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "000_ad5a731278720d44.txt"

# The default profile (make test, CI) is derandomised: every run tries the same examples, so
# a red CI means a change broke something, not that a new random example turned up. The
# search for new failures is `make fuzz` (HYPOTHESIS_PROFILE=long: random, 2,000 examples a
# test); what it finds becomes an explicit @example. Hypothesis recommends this split for CI:
# https://hypothesis.readthedocs.io/en/latest/settings.html#hypothesis.settings.derandomize
settings.register_profile(
    "default", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("long", deadline=None, max_examples=2000, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@dataclass
class Result:
    exit_code: int
    stdout: bytes
    stderr: str

    @property
    def text(self) -> str:
        return self.stdout.decode("utf-8")


@pytest.fixture
def seed() -> Path:
    return SEED


@pytest.fixture
def run() -> Callable[..., Result]:
    """Run ``vnconv ARGS`` in-process; ``input`` is bytes for standard input."""

    def invoke(args: Sequence[str], input: bytes | None = None) -> Result:
        result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
        return Result(result.exit_code, result.stdout_bytes, result.stderr)

    return invoke
