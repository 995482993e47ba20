"""The plan: mirrored folder trees under -O, files named directly, collisions refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from convert import batch
from tests.support.articles import make_articles


def relative_outputs(jobs: list[batch.Job], root: Path) -> list[str]:
    return sorted(Path(target).relative_to(root).as_posix() for job in jobs for _, target in job.outputs)


def test_a_folder_tree_is_mirrored_under_outdir(tmp_path: Path) -> None:
    arch = tmp_path / "arch"
    make_articles(arch / "2019" / "08", 1)
    make_articles(arch / "2019" / "09", 1)
    make_articles(arch, 1)
    jobs = batch.plan([str(arch)], ["pdf", "json"], str(tmp_path / "out"))
    assert relative_outputs(jobs, tmp_path / "out") == [
        "2019/08/bai00.json",
        "2019/08/bai00.pdf",
        "2019/09/bai00.json",
        "2019/09/bai00.pdf",
        "bai00.json",
        "bai00.pdf",
    ]
    assert [job.dependencies for job in jobs] == [(job.input,) for job in jobs]


def test_files_named_directly_go_straight_into_outdir(tmp_path: Path) -> None:
    (deep,) = make_articles(tmp_path / "arch" / "2019" / "08", 1)
    (other,) = make_articles(tmp_path / "elsewhere" / "x", 1)
    other = other.rename(other.with_name("khac.txt"))
    jobs = batch.plan([str(deep), str(other)], ["pdf"], str(tmp_path / "out"))
    assert relative_outputs(jobs, tmp_path / "out") == ["bai00.pdf", "khac.pdf"]


def test_without_outdir_outputs_stay_beside_their_inputs(tmp_path: Path) -> None:
    make_articles(tmp_path / "arch" / "2019" / "08", 1)
    (job,) = batch.plan([str(tmp_path / "arch")], ["pdf"], None)
    assert job.outputs == (("pdf", str(tmp_path / "arch" / "2019" / "08" / "bai00.pdf")),)


def test_txt_outputs_are_named_utf8_in_a_mirrored_tree_and_beside_the_input(tmp_path: Path) -> None:
    (deep,) = make_articles(tmp_path / "arch" / "2019" / "08", 1)
    (loose,) = make_articles(tmp_path / "loose", 1)
    loose = loose.rename(loose.with_name("khac.txt"))
    jobs = batch.plan([str(tmp_path / "arch"), str(loose)], ["txt"], str(tmp_path / "out"))
    assert relative_outputs(jobs, tmp_path / "out") == ["2019/08/bai00.utf8.txt", "khac.utf8.txt"]
    (beside,) = batch.plan([str(deep)], ["txt"], None)
    assert beside.outputs == (("txt", str(deep.with_name("bai00.utf8.txt"))),)


def test_converting_a_folder_to_txt_twice_does_not_take_its_own_outputs(tmp_path: Path, run) -> None:
    arch = tmp_path / "arch"
    make_articles(arch / "2019", 2)
    for _ in range(2):
        result = run(["convert", str(arch), "--to", "txt", "-q"])
        assert result.exit_code == 0, result.stderr
    assert sorted(p.relative_to(arch).as_posix() for p in arch.rglob("*")) == [
        "2019", "2019/bai00.txt", "2019/bai00.utf8.txt", "2019/bai01.txt", "2019/bai01.utf8.txt"
    ]
    later = batch.plan([str(arch)], ["pdf"], None)  # nor does a later run to another format
    assert [job.input for job in later] == [str(arch / "2019" / f"bai0{n}.txt") for n in (0, 1)]


def test_only_a_text_output_beside_its_article_is_left_out_of_a_folder(tmp_path: Path) -> None:
    """``bai00.utf8.txt`` beside ``bai00.txt`` is that article's output; one alone, or
    beside an article in another folder, is an article; a file named directly always is."""
    arch = tmp_path / "arch"
    make_articles(arch / "a", 1)
    make_articles(arch / "b", 1)
    own, alone, elsewhere = arch / "a" / "bai00.utf8.txt", arch / "a" / "cu.utf8.txt", arch / "c" / "bai00.utf8.txt"
    elsewhere.parent.mkdir()
    for path in (own, alone, elsewhere, arch / "a" / "bai00.utf8.utf8.txt"):
        path.write_text("Tiêu đề\n\nTTXVN - Mở đầu.\n", encoding="utf-8")
    inputs = [Path(job.input).relative_to(arch).as_posix() for job in batch.plan([str(arch)], ["json"], str(tmp_path / "out"))]
    assert inputs == ["a/bai00.txt", "a/cu.utf8.txt", "b/bai00.txt", "c/bai00.utf8.txt"]
    (job,) = batch.plan([str(own)], ["txt"], None)
    assert job.outputs == (("txt", str(arch / "a" / "bai00.utf8.utf8.txt")),)  # asked for by name


def test_remaining_collisions_are_refused_before_any_work(tmp_path: Path, run) -> None:
    make_articles(tmp_path / "arch" / "2019" / "08", 1)
    (loose,) = make_articles(tmp_path / "loose", 1)
    out = tmp_path / "out"
    # A file named directly lands on OUT/bai00.json; so does the tree's top-level one.
    make_articles(tmp_path / "arch", 1)
    result = run(["convert", str(tmp_path / "arch"), str(loose), "--to", "json", "-O", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"vnconv: error: {tmp_path / 'arch' / 'bai00.txt'} and {loose} would both write {out / 'bai00.json'}\n"
    )
    assert list(out.rglob("*")) == []


def test_an_article_met_twice_is_planned_once(tmp_path: Path) -> None:
    make_articles(tmp_path / "arch" / "2019", 2)
    jobs = batch.plan([str(tmp_path / "arch"), str(tmp_path / "arch" / "2019")], ["json"], str(tmp_path / "out"))
    assert relative_outputs(jobs, tmp_path / "out") == ["2019/bai00.json", "2019/bai01.json"]


def test_an_output_that_is_an_input_under_another_name_is_refused(tmp_path: Path) -> None:
    (article,) = make_articles(tmp_path / "in", 1)
    (tmp_path / "out").mkdir()
    os.link(article, tmp_path / "out" / "bai00.json")  # the output's name is a hard link to the input
    with pytest.raises(batch.PlanError, match="is also the input"):
        batch.plan([str(article)], ["json"], str(tmp_path / "out"))


def test_output_folders_are_made_as_articles_are_written(tmp_path: Path, run) -> None:
    make_articles(tmp_path / "arch" / "2019" / "08" / "17", 2)
    result = run(["convert", str(tmp_path / "arch"), "--to", "json", "-O", str(tmp_path / "out"), "-j", "1", "-q"])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.json")) == [
        "2019/08/17/bai00.json",
        "2019/08/17/bai01.json",
    ]


def test_a_job_depends_on_its_photos_only_for_formats_that_show_them(tmp_path: Path) -> None:
    """``--update`` remakes a PDF when a photo beside its article changes, but not the
    plain text, which shows no photo."""
    (article,) = make_articles(tmp_path, 1)
    photo = article.with_name(f"{article.stem}-1.jpg")
    photo.write_bytes(b"\xff\xd8")
    (shown,) = batch.plan([str(article)], ["pdf", "txt"], None)
    (plain,) = batch.plan([str(article)], ["txt"], None)
    assert shown.dependencies == (str(article), str(photo))
    assert plain.dependencies == (str(article),)


def test_an_outputs_real_path_is_realpaths_with_its_folder_resolved_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """plan's collision key (_real_path) is os.path.realpath's answer, through linked
    folders, a linked last name, '..', a loop and a missing folder."""
    from convert.batch.plan import _real_path

    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "link").symlink_to("a/b")
    (tmp_path / "a" / "b" / "f.pdf").symlink_to("../../g.pdf")
    (tmp_path / "loop").symlink_to("loop")
    monkeypatch.chdir(tmp_path)
    folders: dict[str, str] = {}
    for path in [f"{tmp_path}/link/x.pdf", f"{tmp_path}/a/b/f.pdf", f"{tmp_path}/a/../a/b/y.pdf", "rel.pdf", "./a/b/z.pdf",
                 f"{tmp_path}/loop/x", f"{tmp_path}//a/b/z.pdf", f"{tmp_path}/none/q.pdf", "a/b/", f"{tmp_path}/a/b/.."]:
        assert _real_path(path, folders) == os.path.realpath(path), path
    assert _real_path(f"{tmp_path}/link/x.pdf", folders) == str(tmp_path / "a" / "b" / "x.pdf")
