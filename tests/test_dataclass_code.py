"""The methods ``@dataclass`` writes, compiled once and kept (convert/dataclass_code.py):
the same classes, the same output, and a damaged entry made again."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from convert import dataclass_code
from tests.conftest import SEED


def _parse(cache: Path, expression: str = "0", begin: bool = False) -> subprocess.CompletedProcess[bytes]:
    """``vnconv parse SEED`` as the whole process, with its own cache folder; then the
    value of ``expression`` (``dataclass_code`` imported) on stderr's last line. With
    ``begin``, ``convert.start.begin`` comes before Click is imported, as in ``vnconv``."""
    code = (
        ("from convert import start; start.begin()\n" if begin else "")
        + "import atexit, sys; from convert import dataclass_code; from convert.cli import main\n"
        f"sys.argv = ['vnconv', 'parse', {str(SEED)!r}]\n"
        f"atexit.register(lambda: sys.stderr.write('\\n' + repr({expression})))\n"
        "main()\n"
    )
    env = {**os.environ, "VNCONV_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True)


def _compiled(result: subprocess.CompletedProcess[bytes]) -> tuple[int, int]:
    """(methods' sources compiled, taken kept) by the process, as ``_parse`` reported them."""
    value = eval(result.stderr.decode().splitlines()[-1])  # noqa: S307 - our own repr of two ints
    assert isinstance(value, tuple)
    return value


COUNTS = "(len(dataclass_code._used), len(dataclass_code._new))"


def test_the_next_process_compiles_none_and_writes_the_same(tmp_path: Path) -> None:
    first = _parse(tmp_path, COUNTS)
    assert _compiled(first)[0] == 0 and _compiled(first)[1] > 100  # the first found none kept
    entries = list((tmp_path / "code").glob("dataclass-*.marshal"))
    assert len(entries) == 1
    second = _parse(tmp_path, COUNTS)
    used, compiled = _compiled(second)
    assert used > 100 and compiled == 0  # the model's, the style's, the reader's: all kept
    assert second.stdout == first.stdout


def test_a_damaged_entry_is_made_again(tmp_path: Path) -> None:
    _parse(tmp_path)
    (entry,) = (tmp_path / "code").glob("dataclass-*.marshal")
    data = entry.read_bytes()
    entry.write_bytes(data[: len(data) // 2])
    damaged = _parse(tmp_path)
    assert b"is damaged or truncated; made again" in damaged.stderr
    again = _parse(tmp_path, COUNTS)
    assert b"made again" not in again.stderr and _compiled(again)[1] == 0  # written whole again


def test_a_kept_code_makes_the_class_it_was_compiled_for(monkeypatch: pytest.MonkeyPatch) -> None:
    sources: list[str] = []

    def remember(source: object, globals: object = None, locals: object = None, /) -> None:
        if isinstance(source, str):
            sources.append(source)
        exec(source, globals, locals)  # type: ignore[arg-type]  # noqa: S102

    def make() -> type:
        @dataclasses.dataclass(frozen=True)
        class Point:
            x: int
            y: int = 2

        return Point

    monkeypatch.setattr(dataclasses, "exec", remember, raising=False)
    plain = make()
    kept = {source: compile(source, "<string>", "exec", dont_inherit=True) for source in sources}
    monkeypatch.setattr(dataclass_code, "_kept", kept)
    monkeypatch.setattr(dataclass_code, "_used", set())
    monkeypatch.setattr(dataclass_code, "_new", {})
    monkeypatch.setattr(dataclasses, "exec", dataclass_code._exec, raising=False)
    Point = make()
    assert dataclass_code._used == set(kept) and dataclass_code._new == {}
    assert (repr(Point(1)), Point(1) == Point(1, 2), hash(Point(1)) == hash(Point(1, 2))) == (
        repr(plain(1)).replace(plain.__qualname__, Point.__qualname__),
        True,
        True,
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        Point(1).x = 3  # type: ignore[misc]


def test_a_forward_reference_is_compiled_once_then_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dataclass_code, "_kept", {})
    monkeypatch.setattr(dataclass_code, "_used", set())
    monkeypatch.setattr(dataclass_code, "_new", {})
    monkeypatch.setattr(typing, "compile", dataclass_code._compile, raising=False)
    key = ("eval", "int | None")
    first = typing.ForwardRef("int | None")
    assert first.__forward_code__ == compile("int | None", "<string>", "eval", dont_inherit=True)
    assert list(dataclass_code._new) == [key]
    dataclass_code._kept[key] = dataclass_code._new.pop(key)  # as the next process reads it
    again = typing.ForwardRef("int | None")
    assert again.__forward_code__ == first.__forward_code__ and again == first
    assert dataclass_code._used == {key} and dataclass_code._new == {}
    with pytest.raises(SyntaxError, match="Forward reference must be an expression"):
        typing.ForwardRef("1 +")  # typing's own message, as without the kept code


def test_the_next_process_compiles_no_forward_reference(tmp_path: Path) -> None:
    _parse(tmp_path, begin=True)
    texts = "(sorted(k[1] for k in dataclass_code._used if type(k) is tuple), [k for k in dataclass_code._new if type(k) is tuple])"
    used, compiled = eval(_parse(tmp_path, texts, begin=True).stderr.decode().splitlines()[-1])  # noqa: S307 - our own repr
    assert len(used) > 10 and compiled == []  # Click's TypedDicts' annotations, each kept


def test_an_expression_is_compiled_as_eval_compiles_it_and_kept_once_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Mapping[str, tuple[int, ...]] | None"
    plain = compile(text, "<string>", "eval", dont_inherit=True)
    assert dataclass_code.expression(text) == plain
    monkeypatch.setattr(dataclass_code, "_installed", True)
    monkeypatch.setattr(dataclass_code, "_kept", {})
    monkeypatch.setattr(dataclass_code, "_used", set())
    monkeypatch.setattr(dataclass_code, "_new", {})
    assert dataclass_code.expression(text) == plain
    assert list(dataclass_code._new) == [("eval", text)]  # kept with the forward references
