"""The manual builds with ``mkdocs build --strict`` (a broken link, a missing page or a
generated part that fails is an error), offline, and what it generates is there."""

from __future__ import annotations

import html
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from convert.cli import cli
from manual import examples

pytest.importorskip("mkdocs", reason="the docs extra is not installed (make install installs it)")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    # No network: a proxy that refuses everything, so anything fetched fails the build.
    env = {**os.environ, "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9", "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out), "--config-file", str(examples.ROOT / "mkdocs.yml")],
        cwd=examples.ROOT, env=env, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def text_of(site: Path, page: str) -> str:
    return html.unescape((site / page / "index.html").read_text(encoding="utf-8"))


def test_the_command_reference_is_what_help_prints(site: Path) -> None:
    reference = text_of(site, "commands")
    for name, command in cli.commands.items():
        for sub in getattr(command, "commands", {"": command}).values():
            for param in sub.params:
                if isinstance(param, click.Option) and not param.hidden:
                    assert param.opts[-1] in reference, f"{name} {param.opts[-1]}"
    env = {**os.environ, "COLUMNS": "100"}
    for args in (["--help"], ["pdf", "--help"], ["styles", "show", "--help"]):
        printed = subprocess.run([str(Path(sys.executable).with_name("vnconv")), *args], capture_output=True, text=True, env=env).stdout
        assert printed.strip() in reference, args


def test_the_style_keys_page_has_every_key_and_what_it_does(site: Path) -> None:
    keys = text_of(site, "style-keys")
    for key in ("[page]", "margin_top", "[text.ROLE]", "first_indent", "[photos]", "span_min_aspect", "[pdf]", "output_condition_info", "[typography]"):
        assert key in keys
    assert "a photo is resampled down to this many pixels per inch" in keys  # a field's comment
    assert "nd30" in keys and "Times New Roman" in keys  # what the presets change


def test_generated_parts_are_in_their_pages(site: Path) -> None:
    assert "Một giàn khoan dầu tại bang Texas" in text_of(site, "reader")  # a golden case
    assert "| (a) |" not in text_of(site, "speed") and "(k)" in text_of(site, "speed")  # the bench table, rendered
    assert "A new output format" in text_of(site, "contributors")  # CONTRIBUTING.md


def test_an_unknown_request_in_a_page_is_an_error() -> None:
    from manual import hooks

    assert "As read" in hooks.expand("<!-- generated: golden-case caption_glued -->")
    with pytest.raises(ValueError, match="unknown request"):
        hooks.expand("<!-- generated: style-kes -->")
