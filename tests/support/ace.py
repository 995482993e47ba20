"""Ace by DAISY on vnconv's EPUBs: ``make a11y``, and the test that runs it when it can.

Ace (the DAISY Consortium's EPUB accessibility checker: the package's metadata, and
axe-core on every content document in a headless Chromium) is a Node program. ``make
a11y`` installs it under ``build/ace`` (``npm install --ignore-scripts``: its own
Chromium download and Electron are not wanted) and runs it on Debian's Chromium
(``PUPPETEER_EXECUTABLE_PATH``); Ace's Puppeteer runner already starts Chromium with
``--no-sandbox``, which Chromium needs when run as root. The books checked: every
sample's EPUB, the edition of all the samples (``vnconv epub a.txt b.txt``), and an
article with a table and lists. The goal is no violation of any impact.

``python -m tests.support.ace [--style NAME]`` prints each book's violations and
exits 1 if there is one.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[2]
ACE: Final = ROOT / "build" / "ace" / "node_modules" / ".bin" / "ace-puppeteer"
TABLE_AND_LISTS: Final = ROOT / "tests" / "cases" / "numbered_list_and_table.txt"


@dataclass(frozen=True)
class Violation:
    """One failed assertion of Ace's report: where, which rule, how bad."""

    document: str
    rule: str
    impact: str

    def __str__(self) -> str:
        return f"{self.document}: {self.rule} ({self.impact})"


def missing() -> str | None:
    """Why Ace cannot run here (None: it can)."""
    if not ACE.exists():
        return f"Ace by DAISY is not installed under {ACE.parents[2].relative_to(ROOT)} (make a11y installs it with npm)"
    if chromium() is None:
        return "Ace needs Chromium (Debian: apt-get install chromium)"
    return None


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def check(book: Path, report_dir: Path) -> list[Violation]:
    """Ace's violations in ``book``, its report written to ``report_dir``."""
    environment = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium() or ""}
    done = subprocess.run(
        [str(ACE), "--silent", "--force", "--outdir", str(report_dir), str(book)], env=environment, capture_output=True, text=True, check=False
    )
    report_file = report_dir / "report.json"
    if not report_file.exists():
        raise RuntimeError(f"Ace wrote no report for {book.name} (exit {done.returncode}): {done.stderr.strip()[-2000:]}")
    report = json.loads(report_file.read_text(encoding="utf-8"))
    return [
        Violation(subject["earl:testSubject"]["url"], assertion["earl:test"]["dct:title"], assertion["earl:test"]["earl:impact"])
        for subject in report["assertions"]
        for assertion in subject.get("assertions", [])
        if assertion["earl:result"]["earl:outcome"] == "fail"
    ]


def books(folder: Path, style: str) -> list[Path]:
    """The EPUBs ``make a11y`` checks, made with ``vnconv`` into ``folder``."""
    samples = sorted((ROOT / "samples").glob("*.txt"))
    made = []
    runs = [(f"{s.stem}.epub", [str(s)]) for s in samples]
    runs += [("edition.epub", [str(s) for s in samples]), ("table_and_lists.epub", [str(TABLE_AND_LISTS)])]
    for name, inputs in runs:
        out = folder / name
        subprocess.run([sys.executable, "-m", "convert", "epub", "--style", style, *inputs, "-o", str(out)], check=True, cwd=ROOT)
        made.append(out)
    return made


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--style", default="default", help="the preset the books are made in")
    args = parser.parse_args(argv)
    reason = missing()
    if reason is not None:
        print(f"a11y: {reason}", file=sys.stderr)
        return 2
    failed = 0
    with tempfile.TemporaryDirectory(prefix="vnconv-ace-") as tmp:
        for book in books(Path(tmp), args.style):
            violations = check(book, Path(tmp) / f"report-{book.stem}")
            failed += bool(violations)
            print(f"{book.name}: {'no violations' if not violations else f'{len(violations)} violations'}")
            for violation in violations:
                print(f"  {violation}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
