"""Tables in the PDF: a column the input aligned (a pipe table's ``:---:``) is set so."""

from __future__ import annotations

from convert.model import Article, Paragraph, Table
from tests.support.pdf import render_pdf, run_with


def _article(align: tuple[str | None, ...]) -> Article:
    rows = (("Cột một", "Cột hai", "Cột ba"), ("Trái", "Giữa", "Phải"))
    return Article(headline="Bảng", lead="Mở đầu.", blocks=(Table(rows, header=True, align=align), Paragraph("Hết.")))


def test_an_aligned_column_moves_its_cells_within_the_column() -> None:
    plain = render_pdf(_article(()))
    aligned = render_pdf(_article(("left", "center", "right")))
    # Left: where the style's own alignment (left) puts it.
    assert abs(run_with(aligned, "Trái").x - run_with(plain, "Trái").x) < 0.01
    # Centred and right-aligned cells move right, the right one furthest within its column.
    centre_shift = run_with(aligned, "Giữa").x - run_with(plain, "Giữa").x
    right_shift = run_with(aligned, "Phải").x - run_with(plain, "Phải").x
    assert centre_shift > 5
    assert right_shift > 2 * centre_shift - 1
    # The header row follows its column too.
    assert run_with(aligned, "Cột ba").x > run_with(plain, "Cột ba").x + 5


def test_alignment_longer_or_shorter_than_the_rows_is_taken_as_far_as_it_goes() -> None:
    short = render_pdf(_article(("right",)))
    plain = render_pdf(_article(()))
    assert run_with(short, "Trái").x > run_with(plain, "Trái").x + 5
    assert abs(run_with(short, "Phải").x - run_with(plain, "Phải").x) < 0.01
