"""Tab completion, driven as each shell drives it: the installed ``vnconv`` script run with
Click's completion variables (``_VNCONV_COMPLETE``, ``COMP_WORDS``, ``COMP_CWORD``), as
the scripts that ``_VNCONV_COMPLETE=bash_source vnconv`` (zsh_source, fish_source) print do."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from convert import completion

VNCONV = str(Path(sys.executable).with_name("vnconv"))


def complete(shell: str, words: str, cwd: Path | None = None) -> list[tuple[str, str]]:
    """(type, value) of every completion ``shell`` would be offered for the command line
    ``words``, the last word being the one Tab was pressed on."""
    env = {**os.environ, "_VNCONV_COMPLETE": f"{shell}_complete", "COMP_WORDS": words}
    last = "" if words.endswith(" ") else words.split()[-1]
    # bash and zsh give the index of the word Tab was pressed on, fish the word itself
    env["COMP_CWORD"] = last if shell == "fish" else str(len(words.split()) - (0 if words.endswith(" ") else 1))
    out = subprocess.run([VNCONV], env=env, capture_output=True, text=True, cwd=cwd, check=True).stdout
    if shell in ("bash", "fish"):  # "type,value" a line (fish: "value\thelp")
        return [tuple(line.split(",", 1)) for line in out.splitlines()]  # type: ignore[misc]
    lines = out.splitlines()  # zsh: type, value, help, three lines each
    return [(lines[i], lines[i + 1]) for i in range(0, len(lines), 3)]


def values(items: list[tuple[str, str]]) -> list[str]:
    return [value.split("\t")[0] for _, value in items]


def test_bash_completes_a_style_name() -> None:
    assert complete("bash", "vnconv pdf --style ne") == [("plain", "newspaper")]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_completes_commands_styles_formats_and_schedulers(shell: str, tmp_path: Path) -> None:
    assert "pdf" in values(complete(shell, "vnconv p")) and "parse" in values(complete(shell, "vnconv p"))
    assert values(complete(shell, "vnconv docx --style ", cwd=tmp_path)) == ["a5", "default", "nd30", "newspaper"]
    assert values(complete(shell, "vnconv convert a.txt --to pdf,e")) == ["pdf,epub"]
    assert values(complete(shell, "vnconv convert a.txt --scheduler local:1")) == ["local:1"] + [
        f"local:{n}" for n in range(10, (os.cpu_count() or 1) + 1)
    ]
    assert "--keep-going" in values(complete(shell, "vnconv convert --k"))


def test_the_shell_scripts_are_printed_for_each_shell() -> None:
    for shell, marker in [("bash", "complete -o nosort -F"), ("zsh", "compdef"), ("fish", "complete --no-files --command vnconv")]:
        env = {**os.environ, "_VNCONV_COMPLETE": f"{shell}_source"}
        script = subprocess.run([VNCONV], env=env, capture_output=True, text=True, check=True).stdout
        assert marker in script and "_VNCONV_COMPLETE" in script


def test_style_files_and_folders_are_offered_beside_the_presets(tmp_path: Path) -> None:
    (tmp_path / "house.toml").write_text('extends = "newspaper"\n')
    (tmp_path / "notes.txt").write_text("")
    (tmp_path / "house-styles").mkdir()
    (tmp_path / "house-styles" / "weekend.toml").write_text('extends = "a5"\n')
    assert complete("bash", "vnconv pdf --style ", cwd=tmp_path) == [
        ("plain", name) for name in ("a5", "default", "nd30", "newspaper", "house.toml")
    ]
    assert complete("bash", "vnconv pdf --style ho", cwd=tmp_path) == [("dir", "house-styles/"), ("plain", "house.toml")]
    assert complete("bash", "vnconv pdf --style house-styles/w", cwd=tmp_path) == [("plain", "house-styles/weekend.toml")]
    assert complete("bash", "vnconv styles show n", cwd=tmp_path) == [("plain", "nd30"), ("plain", "newspaper")]


def test_formats_already_given_are_not_offered_again() -> None:
    offered = [item.value for item in completion.formats(None, None, "pdf,docx,")]  # type: ignore[arg-type]
    assert offered == ["pdf,docx,epub", "pdf,docx,json", "pdf,docx,txt"]


def test_encodings_complete_by_their_usual_names() -> None:
    assert [item.value for item in completion.encodings(None, None, "tc")] == ["tcvn3", "tcvn5712-1"]  # type: ignore[arg-type]
