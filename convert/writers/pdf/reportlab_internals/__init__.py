"""Where vnconv leans on ReportLab's private parts: the one room for them.

ReportLab gives no public hook for what these modules do, so each reaches into a part
ReportLab may change in any release. They were checked against ReportLab 5.1.0 (and
the docstrings of ``fragments`` and ``paragraphs`` name ReportLab 4 as well);
``tests/writers/pdf/reportlab_internals/test_private_parts.py`` fails, naming the part,
as soon as an upgrade renames, removes or re-signs one of them, and each module's own
tests compare its answers with ReportLab's (the same fragments, fonts, programs, faces
and streams). Before raising ReportLab's version bound in ``pyproject.toml``, run
those tests and update the version named here.

The modules (each installs itself, once per process, when a PDF render imports it):

- ``fragments``: replaces ``reportlab.platypus.paragraph.sameFrag`` (a module global
  ``breakLines`` reads).
- ``measures``: replaces ``paragraph.stringWidth`` and ``paragraph.getAscentDescent``.
- ``deferred_patterns``: defers the patterns ``paragraph.uri_pat`` and
  ``lib.textsplit.rx`` compile on import (wraps ``re.compile`` while they import, and
  reads the importing module's name with ``sys._getframe``).
- ``deferred_modules``: puts stand-ins in ``sys.modules`` (and as their packages'
  attributes) for modules ReportLab imports as it is imported: ``PIL.Image``,
  ``uharfbuzz``, ``pickle``, ``tempfile``, ``reportlab.lib.rl_safe_eval`` (whose
  functions ``lib.utils`` takes by name), the ``reportlab.platypus`` package
  (whose ``__init__`` only imports its modules), and ``hashlib`` (``md5``, taken by
  name by ``lib.utils`` and ``pdfbase.pdfdoc``), ``ast``, ``base64``,
  ``urllib.parse`` (functions ``lib.utils`` and ``lib.colors`` take by name) and
  ``logging`` (the loggers ``platypus.frames`` and ``doctemplate`` make as they are
  imported, read from the calling frame with ``sys._getframe``), and the standard 14
  fonts' width modules and the standard encodings' (``pdfbase._fontdata`` takes each
  one's ``widths`` dictionary or vector tuple as it is imported: a ``DeferredMapping``
  or ``DeferredSequence``), and ``html.entities`` (``platypus.paraparser`` reads
  ``name2codepoint`` whole as it is imported: the stand-in holds it, from the cache).
- ``font_search``: skips the walk of the system's font folders ``rl_settings`` makes
  as it is imported (wraps ``os.walk`` while it imports, and reads the calling
  module's name with ``sys._getframe``).
- ``compression``: replaces ``reportlab.pdfbase.pdfdoc.zlib``, the module global its
  stream filters and images compress with.
- ``parsed_faces``: keeps and restores every attribute ``TTFontFace(path)`` sets
  (``vars(face)``, ``_ttf_data``, ``_pdfScale``, ``TTFNameBytes.ustr``), three of them
  (``glyphToChar``, ``hmetrics``, ``glyphPos``) made when first asked for.
- ``programs``: cuts a subset's font program as ``TTFontFile.makeSubset`` does, from
  the face's ``glyphPos``, ``charToGlyph``, ``hmetrics``, ``table``, ``get_table``,
  ``get_table_pos`` and ``_ttf_data`` (the glyph records read in place; the
  repertoire's kept in the cache), written with ``TTFontMaker``.
- ``marked_content``: the tagged PDF's canvas; appends marked-content operators to
  ``Canvas._code``, reads ``_pageNumber``, hooks ``_startPage``, and gives paragraphs a
  text object whose ``_textOut`` (reading ``_canvas`` and ``_fontname``) ends a line
  with the space its break swallowed.
- ``kerned_text``: wraps ``reportlab.pdfgen.textobject.PDFTextObject._formatText`` to
  write a kerned face's text as a ``TJ`` array, as its TrueType branch writes it (the
  text object's ``_curSubset``, ``_fontsize``, ``_leading``, ``_canvas._escape`` and
  ``_canvas._doc``; ``fonts.subsets`` measures with ``rl_accel.instanceStringWidthTTF``).

The adapters, small named functions the rest of the writer calls instead of reaching
into ReportLab itself (each module's docstring says what it adapts and where ReportLab
keeps it):

- ``frames``: a ``Frame`` being filled (``_atTop``, ``_x1``, ``_y``, ``_y1p``, ``_y2``,
  ``_width``, ``_height``, ``_topPadding``, ``_getAvailableWidth()``), for ``layout.flow``.
- ``flow_marks``: the doc template's "moved on once" mark (``_postponed``) and a
  ``KeepTogether``'s ``_content`` and ``_H``, for ``layout.flow`` and ``document``.
- ``tables``: a wrapped ``Table``'s ``_rowHeights``, for ``layout.keeping``.
- ``paragraphs``: the word-break hook ``paragraph._hyGenPair`` (wrapped for
  ``layout.lines``' address breaks), the broken words' classes (``_SplitWordEnd`` and
  its kin, by name), and a split paragraph's ``_JustifyLast``.
- ``canvas_state``: a canvas's page held back and restored (its ``__dict__``,
  ``_startPage``), its operators ``_code``, ``_pagesize``, ``_enforceColorSpace``,
  ``_doc`` and ``_extgstate``, for ``layout.page``, ``press.bleed``, ``press.pdfx`` and
  ``document``.
- ``pdf_document``: the ``PDFDocument``'s ``_timeStamp`` and ``_pdfVersion`` and a
  ``PDFInfo``'s ``_dateFormatter``, for ``document`` and ``press.pdfx``.
- ``truetype_fonts``: what ``TTFont.__init__`` sets (``_asciiReadable``, from
  ``ttfonts.unShapedFontGlob``) and ``TTFont._assignState``, for ``fonts.subsets``
  (``programs.cut_with_program_cutter`` replaces its face's ``makeSubset``), and
  ``pdfmetrics._fonts``, where ``fonts.faces`` registers each face apart from any
  other of its PostScript name.
- ``images``: an ``ImageReader``'s ``_dataA``, for ``layout.photos``' undecoded JPEGs.

``test_private_parts`` also reads every module of ``convert/`` that could reach a
ReportLab object (the PDF writer's, and any that imports ReportLab) with ``ast``, and
fails on any ``_private`` attribute of ReportLab's (a name ReportLab's own source uses)
read, set or named outside this package; a class's own private attributes are its own
unless it derives from a ReportLab class.

Importing this package imports no ReportLab; its modules do, and only a PDF render
imports them.
"""

#: The ReportLab versions these parts were checked against (``reportlab.Version``).
CHECKED_VERSIONS = ("5.1.0",)
