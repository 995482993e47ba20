"""Every vnconv example in the manual (and the README) runs, on the shipped samples, and
exits as its page says; what a console block shows is what the command prints."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from manual import examples

PAGES = [page for page in examples.pages() if examples.examples(page)[0]]


def run_page(page: Path, folder: Path) -> list[str]:
    """What went wrong with a page's examples, run in order in their own workspace."""
    examples.workspace(folder)
    wrong = []
    for example in examples.examples(page)[0]:
        status, printed = examples.run(example, folder)
        if status != example.exit:
            wrong.append(f"{example.page}:{example.line}: `{example.command}` exited {status}, the page says {example.exit}:\n{printed}")
        elif example.output is not None and printed.rstrip("\n") != example.output.rstrip("\n"):
            wrong.append(f"{example.page}:{example.line}: `{example.command}` printed:\n{printed}\nthe page shows:\n{example.output}")
    return wrong


def test_every_example_runs_as_its_page_says(tmp_path: Path) -> None:
    # Pages run side by side (each in its own folder; a page's examples in order, since
    # one may use what an earlier one wrote): the examples are whole processes.
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 1)) as pool:
        results = pool.map(lambda page: run_page(page, tmp_path / page.name), PAGES)
        wrong = [problem for problems in results for problem in problems]
    assert not wrong, "\n\n".join(wrong)


def test_the_manual_has_examples_on_the_pages_people_come_to() -> None:
    tested = {page.name for page in PAGES}
    assert {"one-article.md", "batches.md", "photos.md", "encodings.md", "errors.md", "README.md"} <= tested


def test_blocks_are_read_with_their_exit_status_output_and_markers(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "Text.\n\n```sh\nvnconv pdf bai.txt   # bai.pdf\nls out/\ncat x | vnconv pdf - -o -  # exit 1: no x\n```\n\n"
        "<!-- not-tested: needs a Dask cluster -->\n```sh\nvnconv convert a/ --scheduler tcp://h:8786\n```\n\n"
        "```console\n$ vnconv pdf empty.txt  # exit 1\nvnconv: error: empty.txt: empty\n$ vnconv styles\na5  A5\n```\n\n"
        "```text\nvnconv pdf shown-only.txt\n```\n",
        encoding="utf-8",
    )
    examples.ROOT, saved = tmp_path, examples.ROOT
    try:
        found, skipped = examples.examples(page)
    finally:
        examples.ROOT = saved
    assert [(e.line, e.command.split("#")[0].strip(), e.exit, e.output) for e in found] == [
        (4, "vnconv pdf bai.txt", 0, None),
        (6, "cat x | vnconv pdf - -o -", 1, None),
        (15, "vnconv pdf empty.txt", 1, "vnconv: error: empty.txt: empty"),
        (17, "vnconv styles", 0, "a5  A5"),
    ]
    assert [(s.line, s.reason) for s in skipped] == [(10, "needs a Dask cluster")]  # the line of its fence
