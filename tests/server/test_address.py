"""Where the socket lives: only in a folder of the user's that no one else may enter."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.server.conftest import Served

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the server needs Linux (SO_PEERCRED)")


def test_a_folder_others_may_enter_is_never_used(private_runtime: Served, tmp_path: Path) -> None:
    private_runtime.runtime.chmod(0o755)
    env = {**private_runtime.env, "TMPDIR": str(tmp_path)}
    code = "from convert.server.address import socket_path; print(socket_path())"
    shown = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True).stdout.decode().strip()
    assert not shown.startswith(str(private_runtime.runtime))
    assert shown == "None" or shown.startswith(f"/tmp/vnconv-{os.getuid()}/")


def test_a_python_without_site_names_the_same_installation() -> None:
    # The quick client runs on `python -S`, where a virtual environment's sys.prefix is
    # still the base Python's: identity finds the environment as site would.
    code = "import sys; sys.path[0] = sys.argv[1]; from convert.server.address import identity; print(identity())"
    root = str(Path(__file__).resolve().parents[2])
    with_site = subprocess.run([sys.executable, "-c", code, root], capture_output=True, check=True, text=True).stdout
    without = subprocess.run([sys.executable, "-S", "-c", code, root], capture_output=True, check=True, text=True).stdout
    assert with_site == without != ""
