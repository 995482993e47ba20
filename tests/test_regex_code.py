"""Regular expressions compiled once and kept (convert/regex_code.py): the same patterns,
the same output, a damaged entry made again, and a pattern that warns never kept."""

from __future__ import annotations

import marshal
import re
import subprocess
import warnings
from pathlib import Path

import pytest

from convert import regex_code
from tests.test_dataclass_code import _compiled, _parse

#: (patterns taken kept, compiled anew) by the process, as ``_parse`` reports them.
COUNTS = "(len(sys.modules['convert.regex_code']._used), len(sys.modules['convert.regex_code']._new))"


def _parse_counting(cache: Path) -> subprocess.CompletedProcess[bytes]:
    return _parse(cache, COUNTS)


def test_a_pattern_two_processes_compiled_is_kept_for_the_third(tmp_path: Path) -> None:
    first = _parse_counting(tmp_path)
    assert _compiled(first)[0] == 0 and _compiled(first)[1] > 50  # the reader's, the text's, the libraries'
    assert list((tmp_path / "code").glob("regex-*.marshal")) == []  # only noted as seen
    second = _parse_counting(tmp_path)
    assert _compiled(second)[0] == 0 and len(list((tmp_path / "code").glob("regex-*.marshal"))) == 1
    third = _parse_counting(tmp_path)
    used, compiled = _compiled(third)
    assert used > 50 and compiled == 0
    assert third.stdout == second.stdout == first.stdout


def test_a_pattern_made_anew_by_every_process_is_never_kept(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # As ReportLab's rl_safe_eval joins a set of names in the order of each process's hashes.
    monkeypatch.setenv("VNCONV_CACHE_DIR", str(tmp_path))
    for run in range(3):
        monkeypatch.setattr(regex_code, "_kept", {})
        monkeypatch.setattr(regex_code, "_used", set())
        monkeypatch.setattr(regex_code, "_new", {})
        regex_code._compile("stable", 0)
        regex_code._compile(f"made anew {run}", 0)
        regex_code.save()
    kept = regex_code._load()
    assert list(kept) == [("stable", 0)]


def test_a_damaged_entry_is_made_again(tmp_path: Path) -> None:
    _parse(tmp_path)
    _parse(tmp_path)
    (entry,) = (tmp_path / "code").glob("regex-*.marshal")
    data = entry.read_bytes()
    entry.write_bytes(data[: len(data) // 2])
    damaged = _parse(tmp_path)
    assert b"is damaged or truncated; made again" in damaged.stderr
    again = _parse(tmp_path)  # seen twice since: kept again
    after = _parse_counting(tmp_path)
    assert b"made again" not in again.stderr + after.stderr and _compiled(after)[1] == 0  # written whole again


#: Patterns of every kind the compiler treats apart: groups named and numbered, flags
#: given and inline, a big Unicode class with IGNORECASE, bytes, a backreference.
PATTERNS = [
    (r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})(?:[/.-](\d{4}))?", 0),
    (r"(?i)thứ\s*(?:hai|ba|tư)|[à-ỹ]+", 0),
    (r"[.!?…][\"'”’»)\]]*$", 0),
    (r"^(?:(?P<sign>[*\-_=~•·#–—])(?:\s*(?P=sign)){2,})$", 0),
    (r"\w+ (\w+)", re.IGNORECASE | re.MULTILINE),
    (rb"[\x00-\x08\x0e-\x1f\x7f]", 0),
]
SUBJECTS = ["12/8/2019 Thứ Hai", "THỨ BA ở đây", "Xong.”", "* * *", "Hà Nội\nsáng nay", "ảnh"]


def test_a_kept_pattern_is_the_pattern_compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = {(p, f): regex_code._compile_fresh(p, f) for p, f in PATTERNS}
    monkeypatch.setattr(regex_code, "_kept", {key: marshal.dumps(arguments) for key, arguments in fresh.items()})
    monkeypatch.setattr(regex_code, "_used", set())
    monkeypatch.setattr(regex_code, "_new", {})
    for pattern, flags in PATTERNS:
        kept, plain = regex_code._compile(pattern, flags), re._compiler.compile(pattern, flags)  # type: ignore[attr-defined]
        assert (kept.pattern, kept.flags, kept.groups, kept.groupindex) == (plain.pattern, plain.flags, plain.groups, plain.groupindex)
        for subject in SUBJECTS:
            text = subject.encode() if isinstance(pattern, bytes) else subject
            assert [m.groups() for m in kept.finditer(text)] == [m.groups() for m in plain.finditer(text)]  # type: ignore[arg-type]
            assert [m.span() for m in kept.finditer(text)] == [m.span() for m in plain.finditer(text)]  # type: ignore[arg-type]
    assert regex_code._used == set(fresh) and regex_code._new == {}


def test_a_pattern_that_warns_warns_every_time_and_is_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regex_code, "_kept", {})
    monkeypatch.setattr(regex_code, "_new", {})
    for _ in range(2):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            regex_code._compile("[[a]", 0)  # FutureWarning: possible nested set
        assert [w.category for w in caught] == [FutureWarning]
    assert regex_code._new == {}
    regex_code._compile("[a]", 0)
    assert list(regex_code._new) == [("[a]", 0)]
