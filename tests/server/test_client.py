"""The console script (convert/client.py): it uses a server only when it can, and otherwise
runs the command itself, silently; its own path imports no command line, writer or model."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SEED
from tests.server.conftest import CLIENT, Served, big_article, installed, partials, running_request, wait_for

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the server needs Linux (SO_PEERCRED)")


def test_the_client_imports_no_command_line_writer_or_model(served: Served, tmp_path: Path) -> None:
    code = (
        "import sys; from convert.client import served\n"
        f"status = served(['txt', {str(SEED)!r}, '-o', {str(tmp_path / 'bai.txt')!r}])\n"
        "print(status, [m for m in sys.modules if m.split('.')[0] in ('click', 'reportlab', 'docx', 'ebooklib', 'socket')"
        " or m in ('convert.cli', 'convert.model', 'convert.styles', 'convert.jobs')])"
    )
    result = subprocess.run([sys.executable, "-c", code], env=served.env, capture_output=True, check=True)
    assert result.stdout.decode().split() == ["0", "[]"]
    assert (tmp_path / "bai.txt").stat().st_size > 0


def test_the_installed_command_imports_no_regular_expressions(served: Served, tmp_path: Path) -> None:
    # bin/vnconv, not pip's console script, which imports re (26 M instructions) first.
    script = Path(sys.executable).with_name("vnconv")
    assert script.read_text(encoding="utf-8").splitlines()[0] != "#!python"  # pip wrote the interpreter's path
    command = [sys.executable, "-X", "importtime", str(script), "txt", str(SEED), "-o", str(tmp_path / "bai.txt")]
    result = subprocess.run(command, env=served.env, capture_output=True, check=True)
    imported = {line.rsplit("|", 1)[1].strip() for line in result.stderr.decode().splitlines() if line.startswith("import time:")}
    assert "convert.client" in imported
    assert "re" not in imported
    assert (tmp_path / "bai.txt").stat().st_size > 0


def test_a_stale_socket_is_ignored(private_runtime: Served, tmp_path: Path) -> None:
    from convert.server.address import identity

    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(private_runtime.runtime / f"vnconv-{identity()}.sock"))
    stale.close()  # the file stays, with no one listening
    result = private_runtime.vnconv("docx", str(SEED), "-o", str(tmp_path / "bai.docx"))
    assert (result.returncode, result.stderr) == (0, b"")
    assert (tmp_path / "bai.docx").stat().st_size > 0


def test_a_server_of_another_version_is_not_used(private_runtime: Served, tmp_path: Path) -> None:
    # A server at this installation's socket that names itself otherwise declines.
    code = "import convert.server.daemon as d; from convert.cli import main; d.identity = lambda: '0.0.0-other'; print(d.start(main))"
    subprocess.run([sys.executable, "-c", code], env=private_runtime.env, check=True, capture_output=True)
    assert private_runtime.info() is not None
    on = private_runtime.vnconv("epub", str(SEED), "-o", str(tmp_path / "on.epub"))
    private_runtime.vnconv("epub", str(SEED), "-o", str(tmp_path / "off.epub"), server=False)
    assert (on.returncode, on.stderr) == (0, b"")
    assert (tmp_path / "on.epub").read_bytes() == (tmp_path / "off.epub").read_bytes()


def test_auto_starts_a_server_for_the_next_commands(private_runtime: Served, tmp_path: Path) -> None:
    env = {**private_runtime.env, "VNCONV_SERVER": "auto"}
    first = subprocess.run([*CLIENT, "txt", str(SEED), "-o", str(tmp_path / "a.txt")], env=env, capture_output=True)
    assert (first.returncode, first.stderr) == (0, b"")
    assert wait_for(lambda: private_runtime.info() is not None, 60)


@pytest.mark.parametrize(
    ("args", "served"),
    [
        (["pdf", "bai.txt"], True),
        (["parse", "-"], True),
        (["convert", "bai.txt", "-j", "1", "--to", "pdf,docx"], True),
        (["convert", "bai.txt", "--jobs=1"], True),
        (["convert", "bai.txt"], False),  # a pool of its own
        (["convert", "bai.txt", "-j", "1", "--scheduler", "local:2"], False),  # Dask
        (["styles", "show", "default"], True),
        (["server", "start"], False),
        (["server", "status"], False),
    ],
)
def test_which_commands_a_server_runs(args: list[str], served: bool) -> None:
    from convert.client import serves

    assert serves(args) is served


def test_one_call_for_every_format_runs_in_the_server(served: Served, tmp_path: Path) -> None:
    # samples/Makefile's ONE_CALL=yes: `convert -j 1` in the server, the same bytes.
    before = served.info()["requests"]  # type: ignore[index]
    for where, server in (("on", True), ("off", False)):
        result = served.vnconv("convert", "-q", "-j", "1", str(SEED), "-O", str(tmp_path / where), "--depfile", str(tmp_path / f"{where}.d"), server=server)
        assert (result.returncode, result.stderr) == (0, b"")
    assert served.info()["requests"] == before + 2  # type: ignore[index,operator]  # the convert, and this question
    for fmt in ("pdf", "docx", "epub"):
        assert (tmp_path / "on" / f"{SEED.stem}.{fmt}").read_bytes() == (tmp_path / "off" / f"{SEED.stem}.{fmt}").read_bytes()


def test_the_quick_client_runs_in_the_server_or_hands_the_command_to_vnconv(private_runtime: Served, tmp_path: Path) -> None:
    # The same bytes, messages and statuses as vnconv itself: through the server while it
    # runs, and through the vnconv it names once the server is gone.
    script = installed()
    private_runtime.start()
    quick = subprocess.run([str(script), "server", "client"], env=private_runtime.env, capture_output=True, check=True).stdout.decode().split()
    before = private_runtime.info()["requests"]  # type: ignore[index]
    on = subprocess.run([*quick, "docx", str(SEED), "-o", str(tmp_path / "on.docx")], env=private_runtime.env, capture_output=True)
    missing = subprocess.run([*quick, "docx", str(tmp_path / "none.txt")], env=private_runtime.env, capture_output=True)
    assert private_runtime.info()["requests"] == before + 3  # type: ignore[index,operator]  # both, and this question
    private_runtime.stop()
    off = subprocess.run([*quick, "docx", str(SEED), "-o", str(tmp_path / "off.docx")], env=private_runtime.env, capture_output=True)
    missing_off = subprocess.run([*quick, "docx", str(tmp_path / "none.txt")], env=private_runtime.env, capture_output=True)
    assert (on.returncode, on.stderr, off.returncode, off.stderr) == (0, b"", 0, b"")
    assert (tmp_path / "on.docx").read_bytes() == (tmp_path / "off.docx").read_bytes()
    assert (missing.returncode, missing.stderr) == (missing_off.returncode, missing_off.stderr) == (1, f"vnconv: error: {tmp_path / 'none.txt'}: no such file\n".encode())
    assert private_runtime.info() is None  # vnconv ran it without starting a server


def test_samples_makefile_calls_the_quick_client_while_a_server_runs(served: Served, tmp_path: Path) -> None:
    script = installed()
    command = ["make", "-n", "-C", str(SEED.parent), f"OUT={tmp_path}", f"VNCONV={script}"]
    planned = subprocess.run(command, env=served.env, capture_output=True, text=True, check=True).stdout
    assert f"-S {Path(__file__).resolve().parents[2] / 'convert' / 'server' / 'quick.py'} {script} convert --quiet" in planned
    alone = subprocess.run(command, env={**served.env, "VNCONV_SERVER": "off"}, capture_output=True, text=True, check=True).stdout
    assert f"\n{script} convert --quiet" in alone and "quick.py" not in alone


def test_the_quick_client_imports_not_even_os(served: Served, tmp_path: Path) -> None:
    # os (and its _collections_abc) would be ~1 ms of each call on a Python without site.
    quick = Path(__file__).resolve().parents[2] / "convert" / "server" / "quick.py"
    command = [sys.executable, "-S", "-X", "importtime", str(quick), str(installed()), "txt", str(SEED), "-o", str(tmp_path / "bai.txt")]
    result = subprocess.run(command, env=served.env, capture_output=True, check=True)
    imported = {line.rsplit("|", 1)[1].strip() for line in result.stderr.decode().splitlines() if line.startswith("import time:")}
    assert {"convert.client", "convert.server.wire"} <= imported
    assert not imported & {"os", "stat", "re", "socket"}
    assert (tmp_path / "bai.txt").stat().st_size > 0


def test_ctrl_c_in_the_quick_client_stops_the_request(served: Served, tmp_path: Path) -> None:
    article = big_article(tmp_path)
    target = tmp_path / "dai.pdf"
    target.write_bytes(b"the old one")
    quick = subprocess.run([str(installed()), "server", "client"], env=served.env, capture_output=True, check=True).stdout.decode().split()
    pid = int(served.info()["pid"])  # type: ignore[index,call-overload]
    # Python's own SIGINT handler, as a terminal's vnconv has it (see conftest.CLIENT).
    reset = lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)  # noqa: E731
    client = subprocess.Popen([*quick, "pdf", str(article), "-o", str(target)], env=served.env, stderr=subprocess.PIPE, cwd=tmp_path, preexec_fn=reset)
    assert wait_for(lambda: running_request(pid))
    time.sleep(0.2)  # the client waits for the answer (as in test_daemon's Ctrl-C test)
    client.send_signal(signal.SIGINT)
    _, err = client.communicate(timeout=60)
    assert (client.returncode, err.decode().strip()) == (130, "vnconv: interrupted")
    assert target.read_bytes() == b"the old one"
    assert partials(tmp_path) == []


def test_a_client_with_a_python_path_of_its_own_runs_its_command_as_it_would_alone(served: Served, tmp_path: Path) -> None:
    """PYTHONPATH (or a user site, a .pth file added since the server started) gives the
    client other packages than the server's: a style's ``package:file.ttf`` in such a
    package was "no installed Python package" through the server, found without it."""
    import manimgx_fonts

    package = tmp_path / "path" / "housefonts"
    package.mkdir(parents=True)
    (package / "__init__.py").write_bytes(b"")
    (package / "Emoji.ttf").write_bytes((Path(manimgx_fonts.__file__).parent / "NotoEmoji[wght].ttf").read_bytes())
    style = tmp_path / "house.toml"
    style.write_text('extends = "default"\n[fonts.serif]\nfallback = ["Noto Serif", "housefonts:Emoji.ttf"]\n', encoding="utf-8")
    article = tmp_path / "bai.txt"
    article.write_text("Tiêu đề ❤\n\nMột đoạn văn ❤.\n", encoding="utf-8")
    for where, env in (("on", served.env), ("off", {**served.env, "VNCONV_SERVER": "off"})):
        command = [*CLIENT, "pdf", str(article), "--style", str(style), "-o", str(tmp_path / f"{where}.pdf")]
        result = subprocess.run(command, env={**env, "PYTHONPATH": str(tmp_path / "path")}, capture_output=True, timeout=120)
        assert (result.returncode, result.stderr) == (0, b""), where
    assert (tmp_path / "on.pdf").read_bytes() == (tmp_path / "off.pdf").read_bytes()


def test_a_client_python_that_optimizes_otherwise_runs_its_command_as_it_would_alone(served: Served) -> None:
    """A client whose Python runs with another optimization level than the server's
    (PYTHONOPTIMIZE=2, -OO: no docstrings, so a command's --help has no text of its
    own) gets what it would get alone: through the server, --help had the docstrings'."""
    before = served.info()["requests"]  # type: ignore[index]
    answers = []
    for env in (served.env, {**served.env, "VNCONV_SERVER": "off"}):
        result = subprocess.run([*CLIENT, "parse", "--help"], env={**env, "PYTHONOPTIMIZE": "2"}, capture_output=True, timeout=120)
        answers.append((result.returncode, result.stdout, result.stderr))
    assert answers[0] == answers[1]
    assert served.info()["requests"] == before + 2  # type: ignore[index,operator]  # asked, declined; this question


def test_a_client_that_sees_other_files_runs_its_command_itself(served: Served, tmp_path: Path) -> None:
    """A client in a mount namespace of its own (a sandbox: bwrap, a service's PrivateTmp,
    unshare) names files the server does not see, or sees elsewhere: its output went
    to the server's side of the folder (outside the sandbox) and was missing on its own,
    though the command said nothing and ended 0."""
    import shutil

    if shutil.which("unshare") is None or subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode != 0:
        pytest.skip("needs a mount namespace of its own (unshare -m, root or user namespaces)")
    private = tmp_path / "private"
    private.mkdir()
    script = f'mount -t tmpfs vnconv-test {private} && "$@" && ls {private}'
    command = ["unshare", "-m", "sh", "-c", script, "sh", *CLIENT, "txt", str(SEED), "-o", str(private / "bai.txt")]
    result = subprocess.run(command, env=served.env, capture_output=True, timeout=120)
    if b"mount" in result.stderr and result.returncode != 0:
        pytest.skip(f"cannot mount in the namespace: {result.stderr.decode(errors='replace')}")
    assert (result.returncode, result.stdout, result.stderr) == (0, b"bai.txt\n", b"")
    assert list(private.iterdir()) == []  # nothing written outside it


def test_a_client_of_other_groups_runs_its_command_itself(served: Served, tmp_path: Path) -> None:
    """A client whose group or supplementary groups are not the server's (``newgrp``,
    ``sg``, a service's ``SupplementaryGroups=``) makes its files with its own group (and
    may read only what its groups may): through the server its output had the
    server's group."""
    import shutil

    command = ["setpriv", "--regid=54321", "--clear-groups", *CLIENT, "txt", str(SEED), "-o", str(tmp_path / "bai.txt")]
    if shutil.which("setpriv") is None or subprocess.run(["setpriv", "--regid=54321", "--clear-groups", "true"], capture_output=True).returncode != 0:
        pytest.skip("needs setpriv and the right to change this process's groups")
    result = subprocess.run(command, env=served.env, capture_output=True, timeout=120)
    assert (result.returncode, result.stderr) == (0, b"")
    assert (tmp_path / "bai.txt").stat().st_gid == 54321


def test_a_client_with_other_limits_runs_its_command_itself(served: Served, tmp_path: Path) -> None:
    """The limits a user set on a command (``ulimit -f``, ``-v``, ``-t``) are its own:
    under ``ulimit -f 2`` a PDF is "File too large" (status 1, no file) in-process, and
    through the server it was written whole, status 0."""
    answers = []
    for where, env in (("on", served.env), ("off", {**served.env, "VNCONV_SERVER": "off"})):
        command = ["sh", "-c", 'ulimit -f 2 && exec "$@"', "sh", *CLIENT, "pdf", str(SEED), "-o", str(tmp_path / f"{where}.pdf")]
        result = subprocess.run(command, env=env, capture_output=True, timeout=120)
        answers.append((result.returncode, result.stderr.replace(f"{where}.pdf".encode(), b"X.pdf"), (tmp_path / f"{where}.pdf").exists()))
    assert answers[0] == answers[1]
    assert answers[1][0] == 1 and b"File too large" in answers[1][1]


@pytest.mark.parametrize("answer", [b"R", b"D"])
def test_ctrl_c_while_the_server_takes_the_request_is_said_once(private_runtime: Served, tmp_path: Path, answer: bytes) -> None:
    # A stand-in server that reads the request and then waits: Ctrl-C in the client there
    # goes to it (a child may have taken the request; its watch stops the command and says
    # so), and the client says nothing of its own but the status the child answers. Where
    # the server declines, the Ctrl-C is the client's: 130 and its own line, nothing run.
    from convert.server import wire
    from convert.server.address import identity

    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(private_runtime.runtime / f"vnconv-{identity()}.sock"))
    listener.listen(1)
    listener.settimeout(30)
    out = tmp_path / "bai.txt"
    client = private_runtime.popen("txt", str(SEED), "-o", str(out), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        conn, _ = listener.accept()
        conn.settimeout(0.5)
        try:
            while conn.recv(65536):  # the request, until the client waits for the answer
                pass
        except TimeoutError:
            pass
        client.send_signal(signal.SIGINT)
        conn.settimeout(10)
        assert conn.recv(1) == wire.INTERRUPT  # not the connection closed under the child
        conn.sendall(answer + (wire.EXIT + (130).to_bytes(4, "big") if answer == wire.RUNNING else b""))
        _, stderr = client.communicate(timeout=30)
    finally:
        client.kill()
        listener.close()
    assert client.returncode == 130
    assert stderr.count(b"vnconv: interrupted") == (0 if answer == wire.RUNNING else 1)
    assert not out.exists()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL])
@pytest.mark.parametrize("command", ["pdf", "convert"])
def test_a_signal_to_the_client_ends_the_request_as_it_ends_the_command(served: Served, tmp_path: Path, signum: int, command: str) -> None:
    """``kill PID``, a closed terminal or ``kill -9`` stops a vnconv as it stops the
    command alone: ``vnconv pdf`` dies by the signal, silently; ``convert`` says
    ``stopped by SIGTERM`` and exits 128 + the signal (``batch.signals``). Through the
    server the client died, and its orphaned request said ``vnconv: interrupted`` on the
    client's stream; convert never said it was stopped, nor answered 143."""
    article = big_article(tmp_path, 1.0)
    target = tmp_path / "dai.pdf"
    target.write_bytes(b"the old one")
    args = ["pdf", str(article), "-o", str(target)] if command == "pdf" else ["convert", "-j", "1", str(article), "--to", "pdf", "-O", str(tmp_path / "out")]
    pid = int(served.info()["pid"])  # type: ignore[index,call-overload]
    client = served.popen(*args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    assert wait_for(lambda: running_request(pid))
    time.sleep(0.2)  # the client waits for the answer (as in the Ctrl-C tests)
    client.send_signal(signum)
    out, err = client.communicate(timeout=60)  # until every writer of its streams has let go
    name = signal.Signals(signum).name
    expected = (-signum, b"") if command == "pdf" or signum == signal.SIGKILL else (128 + signum, f"vnconv: stopped by {name}".encode())
    assert (client.returncode, err.strip()) == expected
    assert out == b""
    assert target.read_bytes() == b"the old one"
    assert partials(tmp_path) == [] and not list((tmp_path / "out").glob("*.pdf"))


def test_a_working_folder_the_server_cannot_enter_is_declined(served: Served, tmp_path: Path) -> None:
    """The client's folder as a path, which the server's child enters (``chdir``): one
    renamed or removed since the client named it, or that only the client's own
    descriptor reaches. The child had said it runs the request, then could not enter
    the folder and ended: ``the vnconv server ended before the command finished``,
    status 1, where the command alone runs in its folder. Now it declines first."""
    code = (
        "import posix, sys\n"
        f"posix.getcwd = lambda: {str(tmp_path / 'gone')!r}\n"
        "from convert.client import served\n"
        f"print(served(['txt', {str(SEED)!r}, '-o', {str(tmp_path / 'bai.txt')!r}]))"
    )
    result = subprocess.run([sys.executable, "-c", code], env=served.env, capture_output=True, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (0, b"None\n", b"")  # None: run it here


@pytest.mark.parametrize("named", ["/dev/fd/{fd}", "/proc/self/fd/{fd}"])
def test_a_file_named_by_a_descriptor_of_the_client_is_its_own(served: Served, tmp_path: Path, named: str) -> None:
    """``vnconv parse <(curl ...)`` names ``/dev/fd/63``, ``-o /dev/fd/3 3>x`` another of
    the client's descriptors, which the server's child does not have (only the standard
    streams are passed): through the server the input was "no such file" and the
    output failed, or went to a descriptor of the child's own (its listening socket,
    the board the server counts its children on). Such a request runs in the client."""
    answers = []
    for where, env in (("on", served.env), ("off", {**served.env, "VNCONV_SERVER": "off"})):
        out = tmp_path / f"{where}.txt"
        with open(SEED, "rb") as article, open(out, "wb") as output:
            kept = (article.fileno(), output.fileno())
            read = subprocess.run([*CLIENT, "parse", named.format(fd=kept[0])], env=env, capture_output=True, pass_fds=kept, timeout=60)
            wrote = subprocess.run([*CLIENT, "txt", str(SEED), "-o", named.format(fd=kept[1])], env=env, capture_output=True, pass_fds=kept, timeout=60)
        answers.append((read.returncode, read.stdout, read.stderr, wrote.returncode, wrote.stderr, out.read_bytes()))
    assert answers[0] == answers[1]
    assert answers[1][0] == answers[1][3] == 0 and answers[1][5]
