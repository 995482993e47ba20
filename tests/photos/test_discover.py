"""Finding an article's photos: each naming convention, their order, --photos DIR."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convert.photos import discover
from convert.photos.discover import is_image_name, natural_key, photo_paths


def touch(folder: Path, *names: str) -> None:
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")  # discovery never opens a file


def names(paths: list[Path], folder: Path) -> list[str]:
    return [p.relative_to(folder).as_posix() for p in paths]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (["bai.jpg"], ["bai.jpg"]),
        (["bai-1.jpg", "bai-2.jpg"], ["bai-1.jpg", "bai-2.jpg"]),
        (["bai_2.png", "bai_1.png"], ["bai_1.png", "bai_2.png"]),
        (["bai.3.webp", "bai.1.tif"], ["bai.1.tif", "bai.3.webp"]),
        (["bai/b.jpg", "bai/a.gif"], ["bai/a.gif", "bai/b.jpg"]),
        (["bai_files/x.JPEG"], ["bai_files/x.JPEG"]),
    ],
    ids=["single", "dash", "underscore", "dot", "folder", "browser folder"],
)
def test_each_naming_convention(tmp_path: Path, files: list[str], expected: list[str]) -> None:
    touch(tmp_path, "bai.txt", *files)
    assert names(photo_paths(tmp_path / "bai.txt"), tmp_path) == expected


def test_numbers_sort_naturally_and_conventions_in_order(tmp_path: Path) -> None:
    touch(tmp_path, "bai.txt", "bai-10.jpg", "bai-2.jpg", "bai_1.png", "bai.jpg", "bai/anh10.jpg", "bai/anh9.jpg", "bai_files/z.png")
    assert names(photo_paths(tmp_path / "bai.txt"), tmp_path) == [
        "bai.jpg",
        "bai_1.png",
        "bai-2.jpg",
        "bai-10.jpg",
        "bai/anh9.jpg",
        "bai/anh10.jpg",
        "bai_files/z.png",
    ]


def test_what_is_not_a_photo_of_the_article(tmp_path: Path) -> None:
    touch(tmp_path, "bai.txt", "bai.pdf", "bai-1.txt", "baiviet.jpg", "bai2.jpg", "bai-x.jpg", ".bai-1.jpg", "._bai-2.jpg", "khac-1.jpg", "bai/.DS_Store", "bai/ghi-chu.txt")
    assert photo_paths(tmp_path / "bai.txt") == []


def test_photos_dir_for_a_batch_and_for_one_article(tmp_path: Path) -> None:
    touch(tmp_path, "articles/bai.txt", "articles/bai-1.jpg", "photos/bai-1.jpg", "photos/bai-2.jpg", "own/DSC_10.jpg", "own/DSC_9.jpg")
    article = tmp_path / "articles" / "bai.txt"
    assert names(photo_paths(article, tmp_path / "photos"), tmp_path) == ["photos/bai-1.jpg", "photos/bai-2.jpg"]
    assert photo_paths(article, tmp_path / "own") == []  # in a batch, DIR holds other articles' photos
    assert names(photo_paths(article, tmp_path / "own", whole_folder=True), tmp_path) == ["own/DSC_9.jpg", "own/DSC_10.jpg"]
    assert names(photo_paths("-", tmp_path / "own", whole_folder=True), tmp_path) == ["own/DSC_9.jpg", "own/DSC_10.jpg"]
    assert photo_paths("-") == []


def test_a_new_photo_is_seen_by_the_next_look(tmp_path: Path) -> None:
    touch(tmp_path, "bai.txt")
    assert photo_paths(tmp_path / "bai.txt") == []
    touch(tmp_path, "bai-1.jpg")
    assert names(photo_paths(tmp_path / "bai.txt"), tmp_path) == ["bai-1.jpg"]


def test_natural_key() -> None:
    assert sorted(["a10", "a2", "A1", "b"], key=natural_key) == ["A1", "a2", "a10", "b"]


def _reference(folder: Path, stem: str) -> list[str]:
    """The naming rule (module docstring) applied name by name, as it was first written:
    every entry of the folder looked at for the one article. Files only."""
    single, numbered = [], []
    for name in os.listdir(folder):
        if (folder / name).is_dir() or not is_image_name(name) or not name.startswith(stem):
            continue
        rest = os.path.splitext(name)[0][len(stem) :]
        if not rest:
            single.append(name)
        elif match := re.fullmatch(r"[-_.](\d+)", rest):
            numbered.append((int(match[1]), natural_key(name), name))
    return sorted(single, key=natural_key) + [name for _, _, name in sorted(numbered)]  # (photo folders: tests above)


_STEMS = ("bai", "bai-1", "bai.1", "bai-", "Bai", "a_2", "tin", "tin-3-4")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    files=st.sets(
        st.builds(
            lambda stem, sep, number, ext: f"{stem}{sep}{number}{ext}",
            st.sampled_from(_STEMS),
            st.sampled_from(["", "-", "_", ".", "--", "-x"]),
            st.sampled_from(["", "1", "2", "10", "007", "٣"]),
            st.sampled_from([".jpg", ".PNG", ".webp", ".txt", ""]),
        ),
        max_size=25,
    )
)
def test_every_article_of_a_folder_gets_what_the_rule_gives(tmp_path_factory: pytest.TempPathFactory, files: set[str]) -> None:
    folder = tmp_path_factory.mktemp("mixed")
    touch(folder, *files)
    for stem in _STEMS:
        assert names(photo_paths(folder / f"{stem}.txt"), folder) == _reference(folder, stem), stem


def test_a_folder_of_articles_is_looked_through_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    touch(tmp_path, *(f"bai{i}.txt" for i in range(50)), *(f"bai{i}-1.jpg" for i in range(50)))
    old = time.time_ns() - 10 * 1_000_000_000  # not "racy": the listing is kept
    os.utime(tmp_path, ns=(old, old))
    looked = []
    real = discover.is_image_name
    monkeypatch.setattr(discover, "is_image_name", lambda name, *more: looked.append(name) or real(name, *more))
    for i in range(50):
        assert names(photo_paths(tmp_path / f"bai{i}.txt"), tmp_path) == [f"bai{i}-1.jpg"]
    assert len(looked) == 100  # each of the folder's 100 names once, not once per article


def test_two_folders_of_one_time_met_by_a_relative_path_are_listed_each(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A process that serves command after command (the server's child) lists ``.`` in one
    folder, then in another whose modification time is the same (``tar x`` sets folders'
    times to the archive's seconds): each folder's own photos, not the first's listing."""
    stamp = 1_700_000_000 * 10**9
    for folder, photo in (("a", "bai-1.jpg"), ("b", "bai-2.jpg")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "bai.txt").write_text("Tiêu đề\n\nMột đoạn.\n", encoding="utf-8")
        (tmp_path / folder / photo).write_bytes(b"\xff\xd8")
        os.utime(tmp_path / folder, ns=(stamp, stamp))
    found = {}
    for folder in ("a", "b"):
        monkeypatch.chdir(tmp_path / folder)
        found[folder] = [str(path) for path in photo_paths("bai.txt")]
    assert found == {"a": ["bai-1.jpg"], "b": ["bai-2.jpg"]}
