"""Photos from the command line: --photos, --depfile, warnings, and bad photos as one-line errors."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from convert.model import SCHEMA
from convert.photos import PhotoError
from tests.conftest import SAMPLES, SEED
from tests.support.photos import photo
from tests.support.process import after_main

SAMPLE = SAMPLES / "004_hoi_hoa_ban.txt"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    """The seed (three captions) with two photos beside it."""
    path = tmp_path / "bai.txt"
    shutil.copy(SEED, path)
    photo(tmp_path / "bai-1.jpg", 600, 400)
    photo(tmp_path / "bai-2.jpg", 600, 400)
    return path


def test_parse_shows_each_captions_photo_and_warns_once(article: Path, run) -> None:
    result = run(["parse", "--outline", str(article)])
    assert result.exit_code == 0
    assert result.text.count("├─ photo       bai-1.jpg") == 1 and result.text.count("├─ photo       bai-2.jpg") == 1
    assert result.stderr.count("vnconv: warning:") == 1
    assert f"{article}: 1 caption of 3 without a photo" in result.stderr
    model = json.loads(run(["parse", str(article)]).text)
    assert [b.get("photo") for b in model["blocks"] if b["type"] == "caption"] == ["bai-1.jpg", "bai-2.jpg", None]


def test_depfile_lists_the_article_and_its_photos(article: Path, tmp_path: Path, run) -> None:
    for fmt in ("pdf", "docx", "epub"):
        out, dep = tmp_path / f"out {fmt}.{fmt}", tmp_path / f"{fmt}.d"
        result = run([fmt, str(article), "-o", str(out), "--depfile", str(dep)])
        assert result.exit_code == 0, result.stderr
        rule, *phony = dep.read_text().splitlines()
        escaped = str(out).replace(" ", "\\ ")
        assert rule == f"{escaped}: {article} {tmp_path / 'bai-1.jpg'} {tmp_path / 'bai-2.jpg'}"
        assert phony == [f"{tmp_path / 'bai-1.jpg'}:", f"{tmp_path / 'bai-2.jpg'}:"]
    refused = run(["pdf", str(article), "-o", "-", "--depfile", str(tmp_path / "x.d")])
    assert refused.exit_code == 2 and "--depfile" in refused.stderr
    # One call for every format of one article (samples/Makefile's ONE_CALL=yes): one rule names them all.
    batch = run(["convert", str(article), "-O", str(tmp_path / "all"), "--depfile", str(tmp_path / "all.d")])
    assert batch.exit_code == 0, batch.stderr
    outputs = " ".join(str(tmp_path / "all" / f"{article.stem}.{fmt}") for fmt in ("pdf", "docx", "epub"))
    assert (tmp_path / "all.d").read_text().splitlines()[0] == f"{outputs}: {article} {tmp_path / 'bai-1.jpg'} {tmp_path / 'bai-2.jpg'}"
    several = run(["convert", "-", "-O", str(tmp_path / "all"), "--depfile", str(tmp_path / "x.d")], input=article.read_bytes())
    assert several.exit_code == 2 and "--depfile names files for make: not standard input" in several.stderr


def test_a_bad_photo_is_one_line_and_leaves_no_output(article: Path, tmp_path: Path, run) -> None:
    (tmp_path / "bai-2.jpg").write_bytes(b"")
    for fmt in ("pdf", "docx", "epub"):
        result = run([fmt, str(article)])
        assert result.exit_code == 1
        errors = [line for line in result.stderr.splitlines() if line.startswith("vnconv: error:")]
        assert errors == [f"vnconv: error: {tmp_path / 'bai-2.jpg'}: empty file (0 bytes), not a photo"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bai-1.jpg", "bai-2.jpg", "bai.txt"]  # nothing written, no .part


def test_convert_keep_going_converts_the_others_and_names_the_photo_once(article: Path, tmp_path: Path, run) -> None:
    (tmp_path / "bai-2.jpg").write_bytes(b"not a photo")
    other = tmp_path / "khac.txt"
    shutil.copy(SEED, other)
    result = run(["convert", str(article), str(other), "-O", str(tmp_path / "out"), "-j", "1", "--keep-going", "-q"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("vnconv: error:")]
    assert errors == [f"vnconv: error: {tmp_path / 'bai-2.jpg'}: not an image (or not one vnconv reads: JPEG, PNG, WebP, TIFF, GIF, AVIF, HEIC)"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["khac.docx", "khac.epub", "khac.pdf"]


def test_photos_dir_for_one_article_and_a_low_resolution_warning(tmp_path: Path, run) -> None:
    article = tmp_path / "bai.txt"
    shutil.copy(SEED, article)
    folder = tmp_path / "anh chup"
    for name in ("DSC_10.jpg", "DSC_9.jpg", "DSC_11.jpg"):
        photo(folder / name, 80, 60)
    result = run(["pdf", str(article), "--photos", str(folder), "--depfile", str(tmp_path / "d")])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "d").read_text().splitlines()[0].endswith("DSC_9.jpg " + str(folder / "DSC_10.jpg").replace(" ", "\\ ") + " " + str(folder / "DSC_11.jpg").replace(" ", "\\ "))
    low = [line for line in result.stderr.splitlines() if "ppi where it is placed" in line]
    assert len(low) == 3 and all(line.startswith(f"vnconv: warning: {article}: {folder}") for line in low)


def test_a_json_model_cannot_reach_outside_its_folder(tmp_path: Path, run) -> None:
    (tmp_path / "secret.jpg").write_bytes(b"")
    (tmp_path / "m").mkdir()
    model = tmp_path / "m" / "bai.json"
    model.write_text(json.dumps({"schema": SCHEMA, "headline": "Tin", "blocks": [{"type": "caption", "text": "A", "photo": "../secret.jpg"}]}))
    result = run(["pdf", str(model)])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "blocks[0].photo: '../secret.jpg' leaves the model's folder" in result.stderr
    assert not (tmp_path / "m" / "bai.pdf").exists()


def test_json_written_by_convert_names_photos_from_its_own_folder(tmp_path: Path, run) -> None:
    article = tmp_path / "bai.txt"
    shutil.copy(SAMPLE, article)
    for source in SAMPLES.glob("004_hoi_hoa_ban[-_.]*"):
        shutil.copy(source, tmp_path / source.name.replace("004_hoi_hoa_ban", "bai"))
    assert run(["convert", str(article), "--to", "json", "-q"]).exit_code == 0
    model = json.loads((tmp_path / "bai.json").read_text())
    assert [b["photo"] for b in model["blocks"] if b["type"] == "caption"] == ["bai-1.jpg", "bai-2.jpg", "bai-3.png"]
    assert run(["docx", str(tmp_path / "bai.json"), "-o", str(tmp_path / "again.docx")]).exit_code == 0  # it reads back


def test_parse_with_photos_imports_no_image_library() -> None:
    result = after_main(["parse", "--outline", str(SAMPLE)], "[m for m in ('PIL', 'reportlab', 'docx') if m in sys.modules]")
    assert b"photo       004_hoi_hoa_ban-3.png" in result.stdout
    assert result.value == []


@pytest.mark.parametrize("fmt", ["epub", "docx"])
def test_a_screen_format_imports_pillow_only_for_an_article_with_photos(fmt: str, article: Path, tmp_path: Path) -> None:
    """Pillow costs some 20 ms of a whole process: the EPUB and DOCX of an article
    without photos never import it; with photos beside it, they do (they need it)."""
    plain = tmp_path / "plain" / "bai.txt"
    plain.parent.mkdir()
    shutil.copy(SEED, plain)
    for path, imported in ((plain, False), (article, True)):
        # after_main's process must end with status 0 (check=True): the command succeeded.
        assert after_main([fmt, str(path), "-o", str(tmp_path / f"out.{fmt}")], "'PIL' in sys.modules").value is imported, path


def test_update_remakes_outputs_when_a_photo_changes(article: Path, tmp_path: Path, run) -> None:
    out = tmp_path / "out"
    args = ["convert", str(article), "--to", "docx", "-O", str(out), "-j", "1", "--update"]
    assert run(args).exit_code == 0
    made = out / "bai.docx"
    assert "1 skipped (up to date)" in run(args).stderr
    later = made.stat().st_mtime + 10
    os.utime(tmp_path / "bai-2.jpg", (later, later))
    again = run(args)
    assert again.exit_code == 0 and "converted 1 of 1" in again.stderr, again.stderr  # the changed photo made it stale


def test_a_model_from_a_url_may_not_name_photos() -> None:
    from convert.model import Article, Caption
    from convert.photos.attach import attach

    with pytest.raises(PhotoError, match="may not name photos"):
        attach(Article(blocks=(Caption("A", photo="bai-1.jpg"),)), "s3://bucket/bai.json")
    plain = Article(blocks=(Caption("A"),))
    assert attach(plain, "s3://bucket/bai.txt").article is plain  # nothing looked for in a local folder
