"""Finding an article's photos: each naming convention, their order, --photos DIR."""

from __future__ import annotations

from pathlib import Path

import pytest

from convert.photos.discover import natural_key, photo_paths


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
