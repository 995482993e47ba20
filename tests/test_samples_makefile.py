"""samples/Makefile: pattern rules that convert each article, safe with make -j."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
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
    """By default (ONE_CALL=yes): one `vnconv convert --depfile` per article for all
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
    args = ["make", "-C", str(folder), "OUT=out", f"VNCONV={vnconv}", "FORMATS=docx epub"]
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
