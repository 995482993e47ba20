"""The press variants of a PDF: bleed, trim boxes and crop marks (``bleed``), PDF/X
(``pdfx``) and the press colours (``color``).

Importing this package imports no ReportLab; its modules do, and only a PDF render
imports them.
"""
