"""(q) what the cache's checks cost: bench/run.py's section for issue 28.

Every cache entry is checked before it is used (convert/cache.py): a sealed entry's
magic and CRC-32 (``unsealed``: the font registry, the parsed styles, ReportLab's
reading of each face, the ink check's table of each face), a static instance's length
and CRC-32 (``convert.fonts._instance_whole``: the instance is read once more for it),
and each entry is opened without following a symlink and looked at (``read_entry``).
A process pays them as it first loads each face and style: for the seed in a fresh
process, and, in a running batch, for a new article that brings a face not loaded yet
(a symbol only a fallback face has).

Measured in fresh processes, alternating: one with the checks, one with them bypassed
(this module replaces them, in that process only, by a plain read and a slice: what
vnconv did before issue 28), on a cache every entry of which is already made. Each
process converts the seed to every format, then new articles (made as (e)'s are) one after the
other; CPU time (``time.process_time``), medians over the processes. The checks'
own time is also taken in the processes that make them (the CRC-32s, and the
instances read for theirs).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

#: What one process runs: MODE (checked, bypassed) STYLE SEED FORMATS ARTICLE...; prints JSON.
PROGRAM = r"""
import json, sys, time
from pathlib import Path

mode, style_name, seed, formats, *paths = sys.argv[1:]
from convert import cache, fonts, styles

inside = [0.0]


def timed(check):
    def run(*args):
        started = time.process_time()
        try:
            return check(*args)
        finally:
            inside[0] += time.process_time() - started
    return run


def plain_read(entry):
    try:
        return Path(entry).read_bytes()
    except OSError:
        return None


def no_crc(magic, data):
    return data[len(magic) + 4:] if data.startswith(magic) else None


if mode == "bypassed":
    for module in (cache, fonts, styles):
        module.read_entry = plain_read
        module.unsealed = no_crc
    fonts._instance_whole = lambda target: target.is_file()
else:
    for module in (cache, fonts, styles):
        module.unsealed = timed(module.unsealed)
    fonts._instance_whole = timed(fonts._instance_whole)

from convert.io import load_article
from convert.options import Options
from convert.writers import render

started = time.process_time()
style = styles.load(style_name)
article = load_article(seed)
for fmt in formats.split(","):
    render(fmt, article, style, Options())
seed_ms = (time.process_time() - started) * 1000
seed_inside = inside[0] * 1000
articles = [load_article(p) for p in paths]
started = time.process_time()
for article in articles:
    for fmt in formats.split(","):
        render(fmt, article, style, Options())
new_ms = (time.process_time() - started) * 1000 / max(1, len(articles))
new_inside = (inside[0] * 1000 - seed_inside) / max(1, len(articles))
print(json.dumps({"seed": seed_ms, "seed_inside": seed_inside, "new": new_ms, "new_inside": new_inside}))
"""


def run_once(mode: str, style: str, seed: Path, formats: Sequence[str], paths: Sequence[Path], env: dict[str, str]) -> dict[str, float]:
    command = [sys.executable, "-c", PROGRAM, mode, style, str(seed), ",".join(formats), *map(str, paths)]
    found: dict[str, float] = json.loads(subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout)
    return found


def rows(seed: Path, formats: Sequence[str], paths: Sequence[Path], env: dict[str, str], pairs: int) -> list[tuple[str, str, str]]:
    """For the default and the newspaper style: the seed in a fresh process, and a new
    article after it, with the checks and without; ``pairs`` processes of each, alternating."""
    out: list[tuple[str, str, str]] = []
    joined = "+".join(formats)
    for style in ("default", "newspaper"):
        run_once("checked", style, seed, formats, paths, env)  # every entry made (the newspaper's instances)
        checked: list[dict[str, float]] = []
        bypassed: list[dict[str, float]] = []
        for _ in range(pairs):
            checked.append(run_once("checked", style, seed, formats, paths, env))
            bypassed.append(run_once("bypassed", style, seed, formats, paths, env))
        for what, key, label in (
            ("seed", "seed", f"the seed, {joined}, in a fresh process"),
            ("new", "new", f"a new article after it, {joined}"),
        ):
            on = statistics.median(r[key] for r in checked)
            off = statistics.median(r[key] for r in bypassed)
            inside = statistics.median(r[f"{key}_inside"] for r in checked)
            differences = sorted(c[key] - b[key] for c, b in zip(checked, bypassed, strict=True))
            out.append(
                (
                    f"cache checks, {style}: {label}: checked / bypassed",
                    f"{on:.1f} / {off:.1f} ms ({on - off:+.1f} ms)",
                    f"CPU time, medians of {pairs} fresh processes each, alternating; the checks themselves (CRC-32s, the instances read for theirs) "
                    f"{inside:.2f} ms; pairs' differences {differences[0]:+.1f} to {differences[-1]:+.1f} ms"
                    + ("" if what == "seed" else f"; per article, {len(paths)} new articles"),
                )
            )
    return out
