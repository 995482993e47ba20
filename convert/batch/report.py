"""``--report FILE``: one JSON object per article as it finishes (JSON Lines, jsonlines.org).

An archive batch runs for hours and gets killed; the report is how one learns what
happened to each article. Each line is written with a single ``write(2)`` to a file
opened with ``O_APPEND``, so the kernel puts it whole at the end of the file: a batch
killed with ``kill -9`` leaves only whole lines, and two batches appending to one
report do not interleave inside a line. A report that something else left without a
final newline gets one before our first line, so that line stays whole too.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any

from convert.batch import storage
from convert.batch.job import Outcome


class ReportError(OSError):
    """The report file cannot be written: ``FILE: reason``."""


def record(outcome: Outcome) -> dict[str, Any]:
    """The report's line for one article."""
    line: dict[str, Any] = {
        "input": outcome.input,
        "status": outcome.status,
        "outputs": list(outcome.outputs),
    }
    if outcome.errors:
        line["reason"] = "; ".join(outcome.errors)
    elif outcome.status == "skipped":
        line["reason"] = "up to date"
    line["warnings"] = list(outcome.warnings)
    line["seconds"] = round(outcome.seconds, 4)
    if outcome.worker is not None:
        line["worker"] = outcome.worker
    if outcome.retried:
        line["retried"] = True
    line["finished"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    return line


class ReportFile:
    """An open report, appended to line by line."""

    def __init__(self, path: str) -> None:
        self.path = path
        if storage.is_url(path):
            raise ReportError(f"{path}: the report must be a local file (an object store cannot append)")
        try:
            self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        except OSError as exc:
            raise ReportError(f"{path}: cannot write the report: {exc.strerror or exc}") from None
        try:
            if _ends_without_newline(path):
                self._write(b"\n")
        except ReportError:
            os.close(self._fd)
            raise

    def write(self, outcome: Outcome) -> None:
        self._write((json.dumps(record(outcome), ensure_ascii=False) + "\n").encode("utf-8"))

    def _write(self, data: bytes) -> None:
        try:
            written = os.write(self._fd, data)
        except OSError as exc:
            raise ReportError(f"{self.path}: cannot write the report: {exc.strerror or exc}") from None
        if written != len(data):  # only a full disk or a quota does this to a regular file
            raise ReportError(f"{self.path}: cannot write the report: short write ({written} of {len(data)} bytes)")

    def close(self) -> None:
        os.close(self._fd)

    def __enter__(self) -> ReportFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _ends_without_newline(path: str) -> bool:
    if not os.path.isfile(path):  # a pipe or a device: nothing to look back at
        return False
    try:
        with open(path, "rb") as handle:
            if handle.seek(0, os.SEEK_END) == 0:
                return False
            handle.seek(-1, os.SEEK_END)
            return handle.read(1) != b"\n"
    except OSError:  # write-only: nothing to look back at
        return False
