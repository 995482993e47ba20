"""A ReportLab ``PDFDocument``'s time stamp and version, and its information
dictionary's date format.

The document keeps the moment it writes as CreationDate/ModDate (and seeds its /ID with)
in ``_timeStamp`` and the version it writes in its header in ``_pdfVersion``; its
``PDFInfo`` formats dates with ``_dateFormatter``. ``document`` sets the moment from
SOURCE_DATE_EPOCH, ``press.pdfx`` the version and an information dictionary of its own.

ReportLab 5.1.0 (``CHECKED_VERSIONS``), ``reportlab/pdfbase/pdfdoc.py``;
``test_private_parts`` checks each.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfdoc import PDFDocument, PDFInfo


def time_stamp(document: PDFDocument) -> Any:
    """The ``TimeStamp`` the document writes its dates from (``_timeStamp``)."""
    return document._timeStamp


def set_time_stamp(document: PDFDocument, stamp: Any) -> None:
    """Write the document's dates from ``stamp`` (a ``pdfdoc.TimeStamp``)."""
    document._timeStamp = stamp


def set_pdf_version(document: PDFDocument, version: tuple[int, int]) -> None:
    """The PDF version the document's header declares (``_pdfVersion``)."""
    document._pdfVersion = version


def date_formatter(info: PDFInfo) -> Any:
    """How ``info`` formats its dates (``_dateFormatter``, None for ReportLab's own)."""
    return info._dateFormatter


__all__ = ["date_formatter", "set_pdf_version", "set_time_stamp", "time_stamp"]
