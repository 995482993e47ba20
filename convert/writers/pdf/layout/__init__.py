"""The PDF page and its flow: the story built from the article (``story``, ``blocks``,
``flowables``, ``photos``), its lines (``lines``), the columns and bands it flows into
(``flow``), the page templates (``page``) and what is drawn around them (``decoration``).

Importing this package imports no ReportLab; its modules do, and only a PDF render
imports them.
"""
