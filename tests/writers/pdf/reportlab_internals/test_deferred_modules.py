"""Pillow and HarfBuzz, which ReportLab imports as it is imported, are imported only when
used: a PDF without a photo on a warm cache imports neither, a photo still draws, and
the first use from several threads at once imports the module once, for all of them.
Likewise pickle, tempfile, ReportLab's safe evaluator (its functions called through)
and the platypus package's ``__init__`` (with the table module, which only an article
with a table imports)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from convert.writers.pdf.reportlab_internals.deferred_modules import DEFERRED
from tests.conftest import ROOT, SAMPLES
from tests.support.process import after_main

#: In a fresh process: the stand-ins, as ReportLab sees them once the writer is imported.
_IMPORTED = """
import sys
from convert.writers import pdf
pdf._document()
from reportlab.lib import utils
from reportlab.pdfbase import ttfonts
from convert.writers.pdf.reportlab_internals.deferred_modules import DeferredModule, is_deferred
print(is_deferred("PIL.Image"), is_deferred("uharfbuzz"))
print(utils.Image is sys.modules["PIL.Image"], ttfonts.uharfbuzz is sys.modules["uharfbuzz"], isinstance(utils.Image, DeferredModule))
print(ttfonts.shapeFragWord.__code__.co_argcount)  # the shaping one (w, features, force), as with the real module
"""


def test_the_writer_imports_reportlab_with_pillow_and_harfbuzz_deferred() -> None:
    out = subprocess.run([sys.executable, "-c", _IMPORTED], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "True True"
    assert out[1] == "True True True"
    assert out[2] == "3"


#: After a command: the modules still stand-ins, and whether ReportLab's table module was imported.
_LEFT = (
    f"([name for name in {DEFERRED!r} if sys.modules['convert.writers.pdf.reportlab_internals.deferred_modules'].is_deferred(name)],"
    " 'reportlab.platypus.tables' in sys.modules)"
)


def test_a_pdf_without_photos_or_tables_imports_none_of_them(seed: Path, tmp_path: Path) -> None:
    after_main(["pdf", str(seed), "-o", str(tmp_path / "warm.pdf")], "0")  # a warm cache, as a second command finds it
    assert after_main(["pdf", str(seed), "-o", str(tmp_path / "a.pdf")], _LEFT).value == (list(DEFERRED), False)


def test_a_table_imports_the_table_module_alone(tmp_path: Path) -> None:
    article = ROOT / "tests" / "cases" / "table_pipes.txt"
    target = tmp_path / "a.pdf"
    deferred, tables = after_main(["pdf", str(article), "-o", str(target)], _LEFT).value  # type: ignore[misc]
    assert tables and "reportlab.platypus" in deferred
    assert b"/Table" in target.read_bytes()  # the structure tree's Table element: the table was set


def _after_the_writer(code: str, *options: str) -> list[str]:
    """What ``code`` prints, run in a fresh Python after the PDF writer has made its
    document (the stand-ins in place), as lines."""
    source = "import sys\nfrom convert.writers import pdf\npdf._document()\n" + code
    out = subprocess.run([sys.executable, *options, "-c", source], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.split("\n")


def test_the_stand_ins_call_through_and_a_package_loads_whole_when_asked_for_more() -> None:
    code = (
        "from reportlab.lib import utils\n"
        "from convert.writers.pdf.reportlab_internals.deferred_modules import is_deferred\n"
        "print(is_deferred('reportlab.lib.rl_safe_eval'), utils.rl_safe_eval('6 * 7'), is_deferred('reportlab.lib.rl_safe_eval'))\n"
        "import reportlab.platypus\n"
        "print(is_deferred('reportlab.platypus'), 'reportlab.platypus.tables' in sys.modules)\n"
        "from reportlab.platypus import Table, Paragraph\n"
        "platypus = sys.modules['reportlab.platypus']\n"
        "print(is_deferred('reportlab.platypus'), Table is sys.modules['reportlab.platypus.tables'].Table, "
        "platypus.paragraph is sys.modules['reportlab.platypus.paragraph'], Paragraph is platypus.paragraph.Paragraph)\n"
    )
    assert _after_the_writer(code)[:3] == ["True 42 False", "True False", "False True True True"]


def test_a_photo_imports_pillow_and_reportlab_reads_it_through_the_stand_in(tmp_path: Path) -> None:
    target = tmp_path / "a.pdf"
    modules = "sys.modules['convert.writers.pdf.reportlab_internals.deferred_modules'], sys.modules['reportlab.lib.utils'], sys.modules['PIL.Image']"
    expression = f"(lambda deferred, utils, image: (deferred.is_deferred('PIL.Image'), utils.Image.Image is image.Image, utils._isPILImage(image.new('L', (1, 1)))))({modules})"
    found = after_main(["pdf", str(SAMPLES / "004_hoi_hoa_ban.txt"), "--style", "newspaper", "-o", str(target)], expression).value
    assert found == (False, True, True)
    assert target.read_bytes().count(b"/Subtype /Image") >= 3


def test_the_first_use_from_several_threads_imports_once() -> None:
    code = (
        "import sys, threading\n"
        "from convert.writers.pdf.reportlab_internals.deferred_modules import deferring_modules, DeferredModule\n"
        "with deferring_modules(('PIL.Image',)):\n"
        "    pass\n"
        "stand_in = sys.modules['PIL.Image']\n"
        "assert isinstance(stand_in, DeferredModule)\n"
        "start, seen = threading.Barrier(8), []\n"
        "def use():\n"
        "    start.wait()\n"
        "    seen.append(stand_in.new('L', (2, 2)).size)\n"
        "threads = [threading.Thread(target=use) for _ in range(8)]\n"
        "[t.start() for t in threads]; [t.join() for t in threads]\n"
        "import PIL, PIL.Image\n"
        "print(seen == [(2, 2)] * 8, sys.modules['PIL.Image'] is PIL.Image is stand_in.loaded(), PIL.Image is not stand_in)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "True True True"


def test_a_module_already_imported_is_left_as_it_is() -> None:
    code = (
        "import sys, uharfbuzz\n"
        "from convert.writers.pdf.reportlab_internals.deferred_modules import deferring_modules\n"
        "with deferring_modules(('uharfbuzz',)):\n"
        "    pass\n"
        "print(sys.modules['uharfbuzz'] is uharfbuzz)\n"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "True"


def test_the_stand_in_answers_its_version_without_loading_harfbuzz() -> None:
    """The kerning tables' and the static instances' cache entries are named by HarfBuzz's
    version: the stand-in reads it from uharfbuzz's ``_version.py`` (the package's
    ``__version__``) and HarfBuzz stays unloaded, until something else is asked of it."""
    code = (
        "import uharfbuzz\n"
        "from convert.writers.pdf.reportlab_internals.deferred_modules import is_deferred\n"
        "version = uharfbuzz.__version__\n"
        "print(is_deferred('uharfbuzz'), 'uharfbuzz._harfbuzz' in sys.modules)\n"
        "uharfbuzz.Buffer\n"
        "print(is_deferred('uharfbuzz'), version == sys.modules['uharfbuzz'].__version__ == uharfbuzz.__version__)\n"
    )
    assert _after_the_writer(code)[:2] == ["True False", "False True"]


def test_a_stand_in_is_found_as_its_module_by_a_library_caller() -> None:
    """A program that renders a PDF through vnconv and then asks where one of these
    modules is (``importlib.util.find_spec``, as code checking an optional dependency
    does, or ``pkgutil.get_loader``) gets the module's own spec and loader; a stand-in
    with no ``__spec__`` made ``find_spec`` raise ValueError, and ``get_loader`` say None.
    The stand-ins stay stand-ins, and each still loads when used."""
    code = (
        "import importlib.util, pkgutil\n"
        "from convert.writers.pdf.reportlab_internals.deferred_modules import DEFERRED, is_deferred\n"
        "names = [name for name in DEFERRED if is_deferred(name)]\n"
        "print(sorted(names) == sorted(DEFERRED))\n"
        "print(all(importlib.util.find_spec(name).origin == importlib.util.find_spec(name).loader.get_filename(name) for name in names))\n"
        "print(all(pkgutil.get_loader(name) is not None for name in names), all(is_deferred(name) for name in names))\n"
        "import pickle, tempfile\n"
        "print(pickle.loads(pickle.dumps([1])) == [1], is_deferred('pickle'), tempfile.gettempdir() != '')\n"
    )
    assert _after_the_writer(code, "-W", "ignore::DeprecationWarning")[:4] == ["True", "True", "True True", "True False True"]


def test_a_stand_in_lists_its_module_s_names() -> None:
    """``dir`` (and ``inspect.getmembers``, ``help``, a shell's completion) of a stand-in
    lists the real module's names, as a program that rendered a PDF through vnconv and
    then looks into ``pickle`` or ``PIL.Image`` expects; they listed the stand-in's few."""
    code = (
        "import inspect\n"
        "import pickle, tempfile\n"
        "from PIL import Image\n"
        "import reportlab.platypus as platypus\n"
        "print('dumps' in dir(pickle), 'mkdtemp' in dir(tempfile), 'new' in dir(Image), 'Table' in dir(platypus))\n"
        "print(dict(inspect.getmembers(pickle))['dumps'] is pickle.dumps)\n"
    )
    assert _after_the_writer(code)[:2] == ["True True True True", "True"]


def test_a_setting_made_on_a_stand_in_is_the_real_modules(tmp_path: Path) -> None:
    """A program that rendered a PDF and then sets a module's documented variable through
    the name it imported (``Image.MAX_IMAGE_PIXELS`` for a big scan, ``tempfile.tempdir``):
    the real module has it, and the stand-in answers the same; deleted, it is gone from
    both. Each was set on the stand-in alone: Pillow went on with its own limit, mkstemp
    wrote in the system's folder."""
    code = (
        "from PIL import Image\n"
        "import io, tempfile\n"
        "from convert.writers.pdf.reportlab_internals.deferred_modules import is_deferred\n"
        "print(is_deferred('PIL.Image'), is_deferred('tempfile'))\n"
        "Image.MAX_IMAGE_PIXELS = 7\n"
        f"tempfile.tempdir = {str(tmp_path)!r}\n"
        "print(tempfile.mkstemp()[1].startswith(tempfile.tempdir), sys.modules['tempfile'].tempdir == tempfile.tempdir)\n"
        "png = io.BytesIO()\n"
        "Image.new('L', (5, 5)).save(png, 'PNG')\n"
        "real = sys.modules['PIL.Image']\n"
        "print(real is not Image, real.MAX_IMAGE_PIXELS, Image.MAX_IMAGE_PIXELS)\n"
        "try:\n"
        "    Image.open(png).load()\n"
        "    print('opened')\n"
        "except Image.DecompressionBombError:\n"
        "    print('refused')\n"
        "del Image.MAX_IMAGE_PIXELS\n"
        "print(hasattr(real, 'MAX_IMAGE_PIXELS'), hasattr(Image, 'MAX_IMAGE_PIXELS'))\n"
    )
    assert _after_the_writer(code)[:5] == ["True True", "True True", "True 7 7", "refused", "False False"]
