"""The manual's shell examples, found in its pages and run as a reader would run them.

Two kinds of block hold examples:

- a ```` ```sh ```` block: every line that runs vnconv (it begins with ``vnconv`` or
  ``python -m convert``, or pipes into ``vnconv``) is an example. It must exit 0, unless
  its comment says otherwise: ``# exit 1: ...``.
- a ```` ```console ```` block: ``$ COMMAND`` lines, each followed by what the command
  prints (standard error and output, as a terminal shows them), which must be exactly
  that; the exit status as above.

A block whose examples cannot run here (a Dask cluster, S3, a tool that is not
installed) has ``<!-- not-tested: the reason -->`` on the line above it. Each page's
examples run in order in a fresh folder laid out by ``workspace``: ``bai.txt`` and the
other names the pages use are the shipped samples (``samples/``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "000_ad5a731278720d44.txt"
PHOTO_ARTICLE = SAMPLES / "004_hoi_hoa_ban.txt"

_FENCE = re.compile(r"^```(\w*)\s*$")
_NOT_TESTED = re.compile(r"^<!-- not-tested: (.+) -->$")
_EXIT = re.compile(r"#.*\bexit (\d+)\b")
_RUNS_VNCONV = re.compile(r"^(vnconv|python -m convert)\b|\|\s*vnconv\b")


@dataclass(frozen=True)
class Example:
    """One command of a page, where it is, and what it must do."""

    page: str
    line: int  # 1-based, in the page's source
    command: str
    exit: int
    output: str | None = None  # a console block's shown output; None: not checked


@dataclass(frozen=True)
class Skipped:
    """A block marked as not runnable here, and why."""

    page: str
    line: int  # 1-based: the block's opening fence
    reason: str


def pages() -> list[Path]:
    """The manual's pages, and the README (its one-liners are examples too)."""
    return [*sorted(DOCS.glob("*.md")), ROOT / "README.md"]


def examples(path: Path) -> tuple[list[Example], list[Skipped]]:
    """The examples of one page, in order, and its blocks marked not-tested."""
    name = str(path.relative_to(ROOT))
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[Example] = []
    skipped: list[Skipped] = []
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if not match or not match[1]:
            index += 1
            continue
        kind, start = match[1], index + 1
        end = start
        while end < len(lines) and not lines[end].startswith("```"):
            end += 1
        body = lines[start:end]
        reason = _marker(lines, index)
        if kind in ("sh", "console"):
            block = list(_sh(name, start, body) if kind == "sh" else _console(name, start, body))
            if reason is not None:
                skipped.append(Skipped(name, start, reason))
            else:
                found += block
        index = end + 1
    return found, skipped


def _marker(lines: list[str], fence: int) -> str | None:
    """The reason of a ``not-tested`` comment on the last non-blank line above a fence."""
    row = fence - 1
    while row >= 0 and not lines[row].strip():
        row -= 1
    match = _NOT_TESTED.match(lines[row].strip()) if row >= 0 else None
    return match[1] if match else None


def _expected_exit(command: str) -> int:
    match = _EXIT.search(command)
    return int(match[1]) if match else 0


def _sh(page: str, start: int, body: list[str]) -> Iterator[Example]:
    for offset, line in enumerate(body):
        command = line.strip()
        if _RUNS_VNCONV.search(command):
            yield Example(page, start + offset + 1, command, _expected_exit(command))


def _console(page: str, start: int, body: list[str]) -> Iterator[Example]:
    rows = [(offset, line) for offset, line in enumerate(body) if line.startswith("$ ")]
    for number, (offset, line) in enumerate(rows):
        following = rows[number + 1][0] if number + 1 < len(rows) else len(body)
        output = "\n".join(body[offset + 1 : following])
        command = line[2:].strip()
        yield Example(page, start + offset + 1, command, _expected_exit(command), output)


def workspace(folder: Path) -> Path:
    """A folder holding the files the pages' examples name, made of the shipped samples:
    ``bai.txt`` (the seed), ``bai1.txt``..``bai3.txt``, ``cu.txt`` (an article in TCVN3,
    as an old archive has it), ``anh/`` (photos), ``arch/``, ``archive/`` and ``kho/`` (dated
    trees), ``empty.txt``, ``hong/`` (an article and a photo cut short), ``samples/`` itself and ``cases/`` (the reader's golden cases)."""
    import convert.encodings  # noqa: F401 - registers the tcvn3 codec

    shutil.copytree(SAMPLES, folder / "samples")
    shutil.copytree(ROOT / "tests" / "cases", folder / "cases")
    shutil.copy(SEED, folder / "bai.txt")
    for number, sample in enumerate(sorted(SAMPLES.glob("00[012]_*.txt")), 1):
        shutil.copy(sample, folder / f"bai{number}.txt")
    old = (SAMPLES / "001_ttxvn_mua_lua.txt").read_text(encoding="utf-8")
    (folder / "cu.txt").write_bytes(b"".join(_tcvn3(ch) for ch in old))
    (folder / "anh").mkdir()
    for photo in sorted(SAMPLES.glob("004_hoi_hoa_ban-*")):
        shutil.copy(photo, folder / "anh" / photo.name.replace("004_hoi_hoa_ban", "bai"))
    for tree in ("arch", "archive"):
        for day, sample in (("2019/08/17", SEED), ("2019/08/18", PHOTO_ARTICLE)):
            (folder / tree / day).mkdir(parents=True)
            shutil.copy(sample, folder / tree / day / "bai.txt")
    (folder / "kho" / "2001").mkdir(parents=True)
    shutil.copy(folder / "cu.txt", folder / "kho" / "2001" / "cu.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "hong").mkdir()  # an article whose photo was cut short
    shutil.copy(SEED, folder / "hong" / "bai.txt")
    (folder / "hong" / "bai-1.jpg").write_bytes((SAMPLES / "004_hoi_hoa_ban-1.jpg").read_bytes()[:40000])
    return folder


def _tcvn3(ch: str) -> bytes:
    """A character in TCVN3, which has no toned capitals (an ABC typist's file has them in lower case)."""
    try:
        return ch.encode("tcvn3")
    except UnicodeEncodeError:
        return ch.lower().encode("tcvn3")


def run(example: Example, folder: Path, timeout: float = 120) -> tuple[int, str]:
    """Run one example in ``folder`` with this installation's ``vnconv`` first on PATH;
    its exit status and what it printed (standard error and output together)."""
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "COLUMNS": "100"}
    env.pop("VNCONV_DEBUG", None)
    done = subprocess.run(
        ["sh", "-c", example.command], cwd=folder, env=env, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout,
    )
    return done.returncode, done.stdout
