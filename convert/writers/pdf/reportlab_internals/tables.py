"""A platypus ``Table`` told from other flowables, and a wrapped one's row heights.

``Table.wrap`` computes each row's height into ``_rowHeights``; there is no public
accessor. ``layout.keeping`` needs the first rows' (a table kept with the paragraph that
introduces it keeps its header and first row). ReportLab 5.1.0 (``CHECKED_VERSIONS``),
``reportlab/platypus/tables.py``; ``test_private_parts`` checks it.

ReportLab's table module is imported only by an article with a table
(``layout.blocks``), so neither of these imports it.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportlab.platypus.tables import Table

_MODULE = "reportlab.platypus.tables"


def is_table(flowable: object) -> bool:
    """Whether ``flowable`` is a platypus ``Table``: never, while no table was made
    (ReportLab's table module not yet imported)."""
    tables = sys.modules.get(_MODULE)
    return tables is not None and isinstance(flowable, tables.Table)


def row_heights(table: Table) -> list[float]:
    """The heights of a wrapped ``table``'s rows, top down (``_rowHeights``)."""
    return list(table._rowHeights)


__all__ = ["is_table", "row_heights"]
