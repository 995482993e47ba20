"""python-docx's skeleton: made by python-docx, kept in the cache, checked when read."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from convert.writers.docx import skeleton as module


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache, and no skeleton in memory."""
    monkeypatch.setenv("VNCONV_CACHE_DIR", str(tmp_path))
    module.skeleton.cache_clear()
    yield tmp_path
    module.skeleton.cache_clear()


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "docx-skeleton").glob("skeleton-*.json"))


def test_made_by_python_docx_once_and_kept(fresh: Path) -> None:
    made = module.skeleton()
    assert made == module.make()
    [entry] = _entries(fresh)
    module.skeleton.cache_clear()
    assert module.skeleton() == made  # read back
    assert _entries(fresh) == [entry]


def test_a_damaged_entry_is_made_again(fresh: Path, capsys: pytest.CaptureFixture[str]) -> None:
    made = module.skeleton()
    [entry] = _entries(fresh)
    entry.write_bytes(entry.read_bytes()[:-5])
    module.skeleton.cache_clear()
    assert module.skeleton() == made
    assert "is damaged or truncated" in capsys.readouterr().err
    module.skeleton.cache_clear()
    assert module.skeleton() == made
    assert capsys.readouterr().err == ""  # written again, whole


def test_what_it_holds() -> None:
    made = module.make()
    for (opening, blank, closing), root, style in ((made.header, "w:hdr", "Header"), (made.footer, "w:ftr", "Footer")):
        assert opening.startswith("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<" + root + " ")
        assert blank == f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr></w:p>'
        assert closing == f"</{root}>"
    run = made.picture_run(7, "rId12", 'a "b".jpg', 100, 200, "Mô tả <ảnh> & lời", "Tên")
    assert run.startswith("<w:r><w:drawing><wp:inline ") and run.endswith("</wp:inline></w:drawing></w:r>")
    assert '<wp:extent cx="100" cy="200"/>' in run and '<a:ext cx="100" cy="200"/>' in run
    assert '<wp:docPr id="7" name="Picture 7" descr="Mô tả &lt;ảnh&gt; &amp; lời" title="Tên"/>' in run
    assert '<pic:cNvPr id="0" name="a &quot;b&quot;.jpg"/>' in run and 'r:embed="rId12"' in run
    assert "98765" not in run and "vnconv-marker" not in run


def test_a_warm_process_does_not_import_python_docx(tmp_path: Path) -> None:
    code = (
        "import sys; from convert.writers.docx.skeleton import skeleton; skeleton(); "
        "print(sorted(m for m in ('docx', 'lxml', 'typing_extensions') if m in sys.modules))"
    )
    env = {"VNCONV_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert "docx" in first.stdout  # made by python-docx
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert second.stdout.strip() == "[]"
