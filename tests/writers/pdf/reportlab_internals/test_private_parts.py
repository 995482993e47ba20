"""The ReportLab private parts vnconv leans on (``convert.writers.pdf.reportlab_internals``)
are still there, with the shape vnconv expects: each check names the part, so an
upgrade that changes one fails here, loudly, before a PDF goes wrong.

The modules' own tests compare their answers with ReportLab's (fragments, measures,
faces, programs, streams); these check the hooks they hang on.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Iterator

import pytest
import reportlab
from reportlab.lib import textsplit
from reportlab.pdfbase import pdfdoc, ttfonts
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, KeepTogether, Paragraph
from reportlab.platypus import doctemplate
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.lib.styles import ParagraphStyle

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
        (rl_paragraph, "_hyGenPair"),  # layout.lines.install_url_breaks
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
        "layout.lines._breaking_urls relies on its first seven arguments"
    )
    assert rl_paragraph._SplitWordEnd.__name__ == "_SplitWordEnd", "layout.lines recognises _SplitWordEnd by name"


@pytest.mark.parametrize(("module", "name"), [(rl_paragraph, "uri_pat"), (textsplit, "rx")])
def test_the_deferred_patterns_are_still_compiled_on_import(module: types.ModuleType, name: str) -> None:
    pattern = getattr(module, name, None)
    assert pattern is not None, f"ReportLab {reportlab.Version}: {module.__name__}.{name} is gone; deferred_patterns defers it"
    assert "\uffff" in pattern.pattern, f"ReportLab {reportlab.Version}: {module.__name__}.{name} no longer reaches U+FFFF"


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
    assert any(isinstance(v, ttfonts.TTFNameBytes) and hasattr(v, "ustr") for v in state.values()), (
        f"ReportLab {reportlab.Version}: TTFontFace keeps no TTFNameBytes with ustr (parsed_faces)"
    )
    assert callable(getattr(ttfonts.TTFontFile, "makeSubset", None)), f"ReportLab {reportlab.Version}: TTFontFile.makeSubset is gone (programs copies it)"
    maker = ttfonts.TTFontMaker()
    assert callable(getattr(maker, "add", None)) and callable(getattr(maker, "makeStream", None)), (
        f"ReportLab {reportlab.Version}: TTFontMaker.add/makeStream changed (programs)"
    )
    font = ttfonts.TTFont("vnconv-check", face_path)
    assert hasattr(font, "_asciiReadable"), f"ReportLab {reportlab.Version}: TTFont._asciiReadable is gone (fonts.subsets)"
    assert hasattr(ttfonts, "unShapedFontGlob"), f"ReportLab {reportlab.Version}: ttfonts.unShapedFontGlob is gone (fonts.subsets)"


def test_a_frame_has_the_attributes_the_flow_reads() -> None:
    canvas = Canvas(None)
    frame = Frame(10, 20, 300, 400, id="column-1")
    style = ParagraphStyle("check")
    frame.add(Paragraph("text", style), canvas)
    for name in ("_atTop", "_x1", "_y", "_y1p", "_y2", "_width", "_topPadding"):
        assert hasattr(frame, name), f"ReportLab {reportlab.Version}: Frame.{name} is gone (layout.flow reads it)"
    assert isinstance(frame._getAvailableWidth(), float | int), f"ReportLab {reportlab.Version}: Frame._getAvailableWidth changed (layout.flow)"
    assert hasattr(canvas, "_doc") and hasattr(canvas._doc, "_timeStamp"), f"ReportLab {reportlab.Version}: canvas._doc._timeStamp is gone (document)"


def test_the_doc_template_still_marks_postponed_flowables() -> None:
    assert "_postponed" in inspect.getsource(doctemplate.BaseDocTemplate.handle_flowable), (
        f"ReportLab {reportlab.Version}: BaseDocTemplate.handle_flowable no longer uses _postponed (layout.flow mirrors it)"
    )


def test_keep_together_keeps_its_content_and_height() -> None:
    style = ParagraphStyle("check")
    kept = KeepTogether([Paragraph("one", style), Paragraph("two", style)])
    assert isinstance(kept._content, list), f"ReportLab {reportlab.Version}: KeepTogether._content is gone (layout.flow, document)"
    kept.wrapOn(Canvas(None), 300, 400)
    assert hasattr(kept, "_H"), f"ReportLab {reportlab.Version}: KeepTogether._H is gone (layout.flow)"


def test_a_split_paragraph_still_reads_justify_last() -> None:
    assert "_JustifyLast" in inspect.getsource(rl_paragraph.Paragraph), (
        f"ReportLab {reportlab.Version}: Paragraph no longer reads _JustifyLast (layout.flowables sets it)"
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
    assert hasattr(rl_accel, "instanceStringWidthTTF"), f"ReportLab {reportlab.Version}: rl_accel.instanceStringWidthTTF is gone (fonts.subsets)"
    assert "instanceStringWidthTTF" in ttfonts.TTFont.stringWidth.__code__.co_names, (
        f"ReportLab {reportlab.Version}: TTFont.stringWidth no longer measures with instanceStringWidthTTF (fonts.subsets adds the kerning to it)"
    )


def test_a_wrapped_table_keeps_its_row_heights() -> None:
    from reportlab.platypus import Table

    table = Table([["a", "b"], ["c", "d"]])
    table.wrap(300, 400)
    assert len(getattr(table, "_rowHeights", [])) == 2, f"ReportLab {reportlab.Version}: Table._rowHeights is gone (layout.keeping reads it)"
