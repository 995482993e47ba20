"""Where vnconv leans on ReportLab's private parts: the one room for them.

ReportLab gives no public hook for what these modules do, so each reaches into a part
ReportLab may change in any release. They were checked against ReportLab 5.1.0 (and
the docstrings of ``fragments`` and ``lines`` name ReportLab 4 as well);
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
- ``compression``: replaces ``reportlab.pdfbase.pdfdoc.zlib``, the module global its
  stream filters and images compress with.
- ``parsed_faces``: keeps and restores every attribute ``TTFontFace(path)`` sets
  (``vars(face)``, ``_ttf_data``, ``_pdfScale``, ``TTFNameBytes.ustr``).
- ``programs``: cuts a subset's font program as ``TTFontFile.makeSubset`` does, from
  the face's ``glyphPos``, ``charToGlyph``, ``hmetrics``, ``table`` and
  ``get_table``, written with ``TTFontMaker``.
- ``marked_content``: the tagged PDF's canvas; appends marked-content operators to
  ``Canvas._code``, reads ``_pageNumber``, hooks ``_startPage``, and gives paragraphs a
  text object whose ``_textOut`` (reading ``_canvas`` and ``_fontname``) ends a line
  with the space its break swallowed.
- ``kerned_text``: wraps ``reportlab.pdfgen.textobject.PDFTextObject._formatText`` to
  write a kerned face's text as a ``TJ`` array, as its TrueType branch writes it (the
  text object's ``_curSubset``, ``_fontsize``, ``_leading``, ``_canvas._escape`` and
  ``_canvas._doc``; ``fonts.subsets`` measures with ``rl_accel.instanceStringWidthTTF``).

Private parts still read where the layout needs them (moving them here would change
code, not just place it; the test above checks each of them too):
``layout.lines.install_url_breaks`` wraps ``paragraph._hyGenPair`` (and recognises
``paragraph._SplitWordEnd`` by name); ``layout.flow`` reads a ``Frame``'s ``_atTop``,
``_x1``, ``_y``, ``_y1p``, ``_y2``, ``_width``, ``_topPadding`` and
``_getAvailableWidth()``, sets and deletes a flowable's ``_postponed`` as
``BaseDocTemplate.handle_flowable`` does, and reads ``KeepTogether``'s ``_content``
and ``_H``; ``layout.flowables`` sets a split paragraph's ``_JustifyLast``;
``layout.keeping`` reads a wrapped ``Table``'s ``_rowHeights``;
``document`` sets ``canvas._doc._timeStamp`` and reads ``_content``;
``fonts.subsets`` sets ``TTFont``'s ``_asciiReadable`` and reads
``ttfonts.unShapedFontGlob``.

Importing this package imports no ReportLab; its modules do, and only a PDF render
imports them.
"""

#: The ReportLab versions these parts were checked against (``reportlab.Version``).
CHECKED_VERSIONS = ("5.1.0",)
