"""samples/Makefile: a call per chunk of articles (the default), per article or per
output; each remakes what is stale and no more, safe with make -j."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import SAMPLES

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")


def test_pattern_rules_name_every_output(tmp_path: Path) -> None:
    result = subprocess.run(
        ["make", "-n", "-C", str(SAMPLES), f"OUT={tmp_path}", "VNCONV=vnconv", "ONE_CALL=no"], capture_output=True, text=True, check=True
    )
    for sample in sorted(SAMPLES.glob("*.txt")):
        for fmt in ("pdf", "docx", "epub"):
            assert f"vnconv {fmt} --style default {sample.name} --output {tmp_path}/{sample.stem}.{fmt}" in result.stdout


def test_make_j_converts_and_then_has_nothing_to_do(tmp_path: Path) -> None:
    vnconv = Path(sys.executable).with_name("vnconv")
    if not vnconv.exists():
        pytest.skip("the vnconv console script is not installed beside this Python")
    args = ["make", "-j2", "-C", str(SAMPLES), f"OUT={tmp_path}", f"VNCONV={vnconv}", "FORMATS=docx", "ONE_CALL=no"]
    subprocess.run(args, capture_output=True, check=True)
    made = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".style-"))  # and the style stamp
    assert made == sorted(f"{s.stem}.docx{d}" for s in SAMPLES.glob("*.txt") for d in ("", ".d"))  # each with its depfile
    again = subprocess.run([*args, "--question"], capture_output=True)
    assert again.returncode == 0  # every target is up to date


def test_outputs_depend_on_the_style_they_are_set_in(tmp_path: Path) -> None:
    """``make STYLE=newspaper`` after ``make STYLE=a5`` sets the articles again, in A3."""
    vnconv = Path(sys.executable).with_name("vnconv")
    if not vnconv.exists():
        pytest.skip("the vnconv console script is not installed beside this Python")
    sample = sorted(SAMPLES.glob("*.txt"))[0]
    args = ["make", "-C", str(SAMPLES), f"OUT={tmp_path}", f"VNCONV={vnconv}", "FORMATS=docx", f"SOURCES={sample.name}"]
    subprocess.run([*args, "STYLE=a5"], capture_output=True, check=True)
    assert subprocess.run([*args, "STYLE=a5", "--question"], capture_output=True).returncode == 0
    assert subprocess.run([*args, "STYLE=newspaper", "--question"], capture_output=True).returncode == 1
    subprocess.run([*args, "STYLE=newspaper"], capture_output=True, check=True)
    assert subprocess.run([*args, "STYLE=newspaper", "--question"], capture_output=True).returncode == 0
    assert _page_width_mm(tmp_path / f"{sample.stem}.docx") == 297  # A3, no longer A5
    house = tmp_path / "house.toml"
    house.write_text('extends = "newspaper"\n', encoding="utf-8")
    subprocess.run([*args, f"STYLE={house}"], capture_output=True, check=True)
    house.write_text('extends = "newspaper"\n[page]\nsize = "A4"\n', encoding="utf-8")  # the house style edited
    assert subprocess.run([*args, f"STYLE={house}", "--question"], capture_output=True).returncode == 1


def _page_width_mm(docx: Path) -> int:
    import zipfile

    document = zipfile.ZipFile(docx).read("word/document.xml").decode()
    twips = int(re.findall(r'<w:pgSz w:w="(\d+)"', document)[-1])
    return round(twips / 1440 * 25.4)


def test_a_changed_photo_remakes_what_shows_it(tmp_path: Path) -> None:
    """The depfiles make a photo a prerequisite of the outputs that show it, and only of them."""
    vnconv = Path(sys.executable).with_name("vnconv")
    if not vnconv.exists():
        pytest.skip("the vnconv console script is not installed beside this Python")
    folder = tmp_path / "samples"
    folder.mkdir()
    for name in ("Makefile", "004_hoi_hoa_ban.txt", "004_hoi_hoa_ban-1.jpg", "004_hoi_hoa_ban-2.jpg", "004_hoi_hoa_ban-3.png", "001_ttxvn_mua_lua.txt"):
        shutil.copy(SAMPLES / name, folder / name)
    args = ["make", "-C", str(folder), "OUT=out", f"VNCONV={vnconv}", "FORMATS=docx", "ONE_CALL=no"]
    subprocess.run(args, capture_output=True, check=True)
    assert "004_hoi_hoa_ban-2.jpg" in (folder / "out" / "004_hoi_hoa_ban.docx.d").read_text()
    photo = folder / "004_hoi_hoa_ban-2.jpg"
    later = (folder / "out" / "004_hoi_hoa_ban.docx").stat().st_mtime + 10
    os.utime(photo, (later, later))
    dry = subprocess.run([*args, "-n"], capture_output=True, text=True, check=True).stdout
    assert "004_hoi_hoa_ban.txt --output out/004_hoi_hoa_ban.docx" in dry and "001_ttxvn_mua_lua" not in dry


def test_one_call_makes_every_format_of_an_article_and_tracks_its_photos(tmp_path: Path) -> None:
    """ONE_CALL=yes (CALL_PER=article): one `vnconv convert --depfile` per article for all
    FORMATS (a grouped pattern rule), the same bytes as the writer commands, and a photo
    remakes them all."""
    vnconv = Path(sys.executable).with_name("vnconv")
    if not vnconv.exists():
        pytest.skip("the vnconv console script is not installed beside this Python")
    folder = tmp_path / "samples"
    folder.mkdir()
    for name in ("Makefile", "004_hoi_hoa_ban.txt", "004_hoi_hoa_ban-1.jpg", "004_hoi_hoa_ban-2.jpg", "004_hoi_hoa_ban-3.png"):
        shutil.copy(SAMPLES / name, folder / name)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "VNCONV_SERVER": "off"}
    args = ["make", "-C", str(folder), "OUT=out", f"VNCONV={vnconv}", "FORMATS=docx epub", "ONE_CALL=yes"]
    made = subprocess.run(args, capture_output=True, text=True, check=True, env=env).stdout
    assert made.count("vnconv convert") == 1 and "--to docx,epub --outdir out --depfile out/004_hoi_hoa_ban.d" in made
    out = folder / "out"
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["004_hoi_hoa_ban.d", "004_hoi_hoa_ban.docx", "004_hoi_hoa_ban.epub"]
    assert (out / "004_hoi_hoa_ban.d").read_text().startswith("out/004_hoi_hoa_ban.docx out/004_hoi_hoa_ban.epub: 004_hoi_hoa_ban.txt 004_hoi_hoa_ban-1.jpg")
    for fmt in ("docx", "epub"):
        single = tmp_path / f"single.{fmt}"
        subprocess.run([str(vnconv), fmt, str(folder / "004_hoi_hoa_ban.txt"), "-o", str(single)], check=True, env=env)
        assert single.read_bytes() == (out / f"004_hoi_hoa_ban.{fmt}").read_bytes()
    assert subprocess.run([*args, "--question"], capture_output=True, env=env).returncode == 0
    later = (out / "004_hoi_hoa_ban.docx").stat().st_mtime + 10
    os.utime(folder / "004_hoi_hoa_ban-3.png", (later, later))
    assert subprocess.run([*args, "--question"], capture_output=True, env=env).returncode == 1


# --- the default: a call per chunk of articles ---------------------------------------------

#: The photos of 004_hoi_hoa_ban.txt that the chunk tests start with (its -3.png comes later).
PHOTOS = ("004_hoi_hoa_ban-1.jpg", "004_hoi_hoa_ban-2.jpg")
#: Not yet converted: everything in the folder is older than this many seconds (settle).
OLD = 1000


def _script() -> Path:
    vnconv = Path(sys.executable).with_name("vnconv")
    if not vnconv.exists():
        pytest.skip("the vnconv console script is not installed beside this Python")
    return vnconv


def _folder(tmp_path: Path) -> Path:
    """The Makefile, four tiny articles and a sample with photos (sorted, ``004_…`` first)."""
    from tests.support.articles import make_articles

    folder = tmp_path / "articles"
    make_articles(folder, 4)
    for name in ("Makefile", "004_hoi_hoa_ban.txt", *PHOTOS):
        shutil.copy(SAMPLES / name, folder / name)
    for path in folder.iterdir():
        os.utime(path, (time.time() - OLD, time.time() - OLD))
    return folder


def _make(folder: Path, *extra: str, check: bool = True, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """make -j2 in chunks of two articles: 004_hoi_hoa_ban bai00 | bai01 bai02 | bai03."""
    args = ["make", "-j2", "-C", str(folder), "OUT=out", f"VNCONV={_script()}", "FORMATS=docx epub", "CHUNK=2", *extra]
    environment = env or {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "VNCONV_SERVER": "off"}
    return subprocess.run(args, capture_output=True, text=True, check=check, env=environment)


def _settle(folder: Path) -> dict[str, int]:
    """Date the articles and photos OLD seconds back, the stamp and the outputs half that
    (so a file touched later, still in the past, is newer than they are); their times."""
    now = time.time()
    for path in folder.iterdir():
        if path.is_file():
            os.utime(path, (now - OLD, now - OLD))
    for path in (folder / "out").iterdir():
        os.utime(path, (now - OLD / 2, now - OLD / 2))
    return _times(folder)


def _times(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (folder / "out").iterdir() if p.suffix in (".docx", ".epub")}


def _remade(before: dict[str, int], folder: Path) -> list[str]:
    after = _times(folder)
    return sorted(name for name in after if after[name] != before.get(name))


def _calls(made: str) -> list[str]:
    return [line for line in made.splitlines() if " convert --quiet --jobs 1 --update " in line]


def test_chunks_make_everything_in_a_call_each_with_the_same_bytes(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    calls = _calls(_make(folder).stdout)
    chunks = sorted(call.split("--style default ")[1].split(" --to")[0] for call in calls)  # -j2: in either order
    assert chunks == ["004_hoi_hoa_ban.txt bai00.txt", "bai01.txt bai02.txt", "bai03.txt"]
    assert all(call.endswith("--to docx,epub --outdir out --depfile out/{name}.d") for call in calls)
    out = folder / "out"
    names = ["004_hoi_hoa_ban", *(f"bai{n:02d}" for n in range(4))]
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(f"{n}.{x}" for n in names for x in ("d", "docx", "epub"))
    assert (out / "004_hoi_hoa_ban.d").read_text().startswith("out/004_hoi_hoa_ban.docx out/004_hoi_hoa_ban.epub: 004_hoi_hoa_ban.txt 004_hoi_hoa_ban-1.jpg")
    assert (out / "bai02.d").read_text() == "out/bai02.docx out/bai02.epub: bai02.txt\n"
    assert _make(folder, "--question", check=False).returncode == 0
    each = _make(folder, "OUT=each", "CALL_PER=output")  # a writer command per output
    assert "docx --style default bai00.txt --output each/bai00.docx" in each.stdout
    for name in names:
        for fmt in ("docx", "epub"):
            assert (out / f"{name}.{fmt}").read_bytes() == (folder / "each" / f"{name}.{fmt}").read_bytes()


def test_a_touched_article_or_photo_remakes_its_outputs_alone(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    _make(folder)
    before = _settle(folder)
    assert _make(folder, "--question", check=False).returncode == 0
    os.utime(folder / "bai02.txt", (time.time() - 10, time.time() - 10))  # newer than its outputs
    dry = _make(folder, "--dry-run").stdout
    assert len(_calls(dry)) == 1 and "--style default bai01.txt bai02.txt --to" in dry  # its chunk's call
    assert _make(folder, "--question", check=False).returncode == 1
    _make(folder)
    assert _remade(before, folder) == ["bai02.docx", "bai02.epub"]  # not bai01's: --update skipped it
    assert _make(folder, "--question", check=False).returncode == 0

    before = _settle(folder)
    os.utime(folder / PHOTOS[1], (time.time() - 10, time.time() - 10))  # a changed photo (the depfile names it)
    _make(folder)
    assert _remade(before, folder) == ["004_hoi_hoa_ban.docx", "004_hoi_hoa_ban.epub"]

    before = _settle(folder)
    shutil.copy(SAMPLES / "004_hoi_hoa_ban-3.png", folder / "004_hoi_hoa_ban-3.png")  # a new photo: no depfile names it yet
    _make(folder)
    assert _remade(before, folder) == ["004_hoi_hoa_ban.docx", "004_hoi_hoa_ban.epub"]
    assert "004_hoi_hoa_ban-3.png" in (folder / "out" / "004_hoi_hoa_ban.d").read_text()

    before = _settle(folder)
    (folder / PHOTOS[0]).unlink()  # a deleted photo: its depfile named it, nothing else does now
    assert _make(folder, "--question", check=False).returncode == 1
    _make(folder)
    assert _remade(before, folder) == ["004_hoi_hoa_ban.docx", "004_hoi_hoa_ban.epub"]
    assert PHOTOS[0] not in (folder / "out" / "004_hoi_hoa_ban.d").read_text()

    before = _settle(folder)
    (folder / "out" / "bai01.epub").unlink()
    _make(folder)
    assert _remade(before, folder) == ["bai01.docx", "bai01.epub"]  # the article's call writes both
    assert _make(folder, "--question", check=False).returncode == 0


def test_a_new_article_leaves_the_others_alone_and_a_new_style_remakes_all(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    _make(folder)
    before = _settle(folder)
    shutil.copy(folder / "bai00.txt", folder / "bai005.txt")  # sorts between bai00 and bai01: every chunk moves
    made = _make(folder).stdout
    assert len(_calls(made)) == 1  # the new article's chunk alone is out of date
    assert _remade(before, folder) == ["bai005.docx", "bai005.epub"]

    before = _settle(folder)
    _make(folder, "STYLE=a5")
    assert _remade(before, folder) == sorted(before)  # --prerequisite: the new stamp is newer than every output
    assert all(_page_width_mm(path) == 148 for path in (folder / "out").glob("*.docx"))  # every article set again, in A5
    assert _make(folder, "STYLE=a5", "--question", check=False).returncode == 0


def test_a_bad_article_fails_make_and_its_chunk_is_made_without_it(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "bai01.txt").write_bytes(b"")  # in a chunk with bai02
    failed = _make(folder, "--keep-going", check=False)  # make's own -k: its other chunks too
    assert failed.returncode != 0
    errors = [line for line in failed.stderr.splitlines() if line.startswith("vnconv: error:")]
    assert errors == ["vnconv: error: bai01.txt: empty file"]
    assert "Traceback" not in failed.stderr
    out = folder / "out"
    assert not list(out.glob("bai01*")) and not list(out.glob(".*.tmp*"))  # nothing of it, not even a partial file
    assert sorted(p.name for p in out.glob("bai02*")) == ["bai02.d", "bai02.docx", "bai02.epub"]  # made after it
    assert _make(folder, "--question", check=False).returncode == 1
    before = _times(folder)
    again = _make(folder, check=False)
    assert again.returncode != 0 and _remade(before, folder) == []  # the others are not made again


def test_an_old_make_runs_a_call_per_article(tmp_path: Path) -> None:
    # GNU make before 4.3 has no grouped targets; its .FEATURES do not name them.
    folder = _folder(tmp_path)
    dry = _make(folder, "--dry-run", ".FEATURES=").stdout
    assert not _calls(dry)
    assert "convert --quiet --jobs 1 --style default bai00.txt --to docx,epub --outdir out --depfile out/bai00.d" in dry


def test_chunks_run_in_the_server_while_one_runs(tmp_path: Path) -> None:
    """With a server up, each chunk's call is its quick client's request: the same bytes."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the server needs Linux (SO_PEERCRED)")
    folder = _folder(tmp_path)
    runtime = Path(tempfile.mkdtemp(prefix="vnrt-", dir="/tmp"))  # short: a socket's path has ~100 bytes
    runtime.chmod(0o700)
    env = {k: v for k, v in os.environ.items() if k != "VNCONV_SERVER"}
    env.update(XDG_RUNTIME_DIR=str(runtime), SOURCE_DATE_EPOCH="1700000000")
    question = [sys.executable, "-c", "from convert.server.daemon import info; print(info()['requests'])"]

    def asked() -> int:
        """The requests the server has served (this question one of them)."""
        return int(subprocess.run(question, env=env, check=True, capture_output=True, text=True).stdout)

    try:
        subprocess.run([str(_script()), "server", "start"], env=env, check=True, capture_output=True)
        before = asked()
        made = _make(folder, env=env).stdout
        assert len(_calls(made)) == 3 and all("quick.py" in call for call in _calls(made))
        served = asked()
        assert _make(folder, env=env).stdout.count("quick.py") == 0  # nothing to do: what make asks on every run
        every_run = asked() - served
        assert served - before - every_run == 3  # the chunks' calls ran in the server
    finally:
        subprocess.run([str(_script()), "server", "stop"], env=env, capture_output=True)
        shutil.rmtree(runtime, ignore_errors=True)
    _make(folder, "OUT=alone")
    for name in ("004_hoi_hoa_ban", "bai00"):
        for fmt in ("docx", "epub"):
            assert (folder / "out" / f"{name}.{fmt}").read_bytes() == (folder / "alone" / f"{name}.{fmt}").read_bytes()


def test_a_folder_without_articles_has_nothing_to_do_and_chunk_must_be_a_number(tmp_path: Path) -> None:
    shutil.copy(SAMPLES / "Makefile", tmp_path / "Makefile")
    empty = subprocess.run(["make", "-C", str(tmp_path), "VNCONV=true"], capture_output=True, text=True)
    assert empty.returncode == 0 and "Nothing to be done for 'all'" in empty.stdout
    (tmp_path / "bai.txt").write_text("Tiêu đề\n\nĐoạn.\n", encoding="utf-8")
    zero = subprocess.run(["make", "-n", "-C", str(tmp_path), "VNCONV=true", "CHUNK=0"], capture_output=True, text=True)
    assert zero.returncode == 2 and "CHUNK=0: give the number of articles a call converts, 1 or more." in zero.stderr


@pytest.mark.parametrize("call_per", ["chunk", "article"])
def test_text_outputs_are_named_as_vnconv_writes_them(tmp_path: Path, call_per: str) -> None:
    # --to txt writes NAME.utf8.txt: a target named NAME.txt was never made, so make ran again each time.
    folder = _folder(tmp_path)
    _make(folder, "FORMATS=txt json", f"CALL_PER={call_per}")
    assert (folder / "out" / "bai00.utf8.txt").is_file() and (folder / "out" / "bai00.json").is_file()
    assert _make(folder, "FORMATS=txt json", f"CALL_PER={call_per}", "--question", check=False).returncode == 0
