"""Hostile and broken input, through the command line, for every command (issue 8).

Every failure is one line, ``vnconv: error: FILE: reason``, exit status 1, with nothing
on standard output and no file written or changed; every success keeps all the text.
Outputs are opened with readers other than the writers (``tests.support.outputs``).
"""

from __future__ import annotations

import builtins
import io
import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import convert.io
from convert.cli import main
from convert.io import load_article
from convert.model import Article
from tests.conftest import SEED, Result
from tests.support.docx import no_break_before_last_word
from tests.support.hostile import MARKUP
from tests.support.outputs import docx_unexpected_parts, epub_texts, epub_unexpected_parts, open_output, pdf_images, squeeze
from tests.support.pdf import expected_body, page_texts, split_pages
from tests.support.pdf import style as pdf_style

WRITERS = ("pdf", "docx", "epub")
COMMANDS = ("parse", *WRITERS, "convert")
Run = Callable[..., Result]


def command(kind: str, source: str, out: Path, *extra: str) -> list[str]:
    """The command line that reads ``source`` with command ``kind``, writing into ``out``."""
    if kind == "parse":
        return ["parse", source, *extra]
    if kind == "convert":
        return ["convert", "-q", source, "--to", "pdf,docx,epub", "-O", str(out), *extra]
    return [kind, source, "-o", str(out / f"out.{kind}"), *extra]


def assert_error(result: Result, name: str, reason: str, out: Path | None = None) -> str:
    """One line naming the file, status 1, nothing on stdout, and no file in ``out``."""
    lines = result.stderr.splitlines()
    assert result.exit_code == 1, result.stderr
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"vnconv: error: {name}: "), lines[0]
    assert reason in lines[0], lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == b""
    if out is not None:
        assert sorted(p.name for p in out.iterdir()) == [], "a failed conversion wrote a file"
    return lines[0]


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("bai.txt", "Tiêu đề")
    return buffer.getvalue()


#: Inputs every command refuses: (bytes of the file, what the one line must say).
BAD_INPUTS: dict[str, tuple[bytes, str]] = {
    "empty file": (b"", "empty file"),
    "whitespace only": (b" \n\t \r\n" + "\u00a0\u3000\n".encode(), "no text: the article is empty"),
    "PNG bytes": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "binary file (a PNG image)"),
    "ZIP bytes": (zip_bytes(), "binary file (a ZIP archive"),
    "mostly control characters": (bytes(range(1, 9)) * 50, "binary data"),
    "JSON model with a bad field": (b'{"schema": "vnconv.article/1", "blocks": 3}', "blocks: expected a list"),
    "JSON model with a bad block": (
        b'{"schema": "vnconv.article/1", "blocks": [{"type": "table"}]}',
        "blocks[0].type: expected one of caption, paragraph, subheading",
    ),
    "JSON model with a bad language": (
        b'{"schema": "vnconv.article/1", "language": "vi\\u0000<x>", "headline": "H"}',
        "language: expected a language tag",
    ),
    "JSON nested too deeply": (b"[" * 100_000 + b"]" * 100_000, "JSON nested too deeply"),
}


@pytest.mark.parametrize("kind", COMMANDS)
@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_one_line_naming_the_file(run: Run, tmp_path: Path, out: Path, kind: str, case: str) -> None:
    data, reason = BAD_INPUTS[case]
    suffix = ".json" if case.startswith("JSON") else ".txt"
    path = tmp_path / f"bai{suffix}"
    path.write_bytes(data)
    assert_error(run(command(kind, str(path), out)), str(path), reason, out)


#: Bytes no encoding reads as Vietnamese (issue 15): read with the best guess and one warning.
GARBAGE: dict[str, bytes] = {
    "neither UTF-8 nor Windows-1258": bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D] * 40),
    "random high bytes": bytes((i * 37 + 11) % 128 + 128 for i in range(400)),
}


@pytest.mark.parametrize("kind", COMMANDS)
@pytest.mark.parametrize("case", list(GARBAGE))
def test_garbage_is_read_with_one_warning(run: Run, tmp_path: Path, out: Path, kind: str, case: str) -> None:
    path = tmp_path / "bai.txt"
    path.write_bytes(GARBAGE[case])
    result = run(command(kind, str(path), out))
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"vnconv: warning: {path}: the text may be mis-encoded"), lines


@pytest.mark.parametrize("kind", COMMANDS)
def test_bad_standard_input_is_named_stdin(run: Run, out: Path, kind: str) -> None:
    if kind == "convert":
        args = ["convert", "-q", "-", "--to", "pdf", "-O", str(out)]
    else:
        args = [kind, "-"] + (["-o", "-"] if kind != "parse" else [])
    assert_error(run(args, input=b"\x89PNG\r\n\x1a\n\x00\x00"), "<stdin>", "binary file (a PNG image)", out)


@pytest.mark.parametrize("kind", COMMANDS)
def test_missing_file(run: Run, tmp_path: Path, out: Path, kind: str) -> None:
    missing = str(tmp_path / "khong-co.txt")
    assert_error(run(command(kind, missing, out)), missing, "no such file", out)


@pytest.mark.parametrize("kind", ("parse", *WRITERS))
def test_directory_given_as_a_file(run: Run, tmp_path: Path, out: Path, kind: str) -> None:
    folder = tmp_path / "bai.txt"
    folder.mkdir()
    assert_error(run(command(kind, str(folder), out)), str(folder), "is a directory, not a file", out)


def test_convert_takes_a_directory_for_its_articles_and_refuses_one_without_any(run: Run, tmp_path: Path, out: Path) -> None:
    folder = tmp_path / "kho"
    folder.mkdir()
    (folder / "anh.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert_error(run(command("convert", str(folder), out)), str(folder), "directory holds no .txt articles", out)


@pytest.mark.parametrize("kind", COMMANDS)
def test_unreadable_file_through_the_kernel(run: Run, out: Path, kind: str) -> None:
    """We run as root, so chmod 000 does not stop a read. /proc/self/mem does: it opens,
    but reading its first page (never mapped) fails with EIO, an honest unreadable file."""
    assert_error(run(command(kind, "/proc/self/mem", out)), "/proc/self/mem", "cannot read: Input/output error", out)


@pytest.mark.parametrize("kind", COMMANDS)
def test_file_without_read_permission(run: Run, tmp_path: Path, out: Path, kind: str, monkeypatch) -> None:
    """Permission denied, as a non-root user gets it for a chmod 000 file: root reads such
    a file anyway, so the reader's ``open`` is made to raise what the kernel would."""
    path = tmp_path / "bi-mat.txt"
    path.write_bytes(SEED.read_bytes())

    def guarded_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(file) == str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return builtins.open(file, *args, **kwargs)

    monkeypatch.setattr(convert.io, "open", guarded_open, raising=False)
    assert_error(run(command(kind, str(path), out)), str(path), "permission denied", out)


@pytest.mark.parametrize("kind", COMMANDS)
def test_input_over_the_size_limit_is_refused_before_it_is_read(run: Run, out: Path, kind: str) -> None:
    result = run(command(kind, str(SEED), out, "--set", "limits.max_input_mb=0.001"))
    line = assert_error(result, str(SEED), "larger than the 0.001 MB limit", out)
    assert "--set limits.max_input_mb=N" in line  # says how to raise it, with an option that exists


def test_standard_input_over_the_size_limit(run: Run, out: Path) -> None:
    big = b"x" * 5_000
    for args in (["parse", "-"], ["pdf", "-", "-o", "-"], ["convert", "-q", "-", "--to", "json", "-O", str(out)]):
        assert_error(run([*args, "--set", "limits.max_input_mb=0.001"], input=big), "<stdin>", "larger than", out)


# --- outputs -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", WRITERS)
def test_output_into_a_missing_directory(run: Run, tmp_path: Path, kind: str) -> None:
    target = tmp_path / "khong-co" / f"bai.{kind}"
    assert_error(run([kind, str(SEED), "-o", str(target)]), str(target), "does not exist")
    assert not target.parent.exists()


@pytest.mark.parametrize("kind", WRITERS)
def test_output_that_is_a_directory(run: Run, tmp_path: Path, kind: str) -> None:
    """``-o DIR`` writes DIR/<name>.<format> (tests/test_cli.py); where that is a directory, it is refused."""
    taken = tmp_path / f"{SEED.stem}.{kind}"
    taken.mkdir()
    assert_error(run([kind, str(SEED), "-o", str(tmp_path)]), str(taken), "is a directory")
    assert list(tmp_path.iterdir()) == [taken] and list(taken.iterdir()) == []


@pytest.mark.parametrize("kind", WRITERS)
def test_output_into_a_pipe_is_written_into_it_not_over_it(run: Run, tmp_path: Path, kind: str) -> None:
    """``-o /dev/null``, ``-o /dev/stdout`` or a named pipe: renaming a temporary file over
    it would replace the device itself (as root, /dev/null would become a PDF)."""
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run([kind, str(SEED), "-o", str(fifo)])
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received and received[0][:2] in (b"%P", b"PK")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


@pytest.mark.parametrize("kind", WRITERS)
def test_output_through_a_symbolic_link_replaces_the_file_it_names(run: Run, tmp_path: Path, kind: str) -> None:
    real, link = tmp_path / f"that.{kind}", tmp_path / f"link.{kind}"
    real.write_bytes(b"old")
    real.chmod(0o640)
    link.symlink_to(real.name)
    assert run([kind, str(SEED), "-o", str(link)]).exit_code == 0
    assert link.is_symlink() and real.read_bytes()[:2] in (b"%P", b"PK")
    assert real.stat().st_mode & 0o777 == 0o640  # the file keeps its permissions
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([real.name, link.name])


def test_convert_into_an_outdir_that_is_a_file(run: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_bytes(b"keep")
    result = run(["convert", "-q", str(SEED), "-O", str(blocker)])
    assert_error(result, str(blocker), "not a directory")
    assert blocker.read_bytes() == b"keep"


@pytest.mark.parametrize("kind", WRITERS)
def test_output_equal_to_the_input_is_refused(run: Run, tmp_path: Path, kind: str) -> None:
    path = tmp_path / "bai.txt"
    path.write_bytes(SEED.read_bytes())
    link = tmp_path / "lien-ket.txt"
    link.symlink_to(path)
    for given in (str(path), f"{tmp_path}/./bai.txt", str(link)):
        assert_error(run([kind, str(path), "-o", given]), given, "is also the input; refusing to overwrite it")
        assert path.read_bytes() == SEED.read_bytes() and link.is_symlink()


def test_an_edition_refuses_an_output_that_is_one_of_its_inputs(run: Run, tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_bytes(SEED.read_bytes())
    second.write_bytes(SEED.read_bytes())
    assert_error(run(["epub", str(first), str(second), "-o", str(second)]), str(second), "is also the input")
    assert second.read_bytes() == SEED.read_bytes()


#: Ways a conversion fails after the output file was named: the old file must survive.
FAILURES: dict[str, tuple[bytes, str]] = {
    "empty input": (b"", "empty file"),
    "binary input": (b"PK\x03\x04\x14\x00", "binary file"),
}


@pytest.mark.parametrize("kind", WRITERS)
@pytest.mark.parametrize("case", list(FAILURES))
def test_existing_output_survives_a_failed_conversion(run: Run, tmp_path: Path, kind: str, case: str) -> None:
    data, reason = FAILURES[case]
    source, target = tmp_path / "bai.txt", tmp_path / f"bai.{kind}"
    source.write_bytes(data)
    target.write_bytes(b"the previous edition")
    assert_error(run([kind, str(source)]), str(source), reason)
    assert target.read_bytes() == b"the previous edition"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["bai.txt", f"bai.{kind}"])  # no temporary left


def test_existing_pdf_survives_a_refusal_to_set_the_text(run: Run, tmp_path: Path) -> None:
    source, target = tmp_path / "bai.txt", tmp_path / "bai.pdf"
    source.write_text("Cười 中\n\nTTXVN - Mở đầu.\n", encoding="utf-8")
    target.write_bytes(b"the previous edition")
    assert_error(run(["pdf", "--strict-glyphs", str(source)]), str(source), "no font has a glyph for '中' (U+4E2D)")
    assert target.read_bytes() == b"the previous edition"


@pytest.mark.parametrize("kind", WRITERS)
def test_a_writer_that_breaks_is_one_line_and_leaves_the_old_file(run: Run, tmp_path: Path, kind: str, monkeypatch) -> None:
    import convert.jobs

    def broken(*args: object) -> bytes:
        raise RuntimeError("giữa chừng\nsecond line of a library's message")

    monkeypatch.setattr(convert.jobs, "render", broken)
    target = tmp_path / f"bai.{kind}"
    target.write_bytes(b"the previous edition")
    line = assert_error(run([kind, str(SEED), "-o", str(target)]), str(SEED), f"internal error in the {kind} writer: RuntimeError")
    assert "giữa chừng second line" in line and "--debug" in line
    assert target.read_bytes() == b"the previous edition"


def test_debug_shows_the_traceback(tmp_path: Path, monkeypatch, capsys) -> None:
    import convert.jobs

    def broken(*args: object) -> bytes:
        raise RuntimeError("boom")

    monkeypatch.setattr(convert.jobs, "render", broken)
    for how in (["--debug"], []):
        if not how:
            monkeypatch.setenv("VNCONV_DEBUG", "1")
        with pytest.raises(RuntimeError, match="boom"):
            main([*how, "pdf", str(SEED), "-o", str(tmp_path / "x.pdf")])
        monkeypatch.delenv("VNCONV_DEBUG", raising=False)


@pytest.mark.parametrize("kind", WRITERS)
def test_ctrl_c_exits_130_and_writes_nothing(tmp_path: Path, kind: str, monkeypatch, capsys) -> None:
    import convert.jobs

    def interrupted(*args: object) -> bytes:
        raise KeyboardInterrupt

    monkeypatch.setattr(convert.jobs, "render", interrupted)
    with pytest.raises(SystemExit) as exited:
        main([kind, str(SEED), "-o", str(tmp_path / f"x.{kind}")])
    assert exited.value.code == 130
    err = capsys.readouterr().err
    assert err.strip().splitlines() == ["vnconv: interrupted"]  # after Click's newline, off the ^C
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args", [["pdf"], ["pdf", "--no-such-option", "x"], ["docx", "a", "b"], ["frobnicate"], ["convert", "x", "--to", "odt"]]
)
def test_usage_errors_exit_2(args: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "Usage:" in err and "Traceback" not in err


@pytest.mark.parametrize("kind", WRITERS)
def test_style_values_that_xml_cannot_carry_are_refused(run: Run, out: Path, kind: str) -> None:
    for key in ("placeholder.label", "page.footer", "epub.toc_title", "separators.source"):
        result = run([kind, str(SEED), "-o", str(out / f"x.{kind}"), "--set", f"{key}=Trang\x01{{page}}"])
        assert_error(result, f"--set {key}=Trang\x01{{page}}", "control characters are not allowed", out)  # the option as typed


def test_an_edition_title_is_cleaned_like_article_text(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "so.epub"
    result = run(["epub", str(SEED), "--title", "Số\x00 đặc\x1b biệt <b>&amp;", "-o", str(target)])
    assert result.exit_code == 0 and result.stderr == ""
    with zipfile.ZipFile(target) as book:
        assert "<dc:title>Số đặc biệt &lt;b&gt;&amp;amp;</dc:title>" in book.read("EPUB/content.opf").decode()


# --- what converts, and keeps its text --------------------------------------------------


def convert_all(run: Run, source: Path, out: Path, *extra: str) -> dict[str, tuple[Result, bytes]]:
    """``source`` through each writer command: the result and the output's bytes."""
    done = {}
    for kind in WRITERS:
        target = out / f"{source.stem}.{kind}"
        result = run([kind, str(source), "-o", str(target), *extra])
        assert result.exit_code == 0, result.stderr
        done[kind] = (result, target.read_bytes())
    return done


def test_a_file_with_only_a_headline_is_a_one_line_document(run: Run, tmp_path: Path, out: Path) -> None:
    source = tmp_path / "tieu-de.txt"
    source.write_text("Chỉ có một dòng tiêu đề\n", encoding="utf-8")
    assert json.loads(run(["parse", str(source)]).text)["headline"] == "Chỉ có một dòng tiêu đề"
    for kind, (result, data) in convert_all(run, source, out).items():
        assert result.stderr == ""
        assert "Chỉ có một dòng tiêu đề" in open_output(kind, data).text


def test_nul_bytes_inside_text_are_removed_with_one_warning(run: Run, tmp_path: Path, out: Path) -> None:
    source = tmp_path / "nul.txt"
    source.write_bytes("Tiêu đề\x00 có NUL\n\nTTXVN - Mở\x00 đầu\x01 bài\x7f báo\x9b.\n".encode())
    for kind, (result, data) in convert_all(run, source, out).items():
        assert result.stderr == f"vnconv: warning: {source}: removed 5 control or non-character code point(s)\n"
        text = open_output(kind, data).text
        assert "Tiêu đề có NUL" in text and "Mở đầu bài báo." in text, kind


def test_json_model_with_controls_surrogates_and_noncharacters(run: Run, tmp_path: Path, out: Path) -> None:
    """They never reach an XML writer: removed (NEL becomes a space), with one warning."""
    bad = "\u0000\u0085\ud800\uffff"
    model = {
        "schema": "vnconv.article/1",
        "headline": f"Tiêu{bad}đề",
        "dateline": {"text": f"17/08/2019{bad}", "date": "2019-08-17", "weekday": None},
        "source": f"LSO{bad}",
        "lead": f"Mở{bad}đầu.",
        "blocks": [
            {"type": "paragraph", "text": f"Đoạn{bad}một."},
            {"type": "caption", "text": f"Chú{bad}thích", "credit": f"Ảnh:{bad}PV"},
            {"type": "subheading", "text": f"Tiểu{bad}mục"},
        ],
        "byline": {"text": f"LÊ{bad}AN", "authors": [f"LÊ{bad}AN"]},
        "attribution": f"Theo{bad}TTXVN",
    }
    source = tmp_path / "model.json"
    source.write_text(json.dumps(model), encoding="ascii")
    parsed = json.loads(run(["parse", str(source)]).text)
    assert parsed["headline"] == "Tiêu đề" and parsed["byline"]["authors"] == ["LÊ AN"]
    for kind, (result, data) in convert_all(run, source, out).items():
        assert result.stderr == f"vnconv: warning: {source}: removed 33 control or non-character code point(s)\n"
        text = open_output(kind, data).text
        for expected in ("Tiêu đề", "Mở đầu.", "Đoạn một.", "Chú thích", "Tiểu mục", "LÊ AN", "Theo TTXVN"):
            assert expected in text, (kind, expected)
        assert not set(text) & {"\x00", "\x85", "\ud800", "\uffff"}




def test_markup_is_text_in_every_format_and_reads_no_file(run: Run, tmp_path: Path, out: Path) -> None:
    lines = [" ".join(MARKUP[:4]), "", f"TTXVN - {' '.join(MARKUP[4:8])} đầu.", ""]
    lines += [f"Đoạn {m} thân bài." for m in MARKUP[8:]] + ["", "", f"Chú thích {MARKUP[1]} (Ảnh: {MARKUP[8]})", ""]
    source = tmp_path / "markup.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    model = json.loads(run(["parse", str(source)]).text)
    assert model["headline"] == " ".join(MARKUP[:4])
    # Straight quotes are markup look-alikes too: kept straight, to be found as written
    # (typographic quotes are tested in tests/writers/test_shared.py).
    plain = ("--set", "typography.quotes=false")
    for kind, (result, data) in convert_all(run, source, out, *plain).items():
        assert result.stderr == ""
        opened = open_output(kind, data)
        flat = squeeze(opened.text)
        for piece in MARKUP:
            assert squeeze(piece) in flat, (kind, piece)
        assert "root:" not in opened.text  # /etc/passwd was not read in
        if kind == "pdf":
            assert pdf_images(opened) == []
            assert not [p for p in opened.parts if p.startswith("annotation")]  # no link was made
        elif kind == "docx":
            assert docx_unexpected_parts(opened) == []
            assert b"/etc/passwd" not in zip_entry(data, "word/_rels/document.xml.rels")
        else:
            assert set(epub_texts(opened)) >= {model["headline"], model["lead"]}
            assert epub_unexpected_parts(opened) == []


def zip_entry(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


UNCOVERED = "中文漢\U000f0001"


def test_characters_no_font_has(run: Run, tmp_path: Path, out: Path) -> None:
    """Every format keeps them and warns once (the PDF draws a replacement mark);
    --strict-glyphs refuses them in every format, naming them all at once."""
    source = tmp_path / "la.txt"
    source.write_text("Tiêu đề 😀 中\n\nTTXVN - Mở đầu 中文.\n\nĐoạn 漢 và \U000f0001.\n", encoding="utf-8")
    for kind, extra in (("pdf", ()), ("docx", ()), ("docx", ("--embed-fonts",)), ("epub", ())):
        target = out / f"la{len(extra)}.{kind}"
        result = run([kind, str(source), "-o", str(target), *extra])
        assert result.exit_code == 0, result.stderr
        warnings = result.stderr.splitlines()
        if kind == "docx" and not extra:
            assert warnings == []  # no font is embedded: Word always picks one
        else:
            assert len(warnings) == 1 and warnings[0].startswith(f"vnconv: warning: {source}: no embedded font has ")
            assert all(f"(U+{ord(ch):04X}" in warnings[0] for ch in set(UNCOVERED))
        text = open_output(kind, target.read_bytes()).text
        assert all(piece in text for piece in ("Tiêu đề 😀 中", "Mở đầu 中文.", "Đoạn 漢 và \U000f0001.")), text
        if warnings:
            strict = tmp_path / f"strict-{kind}{len(extra)}"
            strict.mkdir()
            refused = run([kind, "--strict-glyphs", str(source), "-o", str(strict / f"la.{kind}"), *extra])
            line = assert_error(refused, str(source), "no font has a glyph for", strict)
            assert all(f"(U+{ord(ch):04X}" in line for ch in set(UNCOVERED))


def test_a_batch_reports_each_format_on_its_own_line(run: Run, tmp_path: Path, out: Path) -> None:
    source = tmp_path / "la.txt"
    source.write_text("Tiêu đề\x00 😀 中\n\nTTXVN - Mở đầu.\n", encoding="utf-8")
    result = run(["convert", "-q", "--keep-going", "--strict-glyphs", str(source), "-O", str(out)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == f"vnconv: warning: {source}: removed 1 control or non-character code point(s)"
    assert len(lines) == 3 and all(  # the PDF's and the EPUB's refusals
        line.startswith(f"vnconv: error: {source}: no font has a glyph for '中' (U+4E2D) (tried ") for line in lines[1:]
    )
    assert sorted(p.name for p in out.iterdir()) == ["la.docx"]  # the PDF and the EPUB refused


def test_the_pdf_fallback_sets_what_the_main_face_lacks(run: Run, tmp_path: Path, out: Path) -> None:
    source = tmp_path / "hy-lap.txt"
    source.write_text("Tiêu đề Ω\n\nTTXVN - Giá ≈ 5 triệu, αβγ.\n", encoding="utf-8")
    result = run(["pdf", str(source), "-o", str(out / "hy-lap.pdf")])
    assert result.exit_code == 0 and result.stderr == ""
    assert "Giá ≈ 5 triệu, αβγ." in open_output("pdf", (out / "hy-lap.pdf").read_bytes()).text


# --- size ----------------------------------------------------------------------------------


def one_line_article(chars: int) -> str:
    sentence = "Kinh tế tiếp tục phát triển, cơ cấu chuyển dịch đúng hướng; hạ tầng được đầu tư. "
    text = (sentence * (chars // len(sentence) + 1))[:chars]
    return text.rsplit(" ", 1)[0]


def assert_pdf_text(data: bytes, article: Article) -> None:
    """The body text in order (whitespace-normalised), and "Trang N/M" on every page."""
    pages, footer = split_pages(page_texts(data)), pdf_style().page.footer
    assert pages.body == expected_body(article, pdf_style())
    total = len(pages.footers)
    assert pages.footers == [footer.replace("{page}", str(n)).replace("{pages}", str(total)) for n in range(1, total + 1)]
    assert len(set(pages.headers[1:])) <= 1  # the same one-line running header on every later page


def test_a_one_megabyte_line_converts_in_every_format_without_losing_text(run: Run, tmp_path: Path, out: Path) -> None:
    """A one-line file is all headline. The PDF lays it out in pieces (ReportLab's
    paragraph layout is quadratic in its length); 1 and 10 MB articles are `make bench`'s
    section (k)."""
    text = one_line_article(720_000)
    source = tmp_path / "mot-dong.txt"
    source.write_text(text + "\n", encoding="utf-8")
    assert 900_000 < source.stat().st_size < 1_100_000
    article = load_article(str(source))
    assert article.headline == text
    for kind, (result, data) in convert_all(run, source, out).items():
        assert result.stderr == ""
        if kind == "pdf":
            assert_pdf_text(data, article)
        else:  # the DOCX keeps the headline's last two words together with a no-break space
            whole = no_break_before_last_word(text) if kind == "docx" else text
            assert whole in open_output(kind, data).text.split("\n"), kind  # one paragraph, whole
        if kind == "docx":  # the running header repeats only the headline's start
            header = docx_header(data)
            assert header.endswith("…") and len(header) <= 255 and text.startswith(header[:-1])


def docx_header(data: bytes) -> str:
    import docx

    return docx.Document(io.BytesIO(data)).sections[0].header.paragraphs[0].text


def test_twenty_thousand_short_lines(run: Run, tmp_path: Path, out: Path) -> None:
    """Many lines, each a paragraph; larger files are `make bench`'s (sections (j) and (k)),
    20,000 lines keep the suite quick."""
    lines = [f"Dòng số {n} của bài." for n in range(20_000)]
    source = tmp_path / "nhieu-dong.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    article = load_article(str(source))
    assert len(article.blocks) == len(lines) - 2  # a headline, a lead, and a paragraph a line
    for kind, (result, data) in convert_all(run, source, out).items():
        assert result.stderr == ""
        if kind == "pdf":
            assert_pdf_text(data, article)
        else:
            found = [line for line in open_output(kind, data).text.split("\n") if line.startswith("Dòng số ")]
            headline = no_break_before_last_word(lines[0]) if kind == "docx" else lines[0]  # see test_document
            assert found[: len(lines)] == [headline, *lines[1:]], kind
