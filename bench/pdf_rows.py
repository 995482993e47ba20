"""(m)'s last rows: the PDF floor per new article (bench (e)'s in-process floor), split into
its parts, in a fresh process (CPU time, medians over the new articles); and the PDF
writer's share of a process's start (``start_rows``).

The parts are timed by wrapping the functions that do them, in the child process only:
the story (``document._layout``: the model made flowables, markup, fonts picked; twice
with columns, once to balance them), the structure tree (``tagging.tree.write_structure``: making its objects; ReportLab formats them with the rest, under writing the file),
writing the file (ReportLab's ``PDFDocument.GetPDFData``: every object formatted, the
font subsets cut and embedded, the streams deflated), of which the font subsets
(``SubsetFont.addObjects``); the rest is laying the flowables out in the frames and
drawing them (kerning, line breaking, the marked content, the page decoration).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

Row = tuple[str, str, str]

_PROGRAM = """
import json, statistics, sys, time
from reportlab.pdfbase.pdfdoc import PDFDocument
from convert import styles
from convert.io import load_article
from convert.options import Options
from convert.writers import render
from convert.writers.pdf import _document
from convert.writers.pdf.fonts.subsets import SubsetFont
from convert.writers.pdf.tagging import tree

document = _document()
spent = {}

def timed(owner, name, part):
    original = getattr(owner, name)
    def wrapper(*args, **kw):
        started = time.process_time()
        try:
            return original(*args, **kw)
        finally:
            spent[part] = spent.get(part, 0.0) + time.process_time() - started
    setattr(owner, name, wrapper)

timed(document, "_layout", "story")
timed(tree, "write_structure", "structure tree")
timed(PDFDocument, "GetPDFData", "writing the file")
timed(SubsetFont, "addObjects", "font subsets")
style = styles.load()
render("pdf", load_article(sys.argv[1]), style, Options())
totals, parts = [], {}
for path in sys.argv[2:]:
    article = load_article(path)
    spent.clear()
    started = time.process_time()
    render("pdf", article, style, Options())
    totals.append(time.process_time() - started)
    for part, seconds in spent.items():
        parts.setdefault(part, []).append(seconds)
print(json.dumps({"total": statistics.median(totals) * 1000, **{part: statistics.median(runs) * 1000 for part, runs in parts.items()}}))
"""


def rows(seed: Path, paths: Sequence[Path], env: dict[str, str]) -> list[Row]:
    """One row: the floor's median and its parts' medians, in ms of CPU."""
    command = [sys.executable, "-c", _PROGRAM, str(seed), *map(str, paths)]
    found = json.loads(subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout)
    total, story, tree = found["total"], found.get("story", 0.0), found.get("structure tree", 0.0)
    written, subsets = found.get("writing the file", 0.0), found.get("font subsets", 0.0)
    rest = total - story - tree - written
    return [
        (
            "PDF floor per new article, by part (`default`)",
            f"{total:.1f} ms: story {story:.1f}, layout and drawing {rest:.1f}, structure tree {tree:.1f}, "
            f"writing the file {written:.1f} (font subsets {subsets:.1f})",
            f"CPU time, medians of {len(paths)} new articles in one fresh process (each part's own median: they need not add up)",
        )
    ]


#: A fresh process as ``vnconv pdf`` begins (``convert.start``), then the writer's
#: import and the seed rendered twice: CPU time (ms) and page faults of each step.
_START_PROGRAM = """
import json, resource, sys, time
from convert import start
start.begin()
from convert import styles
from convert.io import load_article
from convert.options import Options
from convert.writers import render
style = styles.load()
article = load_article(sys.argv[1])

def now():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return time.process_time() * 1000, usage.ru_minflt

steps, last = {}, now()
def step(name):
    global last
    found = now()
    steps[name] = [found[0] - last[0], found[1] - last[1]]
    last = found

from convert.writers.pdf import _document
_document()
step("import")
render("pdf", article, style, Options())
step("first")
render("pdf", article, style, Options())
step("again")
print(json.dumps(steps))
"""


def start_rows(seed: Path, env: dict[str, str], runs: int = 7) -> list[Row]:
    """One row: the writer's import and the first article's setup (its first render less
    the same article rendered again) in fresh processes on a warm cache, medians of
    ``runs``: the PDF writer's share of a ``vnconv pdf`` beyond the article's own work."""
    import statistics

    command = [sys.executable, "-c", _START_PROGRAM, str(seed)]
    subprocess.run(command, check=True, capture_output=True, env=env)  # the cache warmed
    found = [json.loads(subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout) for _ in range(runs)]

    def median(step: str, index: int) -> float:
        return statistics.median(run[step][index] for run in found)

    setup = [statistics.median(run["first"][i] - run["again"][i] for run in found) for i in (0, 1)]
    return [
        (
            "PDF writer's start in a fresh process (the seed, `default`)",
            f"import {median('import', 0):.1f} ms ({median('import', 1):.0f} page faults), "
            f"first article's setup {setup[0]:.1f} ms ({setup[1]:.0f}), the article again {median('again', 0):.1f} ms",
            f"CPU time and page faults, medians of {runs} fresh processes on a warm cache (setup: first render less the second)",
        )
    ]
