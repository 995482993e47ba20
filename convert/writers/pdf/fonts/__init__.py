"""The PDF's fonts and their programs: faces registered with ReportLab and text cut
into runs a face has (``faces``), the subsets embedded (``subsets``), the glyph
outlines and their ink bounds (``outlines``, ``glyf``, ``ink_tables``).

Importing this package imports no ReportLab; its modules do, and only a PDF render
imports them.
"""
