"""Small generated articles for batch tests: numbered, some marked to break a test writer."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

ARTICLE = "Tiêu đề {n}\n\nTTXVN - Mở đầu bài số {n}.\n\nĐoạn thân bài.\n"


def make_articles(folder: Path, count: int, broken: tuple[int, ...] = (), marked: Mapping[int, str] | None = None) -> list[Path]:
    """``folder/bai00.txt`` …; a number in ``broken`` gets a headline the failing writer
    refuses, one in ``marked`` a headline starting with the word given (the fragile writer's cues)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"bai{n:02d}.txt"
        headline = f"HỎNG {n}" if n in broken else f"{(marked or {})[n]} {n}" if n in (marked or {}) else str(n)
        path.write_text(ARTICLE.format(n=headline), encoding="utf-8")
        paths.append(path)
    return paths
