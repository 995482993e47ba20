"""The ReportLab private parts vnconv leans on (``convert.writers.pdf.reportlab_internals``)
are still there, with the shape vnconv expects: each check names the part, so an
upgrade that changes one fails here, loudly, before a PDF goes wrong.

The modules' own tests compare their answers with ReportLab's (fragments, measures,
faces, programs, streams); these check the hooks they hang on, each adapter on
ReportLab's own objects, and, reading vnconv's source with ``ast``, that no module
outside ``reportlab_internals`` touches a private part.
"""

from __future__ import annotations

import ast
import functools
import inspect
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pytest
import reportlab
from reportlab.lib import textsplit
from reportlab.pdfbase import pdfdoc, ttfonts
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, KeepTogether, Paragraph
from reportlab.platypus import doctemplate
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.lib.styles import ParagraphStyle

import convert
from convert.writers.pdf.reportlab_internals import CHECKED_VERSIONS
from tests.support.pdf import shipped_faces


def _codes(module: types.ModuleType) -> Iterator[types.CodeType]:
    """Every code object defined in ``module`` (functions, methods, nested ones)."""
    pending = [
        value.__code__
        for owner in [module, *(v for v in vars(module).values() if isinstance(v, type) and v.__module__ == module.__name__)]
        for value in vars(owner).values()
        if isinstance(value, types.FunctionType) and value.__module__ == module.__name__
    ]
    while pending:
        code = pending.pop()
        yield code
        pending.extend(c for c in code.co_consts if isinstance(c, types.CodeType))


def _reads_global(module: types.ModuleType, name: str) -> bool:
    return any(name in code.co_names for code in _codes(module))


def test_the_version_checked_is_named() -> None:
    """Not a failure on an upgrade (the checks below are): the version named in the
    package's docstring is the one in CHECKED_VERSIONS."""
    from convert.writers.pdf import reportlab_internals

    assert CHECKED_VERSIONS and all(v in (reportlab_internals.__doc__ or "") for v in CHECKED_VERSIONS)
    if reportlab.Version not in CHECKED_VERSIONS:
        pytest.skip(f"ReportLab {reportlab.Version} is not among {CHECKED_VERSIONS}: the checks below decide")


@pytest.mark.parametrize(
    ("module", "name"),
    [
        (rl_paragraph, "sameFrag"),  # fragments.install
        (rl_paragraph, "stringWidth"),  # measures.install
        (rl_paragraph, "getAscentDescent"),  # measures.install
        (rl_paragraph, "_hyGenPair"),  # paragraphs.install_word_breaks
        (pdfdoc, "zlib"),  # compression.install
    ],
)
def test_a_replaced_global_is_still_looked_up_by_its_module(module: types.ModuleType, name: str) -> None:
    assert hasattr(module, name), f"ReportLab {reportlab.Version}: {module.__name__}.{name} is gone; vnconv replaces it (see reportlab_internals)"
    assert _reads_global(module, name), (
        f"ReportLab {reportlab.Version}: no function of {module.__name__} reads the global {name} any more, "
        "so vnconv's replacement would silently do nothing (see reportlab_internals)"
    )


def test_the_hyphenation_hook_keeps_its_signature() -> None:
    """``_breaking_urls`` calls it with these arguments in this order."""
    original = inspect.unwrap(rl_paragraph._hyGenPair)
    names = list(inspect.signature(original).parameters)
    assert names[:7] == ["hyphenator", "s", "ww", "newWidth", "maxWidth", "fontName", "fontSize"], (
        f"ReportLab {reportlab.Version}: paragraph._hyGenPair{inspect.signature(original)} changed; "
        "layout.lines._breaking_urls (installed by paragraphs.install_word_breaks) relies on its first seven arguments"
    )
    assert rl_paragraph._SplitWordEnd.__name__ == "_SplitWordEnd", "paragraphs recognises _SplitWordEnd by name"


@pytest.mark.parametrize(("module", "name"), [(rl_paragraph, "uri_pat"), (textsplit, "rx")])
def test_the_deferred_patterns_are_still_compiled_on_import(module: types.ModuleType, name: str) -> None:
    pattern = getattr(module, name, None)
    assert pattern is not None, f"ReportLab {reportlab.Version}: {module.__name__}.{name} is gone; deferred_patterns defers it"
    assert "\uffff" in pattern.pattern, f"ReportLab {reportlab.Version}: {module.__name__}.{name} no longer reaches U+FFFF"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ReportLab walks the font folders on Linux only")
def test_the_settings_still_walk_the_font_folders_with_os_walk() -> None:
    from reportlab import rl_settings

    finder = getattr(rl_settings, "_findFontDirs", None)
    assert finder is not None and "os.walk(" in inspect.getsource(finder), (
        f"ReportLab {reportlab.Version}: rl_settings no longer finds font folders with os.walk (font_search skips that walk)"
    )


def test_the_deferred_modules_are_still_imported_as_stand_ins_can_take() -> None:
    """``deferred_modules``: plain imports of pickle, tempfile and the platypus modules,
    and the safe evaluator's four functions taken by name (``CALLED_THROUGH``)."""
    from reportlab.lib import rltempfile, utils

    platypus = Path(reportlab.__file__).parent / "platypus" / "__init__.py"
    assert all(line.startswith(("from .", "#", "__")) or not line.strip() for line in platypus.read_text().splitlines()), (
        f"ReportLab {reportlab.Version}: reportlab/platypus/__init__.py does more than import its modules"
    )
    utils_source = inspect.getsource(utils)
    assert "from . rl_safe_eval import rl_safe_exec, rl_safe_eval, safer_globals, rl_extended_literal_eval\n" in utils_source
    assert "\nimport os, pickle," in utils_source and "\nimport os, tempfile\n" in inspect.getsource(rltempfile)


def test_the_standard_library_s_deferred_modules_are_imported_as_their_stand_ins_take() -> None:
    """``deferred_modules``: the functions ReportLab takes by name from ast, base64,
    hashlib and urllib.parse as it is imported (``CALLED_THROUGH``, ``BUILT_IN``), the
    constants it takes from string (``CONSTANTS``) and the loggers its platypus modules
    make (``LOGGING_MODULES``), and nothing else."""
    from reportlab.lib import colors, utils
    from reportlab.pdfgen import canvas
    from reportlab.platypus import frames

    from convert.writers.pdf.reportlab_internals.deferred_modules import LOGGING_MODULES

    def imports(module: types.ModuleType) -> set[str]:
        tree = ast.parse(inspect.getsource(module))
        found = {f"import {alias.name}" for node in tree.body if isinstance(node, ast.Import) for alias in node.names}
        found |= {
            f"from {node.module} import {alias.name}"
            for node in tree.body
            if isinstance(node, ast.ImportFrom) and node.module
            for alias in node.names
        }
        return {line for line in found if line.split()[1].split(".")[0] in {"ast", "base64", "hashlib", "urllib", "logging", "string"}}

    expected = {
        utils: {
            "from ast import literal_eval",
            "from base64 import decodebytes",
            "from base64 import encodebytes",
            "from hashlib import md5",
            "from urllib.parse import unquote",
            "from urllib.parse import urlparse",
        },
        colors: {"from ast import literal_eval"},
        pdfdoc: {"from hashlib import md5"},
        canvas: {"import hashlib", "from string import digits"},
        rl_paragraph: {"from string import whitespace"},
        frames: {"import logging"},
        doctemplate: {"import logging"},
    }
    for module, lines in expected.items():
        assert imports(module) == lines, f"ReportLab {reportlab.Version}: {module.__name__} imports {imports(module)} (deferred_modules)"
    for name in LOGGING_MODULES:
        module = sys.modules[name]
        assert 'logger = logging.getLogger("reportlab.platypus")' in inspect.getsource(module).replace("'", '"'), (
            f"ReportLab {reportlab.Version}: {name} no longer makes its logger with logging.getLogger (deferred_modules)"
        )


def test_the_stream_filter_compresses_with_the_module_zlib() -> None:
    encode = pdfdoc.PDFStreamFilterZCompress.encode
    assert "zlib" in encode.__code__.co_names, f"ReportLab {reportlab.Version}: PDFStreamFilterZCompress.encode no longer uses pdfdoc.zlib"


def test_a_parsed_face_has_the_attributes_parsed_faces_and_programs_use() -> None:
    face_path = str(shipped_faces()[0].path)
    face = ttfonts.TTFontFace(face_path)
    state = vars(face)
    for name in ("_ttf_data", "_pdfScale", "unitsPerEm", "glyphPos", "charToGlyph", "hmetrics", "table", "filename"):
        assert name in state, f"ReportLab {reportlab.Version}: TTFontFace no longer sets {name} (parsed_faces, programs)"
    assert callable(getattr(face, "get_table", None)), f"ReportLab {reportlab.Version}: TTFontFace.get_table is gone (programs)"
    position, length = face.get_table_pos("glyf")
    assert face._ttf_data[position : position + length] == face.get_table("glyf"), (
        f"ReportLab {reportlab.Version}: get_table_pos no longer says where get_table reads a table in _ttf_data (programs)"
    )
    assert any(isinstance(v, ttfonts.TTFNameBytes) and hasattr(v, "ustr") for v in state.values()), (
        f"ReportLab {reportlab.Version}: TTFontFace keeps no TTFNameBytes with ustr (parsed_faces)"
    )
    assert callable(getattr(ttfonts.TTFontFile, "makeSubset", None)), f"ReportLab {reportlab.Version}: TTFontFile.makeSubset is gone (programs copies it)"
    maker = ttfonts.TTFontMaker()
    assert callable(getattr(maker, "add", None)) and callable(getattr(maker, "makeStream", None)), (
        f"ReportLab {reportlab.Version}: TTFontMaker.add/makeStream changed (programs)"
    )
    font = ttfonts.TTFont("vnconv-check", face_path)
    assert hasattr(font, "_asciiReadable"), f"ReportLab {reportlab.Version}: TTFont._asciiReadable is gone (truetype_fonts)"
    assert hasattr(ttfonts, "unShapedFontGlob"), f"ReportLab {reportlab.Version}: ttfonts.unShapedFontGlob is gone (truetype_fonts)"


def test_a_frame_has_the_attributes_the_flow_reads() -> None:
    canvas = Canvas(None)
    frame = Frame(10, 20, 300, 400, id="column-1")
    style = ParagraphStyle("check")
    frame.add(Paragraph("text", style), canvas)
    for name in ("_atTop", "_x1", "_y", "_y1p", "_y2", "_width", "_topPadding"):
        assert hasattr(frame, name), f"ReportLab {reportlab.Version}: Frame.{name} is gone (frames)"
    assert isinstance(frame._getAvailableWidth(), float | int), f"ReportLab {reportlab.Version}: Frame._getAvailableWidth changed (frames)"
    assert hasattr(canvas, "_doc") and hasattr(canvas._doc, "_timeStamp"), f"ReportLab {reportlab.Version}: canvas._doc._timeStamp is gone (canvas_state, pdf_document)"


def test_the_doc_template_still_marks_postponed_flowables() -> None:
    assert "_postponed" in inspect.getsource(doctemplate.BaseDocTemplate.handle_flowable), (
        f"ReportLab {reportlab.Version}: BaseDocTemplate.handle_flowable no longer uses _postponed (flow_marks)"
    )


def test_keep_together_keeps_its_content_and_height() -> None:
    style = ParagraphStyle("check")
    kept = KeepTogether([Paragraph("one", style), Paragraph("two", style)])
    assert isinstance(kept._content, list), f"ReportLab {reportlab.Version}: KeepTogether._content is gone (flow_marks)"
    kept.wrapOn(Canvas(None), 300, 400)
    assert hasattr(kept, "_H"), f"ReportLab {reportlab.Version}: KeepTogether._H is gone (frames)"


def test_a_split_paragraph_still_reads_justify_last() -> None:
    assert "_JustifyLast" in inspect.getsource(rl_paragraph.Paragraph), (
        f"ReportLab {reportlab.Version}: Paragraph no longer reads _JustifyLast (paragraphs)"
    )


def test_the_canvas_still_has_the_parts_marked_content_uses() -> None:
    """``marked_content.MarkingCanvas``: the page's operators are the list ``_code``
    (``addLiteral`` appends to it), the page counter ``_pageNumber`` starts at 1 and
    ``_startPage`` begins the next page, counting it."""
    import io

    canvas = Canvas(io.BytesIO())
    assert isinstance(canvas._code, list) and canvas._pageNumber == 1, f"ReportLab {reportlab.Version}: Canvas._code or _pageNumber changed"
    canvas.addLiteral("% marked")
    assert canvas._code[-1] == "% marked", f"ReportLab {reportlab.Version}: addLiteral no longer appends to Canvas._code"
    canvas.showPage()
    assert canvas._pageNumber == 2 and canvas._code == [], f"ReportLab {reportlab.Version}: showPage no longer begins a page through _startPage"
    assert "_startPage" in vars(Canvas), f"ReportLab {reportlab.Version}: Canvas._startPage is gone"


def test_a_paragraph_ends_each_line_through_text_out_with_t_star() -> None:
    """``marked_content``'s text object adds a line's lost space in ``_textOut`` when
    ``TStar`` is set: a paragraph of three lines calls it so three times, on a text
    object that has ``_canvas`` and ``_fontname``."""
    import io

    from reportlab.pdfgen.textobject import PDFTextObject

    calls: list[tuple[str, int]] = []
    original = PDFTextObject._textOut

    def spy(self: PDFTextObject, text: str, TStar: int = 0) -> None:  # noqa: N803 - ReportLab's name
        assert self._canvas is not None and self._fontname
        calls.append((text, TStar))
        original(self, text, TStar)

    canvas = Canvas(io.BytesIO())
    paragraph = Paragraph("một hai ba bốn năm sáu bảy tám chín mười", ParagraphStyle("p", fontSize=10, leading=12))
    paragraph.wrap(60, 1000)
    lines = len(paragraph.blPara.lines)
    PDFTextObject._textOut = spy  # type: ignore[method-assign]
    try:
        paragraph.drawOn(canvas, 0, 0)
    finally:
        PDFTextObject._textOut = original  # type: ignore[method-assign]
    assert lines > 1 and sum(1 for _, star in calls if star) == lines, (
        f"ReportLab {reportlab.Version}: a paragraph no longer ends each line with _textOut(..., TStar=1)"
    )


def test_the_text_object_still_formats_truetype_text_as_kerned_text_does() -> None:
    """``kerned_text.install`` wraps ``PDFTextObject._formatText`` and writes what its
    TrueType branch writes: the subset's font selection when ``_curSubset`` changes, each
    string escaped by ``canvas._escape``, the codes from ``TTFont.splitString``; and
    ``fonts.subsets`` measures with ``rl_accel.instanceStringWidthTTF``."""
    from reportlab.lib import rl_accel
    from reportlab.pdfgen import textobject

    source = inspect.getsource(inspect.unwrap(textobject.PDFTextObject._formatText))
    for name in ("_curSubset", "splitString", "getSubsetInternalName", "_escape", "_fontsize", "_leading", "ShapedStr"):
        assert name in source, (
            f"ReportLab {reportlab.Version}: PDFTextObject._formatText no longer uses {name} (reportlab_internals.kerned_text mirrors it)"
        )
    assert hasattr(rl_accel, "instanceStringWidthTTF"), f"ReportLab {reportlab.Version}: rl_accel.instanceStringWidthTTF is gone (truetype_fonts)"
    assert "instanceStringWidthTTF" in ttfonts.TTFont.stringWidth.__code__.co_names, (
        f"ReportLab {reportlab.Version}: TTFont.stringWidth no longer measures with instanceStringWidthTTF (fonts.subsets adds the kerning to it)"
    )


def test_a_wrapped_table_keeps_its_row_heights() -> None:
    from reportlab.platypus import Table

    table = Table([["a", "b"], ["c", "d"]])
    table.wrap(300, 400)
    assert len(getattr(table, "_rowHeights", [])) == 2, f"ReportLab {reportlab.Version}: Table._rowHeights is gone (tables)"


# --- the adapters, on ReportLab's own objects --------------------------------------------


def test_the_frame_adapters_read_a_frame_being_filled() -> None:
    from convert.writers.pdf.reportlab_internals import frames

    canvas = Canvas(None)
    frame = Frame(10, 20, 300, 400, id="column-1")  # ReportLab's default padding: 6 pt
    assert frames.at_top(frame) and frames.room_left(frame) == 400 - 12 and frames.full_height(frame) == 400
    assert frames.available_width(frame) == 300 - 12 and frames.text_box(frame) == (10, 300, 420 - 6)
    paragraph = Paragraph("text", ParagraphStyle("check", fontSize=10, leading=12))
    frame.add(paragraph, canvas)
    assert not frames.at_top(frame), f"ReportLab {reportlab.Version}: Frame._atTop no longer cleared by add (frames)"
    assert frames.room_left(frame) == 400 - 12 - 12 and frames.cursor(frame) == 420 - 6 - 12, (
        f"ReportLab {reportlab.Version}: Frame._y/_y1p no longer follow what add set (frames)"
    )


def test_a_flowable_moved_on_carries_the_postponed_mark() -> None:
    """``BaseDocTemplate.handle_flowable`` marks a flowable that moved on to the next frame
    (``flow_marks.is_postponed``); ``set_postponed`` sets and clears that mark."""
    import io

    from reportlab.platypus import BaseDocTemplate, PageTemplate, Spacer

    from convert.writers.pdf.reportlab_internals.flow_marks import is_postponed, set_postponed

    seen: list[bool] = []

    class Document(BaseDocTemplate):
        def afterFlowable(self, flowable: object) -> None:  # noqa: N802 - ReportLab's name
            if isinstance(flowable, Spacer) and flowable.height == 150:
                seen.append(is_postponed(flowable))

    document = Document(io.BytesIO(), pagesize=(300, 400))
    document.addPageTemplates([PageTemplate("two", [Frame(0, 200, 300, 200, id="a"), Frame(0, 0, 300, 200, id="b")])])
    document.build([Spacer(10, 100), Spacer(10, 150)])  # the second does not fit under the first
    assert seen == [True], f"ReportLab {reportlab.Version}: a flowable moved on is no longer marked _postponed (flow_marks)"
    spacer = Spacer(1, 1)
    set_postponed(spacer, True)
    assert is_postponed(spacer)
    set_postponed(spacer, False)
    set_postponed(spacer, False)
    assert not is_postponed(spacer)


def test_the_keep_together_adapters_read_its_parts_and_height() -> None:
    from convert.writers.pdf.reportlab_internals.flow_marks import kept_content, kept_height

    style = ParagraphStyle("check", fontSize=10, leading=12)
    parts = [Paragraph("one", style), Paragraph("two", style)]
    kept = KeepTogether(parts)
    assert kept_content(kept) == parts, f"ReportLab {reportlab.Version}: KeepTogether._content changed (flow_marks)"
    kept.wrapOn(Canvas(None), 300, 400)
    assert kept_height(kept) == 24, f"ReportLab {reportlab.Version}: KeepTogether._H is not its parts' height (flow_marks)"


def test_the_row_heights_of_a_wrapped_table() -> None:
    from reportlab.platypus import Table

    from convert.writers.pdf.reportlab_internals.tables import row_heights

    table = Table([["a", "b"], ["c", "d"]], rowHeights=[20, 30])
    table.wrap(300, 400)
    assert row_heights(table) == [20, 30], f"ReportLab {reportlab.Version}: Table._rowHeights changed (tables)"


def test_the_paragraph_adapters() -> None:
    from convert.writers.pdf.reportlab_internals import paragraphs

    for prefix in ("_SplitWord", "_SplitFrag", "_SHY"):
        assert any(name.startswith(prefix) for name in vars(rl_paragraph)), f"ReportLab {reportlab.Version}: no {prefix}* class (paragraphs)"
    assert paragraphs.is_split_word_end(rl_paragraph._SplitWordEnd("word"))
    assert paragraphs.is_split_word_head(rl_paragraph._SplitWord("wo")) and not paragraphs.is_split_word_head("word")
    justified = Paragraph("một hai ba bốn " * 30, ParagraphStyle("check", fontSize=10, leading=12, alignment=4))
    first, _ = justified.split(100, 50)
    assert paragraphs.justifies_last_line(first), f"ReportLab {reportlab.Version}: a split paragraph's first part no longer sets _JustifyLast"
    paragraphs.keep_last_line_unjustified(first)
    assert not paragraphs.justifies_last_line(first)
    original = rl_paragraph._hyGenPair
    try:
        paragraphs.install_word_breaks(lambda f: type("W", (), {"__call__": f, "checked": True})(), "checked")
        wrapped = rl_paragraph._hyGenPair
        paragraphs.install_word_breaks(lambda f: None, "checked")  # installed once only
        assert rl_paragraph._hyGenPair is wrapped is not original
    finally:
        rl_paragraph._hyGenPair = original


def test_the_canvas_adapters_hold_move_and_restore_a_page() -> None:
    import io

    from reportlab.lib.colors import CMYKColor, Color

    from convert.writers.pdf.reportlab_internals import canvas_state

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(200, 300), enforceColorSpace="cmyk")
    canvas.setFillColor(CMYKColor(0, 0, 0, 1))
    canvas.rect(10, 10, 20, 20)
    held = canvas_state.page_state(canvas)
    drawn = list(canvas_state.page_operators(canvas))
    canvas_state.begin_next_page(canvas)
    assert canvas._pageNumber == 2 and canvas_state.page_operators(canvas) == []
    canvas_state.restore_page_state(canvas, held)
    assert canvas_state.page_operators(canvas) == drawn, f"ReportLab {reportlab.Version}: a page's state is no longer its __dict__ (canvas_state)"
    with pytest.raises(ValueError):
        canvas.setStrokeColor(Color(1, 0, 0))
    with canvas_state.colour_space_unchecked(canvas):
        canvas.setStrokeColor(Color(1, 0, 0))
    with pytest.raises(ValueError):
        canvas.setStrokeColor(Color(1, 0, 0))
    canvas.setFillAlpha(0.5)
    assert "ca" in canvas_state.graphics_state_keys(canvas), f"ReportLab {reportlab.Version}: Canvas._extgstate._c changed (canvas_state)"
    canvas_state.page_operators(canvas).insert(0, "% moved")
    canvas_state.set_media_size(canvas, (220, 320))
    canvas.showPage()
    canvas.save()
    from pypdf import PdfReader

    assert [float(v) for v in PdfReader(io.BytesIO(out.getvalue())).pages[0].mediabox] == [0, 0, 220, 320], (
        f"ReportLab {reportlab.Version}: Canvas._pagesize no longer sets the page's MediaBox (canvas_state)"
    )


def test_the_document_adapters_set_its_dates_and_version() -> None:
    import io

    from reportlab.lib.utils import TimeStamp
    from reportlab.pdfbase.pdfdoc import PDFInfo

    from convert.writers.pdf.reportlab_internals import canvas_state, pdf_document

    out = io.BytesIO()
    canvas = Canvas(out)
    document = canvas_state.pdf_document(canvas)
    stamp = TimeStamp(invariant=True)
    stamp.YMDhms = (2021, 3, 4, 5, 6, 7)
    pdf_document.set_time_stamp(document, stamp)
    assert pdf_document.time_stamp(document) is stamp
    pdf_document.set_pdf_version(document, (1, 3))
    assert pdf_document.date_formatter(PDFInfo()) is None
    canvas.showPage()
    canvas.save()
    data = out.getvalue()
    assert data.startswith(b"%PDF-1.3"), f"ReportLab {reportlab.Version}: PDFDocument._pdfVersion no longer sets the header (pdf_document)"
    assert b"D:20210304050607" in data, f"ReportLab {reportlab.Version}: PDFDocument._timeStamp no longer dates the file (pdf_document)"


def test_the_truetype_adapters() -> None:
    from reportlab.pdfbase.pdfdoc import PDFDocument

    from convert.writers.pdf.reportlab_internals import truetype_fonts

    font = ttfonts.TTFont("vnconv-adapter-check", str(shipped_faces()[0].path))
    del font._asciiReadable
    truetype_fonts.set_ascii_readable(font)
    assert hasattr(font, "_asciiReadable") and truetype_fonts.shapable("vnconv-adapter-check")
    state = truetype_fonts.subset_state(font, PDFDocument())
    assert isinstance(state.subsets, list), f"ReportLab {reportlab.Version}: TTFont._assignState no longer gives the subsets (truetype_fonts)"


def test_register_apart_keeps_two_fonts_of_one_postscript_name_apart() -> None:
    from reportlab.lib.fonts import tt2ps
    from reportlab.pdfbase import pdfmetrics

    from convert.writers.pdf.reportlab_internals import truetype_fonts

    path = str(shipped_faces()[0].path)
    first, second = ttfonts.TTFont("vnconv-apart-1", path), ttfonts.TTFont("vnconv-apart-2", path)
    truetype_fonts.register_apart(first)
    truetype_fonts.register_apart(second)
    assert pdfmetrics.getFont("vnconv-apart-1") is first, f"ReportLab {reportlab.Version}: getFont no longer reads pdfmetrics._fonts (truetype_fonts)"
    assert pdfmetrics.getFont("vnconv-apart-2") is second
    assert tt2ps("vnconv-apart-2", 1, 0) == "vnconv-apart-2"  # its own family, as registerFont makes it


def test_an_image_reader_without_init_has_what_draw_image_reads() -> None:
    from reportlab.lib.utils import ImageReader

    from convert.writers.pdf.reportlab_internals.images import without_alpha

    made = ImageReader.__new__(ImageReader)
    without_alpha(made)
    assert "_dataA" in vars(made)
    from PIL import Image

    plain, alpha = ImageReader(Image.new("RGB", (2, 2))), ImageReader(Image.new("RGBA", (2, 2)))
    plain.getRGBData()
    alpha.getRGBData()
    assert plain._dataA is None and isinstance(alpha._dataA, ImageReader), f"ReportLab {reportlab.Version}: ImageReader._dataA changed (images)"
    assert "_dataA" in inspect.getsource(Canvas.drawImage), f"ReportLab {reportlab.Version}: drawImage no longer reads _dataA (images)"


# --- nothing outside reportlab_internals touches them ------------------------------------

CONVERT = Path(convert.__file__).parent
INTERNALS = CONVERT / "writers" / "pdf" / "reportlab_internals"
#: ReportLab internals spelled without an underscore that vnconv replaces or reads (the
#: package's docstring names each): they too are used only inside reportlab_internals.
LISTED: Final = frozenset({"sameFrag", "getAscentDescent", "uri_pat", "unShapedFontGlob", "makeSubset", "TTFontMaker"})


def _private(name: str) -> bool:
    return len(name) > 1 and name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


@functools.cache
def reportlab_private_names() -> frozenset[str]:
    """Every private name ReportLab's own source uses as an attribute (``x._y``) or defines
    (a method, a class, a module or class global): what an object of ReportLab's may hold.
    The packages vnconv's objects come from (not ``graphics``, charts and drawings)."""
    names: set[str] = set()
    root = Path(reportlab.__file__).parent
    for path in [path for folder in ("lib", "pdfbase", "pdfgen", "platypus") for path in (root / folder).rglob("*.py")]:
        tree = ast.parse(path.read_bytes())
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and _private(node.attr):
                names.add(node.attr)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and _private(node.name):
                names.add(node.name)
            if isinstance(node, (ast.Module, ast.ClassDef)):
                for statement in node.body:
                    targets = statement.targets if isinstance(statement, ast.Assign) else [getattr(statement, "target", None)]
                    names.update(n.id for t in targets if t is not None for n in ast.walk(t) if isinstance(n, ast.Name) and _private(n.id))
    return frozenset(names)


@dataclass(frozen=True)
class _Module:
    name: str
    tree: ast.Module
    imported: dict[str, tuple[str, str | None]]  # local name -> (module, name in it; None: the module itself)


def _parsed(name: str, source: str) -> _Module:
    tree = ast.parse(source)
    imported: dict[str, tuple[str, str | None]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            imported.update((alias.asname or alias.name, (node.module, alias.name)) for alias in node.names)
        elif isinstance(node, ast.Import):
            imported.update((alias.asname or alias.name.split(".")[0], (alias.name, None)) for alias in node.names)
    return _Module(name, tree, imported)


def _reportlab_classes(modules: dict[str, _Module]) -> set[tuple[str, str]]:
    """The classes of ``modules`` that derive, through any of them, from a ReportLab class."""
    bases = {
        (module.name, node.name): node.bases for module in modules.values() for node in ast.walk(module.tree) if isinstance(node, ast.ClassDef)
    }

    def origin(module: _Module, base: ast.expr, found: set[tuple[str, str]]) -> bool:
        root = base
        while isinstance(root, ast.Attribute):
            root = root.value
        if not isinstance(root, ast.Name):
            return False
        if (module.name, root.id) in bases and root is base:
            return (module.name, root.id) in found
        source, name = module.imported.get(root.id, ("", None))
        if source.split(".")[0] == "reportlab":
            return True
        while name is not None and source in modules and (source, name) not in bases and name in modules[source].imported:
            source, name = modules[source].imported[name]  # re-exported: follow it
        return (source, name) in found if name is not None else False

    found: set[tuple[str, str]] = set()
    while True:
        more = {key for key, listed in bases.items() if key not in found and any(origin(modules[key[0]], b, found) for b in listed)}
        if not more:
            return found
        found |= more


def private_uses(modules: dict[str, _Module], checked: set[str] | None = None) -> list[str]:
    """Where a module of ``modules`` reads, sets or names a private part of ReportLab's: an
    attribute ``x._y`` (or ``getattr(x, "_y")``, or the string ``"_y"``) where ``_y`` is
    one of ReportLab's private names, or a ``LISTED`` name; ``self._y`` only in a class
    that derives from ReportLab's (elsewhere it is the class's own). Only the modules named
    in ``checked`` (all of them when None) are read; the others give their classes."""
    private = reportlab_private_names()
    theirs = _reportlab_classes(modules)
    found = []
    for module in modules.values():
        if checked is not None and module.name not in checked:
            continue

        def visit(node: ast.AST, owner: str | None) -> None:
            if isinstance(node, ast.ClassDef):
                owner = node.name
            name = None
            if isinstance(node, ast.Attribute):
                name = node.attr
                mine = isinstance(node.value, ast.Name) and node.value.id in ("self", "cls") and (module.name, owner) not in theirs
                if mine and name not in LISTED:
                    name = None
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                name = node.value
            elif isinstance(node, ast.ImportFrom):
                name = next((alias.name for alias in node.names if alias.name in LISTED or alias.name in private), None)
            if name is not None and (name in private or name in LISTED):
                found.append(f"{module.name}:{getattr(node, 'lineno', '?')}: {name}")
            for child in ast.iter_child_nodes(node):
                visit(child, owner)

        visit(module.tree, None)
    return found


def _convert_modules() -> dict[str, _Module]:
    modules = {}
    for path in CONVERT.rglob("*.py"):
        parts = path.relative_to(CONVERT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = _parsed(name, path.read_text(encoding="utf-8"))
    return modules


def _outside_internals(modules: dict[str, _Module]) -> list[str]:
    """The modules a private part could reach: the PDF writer's and any that imports ReportLab."""
    inside = ".".join(INTERNALS.relative_to(CONVERT.parent).parts)
    return [
        name
        for name, module in modules.items()
        if not name.startswith(inside)
        and (name.startswith("convert.writers.pdf") or any(source.split(".")[0] == "reportlab" for source, _ in module.imported.values()))
    ]


def test_no_module_outside_reportlab_internals_touches_a_private_part() -> None:
    """Read with ``ast``: every ``_private`` attribute of a ReportLab object (and the
    ``LISTED`` names) is used only in ``reportlab_internals``, where it is named, checked
    above, and adapted by a small function or subclass the rest of the writer calls."""
    modules = _convert_modules()
    outside = set(_outside_internals(modules))
    uses = private_uses(modules, outside)
    assert len(outside) > 20  # the PDF writer's modules, found
    assert uses == [], f"ReportLab's private parts used outside convert/writers/pdf/reportlab_internals/ (adapt them there): {uses}"


@pytest.mark.parametrize(
    "source",
    [
        "def f(frame):\n    return frame._atTop\n",
        "def f(flowable):\n    del flowable._postponed\n",
        "def f(flowable):\n    return hasattr(flowable, '_postponed')\n",
        "from reportlab.platypus import Frame\nclass Column(Frame):\n    def f(self):\n        return self._y\n",
        "from reportlab.platypus import paragraph\nparagraph._hyGenPair = None\n",
        "from reportlab.pdfbase.ttfonts import unShapedFontGlob\n",
        "def f(canvas):\n    return canvas._doc._timeStamp\n",
    ],
)
def test_the_check_finds_a_private_part(source: str) -> None:
    assert private_uses({"made.up": _parsed("made.up", source)}), source


def test_the_check_finds_one_through_a_subclass_of_a_subclass() -> None:
    base = _parsed("made.base", "from reportlab.pdfgen.canvas import Canvas\nclass Held(Canvas):\n    pass\n")
    sub = _parsed("made.sub", "from made.base import Held\nclass Later(Held):\n    def f(self):\n        return self._code\n")
    assert private_uses({"made.base": base, "made.sub": sub}) == ["made.sub:4: _code"]


def test_the_check_leaves_a_class_its_own_private_attributes() -> None:
    source = "class Cache:\n    def __init__(self):\n        self._code = {}\n        self._mine = 1\n"
    assert private_uses({"made.up": _parsed("made.up", source)}) == []
