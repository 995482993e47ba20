"""How a dead worker is named: from the exit code a real process leaves."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from convert.batch.deaths import how_it_ended


@pytest.mark.skipif(sys.platform == "win32", reason="kills a process with SIGKILL")
def test_a_process_killed_by_a_signal_is_named_with_it() -> None:
    done = subprocess.run([sys.executable, "-c", f"import os; os.kill(os.getpid(), {int(signal.SIGKILL)})"], check=False)
    assert how_it_ended(done.returncode) == "killed by signal 9 (SIGKILL)"


def test_a_process_that_exits_is_named_with_its_status() -> None:
    done = subprocess.run([sys.executable, "-c", "raise SystemExit(3)"], check=False)
    assert how_it_ended(done.returncode) == "exited with status 3"
    assert how_it_ended(-200) == "killed by signal 200"  # no such signal: its number alone
