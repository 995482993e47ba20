"""A vnconv server of the tests' own: its socket in a private runtime folder of each
test module (never the user's), stopped, or killed, when the module is done."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the server needs Linux (SO_PEERCRED)")

#: The console script, run as such (``convert.client``), whether or not it is installed.
#: With Python's own SIGINT handler: Python keeps SIGINT ignored when it starts with it
#: ignored, as pytest does when started as a background job of a non-interactive shell
#: (`make test &`), and the Ctrl-C tests need the handler a terminal's vnconv has.
CLIENT = [sys.executable, "-c", "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); from convert.client import main; main()"]


@dataclass
class Served:
    """A private runtime folder (XDG_RUNTIME_DIR) and the commands run with it."""

    runtime: Path

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "VNCONV_SERVER"}
        return {**env, "XDG_RUNTIME_DIR": str(self.runtime), "SOURCE_DATE_EPOCH": "1700000000"}

    def vnconv(self, *args: str, server: bool = True, input: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
        """``vnconv ARGS`` through the console script, with the server (if one runs) or
        without it (``VNCONV_SERVER=off``)."""
        env = self.env if server else {**self.env, "VNCONV_SERVER": "off"}
        return subprocess.run([*CLIENT, *args], input=input, capture_output=True, env=env, cwd=cwd, timeout=120)

    def popen(self, *args: str, **kwargs: object) -> subprocess.Popen[bytes]:
        return subprocess.Popen([*CLIENT, *args], env=self.env, **kwargs)  # type: ignore[call-overload]

    def start(self, *extra: str) -> None:
        result = self.vnconv("server", "start", *extra)
        assert result.returncode == 0, result.stderr

    def info(self) -> dict[str, object] | None:
        code = "import marshal, sys; from convert.server.daemon import info; sys.stdout.buffer.write(marshal.dumps(info()))"
        try:
            result = subprocess.run([sys.executable, "-c", code], capture_output=True, env=self.env, timeout=60)
        except subprocess.TimeoutExpired:
            raise AssertionError("status request unanswered after 60 s") from None
        if result.returncode != 0:  # say why: a bare CalledProcessError hides it
            raise AssertionError(f"status request failed ({result.returncode}): {result.stderr.decode(errors='replace')}")
        import marshal

        known: dict[str, object] | None = marshal.loads(result.stdout)
        return known

    def sockets(self) -> list[Path]:
        return sorted(self.runtime.glob("vnconv-*.sock"))

    def stop(self) -> None:
        """Stop the server, or kill it if it does not answer."""
        try:
            known = self.info()
        except AssertionError:  # no answer: still ask it to stop (a server left behind idles 15 minutes)
            known = {}
        if known is None:
            return
        try:
            stopped = self.vnconv("server", "stop").returncode == 0
        except subprocess.TimeoutExpired:  # a server no child answers for
            stopped = False
        pid = known.get("pid") or self.lock_pid()
        if not stopped and pid:
            os.kill(int(pid), signal.SIGKILL)  # type: ignore[call-overload]

    def lock_pid(self) -> int:
        """The pid a server wrote in its lock file (0: none)."""
        for lock in self.runtime.glob("vnconv-*.lock"):
            text = lock.read_text(encoding="ascii", errors="replace").strip()
            if text.isdigit():
                return int(text)
        return 0


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    """A started server, shared by the tests of a module."""
    runtime = Path(tempfile.mkdtemp(prefix="vnrt-", dir="/tmp"))  # short: a socket's path has ~100 bytes
    runtime.chmod(0o700)
    served = Served(runtime)
    served.start()
    try:
        yield served
    finally:
        served.stop()
        shutil.rmtree(runtime, ignore_errors=True)


@pytest.fixture
def private_runtime() -> Iterator[Served]:
    """A private runtime folder with no server yet (the test starts, and may kill, one)."""
    runtime = Path(tempfile.mkdtemp(prefix="vnrt-", dir="/tmp"))
    runtime.chmod(0o700)
    served = Served(runtime)
    try:
        yield served
    finally:
        served.stop()
        shutil.rmtree(runtime, ignore_errors=True)


def start_patched(served: Served, setup: str) -> None:
    """Start a server of ``served`` whose process first runs ``setup`` (Python, with
    ``d`` the daemon module): a knob turned, a bug planted."""
    code = f"import convert.server.daemon as d; from convert.cli import main\n{setup}\nprint(d.start(main))"
    subprocess.run([sys.executable, "-c", code], env=served.env, check=True, capture_output=True, timeout=120)


def children(pid: int) -> set[int]:
    """The server's children now (waiting, or running a request)."""
    try:
        return set(map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split()))
    except OSError:
        return set()


def running_child(server_pid: int) -> int | None:
    """The child of the server running a request now (see ``running_request``), if any."""
    for child in children(server_pid):
        try:
            if os.readlink(f"/proc/{child}/cwd") != "/":
                return child
        except OSError:
            continue
    return None


def installed() -> Path:
    """The vnconv console script beside this Python (bin/vnconv, as pip installed it)."""
    script = Path(sys.executable).with_name("vnconv")
    if not script.exists():
        pytest.skip("the vnconv console script is not installed beside this Python")
    return script


def wait_for(predicate: object, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def big_article(folder: Path, megabytes: float = 2.0) -> Path:
    """An article long enough that converting it takes seconds: the seed's paragraphs
    again and again."""
    from tests.conftest import SEED

    lines = SEED.read_text(encoding="utf-8").split("\n")
    body = [line for line in lines[4:] if len(line) > 80]
    text = "\n".join(lines[:4]) + "\n"
    paragraphs: list[str] = []
    while sum(map(len, paragraphs)) < megabytes * 1_000_000 / 1.3:
        paragraphs.extend(body)
    path = folder / "dai.txt"
    path.write_text(text + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def running_request(server_pid: int) -> bool:
    """Whether one of the server's children is running a request now: it has moved to
    its client's folder (a child answering ``status`` stays in ``/``, and one done with
    its request goes back there)."""
    return running_child(server_pid) is not None


def partials(folder: Path) -> Sequence[Path]:
    """Temporary files a write left behind (``io.write_output``'s ``.NAME.*.part``)."""
    return sorted(folder.glob(".*.part"))
