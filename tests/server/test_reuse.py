"""A child of the vnconv server serves request after request (convert/server/daemon.py):
what each request gives is still byte for byte what the command gives in-process, in
any order, with any style, options and environment; a request that ended otherwise
than normally (Ctrl-C, a bug, a killed child) is its child's last, and so is the
``MAX_REQUESTS``-th."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, SEED
from tests.server.conftest import Served, big_article, children, running_child, start_patched, wait_for

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the server needs Linux (SO_PEERCRED)")


def _pid(served: Served) -> int:
    known = served.info()
    assert known is not None
    return int(known["pid"])  # type: ignore[call-overload]


def _served_by(served: Served) -> dict[int, int]:
    """Each child of the server and the requests it has served (``status``)."""
    known = served.info()
    assert known is not None
    return dict(known["children"])  # type: ignore[call-overload]


def _settled(served: Served) -> set[int]:
    """The server's children once a request has run (the first one makes the server
    fork a spare in its place; the child that ran it waits again)."""
    pid = _pid(served)
    assert served.vnconv("txt", str(SEED), "-o", os.devnull).returncode == 0
    assert wait_for(lambda: len(children(pid)) > 2)
    time.sleep(0.3)
    return children(pid)


def test_a_child_serves_one_request_after_another(served: Served, tmp_path: Path) -> None:
    pid = _pid(served)
    before = _settled(served)
    counts = _served_by(served)
    for n in range(6):
        assert served.vnconv("docx", str(SEED), "-o", str(tmp_path / f"{n}.docx")).returncode == 0
    assert before <= children(pid)  # no child ended (one more may have been forked, under load)
    after = _served_by(served)
    assert sum(after.values()) >= sum(counts.values()) + 6
    assert max(after[child] - counts.get(child, 0) for child in before) >= 2


def test_a_request_with_photos_keeps_its_child_and_gives_the_commands_bytes(served: Served, tmp_path: Path) -> None:
    # The photos' module sets a warnings filter as it is imported: the server imports it
    # first, or each such request would end its child (``_Kept``: the filters changed).
    article = next(SAMPLES.glob("004_*.txt"))
    pid = _pid(served)
    before = _settled(served)
    for n in range(3):
        assert served.vnconv("pdf", str(article), "-o", str(tmp_path / f"{n}.pdf")).returncode == 0
    assert before <= children(pid)  # no child ended
    alone = served.vnconv("pdf", str(article), "-o", str(tmp_path / "alone.pdf"), server=False)
    assert alone.returncode == 0
    assert {(tmp_path / f"{n}.pdf").read_bytes() for n in range(3)} == {(tmp_path / "alone.pdf").read_bytes()}


def _mix(tmp_path: Path) -> list[tuple[list[str], dict[str, str], str | None]]:
    """Requests of every kind: (arguments, environment, output file or None)."""
    samples = sorted(SAMPLES.glob("*.txt"))
    mine = tmp_path / "mine.toml"
    mine.write_text('extends = "newspaper"\n\n[text.base]\nsize = 9.5\n', encoding="utf-8")
    old = {"SOURCE_DATE_EPOCH": "1000000000"}
    return [
        (["pdf", str(SEED), "-o", "out.pdf"], {}, "out.pdf"),
        (["docx", str(samples[1]), "--style", "newspaper", "-o", "out.docx"], {}, "out.docx"),
        (["epub", str(samples[2]), "--style", "a5", "-o", "out.epub"], old, "out.epub"),
        (["pdf", str(samples[3]), "--style", str(mine), "-o", "out.pdf"], {}, "out.pdf"),
        (["pdf", str(SEED), "--set", "page.size=A5", "-o", "out.pdf"], old, "out.pdf"),
        (["epub", str(SEED), "--style", "newspaper", "-o", "out.epub"], {"TZ": "Asia/Ho_Chi_Minh"}, "out.epub"),
        (["docx", str(samples[2]), "--style", str(mine), "-o", "out.docx"], old, "out.docx"),
        (["convert", "-q", "-j", "1", str(samples[1]), "--to", "pdf,docx,epub", "-O", "out"], {}, "out"),
        (["txt", str(samples[4]), "-o", "-"], {}, None),
        (["parse", "--outline", str(samples[1])], old, None),
        (["docx", "missing.txt"], {}, None),
        (["pdf", str(SEED), "--set", "page.size=B9", "-o", "out.pdf"], {}, None),
    ]


def _outcome(result: subprocess.CompletedProcess[bytes], folder: Path, output: str | None) -> tuple[object, ...]:
    made: object = None
    if output is not None and (folder / output).is_dir():
        made = {path.name: path.read_bytes() for path in sorted((folder / output).iterdir())}
    elif output is not None:
        made = (folder / output).read_bytes()
    return result.returncode, result.stdout, result.stderr, made


def test_children_reused_for_a_mix_of_requests_give_the_commands_own_bytes(served: Served, tmp_path: Path) -> None:
    # Each request in a folder of its own (the outputs and messages name the same files),
    # in-process once, then through the server three times in three orders: each of the
    # server's few children serves a sequence of every kind of request.
    mix = _mix(tmp_path)
    expected = []
    for at, (args, env, output) in enumerate(mix):
        folder = tmp_path / f"off-{at}"
        folder.mkdir()
        result = subprocess.run(
            [*_client(), *args], env={**served.env, **env, "VNCONV_SERVER": "off"}, cwd=folder, capture_output=True, timeout=120
        )
        expected.append(_outcome(result, folder, output))
    pid = _pid(served)
    before = _settled(served)
    counts = _served_by(served)
    orders = [list(range(len(mix))), list(reversed(range(len(mix)))), [at for at in range(len(mix)) if at % 2] + [at for at in range(len(mix)) if not at % 2]]
    for round_, order in enumerate(orders):
        for at in order:
            args, env, output = mix[at]
            folder = tmp_path / f"on-{round_}-{at}"
            folder.mkdir()
            result = subprocess.run([*_client(), *args], env={**served.env, **env}, cwd=folder, capture_output=True, timeout=120)
            assert _outcome(result, folder, output) == expected[at], (round_, args)
    after = _served_by(served)
    assert before <= children(pid)  # no child ended: each served a part of every round
    assert sum(after.values()) - sum(counts.values()) >= 3 * len(mix)
    assert all(after[child] - counts.get(child, 0) >= 3 for child in before)


def _client() -> list[str]:
    from tests.server.conftest import CLIENT

    return CLIENT


def test_a_bug_ends_its_child_and_a_failure_does_not(private_runtime: Served, tmp_path: Path) -> None:
    # A bug planted in the server's process: convert_file raises when the request's
    # environment asks it; cli turns it into its one-line internal error.
    plant = (
        "import os, convert.jobs as jobs\n"
        "right = jobs.convert_file\n"
        "def convert_file(*args, **kwargs):\n"
        "    if os.environ.get('VNCONV_TEST_BUG'):\n"
        "        raise ZeroDivisionError('planted')\n"
        "    return right(*args, **kwargs)\n"
        "jobs.convert_file = convert_file"
    )
    start_patched(private_runtime, plant)
    pid = _pid(private_runtime)
    before = _settled(private_runtime)
    failed = private_runtime.vnconv("txt", str(tmp_path / "missing.txt"))
    assert failed.returncode == 1 and failed.stderr.count(b"\n") == 1, failed.stderr
    time.sleep(0.5)
    assert before <= children(pid)  # a one-line failure about the input: the child waits again
    for env in ({"VNCONV_TEST_BUG": "1"}, {"VNCONV_TEST_BUG": "1", "VNCONV_DEBUG": "1"}):
        now = children(pid)
        env = {**private_runtime.env, **env}
        result = subprocess.run([*_client(), "pdf", str(SEED), "-o", str(tmp_path / "bai.pdf")], env=env, capture_output=True, timeout=120)
        assert result.returncode == 1
        assert b"ZeroDivisionError" in result.stderr and (b"internal error" in result.stderr or b"Traceback" in result.stderr)
        assert wait_for(lambda now=now: not now <= children(pid), 10)  # its child has ended
        assert not (tmp_path / "bai.pdf").exists()


def test_a_child_ends_after_max_requests(private_runtime: Served, tmp_path: Path) -> None:
    start_patched(private_runtime, "d.MAX_REQUESTS = 3")
    pid = _pid(private_runtime)  # a first child has answered this
    first = children(pid)
    for n in range(40):  # enough for every first child's three, however many children wait
        assert private_runtime.vnconv("txt", str(SEED), "-o", str(tmp_path / f"{n}.txt")).returncode == 0
        assert max(_served_by(private_runtime).values()) <= 3
        if first.isdisjoint(children(pid)):
            break
    assert wait_for(lambda: first.isdisjoint(children(pid)), 10)  # every first child has ended


def test_kill_9_of_a_reused_child_fails_its_request_alone(served: Served, tmp_path: Path) -> None:
    pid = _pid(served)
    before = _settled(served)
    for _ in range(len(before)):  # every child has served a request or more
        assert served.vnconv("txt", str(SEED), "-o", os.devnull).returncode == 0
    article = big_article(tmp_path)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    target = tmp_path / "a" / "dai.pdf"
    target.write_bytes(b"the old one")
    killed = served.popen("pdf", str(article), "-o", str(target), stderr=subprocess.PIPE, cwd=tmp_path / "a")
    other = served.popen("docx", str(article), "-o", str(tmp_path / "b" / "dai.docx"), stderr=subprocess.PIPE, cwd=tmp_path / "b")

    def runs(folder: Path) -> int | None:
        for child in children(pid):
            try:
                if os.readlink(f"/proc/{child}/cwd") == str(folder):
                    return child
            except OSError:
                continue
        return None

    assert wait_for(lambda: runs(tmp_path / "a") is not None and runs(tmp_path / "b") is not None)
    victim = runs(tmp_path / "a")
    assert victim is not None and _served_by(served).get(victim, 0) >= 1  # a reused child
    os.kill(victim, signal.SIGKILL)
    _, err = killed.communicate(timeout=60)
    assert killed.returncode == 1
    assert err.decode().startswith("vnconv: error: the vnconv server ended before the command finished")
    assert target.read_bytes() == b"the old one"
    # The request beside it, in another child, is whole: the same bytes as in-process.
    _, err = other.communicate(timeout=120)
    assert other.returncode == 0, err
    alone = served.vnconv("docx", str(article), "-o", str(tmp_path / "alone.docx"), server=False)
    assert alone.returncode == 0
    assert (tmp_path / "b" / "dai.docx").read_bytes() == (tmp_path / "alone.docx").read_bytes()
    assert running_child(pid) is None


def _house_style(tmp_path: Path) -> Path:
    """A style whose serif family is a folder of the user's: a copy of Spectral."""
    import shutil

    from convert import styles

    regular = Path(styles.load().family("serif").regular.path)
    folder = tmp_path / "phong"
    folder.mkdir()
    for style in ("Regular", "Bold", "Italic", "BoldItalic"):
        shutil.copy(regular.with_name(f"Spectral-{style}.ttf"), folder / f"Spectral-{style}.ttf")
    mine = tmp_path / "mine.toml"
    mine.write_text(f'[fonts.serif]\nfamily = "{folder}"\n', encoding="utf-8")
    return mine


def _files_table_style(tmp_path: Path) -> Path:
    """The house copy named file by file, in the style's ``files`` table (fonts.family_from_files)."""
    folder = _house_style(tmp_path).parent / "phong"
    keys = (("regular", "Regular"), ("bold", "Bold"), ("italic", "Italic"), ("bold_italic", "BoldItalic"))
    files = "".join(f'{key} = "{folder}/Spectral-{style}.ttf"\n' for key, style in keys)
    mine = tmp_path / "files.toml"
    mine.write_text(f'[fonts.serif]\nfamily = "Phong"\n\n[fonts.serif.files]\n{files}', encoding="utf-8")
    return mine


@pytest.mark.parametrize("make_style", [_house_style, _files_table_style], ids=["family-path", "files-table"])
def test_a_font_read_from_a_file_of_the_users_ends_its_child(served: Served, tmp_path: Path, make_style: Callable[[Path], Path]) -> None:
    # What is read of a user's font file is kept by its path (fonts.family, _codepoints,
    # the PDF's faces): a child that read one must not serve the next request, which may
    # find other bytes at that path.
    mine = make_style(tmp_path)
    pid = _pid(served)
    before = _settled(served)
    on = served.vnconv("pdf", str(SEED), "--style", str(mine), "-o", str(tmp_path / "on.pdf"))
    assert (on.returncode, on.stderr) == (0, b"")
    assert wait_for(lambda: not before <= children(pid), 10)  # the child that ran it has ended


def test_a_house_copy_of_a_preloaded_font_gives_the_same_pdf(served: Served, tmp_path: Path) -> None:
    mine = _house_style(tmp_path)
    on = served.vnconv("pdf", str(SEED), "--style", str(mine), "-o", str(tmp_path / "on.pdf"))
    off = served.vnconv("pdf", str(SEED), "--style", str(mine), "-o", str(tmp_path / "off.pdf"), server=False)
    assert on.returncode == off.returncode == 0
    assert (tmp_path / "on.pdf").read_bytes() == (tmp_path / "off.pdf").read_bytes()
