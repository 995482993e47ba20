"""Pillow and HarfBuzz, which ReportLab imports as it is imported, are imported only when
used: a PDF without a photo on a warm cache imports neither, a photo still draws, and
the first use from several threads at once imports the module once, for all of them.
Likewise pickle, tempfile, ReportLab's safe evaluator (its functions called through)
and the platypus package's ``__init__`` (with the table module, which only an article
with a table imports)."""

from __future__ import annotations

import ast
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
    " 'reportlab.platypus.tables' in sys.modules, 'convert.writers.pdf.press.pdfx' in sys.modules)"
)


def _as_vnconv_runs(args: list[str], expression: str) -> object:
    """``expression``'s value once ``vnconv ARGS`` has run as the ``vnconv`` script runs
    it (``convert.client``: ``convert.start`` begun before the command line is imported,
    as ``after_main`` does not), evaluated as the process exits."""
    code = (
        "import atexit, sys\nfrom convert import start\nstart.begin()\nfrom convert.cli import main\n"
        f"sys.argv = ['vnconv', *{args!r}]\n"
        f"atexit.register(lambda: sys.stderr.write('\\n' + repr({expression})))\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return ast.literal_eval(result.stderr.splitlines()[-1])


def test_a_pdf_without_photos_or_tables_imports_none_of_them(seed: Path, tmp_path: Path) -> None:
    # A warm cache, as a third command finds it: the compiled patterns are kept by the
    # second process that compiles them (convert.regex_code keeps what an earlier one
    # had seen), which imports tempfile to write them. Warmed by processes that run as
    # the one looked at does (start.begin first), so every entry it reads is there: the
    # test failed whenever no other test had run vnconv pdf twice on this code before it.
    for warm in ("warm-1.pdf", "warm-2.pdf"):
        _as_vnconv_runs(["pdf", str(seed), "-o", str(tmp_path / warm)], "0")
    assert _as_vnconv_runs(["pdf", str(seed), "-o", str(tmp_path / "a.pdf")], _LEFT) == (list(DEFERRED), False, False)  # nor PDF/X's module


def test_a_table_imports_the_table_module_alone(tmp_path: Path) -> None:
    article = ROOT / "tests" / "cases" / "table_pipes.txt"
    target = tmp_path / "a.pdf"
    deferred, tables, _ = after_main(["pdf", str(article), "-o", str(target)], _LEFT).value  # type: ignore[misc]
    assert tables and "reportlab.platypus" in deferred
    assert b"/Table" in target.read_bytes()  # the structure tree's Table element: the table was set


def _after_the_writer(code: str, *options: str) -> list[str]:
    """What ``code`` prints, run in a fresh Python after the PDF writer has made its
    document (the stand-ins in place), as lines; ``before`` holds the names of the
    modules imported before it (``deferred_modules`` itself imported: a module already
    there is left as it is)."""
    source = (
        "import sys\nfrom convert.writers import pdf\nfrom convert.writers.pdf.reportlab_internals import deferred_modules\n"
        "before = set(sys.modules)\npdf._document()\n"
    ) + code
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
        "print(all(name in names or name in before for name in DEFERRED))\n"
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

def test_reportlab_s_md5_is_cpython_s_own_and_hashlib_loads_for_anything_else() -> None:
    """The MD5 ReportLab seeds a document's /ID with is CPython's own (``_md5``, what
    hashlib falls back to without OpenSSL), the same digest as hashlib's; asking the
    stand-in for anything else (SHA-1) imports hashlib, which then answers."""
    code = (
        "import _md5\n"
        "from reportlab.pdfbase import pdfdoc\n"
        "from convert.writers.pdf.reportlab_internals.deferred_modules import is_deferred\n"
        "import hashlib\n"
        "print(pdfdoc.md5 is _md5.md5, pdfdoc.md5(b'vnconv', usedforsecurity=False).hexdigest(), is_deferred('hashlib'), '_hashlib' in sys.modules)\n"
        "print(hashlib.sha1(b'vnconv').hexdigest(), is_deferred('hashlib'), hashlib.md5(b'vnconv').hexdigest())\n"
    )
    assert _after_the_writer(code)[:2] == [
        "True 9fa7355018973c34dc6059a47f9f6829 True False",
        "5f32ee79ea103b4262dcc1b6170e467494b72ebe False 9fa7355018973c34dc6059a47f9f6829",
    ]


def test_reportlab_s_loggers_are_looked_up_when_used_and_are_the_real_ones() -> None:
    """``platypus.frames`` and ``doctemplate`` make their logger as they are imported:
    a ``DeferredLogger``, which imports logging when asked anything and is then the
    logger of that name (its level set through it is the real logger's). Another
    module's ``getLogger`` imports logging and gets a real logger."""
    code = (
        "from reportlab.platypus import doctemplate, frames\n"
        "from convert.writers.pdf.reportlab_internals.deferred_modules import DeferredLogger, is_deferred\n"
        "print(isinstance(frames.logger, DeferredLogger), is_deferred('logging'), 'traceback' in sys.modules)\n"
        "frames.logger.setLevel(5)\n"
        "import logging\n"
        "print(is_deferred('logging'), logging.getLogger('reportlab.platypus').level, doctemplate.logger.name)\n"
        "doctemplate.logger.propagate = False\n"
        "print(logging.getLogger('reportlab.platypus').propagate, isinstance(logging.getLogger('other'), logging.Logger))\n"
    )
    assert _after_the_writer(code)[:3] == ["True True False", "False 5 reportlab.platypus", "False True"]


def test_the_functions_reportlab_takes_by_name_call_the_real_ones() -> None:
    """ast's ``literal_eval``, base64's and urllib.parse's functions, as ReportLab's
    ``lib.utils`` took them, import their module when called and answer as it does."""
    code = (
        "from reportlab.lib import utils\n"
        "from convert.writers.pdf.reportlab_internals.deferred_modules import is_deferred\n"
        "print(is_deferred('base64'), is_deferred('logging'))\n"
        "print(utils.literal_eval('(1, [2])'), utils.base64_decodebytes(utils.base64_encodebytes(b'ab')), "
        "utils.unquote('a%20b'), utils.urlparse('http://x/y').netloc)\n"
        "print(is_deferred('base64'), is_deferred('urllib.parse'), is_deferred('ast'))\n"
    )
    assert _after_the_writer(code)[:3] == ["True True", "(1, [2]) b'ab' a b x", "False False False"]


def test_convert_start_s_stand_in_is_lent_the_functions_and_stays_a_stand_in() -> None:
    """In a command that is the whole process, ``urllib.parse`` is ``convert.start``'s
    stand-in when ReportLab is imported: it is lent ``unquote`` and ``urlparse``, which
    import the real module (through the stand-in's ``__getattr__``) when called."""
    code = (
        "import sys\nfrom convert import start\nstart.begin()\n"
        "stand_in = sys.modules['urllib.parse']\n"
        "from convert.writers import pdf\npdf._document()\n"
        "from reportlab.lib import utils\n"
        "from convert.writers.pdf.reportlab_internals.deferred_modules import is_deferred\n"
        "print(sys.modules['urllib.parse'] is stand_in, is_deferred('urllib.parse'), 'ipaddress' in sys.modules)\n"
        "print(utils.urlparse('http://x/y').netloc, utils.unquote('%41'), is_deferred('urllib.parse'), stand_in.urlparse is sys.modules['urllib.parse'].urlparse)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == ["True True False", "x A False True"]


def test_the_constants_a_stand_in_holds_are_its_module_s() -> None:
    """``string``'s stand-in holds the constants ReportLab takes by name, as the module
    defines them; anything else imports it."""
    import string

    from convert.writers.pdf.reportlab_internals.deferred_modules import CONSTANTS

    assert CONSTANTS["string"] == {name: getattr(string, name) for name in CONSTANTS["string"]}
    code = (
        "from reportlab.platypus import paragraph\n"
        "from convert.writers.pdf.reportlab_internals.deferred_modules import is_deferred\n"
        "import string\n"
        "print(is_deferred('string'), paragraph.whitespace == ' \\t\\n\\r\\x0b\\x0c')\n"
        "print(string.Template('$a').substitute(a=1), is_deferred('string'))\n"
    )
    assert _after_the_writer(code)[:2] == ["True True", "1 False"]


def test_a_standard_font_s_widths_load_when_a_text_is_set_in_it() -> None:
    """The standard 14 fonts' width tables stand in until a standard font is used; then
    ``_fontdata``'s table answers as the module's dictionary (the same widths, a string
    in Helvetica measured as ReportLab measures it with the real table)."""
    code = (
        "from convert.writers.pdf.reportlab_internals.deferred_modules import DeferredMapping, is_deferred\n"
        "from reportlab.pdfbase import _fontdata, pdfmetrics\n"
        "table = _fontdata.widthsByFontGlyph['Helvetica']\n"
        "print(is_deferred('reportlab.pdfbase._fontdata_widths_helvetica'), isinstance(table, DeferredMapping))\n"
        "width = pdfmetrics.stringWidth('Hanoi, 1945', 'Helvetica', 10)\n"
        "from reportlab.pdfbase import _fontdata_widths_helvetica as real\n"
        "print(is_deferred('reportlab.pdfbase._fontdata_widths_helvetica'), is_deferred('reportlab.pdfbase._fontdata_widths_courier'))\n"
        "print(table == real.widths, dict(table) == real.widths, table.copy() == real.widths, len(table) == len(real.widths))\n"
        "print(width == sum(real.widths[n] for n in ('H', 'a', 'n', 'o', 'i', 'comma', 'space', 'one', 'nine', 'four', 'five')) * 10 / 1000)\n"
        "table['H'] = 1; print(real.widths['H'], 'H' in table)\n"
        "import copy, pickle; print(copy.deepcopy(table) == real.widths, pickle.loads(pickle.dumps(table)) == real.widths, type(copy.copy(table)).__name__)\n"
    )
    assert _after_the_writer(code)[:6] == ["True True", "False True", "True True True True", "True", "1 True", "True True dict"]


def test_a_standard_encoding_loads_when_a_standard_font_asks_for_it() -> None:
    """The standard encodings' vectors stand in until ``pdfmetrics.Encoding`` reads one;
    then the stand-in answers as the module's tuple (index, slice, ``len``, ``==``,
    ``hash``), and an encoding made from it is the one made from the real vector."""
    code = (
        "from convert.writers.pdf.reportlab_internals.deferred_modules import DeferredSequence, is_deferred\n"
        "from reportlab.pdfbase import _fontdata, pdfmetrics\n"
        "vector = _fontdata.encodings['WinAnsiEncoding']\n"
        "print(is_deferred('reportlab.pdfbase._fontdata_enc_winansi'), isinstance(vector, DeferredSequence))\n"
        "encoding = pdfmetrics.Encoding('WinAnsiEncoding')\n"
        "print(is_deferred('reportlab.pdfbase._fontdata_enc_winansi'), encoding[65])\n"
        "from reportlab.pdfbase._fontdata_enc_winansi import WinAnsiEncoding as real\n"
        "print(is_deferred('reportlab.pdfbase._fontdata_enc_winansi'), is_deferred('reportlab.pdfbase._fontdata_enc_macroman'))\n"
        "print(vector == real, tuple(vector) == real, vector[:] == real, len(vector), vector[65], hash(vector) == hash(real))\n"
        "print(tuple(encoding.vector) == real, pdfmetrics.Encoding('Mine', 'WinAnsiEncoding').vector == real, encoding[65], vector.index('A'), 'A' in vector)\n"
        "print(pdfmetrics.stringWidth('Hanoi', 'Times-Roman', 10) == pdfmetrics.stringWidth('Hanoi', 'Times-Roman', 10))\n"
        "import copy, pickle; print(copy.deepcopy(vector) == real, pickle.loads(pickle.dumps(vector)) == real, type(copy.copy(vector)).__name__)\n"
    )
    assert _after_the_writer(code)[:7] == ["True True", "True A", "False True", "True True True 256 A True", "True True A 65 True", "True", "True True tuple"]


def test_html_entities_stands_in_with_its_table_from_the_cache(tmp_path: Path) -> None:
    """``html.entities`` stands in once its ``name2codepoint`` is in the cache (the first
    process imports the module and writes the entry): the table held is the module's,
    entry for entry in its order, so ParaParser's entities are the same; ``html5`` and
    the rest load the module when read, and its ``name2codepoint`` is then that table."""
    import os

    code = (
        "import runpy, sys\nfrom convert.writers import pdf\npdf._document()\n"
        "from convert.writers.pdf.reportlab_internals.deferred_modules import DeferredMapping, is_deferred\n"
        "from reportlab.platypus import paraparser\n"
        "real = runpy.run_path(sys.modules['html.entities'].__spec__.origin)\n"
        "print(is_deferred('html.entities'), list(paraparser.name2codepoint.items()) == list(real['name2codepoint'].items()))\n"
        "import html\n"
        "print(isinstance(html._html5, DeferredMapping) or not is_deferred('html.entities'), is_deferred('html.entities'))\n"
        "print(html.unescape('&eacute; &amp; &alpha;'), is_deferred('html.entities'), html._html5 == real['html5'])\n"
        "import html.entities\n"
        "print(html.entities.name2codepoint is paraparser.name2codepoint, html.entities.codepoint2name == real['codepoint2name'])\n"
        "print(paraparser.known_entities['eacute'], paraparser.known_entities['alpha'], paraparser.known_entities['amp'])\n"
    )
    env = {**os.environ, "VNCONV_CACHE_DIR": str(tmp_path)}

    def run() -> list[str]:
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout.split("\n")[:5]

    cold = run()  # no entry: the module imported, the entry written
    assert cold[0] == "False True" and cold[3:] == ["True True", "é α &"]
    assert len(list((tmp_path / "pdf-tables").glob("entities-*.marshal"))) == 1
    assert run() == ["True True", "True True", "é & α False True", "True True", "é α &"]
