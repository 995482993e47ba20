"""Depfiles: the rules, read back, one per article of a batch (``convert --depfile 'out/{name}.d'``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from convert.batch.plan import Job
from convert.depfile import depfile_paths, named_dependencies, refresh_depfile, rules, write_depfile
from tests.support.articles import make_articles
from tests.support.photos import photo


def _job(article: str, outdir: str, *formats: str) -> Job:
    stem = os.path.splitext(os.path.basename(article))[0]
    suffix = {"txt": "utf8.txt"}
    return Job(article, tuple((fmt, f"{outdir}/{stem}.{suffix.get(fmt, fmt)}") for fmt in formats), (article,))


def test_the_rule_read_back_names_what_it_was_written_with(tmp_path: Path) -> None:
    depfile = tmp_path / "bai.d"
    dependencies = ["bai.txt", "ảnh 1.jpg", "a#b.png", "giá$.webp"]
    write_depfile(str(depfile), ["out/bai.pdf", "out/bai.docx"], dependencies)
    assert depfile.read_text(encoding="utf-8").splitlines()[0] == "out/bai.pdf out/bai.docx: bai.txt ảnh\\ 1.jpg a\\#b.png giá$$.webp"
    assert named_dependencies(str(depfile)) == dependencies[1:]  # the article is the rule's first, with no rule of its own
    assert named_dependencies(str(tmp_path / "none.d")) == []


def test_each_article_of_a_batch_has_its_depfile_by_name() -> None:
    planned = [_job("a/bai.txt", "out", "pdf", "txt"), _job("b/tin.md", "out", "txt")]
    assert depfile_paths("out/{name}.d", planned) == {"a/bai.txt": "out/bai.d", "b/tin.md": "out/tin.d"}
    assert depfile_paths("out/bai.d", planned[:1]) == {"a/bai.txt": "out/bai.d"}  # one article: FILE as given


@pytest.mark.parametrize(
    ("template", "planned", "message"),
    [
        ("out/all.d", [_job("bai.txt", "out", "pdf"), _job("tin.txt", "out", "pdf")], "put {name} in FILE"),
        ("out/{name}.d", [_job("a/bai.txt", "out/a", "pdf"), _job("b/bai.txt", "out/b", "pdf")], "a/bai.txt and b/bai.txt would both write out/bai.d"),
        ("out/{name}.pdf", [_job("bai.txt", "out", "pdf")], "out/bai.pdf is one of the batch's articles or outputs"),
        ("{name}.txt", [_job("bai.txt", "out", "pdf")], "bai.txt is one of the batch's articles or outputs"),
        ("out/{name}.d", [_job("-", "out", "pdf")], "not standard input"),
        ("out/{name}.d", [Job("bai.txt", (("pdf", "-"),), ("bai.txt",))], "write the outputs to files"),
    ],
)
def test_a_depfile_that_cannot_be_written_is_refused_up_front(template: str, planned: list[Job], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("{", r"\{").replace("}", r"\}")):
        depfile_paths(template, planned)


def test_refresh_leaves_a_depfile_that_says_the_same_as_it_is(tmp_path: Path) -> None:
    depfile = tmp_path / "bai.d"
    refresh_depfile(str(depfile), ["out/bai.pdf"], ["bai.txt", "bai-1.jpg"])
    os.utime(depfile, (1_000_000, 1_000_000))
    refresh_depfile(str(depfile), ["out/bai.pdf"], ["bai.txt", "bai-1.jpg"])
    assert depfile.stat().st_mtime == 1_000_000
    refresh_depfile(str(depfile), ["out/bai.pdf"], ["bai.txt"])  # the photo gone
    assert depfile.read_text() == rules(["out/bai.pdf"], ["bai.txt"])


def test_convert_writes_a_depfile_per_article_and_none_for_a_failed_one(tmp_path: Path, run) -> None:
    first, second, bad = make_articles(tmp_path, 3)
    bad.write_bytes(b"")
    photo(tmp_path / "bai00-1.jpg", 60, 40)
    out = tmp_path / "out"
    result = run(["convert", "-q", "-j", "1", "-k", str(first), str(second), str(bad), "--to", "json,docx", "-O", str(out), "--depfile", f"{out}/{{name}}.d"])
    assert result.exit_code == 1 and result.stderr.splitlines()[-1] == f"vnconv: error: {bad}: empty file"
    assert (out / "bai00.d").read_text() == rules([str(out / "bai00.json"), str(out / "bai00.docx")], [str(first), str(tmp_path / "bai00-1.jpg")])
    assert (out / "bai01.d").read_text() == rules([str(out / "bai01.json"), str(out / "bai01.docx")], [str(second)])
    assert not (out / "bai02.d").exists()


def test_update_remakes_an_article_whose_depfile_names_a_photo_now_gone(tmp_path: Path, run) -> None:
    # make's rule for a depfile's empty rules (cc -MP): a dependency that is gone is taken
    # as changed. --update reads the last run's depfile so: the photo is in no listing now.
    (article,) = make_articles(tmp_path, 1)
    photo(tmp_path / "bai00-1.jpg", 60, 40)
    out = tmp_path / "out"
    args = ["convert", "-j", "1", "--update", str(article), "--to", "json", "-O", str(out), "--depfile", f"{out}/{{name}}.d"]
    assert run(args).exit_code == 0
    assert "1 skipped (up to date)" in run(args).stderr
    (out / "bai00.d").unlink()  # an article up to date gets its depfile back
    assert "1 skipped (up to date)" in run(args).stderr and (out / "bai00.d").exists()
    (tmp_path / "bai00-1.jpg").unlink()
    again = run(args)
    assert "converted 1 of 1 article(s)" in again.stderr
    assert (out / "bai00.d").read_text() == rules([str(out / "bai00.json")], [str(article)])
