"""The command line: parse, help, version, errors and exit codes, light start-up."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from convert import __version__
from convert.writers import EXTENSIONS
from tests.support.process import after_main

HEAVY = (
    "reportlab", "docx", "ebooklib", "fontTools", "uharfbuzz", "lxml", "PIL",
    "ftfy",  # only for mojibake
    "pikepdf",  # no command: the tests read PDFs back with it
    "dask", "distributed", "fsspec",  # only for --scheduler and URLs
)


def vnconv(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "convert", *args], input=input, capture_output=True, check=False)


def test_parse_prints_the_model_as_utf8_json(run, seed: Path) -> None:
    result = run(["parse", str(seed)])
    assert result.exit_code == 0, result.stderr
    model = json.loads(result.text)
    assert model["schema"] == "vnconv.article/1"
    assert model["source"] == "LSO"
    assert "Tỉnh ủy Lạng Sơn" in result.text  # not \u-escaped


def test_parse_reads_stdin(run, seed: Path) -> None:
    assert json.loads(run(["parse", "-"], input=seed.read_bytes()).text) == json.loads(run(["parse", str(seed)]).text)


def test_parse_outline(run, seed: Path) -> None:
    result = run(["parse", "--outline", str(seed)])
    lines = result.text.splitlines()
    assert lines[0] == "article (vi)"
    assert [line.split()[1] for line in lines[1:]].count("caption") == 3
    assert lines[-1].startswith("└─ byline      PHÙNG KHIÊM")


def test_parse_json_model_input(run, seed: Path, tmp_path: Path) -> None:
    model = tmp_path / "bai.json"
    model.write_bytes(run(["parse", str(seed)]).stdout)
    assert run(["parse", str(model)]).text == run(["parse", str(seed)]).text


def test_version(run) -> None:
    assert run(["--version"]).text.strip() == f"vnconv, version {__version__}"


def test_help_has_examples(run) -> None:
    result = run(["--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.text and "vnconv parse" in result.text


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: None, "no such file"),
        (lambda p: p.mkdir(), "is a directory, not a file"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00"), "binary file (a PNG image)"),
        (lambda p: p.write_bytes(b""), "empty file"),
        (lambda p: p.write_bytes(b" \n\t\n"), "no text"),
        (lambda p: p.write_text('{"schema": "vnconv.article/1", "blocks": 3}'), "blocks: expected a list"),
    ],
)
def test_errors_are_one_line_naming_the_file(tmp_path: Path, make, reason: str) -> None:
    path = tmp_path / "bai.txt"
    make(path)
    result = vnconv("parse", str(path))
    assert result.returncode == 1
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"vnconv: error: {path}: ")
    assert reason in lines[0]
    assert result.stdout == b""


def test_usage_errors_exit_2() -> None:
    result = vnconv("parse")
    assert result.returncode == 2
    assert b"Missing argument" in result.stderr
    assert vnconv("frobnicate").returncode == 2


def test_python_dash_m_convert_works(seed: Path) -> None:
    result = vnconv("parse", "--outline", str(seed))
    assert result.returncode == 0 and "PHÙNG KHIÊM".encode() in result.stdout


@pytest.mark.parametrize("args", [["--help"], ["parse", "SEED"]])
def test_start_up_imports_no_writer_library(args: list[str], seed: Path) -> None:
    args = [str(seed) if a == "SEED" else a for a in args]
    after_main(args, "0")  # a warm cache, as for the writers below: the first run parses the style's TOML
    unwanted = (*HEAVY, *NOT_NEEDED, *START_UP_NOT_NEEDED[args[0]])
    loaded = f"[m for m in {unwanted!r} if m in sys.modules and not getattr(sys.modules[m], '__stand_in__', False)]"
    assert after_main(args, loaded).value == []  # a stand-in (convert.start) is not the module


#: What ``vnconv parse`` and ``--help`` do without, beside ``NOT_NEEDED``: parse writes no
#: file (tempfile, shutil: bz2 and lzma), checks its style against the kept bytes (no
#: digest: hashlib loads OpenSSL), reads no font; shlex quotes one message; difflib is
#: Click's guess at a misspelt option; --help opens no file (pathlib: urllib, ipaddress)
#: and reads no article or style; neither asks urllib.parse for more than its stand-in
#: has (``convert.start``: pathlib's quote_from_bytes, for as_uri); glob is for the
#: partial files a dead worker left; parse's JSON needs no outline.
START_UP_NOT_NEEDED = {
    "parse": ("hashlib", "tempfile", "shutil", "shlex", "ctypes", "difflib", "zipfile", "subprocess", "socket", "convert.fonts", "urllib.parse", "glob", "convert.outline"),
    "--help": ("hashlib", "tempfile", "shlex", "ctypes", "pathlib", "urllib.parse", "json", "convert.model", "convert.readers", "convert.styles"),
}


#: What each writer command may load of ``HEAVY``: its own writer's libraries, no other's
#: (nor Dask, ftfy for clean UTF-8, the batch or the server).
OWN_LIBRARIES = {
    "pdf": ("reportlab", "uharfbuzz", "PIL"),
    # python-docx made its skeleton once (writers/docx/skeleton.py): neither it nor lxml.
    "docx": ("zipfile",),
    # The EPUB writer writes its XML as text (writers/epub/markup.py): neither ebooklib nor lxml.
    "epub": ("uharfbuzz", "zipfile"),
    "txt": (),
}


#: What no one-file command needs on a warm cache, beside the other writers' libraries:
#: the batch, the server, the TOML parser (the parsed style is kept, ``styles._read_toml``),
#: the installed distributions' metadata (the font registry is kept; the version is
#: ``__version__``), the network (urllib.request pulls in http.client, ssl and email).
NOT_NEEDED = (
    "convert.batch", "convert.server", "multiprocessing", "asyncio", "concurrent.futures.process",
    "tomllib", "importlib.metadata", "pickle", "urllib.request", "http.client", "ssl", "email",
    "zipfile", "typing_extensions",  # only a DOCX or an EPUB is a zip; python-docx's typing
)

#: Known, and left to the PDF writer's own room: ReportLab pickles (reportlab.lib.utils).
NOT_NEEDED_BUT_LOADED = {"pdf": ("pickle",)}


@pytest.mark.parametrize("fmt", sorted(OWN_LIBRARIES))
def test_a_writer_command_imports_only_its_own_writer(fmt: str, seed: Path, tmp_path: Path) -> None:
    # On a warm cache, as a user's second command finds it: the first run after an
    # install builds the font registry and the parsed style (TOML, package metadata).
    after_main([fmt, str(seed), "-o", str(tmp_path / f"warm.{fmt}")], "0")
    loaded = after_main(
        [fmt, str(seed), "-o", str(tmp_path / f"out.{fmt}")],
        f"[m for m in {(*HEAVY, *NOT_NEEDED)!r} if m in sys.modules]",
    ).value
    assert isinstance(loaded, list)
    assert sorted(set(loaded) - set(OWN_LIBRARIES[fmt]) - set(NOT_NEEDED_BUT_LOADED.get(fmt, ()))) == []


def test_a_plain_docx_reads_no_font(seed: Path, tmp_path: Path) -> None:
    """A DOCX without --embed-fonts asks no font for anything: on a warm cache (the style's
    fonts found installed before, ``styles.check_style_fonts``) it imports no font module."""
    unwanted = ("convert.fonts", "convert.subsetter", "convert.writers.docx.fonts")
    for _ in range(3):  # the suite's other processes may write where packages are installed (the checkout): warm again
        after_main(["docx", str(seed), "-o", str(tmp_path / "warm.docx")], "0")
        loaded = after_main(["docx", str(seed), "-o", str(tmp_path / "bai.docx")], f"[m for m in {unwanted!r} if m in sys.modules]").value
        if loaded == []:
            break
    assert loaded == []


#: What one article's ``vnconv convert --jobs 1`` (samples/Makefile's call per article) does
#: without: the pool and its words for a dead worker (multiprocessing, ``signal``'s enums:
#: the signals' handlers are ``_signal``'s), the progress bar, URLs (a path needs no
#: ``urllib.parse`` beyond its stand-in), a cluster.
ONE_ARTICLE_NOT_NEEDED = (
    "multiprocessing", "signal", "convert.progress", "convert.batch.deaths", "convert.batch.cluster", "urllib.parse", "ipaddress",
)


def test_one_articles_convert_call_imports_no_pool(seed: Path, tmp_path: Path) -> None:
    args = ["convert", "--quiet", "--jobs", "1", str(seed), "--to", "docx,epub,txt", "--outdir", str(tmp_path), "--depfile", str(tmp_path / "bai.d")]
    after_main(args, "0")  # a warm cache, as for the writers above
    unwanted = (*ONE_ARTICLE_NOT_NEEDED, "dask", "fsspec")
    loaded = f"[m for m in {unwanted!r} if m in sys.modules and not getattr(sys.modules[m], '__stand_in__', False)]"
    assert after_main(args, loaded).value == []
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(["bai.d", *(f"{seed.stem}.{EXTENSIONS.get(fmt, fmt)}" for fmt in ("docx", "epub", "txt"))])


def test_a_short_option_makes_no_guesses_at_a_misspelt_long_one(seed: Path, tmp_path: Path) -> None:
    # Click tries -o as a long option first; the guesses (difflib) of that dropped try are not made
    after_main(["docx", str(seed), "-o", str(tmp_path / "warm.docx")], "0")
    assert after_main(["docx", str(seed), "-o", str(tmp_path / "bai.docx")], "'difflib' in sys.modules").value is False
    assert (tmp_path / "bai.docx").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["docx", "SEED", "--outptu", "x.docx"], "Error: No such option '--outptu'. Did you mean '--output'?"),
        (["docx", "SEED", "-x"], "Error: No such option '-x'."),
        (["convert", "-qx", "SEED"], "Error: No such option '-x'."),
        (["--debgu", "parse", "SEED"], "Error: No such option '--debgu'. Did you mean '--debug'?"),
    ],
)
def test_an_unknown_option_is_named_with_click_s_guesses(run, seed: Path, args: list[str], message: str) -> None:
    result = run([str(seed) if a == "SEED" else a for a in args])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == message


def test_short_options_read_as_before(seed: Path, tmp_path: Path) -> None:
    result = vnconv("convert", "-qj1", str(seed), "-t", "json", "-O", str(tmp_path))  # a cluster of flags, then one with a value
    assert result.returncode == 0 and result.stderr == b""
    assert [path.name for path in tmp_path.iterdir()] == [f"{seed.stem}.json"]


def test_reader_and_model_import_no_writer_library() -> None:
    code = (
        "import sys, convert.model, convert.readers, convert.readers.plaintext, convert.readers.jsonmodel\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    assert result.stdout.decode().strip() == "[]"


def _collector_after(args: list[str]) -> object:
    """Whether Python's cycle collector is on, and whether objects were frozen out of
    its sight, once ``main()`` has run ``vnconv ARGS`` as its whole process."""
    return after_main(args, "(gc.isenabled(), gc.get_freeze_count() > 0)").value


def test_a_short_command_keeps_the_cycle_collector_out(seed: Path) -> None:
    # Paused while it runs, and what is left frozen before the interpreter's exit collections.
    assert _collector_after(["parse", str(seed)]) == (False, True)


def test_a_batch_collects_cycles(seed: Path, tmp_path: Path) -> None:
    second = tmp_path / "bai.txt"
    shutil.copy(seed, second)
    out = tmp_path / "out"
    assert _collector_after(["convert", str(seed), str(second), "--to", "json", "-O", str(out), "-q", "-j", "1"]) == (True, True)
    assert (out / f"{seed.stem}.json").is_file() and (out / "bai.json").is_file()


def test_a_batch_of_one_article_is_a_short_command(seed: Path, tmp_path: Path) -> None:
    assert _collector_after(["convert", str(seed), "--to", "json", "-O", str(tmp_path), "-q", "-j", "1"]) == (False, True)
    assert (tmp_path / f"{seed.stem}.json").is_file()


def _ending(args: list[str], before: str = "") -> subprocess.CompletedProcess[bytes]:
    """``vnconv ARGS`` as its whole process, with an atexit function and ``os._exit``
    each saying on stderr that they ran."""
    code = (
        "import atexit, os, sys; from convert.cli import main\n"
        "exit_now = os._exit\n"
        "os._exit = lambda status: (os.write(2, b'os._exit %d\\n' % status), exit_now(status))\n"
        "atexit.register(lambda: sys.stderr.write('atexit ran\\n'))\n"
        f"{before}\n"
        f"sys.argv = ['vnconv', *{args!r}]\n"
        "main()\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True)


def test_a_whole_process_command_ends_without_the_teardown(seed: Path) -> None:
    done = _ending(["parse", str(seed)])
    assert done.returncode == 0
    assert json.loads(done.stdout)["headline"]  # all of standard output, flushed
    assert done.stderr.decode().splitlines() == ["atexit ran", "os._exit 0"]
    failed = _ending(["pdf", "/nonexistent.txt"])
    assert failed.returncode == 1
    assert failed.stderr.decode().splitlines() == ["vnconv: error: /nonexistent.txt: no such file", "atexit ran", "os._exit 1"]


def test_a_thread_still_running_gets_pythons_own_exit(seed: Path) -> None:
    """Python waits for it (os._exit would kill it), then runs the atexit functions.

    The thread waits for the main thread to end rather than for a fixed time, so it is
    still running when ``main`` decides how to exit however slow the machine is."""
    waiting = (
        "import threading\n"
        "threading.Thread(target=lambda: (threading.main_thread().join(), os.write(2, b'thread done\\n'))).start()"
    )
    done = _ending(["parse", str(seed)], before=waiting)
    assert done.returncode == 0 and json.loads(done.stdout)["headline"]
    assert done.stderr.decode().splitlines() == ["thread done", "atexit ran"]


def test_main_called_with_arguments_leaves_the_collector_alone(seed: Path) -> None:
    import gc

    from convert.cli import main

    frozen = gc.get_freeze_count()
    with pytest.raises(SystemExit) as exit_:
        main(["parse", "--outline", str(seed)])
    assert exit_.value.code == 0
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_encoding_option(tmp_path: Path, run) -> None:
    path = tmp_path / "bai.txt"
    path.write_bytes("Tiêu đề\n\nTTXVN - Mở đầu.\n".encode("utf-16-be"))
    assert json.loads(run(["parse", "--encoding", "utf-16-be", str(path)]).text)["headline"] == "Tiêu đề"
    result = run(["parse", "--encoding", "nope", str(path)])
    assert result.exit_code == 1
    assert "unknown encoding 'nope'" in result.stderr


def test_styles_lists_each_style_with_its_description(run) -> None:
    result = run(["styles"])
    assert result.exit_code == 0
    assert re.search(r"^default +A4, one column", result.text, re.MULTILINE)


def test_styles_show_prints_the_resolved_style_as_toml(run) -> None:
    import tomllib

    result = run(["styles", "show", "default", "--set", "page.size=A5"])
    assert result.exit_code == 0
    data = tomllib.loads(result.text)
    assert data["page"]["size"] == "A5"
    assert set(data["text"]) >= {"headline", "body", "caption", "byline"}


def test_styles_show_unknown_style(run) -> None:
    result = run(["styles", "show", "nope"])
    assert result.exit_code == 1
    assert result.stderr.startswith("vnconv: error: unknown style 'nope'")


@pytest.mark.parametrize("fmt", ["pdf", "docx", "epub"])
def test_every_writer_reads_stdin_and_writes_stdout(fmt: str, seed: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1566000000")
    piped = vnconv(fmt, "-", "-o", "-", input=seed.read_bytes())
    assert piped.returncode == 0, piped.stderr
    target = tmp_path / f"bai.{fmt}"
    assert vnconv(fmt, str(seed), "-o", str(target)).returncode == 0
    assert piped.stdout == target.read_bytes()


@pytest.mark.parametrize("fmt", ["pdf", "docx", "epub"])
def test_stdin_without_output_goes_to_stdout(fmt: str, seed: Path) -> None:
    result = vnconv(fmt, "-", input=seed.read_bytes())
    assert result.returncode == 0
    assert result.stdout[:2] in (b"%P", b"PK")


@pytest.mark.parametrize("command", ["convert", "pdf", "docx", "epub", "styles", "server"])
def test_subcommand_help_is_light(command: str) -> None:
    result = after_main([command, "--help"], f"[m for m in {HEAVY!r} if m in sys.modules]")
    assert b"Examples:" in result.stdout
    assert result.value == []


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("page.columns=40", "vnconv: error: style: page.columns=40 leaves no room for the text: its 39 gaps"),
        ("page.size=60x60mm", "vnconv: error: style: page.size='60x60mm' with page.margin_left=22 and page.margin_right=22 (mm) leaves columns 45.4 pt wide; the narrowest the text can use is 66.0 pt"),
    ],
)
def test_a_page_that_cannot_hold_the_text_is_a_style_error(run, seed: Path, tmp_path: Path, fmt: str, override: str, message: str) -> None:
    out = tmp_path / f"x.{fmt}"
    result = run([fmt, str(seed), "-o", str(out), "--set", override])
    assert result.exit_code == 1 and result.stderr.startswith(message) and result.stderr.count("\n") == 1, result.stderr
    assert "LayoutError" not in result.stderr and not out.exists()
    batch = run(["convert", str(seed), "--to", fmt, "-O", str(tmp_path), "--set", override])
    assert batch.exit_code == 1 and batch.stderr.startswith(message) and not out.exists()


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("text.body.size=nan", "vnconv: error: --set text.body.size=nan: expected a number from 1 to 1000, got nan\n"),
        ("page.size=foo", "vnconv: error: --set page.size=foo: unknown page size 'foo' (use A3, A4, "),
    ],
)
@pytest.mark.parametrize("fmt", ["pdf", "epub"])
def test_a_bad_set_value_is_one_line_naming_the_option(run, seed: Path, tmp_path: Path, fmt: str, override: str, message: str) -> None:
    out = tmp_path / f"x.{fmt}"
    result = run([fmt, str(seed), "-o", str(out), "--set", override])
    assert result.exit_code == 1 and result.stderr.startswith(message) and result.stderr.count("\n") == 1, result.stderr
    assert not out.exists()


def test_a_page_style_does_not_concern_the_epub(run, seed: Path, tmp_path: Path) -> None:
    result = run(["epub", str(seed), "-o", str(tmp_path / "x.epub"), "--set", "page.columns=40"])
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("fmt", ["pdf", "docx", "txt"])
def test_several_articles_to_one_writer_point_to_convert(run, seed: Path, tmp_path: Path, fmt: str) -> None:
    other = tmp_path / "hai.txt"
    other.write_bytes(seed.read_bytes())
    result = run([fmt, str(seed), str(other)])
    assert result.exit_code == 2
    assert f"Error: {fmt} converts one ARTICLE; for several, use: vnconv convert {seed} {other} --to {fmt}" in result.stderr
    extension = EXTENSIONS.get(fmt, fmt)  # txt writes NAME.utf8.txt
    assert not (tmp_path / f"hai.{extension}").exists() and not seed.with_name(f"{seed.stem}.{extension}").exists()


def test_output_into_an_existing_directory_takes_the_inputs_name(run, seed: Path, tmp_path: Path) -> None:
    """Like cp: ``-o DIR`` writes DIR/<stem>.<format>; standard input is stdin.<format>."""
    assert run(["docx", str(seed), "-o", str(tmp_path)]).exit_code == 0
    assert run(["docx", "-", "-o", str(tmp_path)], input=seed.read_bytes()).exit_code == 0
    assert run(["epub", str(seed), "-o", str(tmp_path), "--set", "epub.embed_fonts=false"]).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([f"{seed.stem}.docx", "stdin.docx", f"{seed.stem}.epub"])
    edition = run(["epub", str(seed), str(seed), "-o", str(tmp_path)])
    assert edition.exit_code == 2 and "name its file with -o FILE.epub" in edition.stderr


def test_plain_text_gives_an_article_no_photos_and_takes_no_photo_options(run, tmp_path: Path) -> None:
    """A caption without its photo concerns the formats with figures; `vnconv txt` shows no
    photo, so it neither warns about one nor takes --photos, --strict-glyphs or --style."""
    source = tmp_path / "bai.txt"
    captions = "Quang cảnh hội nghị. Ảnh: TTXVN\n\nĐoạn giữa.\n\n\nĐại biểu biểu quyết. Ảnh: TTXVN"
    source.write_text(f"Tiêu đề\n\nTTXVN - Mở đầu.\n\n\n{captions}\n\nĐoạn cuối.\n", encoding="utf-8")
    (tmp_path / "bai-1.jpg").write_bytes(b"\xff\xd8")  # listed, never opened: one photo for two captions
    assert "1 caption of 2 without a photo" in run(["parse", str(source)]).stderr  # the model's figures do
    result = run(["txt", str(source), "-o", "-"])
    assert result.exit_code == 0 and result.stderr == "" and "Quang cảnh hội nghị. (Ảnh: TTXVN)" in result.text
    for option in (["--photos", str(tmp_path)], ["--strict-glyphs"], ["--style", "a5"], ["--keep-photo-metadata"]):
        refused = run(["txt", *option, str(source), "-o", "-"])
        assert refused.exit_code == 2 and "No such option" in refused.stderr, option


@pytest.mark.parametrize("command", ["pdf", "docx", "epub", "parse"])
def test_a_reader_that_leaves_early_is_not_an_error_of_ours(seed: Path, command: str) -> None:
    # `vnconv pdf bai.txt -o - | true`: the pipe is closed before vnconv writes to it.
    read, write = os.pipe()
    os.close(read)
    with open(write, "wb") as closed_pipe:
        args = [sys.executable, "-m", "convert", command, str(seed)] + ([] if command == "parse" else ["-o", "-"])
        result = subprocess.run(args, stdout=closed_pipe, stderr=subprocess.PIPE, check=False)
    assert result.returncode == 1
    assert result.stderr == b""  # no "internal error", no traceback, no "Exception ignored"


@pytest.mark.parametrize("args", [["pdf", "{seed}", "-o", "-"], ["parse", "{seed}"], ["txt", "{seed}", "-o", "-"], ["styles", "show", "default"]])
def test_standard_output_closed_is_one_line(seed: Path, args: list[str]) -> None:
    """`vnconv pdf a.txt -o - >&-` gave an AttributeError and a traceback."""
    command = [sys.executable, "-m", "convert", *(arg.format(seed=seed) for arg in args)]
    done = subprocess.run(command, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, preexec_fn=lambda: os.close(1))
    assert done.returncode == 1
    assert done.stderr == "vnconv: error: standard output is closed: nothing can be written to it (use -o FILE)\n"


def test_standard_output_closed_is_no_matter_when_nothing_goes_there(seed: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    command = [sys.executable, "-m", "convert", "pdf", str(seed), "-o", str(out)]
    done = subprocess.run(command, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, preexec_fn=lambda: os.close(1))
    assert done.returncode == 0 and done.stderr == "" and out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("fmt", ["pdf", "docx", "epub", "txt"])
def test_file_urls_work_wherever_a_path_does(run, seed: Path, tmp_path: Path, fmt: str) -> None:
    """`vnconv pdf file:///ABSOLUTE/PATH/a.txt` said "no such file" (`convert` took it already)."""
    folder = tmp_path / "bài có dấu"
    folder.mkdir()
    article = folder / "a.txt"
    shutil.copy(seed, article)
    style = tmp_path / "house.toml"
    style.write_text('[page]\nsize = "A5"\n')
    url = (folder / "a.txt").as_uri()
    out = tmp_path / f"x.{fmt}"
    styled = [] if fmt == "txt" else ["--style", style.as_uri(), "--photos", folder.as_uri()]  # plain text has neither
    result = run([fmt, url, "-o", out.as_uri(), *styled])
    assert result.exit_code == 0, result.stderr
    assert out.stat().st_size > 0
    parsed = run(["parse", url])
    assert parsed.exit_code == 0 and json.loads(parsed.stdout)["headline"]


def test_a_command_makes_only_its_own_command_object(seed: Path) -> None:
    """``cli`` makes a command when it is looked up (``cli.Commands``): ``vnconv parse``
    makes ``parse`` alone (and the groups, whose commands wait too); ``commands`` (the manual's generators, --help) makes them all,
    each under the name it was registered by."""
    made = "sorted(sys.modules['convert.cli'].cli._made)"
    assert after_main(["parse", str(seed)], made).value == ["parse", "server", "styles"]  # groups are made at once
    assert after_main(["styles", "show"], "sorted(sys.modules['convert.cli'].styles._made)").value == ["show"]
    from convert.cli import cli

    names = cli.list_commands(click.Context(cli))
    assert names == ["convert", "docx", "epub", "parse", "pdf", "server", "styles", "txt"]
    assert sorted(cli.commands) == names and all(cli.commands[name].name == name for name in names)


def test_parser_tables_are_made_again_when_the_parameters_differ() -> None:
    """ParsedHere keeps its parser's tables between parses (a server child's requests):
    the same parameters parse as before, and another parameter list gets new tables."""
    from convert.click_parser import ParsedHere

    command = ParsedHere("c", params=[click.Option(["-o", "--output"]), click.Argument(["article"])])
    first = command.make_context("c", ["-o", "x", "a.txt"]).params
    again = command.make_context("c", ["--output", "y", "b.txt"]).params
    assert first == {"output": "x", "article": "a.txt"} and again == {"output": "y", "article": "b.txt"}
    command.params.append(click.Option(["--title"]))
    assert command.make_context("c", ["--title", "T", "c.txt"]).params == {"output": None, "article": "c.txt", "title": "T"}
    with pytest.raises(click.NoSuchOption):
        ParsedHere("d", params=[click.Argument(["article"])]).make_context("d", ["--title", "T", "c.txt"])
