"""PDF/X-1a:2001 (ISO 15930-1:2001): what makes a CMYK PDF one a preflight accepts.

``--pdfx`` implies ``--cmyk`` (``color.Palette`` puts every colour in DeviceCMYK and
the canvas refuses any other). On top of that this module writes what the standard
asks the file to say about itself:

- an output intent (``/OutputIntents`` in the catalog, subtype ``GTS_PDFX``) naming the
  printing condition the CMYK values are meant for, by its reference name in the ICC
  Characterization Data Registry (``pdf.output_condition``, FOGRA39 by default) with
  ``RegistryName`` ``http://www.color.org``. For a registered characterization the
  ICC profile (``DestOutputProfile``) may be left out: ISO 32000-1:2008 §14.11.5,
  Table 365, and the PDF Reference 1.7, §10.10.4, Table 10.51, say it is "required
  if OutputConditionIdentifier does not specify a standard production condition;
  optional otherwise", and PDF/X-1a preflights accept an intent with either an
  embedded profile or a registry name. vnconv ships no profile, so an unregistered
  condition cannot be declared honestly: the style must name a registered one;
- ``GTS_PDFXVersion (PDF/X-1:2001)`` and ``GTS_PDFXConformance (PDF/X-1a:2001)`` in the
  document information dictionary, with ``Trapped /False`` (PDF/X forbids "Unknown";
  vnconv does no trapping), a title and both dates;
- PDF 1.3 in the header, the version PDF/X-1a:2001 is based on. ReportLab raises a
  file to 1.4 as soon as a colour carries an alpha, even an opaque one; here that is
  ignored, and ``check`` refuses a file that did use transparency (an ExtGState
  with an alpha or a blend mode), which PDF 1.3 and PDF/X-1a do not have.

A TrimBox on every page comes from ``press.Press`` (the MediaBox when there is no
bleed). Every font is embedded by construction (``pdf.fonts``), and ReportLab writes
the document ``/ID``. What this cannot do: convert colours through an ICC profile.
The CMYK values are the plain device conversion of the style's colours, declared
as meant for the named condition; nothing here measures or simulates that press.
"""

from __future__ import annotations

from typing import Final

from reportlab.pdfbase.pdfdoc import PDFArray, PDFCatalog, PDFDate, PDFDictionary, PDFDocument, PDFInfo, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas

from convert.writers.pdf.reportlab_internals.canvas_state import graphics_state_keys, pdf_document
from convert.writers.pdf.reportlab_internals.pdf_document import date_formatter, set_pdf_version, time_stamp
from convert.writers.pdf.settings import Pdf

#: Where registered characterizations are kept (the ICC Characterization Data Registry).
REGISTRY: Final = "http://www.color.org"
#: ISO 15930-1:2001's identification of a PDF/X-1a:2001 file.
VERSION: Final = "PDF/X-1:2001"
CONFORMANCE: Final = "PDF/X-1a:2001"
#: PDF/X-1a:2001 is based on PDF 1.3.
PDF_VERSION: Final = (1, 3)
#: ExtGState keys that mean transparency (PDF 1.4): alphas, blend mode, soft mask.
_TRANSPARENCY: Final = frozenset({"CA", "ca", "BM", "SMask"})


class PdfxError(RuntimeError):
    """The file would not be PDF/X-1a (a bug in the writer, never the user's input)."""


class _PdfxInfo(PDFInfo):
    """The document information dictionary with the PDF/X identification."""

    def format(self, document: PDFDocument) -> bytes:
        moment = PDFDate(ts=time_stamp(document), dateFormatter=date_formatter(self))
        entries = {
            "Title": PDFString(self.title),
            "Author": PDFString(self.author),
            "Subject": PDFString(self.subject),
            "Keywords": PDFString(self.keywords),
            "Creator": PDFString(self.creator),
            "Producer": PDFString(self.producer),
            "CreationDate": moment,
            "ModDate": moment,
            "Trapped": PDFName("False"),
            "GTS_PDFXVersion": PDFString(VERSION),
            "GTS_PDFXConformance": PDFString(CONFORMANCE),
        }
        return PDFDictionary(entries).format(document)


def output_intent(settings: Pdf) -> PDFDictionary:
    """The GTS_PDFX output intent for the style's registered printing condition."""
    return PDFDictionary(
        {
            "Type": PDFName("OutputIntent"),
            "S": PDFName("GTS_PDFX"),
            "OutputConditionIdentifier": PDFString(settings.output_condition),
            "OutputCondition": PDFString(settings.output_condition_info),
            "RegistryName": PDFString(REGISTRY),
            "Info": PDFString(settings.output_condition_info),
        }
    )


def mark(canvas: Canvas, settings: Pdf) -> None:
    """Make the canvas's document a PDF/X-1a:2001 file (call it before anything is drawn)."""
    document = pdf_document(canvas)
    info = _PdfxInfo()
    info.__dict__.update(document.info.__dict__)
    document.info = info
    catalog = document.Catalog
    catalog.__NoDefault__ = [*PDFCatalog.__NoDefault__, "OutputIntents"]  # ReportLab writes only the keys it lists
    catalog.OutputIntents = PDFArray([output_intent(settings)])
    set_pdf_version(document, PDF_VERSION)
    document.ensureMinPdfVersion = _stay_at_pdf_13


def _stay_at_pdf_13(*features: str) -> None:
    """ReportLab asks for PDF 1.4 ("transparency") whenever a colour has an alpha, even 1;
    an alpha that did change is an ExtGState, which ``check`` refuses."""


def check(canvas: Canvas) -> None:
    """Refuse a file that used transparency (call it before the file is written)."""
    used = graphics_state_keys(canvas)
    if used & _TRANSPARENCY:
        raise PdfxError(f"transparency ({', '.join(sorted(used & _TRANSPARENCY))}) is not allowed in PDF/X-1a")


__all__ = ["CONFORMANCE", "PDF_VERSION", "REGISTRY", "VERSION", "PdfxError", "check", "mark", "output_intent"]
