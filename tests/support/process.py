"""``vnconv`` run through ``convert.cli.main`` as a whole process, and asked afterwards.

Start-up tests want to know what the command left behind in its interpreter (which
modules it imported, the state of the cycle collector): each runs the command in a
fresh interpreter, evaluates an expression there once ``main`` has exited, and reads
its value back.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Afterwards:
    """What the command wrote to standard output, and the expression's value after it."""

    stdout: bytes
    value: object


def after_main(args: Sequence[str], expression: str) -> Afterwards:
    """Run ``vnconv ARGS`` as the process's own command (``main()``, no ``argv``), then
    evaluate ``expression`` (``sys`` and ``gc`` imported) in the same interpreter: as it
    exits (``atexit``), since ``main`` ends the process itself once the command is done."""
    code = (
        "import atexit, gc, sys; from convert.cli import main\n"
        f"sys.argv = ['vnconv', *{list(args)!r}]\n"
        f"atexit.register(lambda: sys.stderr.write('\\n' + repr({expression})))\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    return Afterwards(result.stdout, ast.literal_eval(result.stderr.decode().splitlines()[-1]))


@dataclass(frozen=True)
class Running:
    """One process of the system as Linux's ``/proc/PID/stat`` gives it (proc(5))."""

    pid: int
    state: str  # R, S, D, Z (zombie), X (dead), ...
    parent: int
    group: int


def processes() -> Iterator[Running]:
    """Every process of the system, read from ``/proc`` (one that ends meanwhile is skipped)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # after the command's name
        except (OSError, IndexError):
            continue
        yield Running(int(stat.parent.name), fields[0], int(fields[1]), int(fields[2]))
