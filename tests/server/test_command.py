"""``vnconv server client`` (convert/server/command.py): the quick client's command line,
named only while a server of this installation answers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.server.conftest import Served, installed

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the server needs Linux (SO_PEERCRED)")


def test_server_client_names_the_quick_client_only_while_a_server_runs(private_runtime: Served) -> None:
    script = installed()
    asked = lambda **extra: subprocess.run([str(script), "server", "client"], env={**private_runtime.env, **extra}, capture_output=True, check=True)  # noqa: E731
    assert asked().stdout == b"\n"  # no server: make calls vnconv itself
    private_runtime.start()
    words = asked().stdout.decode().split()
    assert words == [sys.executable, "-S", str(Path(__file__).resolve().parents[2] / "convert" / "server" / "quick.py"), str(script)]
    assert asked(VNCONV_SERVER="off").stdout == b"\n"
