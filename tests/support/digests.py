"""Byte-identity manifest: a sha256 for every output vnconv makes of the samples.

A change that must not change behaviour (moving code between modules, renaming,
deriving the style schema another way) is proved by running this before and after
and comparing the two manifests: ``make digests > before.txt``, change, ``make
digests > after.txt``, ``diff before.txt after.txt``.

It renders every sample (``samples/*.txt``) and a few made-up edge inputs (an
overlong headline, text without spaces, a JSON model in another language) in every
preset (``styles/*.toml``) and format (pdf, docx, docx --embed-fonts, epub, json),
with ``SOURCE_DATE_EPOCH`` fixed, and once as plain text (``txt`` has no style); the
PDF again for the press (``--bleed 3 --crop-marks --cmyk``); the EPUB edition of all
samples; the DOCX and EPUB without ``SOURCE_DATE_EPOCH`` (the dateline dates them);
and the text of ``--help``, ``styles show`` and style errors, which are behaviour too. Every run is the real command
(``python -m convert``) in a separate process, so the manifest does not depend on
the modules' names and the same script runs on any revision.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[2]
#: 2019-08-17 09:30 UTC.
EPOCH: Final = "1566034200"
PRESS: Final = ("--bleed", "3", "--crop-marks", "--cmyk")

_WORDS: Final = "Tỉnh ủy Lạng Sơn tổ chức hội nghị sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Đảng bộ".split()


def _edge_inputs() -> dict[str, bytes]:
    """Inputs the samples do not cover: shortened metadata, a language other than vi."""
    long_headline = " ".join(_WORDS[i % len(_WORDS)] for i in range(70))
    long_lead = " ".join(_WORDS[(i * 7) % len(_WORDS)] for i in range(90))
    body = "\n\n".join(" ".join(_WORDS[(i + k) % len(_WORDS)] for i in range(40)) + "." for k in range(6))
    long_text = (
        f"Chủ nhật, 1/9/2019\n\n{long_headline}\n\nTTXVN - {long_lead}.\n\n{body}\n\n\n"
        "Quang cảnh hội nghị. Ảnh: TTXVN\n\nNguyễn Văn An - Trần Thị Bình - Lê Văn Cường\n\nTheo TTXVN\n"
    )
    unbroken = "Đ" * 300
    no_spaces = f"17/08/2019\n\n{unbroken}\n\nLSO-{'ơ' * 400}\n\nMột đoạn văn ngắn.\n\nPHÙNG KHIÊM\n"
    model = {
        "schema": "vnconv.article/1",
        "language": "en-GB",
        "headline": "Lang Son reviews the mid-term of its Party Congress resolution",
        "dateline": {"text": "Saturday, 17/08/2019", "date": "2019-08-17", "weekday": "Saturday"},
        "source": "LSO",
        "lead": "This afternoon the provincial Party Committee held a mid-term review.",
        "blocks": [
            {"type": "paragraph", "text": "Delegates discussed the results of the first half of the term."},
            {"type": "caption", "text": "The meeting.", "credit": "Photo: LSO"},
            {"type": "subheading", "text": "Next steps"},
            {"type": "paragraph", "text": "The committee set out the tasks for the rest of the term."},
        ],
        "byline": {"text": "PHUNG KHIEM", "authors": ["PHUNG KHIEM"]},
        "attribution": None,
    }
    return {
        "edge_long.txt": long_text.encode("utf-8"),
        "edge_no_spaces.txt": no_spaces.encode("utf-8"),
        "edge_english.json": (json.dumps(model, ensure_ascii=False) + "\n").encode("utf-8"),
    }


#: Style overrides whose error message (or acceptance) must stay the same.
BAD_OVERRIDES: Final = (
    "page.size=A9", "page.columns=0", "page.columns=1.5", "page.columns=true", "page.margin_top=-1",
    "page.margin_top=x", "page.margin_left=200", "page.running_header=1", "page.footer_position=left",
    "page.footer=1", "page.nope=1", "nope=1", "nope.x=1", "page=1", "page.size.x=1", "nokey",
    "text.body.color=red", 'text.body.color="#12345"', "text.body.align=middle", "text.body.font=mono",
    "text.body.size=0", "text.nope.size=1", "text.body=1", 'fonts.serif.fallback="Noto Serif"',
    "fonts.serif.fallback=[1]", 'fonts.serif.files={regular="x"}', "fonts.serif={}",
    'fonts.serif.family="No Such Family"', 'fonts.serif.fallback=["No Such Family"]',
    'fonts.serif.family="PT Serif"', "docx.fonts.serif=1", "docx.fonts=1", "docx.nope=1", "epub.embed_fonts=yes",
    'epub.toc_title="a\\u0001b"', "embedding.subset=all", "pdf.cmyk_solid_black=2", "pdf.rule_color=1",
    "pdf.rule_colour=1", "limits.max_input_mb=-5", "placeholder.enabled=2", "placeholder.label_color=blue",
    "description=1", 'description="x"', "page.columns=2", 'docx.fonts.mono="Mono"', "extends=1",
)  # fmt: skip


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]
    epoch: bool = True
    stdin: bytes | None = None


def cases(inputs: Sequence[Path], presets: Sequence[str], tmp: Path) -> list[Case]:
    out: list[Case] = []
    for preset in presets:
        for path in inputs:
            stem, arg = path.stem, str(path)
            out.append(Case(f"pdf {preset} {stem}", ("pdf", "--style", preset, arg, "-o", "-")))
            out.append(Case(f"docx {preset} {stem}", ("docx", "--style", preset, arg, "-o", "-")))
            out.append(Case(f"docx-embed {preset} {stem}", ("docx", "--embed-fonts", "--style", preset, arg, "-o", "-")))
            out.append(Case(f"epub {preset} {stem}", ("epub", "--style", preset, arg, "-o", "-")))
            out.append(Case(f"epub-nofonts {preset} {stem}", ("epub", "--style", preset, "--set", "epub.embed_fonts=false", arg, "-o", "-")))
        for path in inputs[:1]:
            out.append(Case(f"pdf-press {preset} {path.stem}", ("pdf", *PRESS, "--style", preset, str(path), "-o", "-")))
        json_dir = tmp / f"json-{preset}"
        out.append(Case(f"json {preset}", ("convert", "--to", "json", "-j", "1", "-q", "-O", str(json_dir), "--style", preset, *map(str, inputs))))
        out.append(Case(f"styles-show {preset}", ("styles", "show", preset)))
    samples = [str(p) for p in inputs if p.parent.name == "samples"]
    for path in inputs:
        out.append(Case(f"pdf-press-bleed5 newspaper {path.stem}", ("pdf", *PRESS, "--bleed", "5", "--style", "newspaper", str(path), "-o", "-")))
        out.append(Case(f"parse {path.stem}", ("parse", str(path))))
        out.append(Case(f"parse-outline {path.stem}", ("parse", "--outline", str(path))))
        out.append(Case(f"txt {path.stem}", ("txt", str(path), "-o", "-")))  # the style is not consulted
        out.append(Case(f"docx no-epoch {path.stem}", ("docx", str(path), "-o", "-"), epoch=False))
        out.append(Case(f"epub no-epoch {path.stem}", ("epub", str(path), "-o", "-"), epoch=False))
    out.append(Case("edition", ("epub", *samples, "-o", "-")))
    out.append(Case("edition no-epoch", ("epub", *samples, "-o", "-"), epoch=False))
    out.append(Case("edition titled", ("epub", *samples, "--title", "Báo cuối tuần", "-o", "-")))
    out.append(Case("edition one", ("epub", samples[0], "--title", "Một bài", "-o", "-")))
    out.append(Case("pdf stdin", ("pdf", "-", "-o", "-"), stdin=Path(samples[0]).read_bytes()))
    out.append(Case("styles", ("styles",)))
    for command in ("", "pdf", "docx", "epub", "txt", "convert", "parse", "styles", "styles show"):
        out.append(Case(f"help {command or 'vnconv'}", (*command.split(), "--help")))
    for override in BAD_OVERRIDES:
        out.append(Case(f"set {override}", ("styles", "show", "--set", override)))
    for pair in (('fonts.mono.family="Noto Sans"', "text.body.font=mono"), ("page.size=A5", "page.columns=3")):
        out.append(Case(f"set {' '.join(pair)}", ("styles", "show", *(a for o in pair for a in ("--set", o)))))
    for override in ("limits.max_input_mb=0.0001", "page.size=A5", "nope=1"):
        out.append(Case(f"parse-set {override}", ("parse", "--set", override, samples[0])))
    house = tmp / "house.toml"
    house.write_text('extends = "newspaper"\n[pdf]\nrule_colour = "#000000"\n', encoding="utf-8")
    out.append(Case("style-file unknown key", ("pdf", "--style", str(house), samples[0], "-o", "-")))
    good = tmp / "good.toml"
    good.write_text('extends = "a5"\n[page]\ncolumns = 2\n[text.body]\ncolor = "#202020"\n', encoding="utf-8")
    out.append(Case("style-file good", ("styles", "show", str(good))))
    out.append(Case("style-file good pdf", ("pdf", "--style", str(good), samples[0], "-o", "-")))
    out.append(Case("missing file", ("pdf", "nope.txt", "-o", "-")))
    out.append(Case("directory input", ("pdf", str(tmp), "-o", "-")))
    return out


def run(case: Case, env: dict[str, str], tmp: Path) -> str:
    case_env = dict(env)
    if not case.epoch:
        case_env.pop("SOURCE_DATE_EPOCH", None)
    done = subprocess.run(
        [sys.executable, "-m", "convert", *case.args], input=case.stdin or b"", capture_output=True, cwd=ROOT, env=case_env
    )
    # A style file's path is in what `styles show` prints; the temporary directory varies.
    digest = hashlib.sha256(done.stdout.replace(str(tmp).encode(), b"<tmp>")).hexdigest()
    if case.args[0] == "convert" and "-O" in case.args:
        out_dir = Path(case.args[case.args.index("-O") + 1])
        digest = " ".join(f"{p.name}={hashlib.sha256(p.read_bytes()).hexdigest()[:16]}" for p in sorted(out_dir.iterdir()))
    stderr = " ".join(done.stderr.decode("utf-8", "replace").replace(str(tmp), "<tmp>").replace(str(ROOT), "<root>").split())
    return f"{case.name}\texit={done.returncode}\t{digest}" + (f"\t{stderr}" if stderr else "")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-j", "--jobs", type=int, default=2, help="processes at once (default 2)")
    parser.add_argument("--only", help="run only the cases whose name contains this")
    args = parser.parse_args(argv)
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(ROOT)}
    env.pop("VNCONV_DEBUG", None)
    presets = sorted(p.stem for p in (ROOT / "styles").glob("*.toml"))
    with tempfile.TemporaryDirectory(prefix="vnconv-digests-") as name:
        tmp = Path(name)
        inputs = sorted((ROOT / "samples").glob("*.txt"))
        for file_name, data in _edge_inputs().items():
            (tmp / file_name).write_bytes(data)
            inputs.append(tmp / file_name)
        chosen = [c for c in cases(inputs, presets, tmp) if args.only is None or args.only in c.name]
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            lines = list(pool.map(lambda case: run(case, env, tmp), chosen))
    print("\n".join(sorted(lines)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
