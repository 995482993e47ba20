"""A wrapped platypus ``Table``'s row heights.

``Table.wrap`` computes each row's height into ``_rowHeights``; there is no public
accessor. ``layout.keeping`` needs the first rows' (a table kept with the paragraph that
introduces it keeps its header and first row). ReportLab 5.1.0 (``CHECKED_VERSIONS``),
``reportlab/platypus/tables.py``; ``test_private_parts`` checks it.
"""

from __future__ import annotations

from reportlab.platypus import Table


def row_heights(table: Table) -> list[float]:
    """The heights of a wrapped ``table``'s rows, top down (``_rowHeights``)."""
    return list(table._rowHeights)


__all__ = ["row_heights"]
