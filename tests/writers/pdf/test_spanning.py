"""Photos across the columns (``photos.span_landscape``): in ``newspaper`` a landscape
photo and its caption sit across all the columns, at the top of a page's columns; a
portrait (or nearly square) photo, and every photo with the key off, stays in its
column. No text is lost or reordered, no figure passes another, the last page is
still balanced, and a spanning photo costs at most a page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from convert.model import Article, Byline, Caption, Paragraph, Subheading
from convert.options import Options
from convert.styles import Style, StyleError, load
from convert.writers import render
from convert.writers.pdf.layout.page import Geometry
from convert.writers.pdf.layout.photos import PdfPhotos
from tests.support.pdf import TIMESTAMP, Box, check_text, drawing, images, reader, run_with, runs
from tests.support.photos import SIDEWAYS, photo

SENTENCE = "Kinh tế tiếp tục phát triển, cơ cấu kinh tế chuyển dịch đúng hướng, hạ tầng được đầu tư. "
NEWSPAPER = load("newspaper")
UNSPANNED = load("newspaper", ("photos.span_landscape=false",))


@dataclass(frozen=True)
class Pictures:
    landscape: str  # 3:2, stored sideways with an orientation tag (landscape once upright)
    portrait: str  # 2:3
    squarish: str  # 11:10, wider than tall but below span_min_aspect (1.25)
    panorama: str  # 8:3


@pytest.fixture(scope="module")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> Pictures:
    folder: Path = tmp_path_factory.mktemp("spanning")
    return Pictures(
        str(photo(folder / "ngang.jpg", 300, 200, orientation=SIDEWAYS)),
        str(photo(folder / "doc.jpg", 200, 300)),
        str(photo(folder / "vuong.png", 220, 200)),
        str(photo(folder / "toan-canh.jpg", 400, 150)),
    )


def pdf(article: Article, the_style: Style) -> bytes:
    """The PDF, its text checked: every word there, in order, figures whole and in order."""
    data = render("pdf", article, the_style, Options(timestamp=TIMESTAMP, warn=lambda _: None))  # small photos: low ppi
    check_text(data, article, the_style)
    return data


def photos_drawn(data: bytes) -> list[tuple[int, Box]]:
    """(page index, box) of every photo, in the order they are drawn."""
    document = reader(data)
    return [(index, box) for index, page in enumerate(document.pages) for box in drawing(document, page).images]


def paragraphs(count: int, label: str = "Đoạn") -> list[Paragraph]:
    return [Paragraph(f"{label} {i}. " + (SENTENCE * (2 + i % 3)).strip()) for i in range(count)]


def geometry(the_style: Style) -> Geometry:
    return Geometry.of(the_style.page)


def test_a_landscape_photo_spans_the_columns_with_its_caption_below(pictures: Pictures) -> None:
    article = Article(
        headline="Ảnh ngang trên cả ba cột",
        lead="Mở đầu bài viết.",
        blocks=(
            *paragraphs(2),
            Caption("Ảnh ngang qua ba cột", "Ảnh: TTXVN", photo=pictures.landscape),
            *paragraphs(3, "Giữa"),
            Caption("Ảnh đứng trong cột", photo=pictures.portrait),
            *paragraphs(2, "Sau"),
            Caption("Ảnh gần vuông trong cột", photo=pictures.squarish),
            Paragraph("Lời kết."),
        ),
    )
    data = pdf(article, NEWSPAPER)
    page = geometry(NEWSPAPER)
    drawn = photos_drawn(data)
    assert [index for index, _ in drawn] == [0, 0, 0]
    wide, tall, squarish = (box for _, box in drawn)
    # As wide as the text area, all three columns, from the left margin, 3:2 kept.
    assert wide.width == pytest.approx(page.text_width, abs=0.5) and wide.x == pytest.approx(page.left, abs=0.5)
    assert wide.height == pytest.approx(wide.width * 2 / 3, abs=1)
    # Its caption right under it, from the left margin; the columns (the lead first) below that.
    caption = run_with(data, "Ảnh ngang qua ba cột")
    assert caption.x == pytest.approx(page.left, abs=0.5)
    assert wide.y - 3 * NEWSPAPER.text["caption"].line_height < caption.y < wide.y
    assert run_with(data, "Mở đầu").y < caption.y - NEWSPAPER.text["caption"].space_after
    # The other two stay a column wide, under the band.
    for box in (tall, squarish):
        assert box.width <= page.column_width + 0.5 and box.y + box.height < caption.y
    assert squarish.width == pytest.approx(page.column_width, abs=0.5)
    # The band is above the page's columns: nothing of the body is beside it.
    assert all(run.y < wide.y for run in runs(data) if run.y < wide.y + wide.height and run.y > page.bottom)


def test_the_photo_sample_in_newspaper() -> None:
    """samples/004_hoi_hoa_ban.txt: its first photo (landscape) heads the page across
    the columns; the second (portrait) and the third (landscape, after the first took
    the band, near the story's end) stand in their columns; the page is balanced, and
    no caption is parted from its photo by that."""
    from convert.jobs import load as load_article
    from tests.conftest import SAMPLES

    article = load_article(str(SAMPLES / "004_hoi_hoa_ban.txt"), NEWSPAPER).article
    data = pdf(article, NEWSPAPER)
    page = geometry(NEWSPAPER)
    drawn = photos_drawn(data)
    assert [index for index, _ in drawn] == [0, 0, 0]
    assert [round(box.width) for _, box in drawn] == [round(page.text_width), round(page.column_width), round(page.column_width)]
    captions = ("Những cây ban nở trắng", "Thiếu nữ Thái trong", "Du khách chụp ảnh")
    for (_, box), start in zip(drawn, captions, strict=True):
        caption = run_with(data, start)
        column = min(range(page.columns), key=lambda i: abs(page.left + i * (page.column_width + page.gap) - caption.x))
        assert caption.x == pytest.approx(page.left + column * (page.column_width + page.gap), abs=0.5)  # a column's edge
        assert box.x - 0.5 <= caption.x <= box.x + box.width  # under its photo...
        assert box.y - 3 * NEWSPAPER.text["caption"].line_height < caption.y < box.y  # ...right under it


def test_with_the_key_off_every_photo_stays_in_its_column(pictures: Pictures) -> None:
    article = Article(
        headline="Ảnh trong cột",
        blocks=(*paragraphs(2), Caption("Ảnh ngang", photo=pictures.landscape), *paragraphs(2), Caption("Ảnh đứng", photo=pictures.portrait)),
    )
    page = geometry(UNSPANNED)
    drawn = photos_drawn(pdf(article, UNSPANNED))
    assert len(drawn) == 2 and all(box.width <= page.column_width + 0.5 for _, box in drawn)
    assert drawn[0][1].width == pytest.approx(page.column_width, abs=0.5)


def test_which_photos_span(pictures: Pictures) -> None:
    def spans(the_style: Style) -> list[bool]:
        page = geometry(the_style)
        photos = PdfPhotos(the_style, page.column_width, page.text_height / 2, Options(), page.text_width)
        return [photos.spans(path) for path in (pictures.landscape, pictures.portrait, pictures.squarish)]

    assert spans(NEWSPAPER) == [True, False, False]
    assert spans(load("newspaper", ("photos.span_min_aspect=1.05",))) == [True, False, True]
    assert spans(UNSPANNED) == [False] * 3
    assert spans(load("newspaper", ("page.columns=1",))) == [False] * 3  # nothing to span
    assert spans(load("default")) == [False] * 3  # the default style keeps photos in their column


def test_span_min_aspect_below_one_is_refused() -> None:
    with pytest.raises(StyleError, match=r"^--set photos\.span_min_aspect=0\.8: expected a width/height ratio of at least 1"):
        load("newspaper", ("photos.span_min_aspect=0.8",))


def test_a_spanning_photo_waits_for_the_top_of_the_next_page_and_the_last_page_stays_balanced(pictures: Pictures) -> None:
    """The photo falls ever later in the story: early on page 1 it goes to the top of
    page 1's columns; late on page 1 (the band would push the text before it off the
    page) the text fills page 1 and the photo heads page 2's columns; on page 2 it
    heads page 2's. The last page is balanced below it."""
    page = geometry(NEWSPAPER)
    leading = NEWSPAPER.text["body"].line_height
    closing = paragraphs(24, "Cuối")
    positions = set()
    for count in (14, 24, 40):
        opening = paragraphs(count)
        article = Article(headline="Ảnh chờ trang sau", blocks=(*opening, Caption("Ảnh ngang chờ", photo=pictures.landscape), *closing))
        data = pdf(article, NEWSPAPER)
        [(index, wide)] = photos_drawn(data)
        assert wide.width == pytest.approx(page.text_width, abs=0.5)
        document = reader(data)
        if index == 0:  # moved up, above the text before it: it heads page 1's columns
            assert run_with(data, "Đoạn 0.").y < wide.y < run_with(data, "Ảnh chờ trang sau").y
            positions.add("moved up")
        else:
            assert wide.y + wide.height == pytest.approx(page.text_top, abs=0.5)  # heads the page
            before = [p for p in range(len(document.pages)) if f"Đoạn {count - 1}." in document.pages[p].extract_text()]
            positions.add("waited" if before and before[-1] < index else "moved up")
            # The pages before it are full: every column runs down to the bottom margin.
            for number in range(index):
                assert not lacking_columns(document, number, page, leading), f"a hole on page {number + 1}"
        last = len(document.pages) - 1
        lowest = column_bottoms(document, last, page)
        if last == index and len(lowest) == page.columns:
            assert max(lowest) - min(lowest) <= 2.5 * leading  # balanced below the band
        assert len(document.pages) <= pages_without_spanning(article) + 1
    assert positions == {"moved up", "waited"}  # "waited": met in page 1's columns, it went to page 2's band


def column_bottoms(document: object, number: int, page: Geometry) -> list[float]:
    """How far down each column of a page is set (its lowest text line), left to right."""
    spots = [(x, y) for x, y in drawing(document, document.pages[number]).text if y > page.bottom]  # type: ignore[attr-defined]
    edges = [page.left + i * (page.column_width + page.gap) for i in range(page.columns)]
    found = [[y for x, y in spots if edge - 0.5 <= x < edge + page.column_width] for edge in edges]
    return [min(ys) for ys in found if ys]


def lacking_columns(document: object, number: int, page: Geometry, leading: float) -> list[float]:
    """The columns of a page that stop short of the bottom margin (widow and orphan rules aside)."""
    bottoms = column_bottoms(document, number, page)
    return [low for low in bottoms if low > page.bottom + 3 * leading] + [0.0] * (page.columns - len(bottoms))


def pages_without_spanning(article: Article) -> int:
    return len(reader(render("pdf", article, UNSPANNED, Options(timestamp=TIMESTAMP, warn=lambda _: None))).pages)


def test_one_band_a_page_and_no_figure_passes_another(pictures: Pictures, tmp_path: Path) -> None:
    """A second landscape photo on a page that has its band, near the story's end, is set
    in its column (no page for it alone), its pixels and its resolution check for the
    column; one after a portrait photo does not pass it."""
    page = geometry(NEWSPAPER)
    second = str(photo(tmp_path / "ngang-2.jpg", 1500, 1000))  # more than a column needs at 300 ppi
    two = Article(
        headline="Hai ảnh ngang",
        blocks=(*paragraphs(2), Caption("Ảnh ngang một", photo=pictures.landscape), *paragraphs(4, "Giữa"),
                Caption("Ảnh ngang hai", photo=second), Paragraph("Lời kết.")),
        byline=Byline("PV", ("PV",)),
    )
    warnings: list[str] = []
    data = render("pdf", two, NEWSPAPER, Options(timestamp=TIMESTAMP, warn=warnings.append))
    check_text(data, two, NEWSPAPER)
    drawn = photos_drawn(data)
    assert [index for index, _ in drawn] == [0, 0]
    assert drawn[0][1].width == pytest.approx(page.text_width, abs=0.5)
    assert drawn[1][1].width == pytest.approx(page.column_width, abs=0.5)
    column_pixels = round(page.column_width / 72 * NEWSPAPER.photos.max_ppi)
    assert sorted(image.width for image in images(data)) == [300, column_pixels]  # resampled for the column
    # The low-resolution check measures each where it is: the small one across the text.
    assert len(warnings) == 1 and warnings[0].startswith(f"{pictures.landscape}: ")
    assert f" on {page.text_width / 72 * 25.4:.0f} mm)" in warnings[0]
    behind = Article(
        headline="Thứ tự các ảnh",
        blocks=(*paragraphs(2), Caption("Ảnh đứng trước", photo=pictures.portrait), Paragraph("Một đoạn ngắn."),
                Caption("Ảnh ngang sau", photo=pictures.landscape), *paragraphs(3, "Sau")),
    )
    drawn = photos_drawn(pdf(behind, NEWSPAPER))  # check_text: the portrait's caption first
    assert all(box.width <= page.column_width + 0.5 for _, box in drawn)


def test_a_band_that_would_leave_the_columns_too_short_is_not_made(pictures: Pictures) -> None:
    """On an A5 page a landscape photo with a long caption across the text would leave the
    columns below it no room for the other figure: it stays in its column."""
    small = load("newspaper", ("page.size=A5", "page.columns=2"))
    page = geometry(small)
    article = Article(
        headline="Trang nhỏ",
        blocks=(*paragraphs(2), Caption("Chú thích rất dài về bức ảnh. " * 30, photo=pictures.landscape),
                *paragraphs(2, "Giữa"), Caption("Ảnh đứng", photo=pictures.portrait), *paragraphs(2, "Sau")),
    )
    drawn = photos_drawn(pdf(article, small))
    assert len(drawn) == 2 and all(box.width <= page.column_width + 0.5 for _, box in drawn)


#: An article as (kind, size): a paragraph of ``size`` sentences, a subheading, or a
#: figure of that photo with a caption ``size`` words longer than its number.
Plan = list[tuple[str, int]]
KINDS = ("landscape", "portrait", "squarish", "panorama")


def planned(plan: Plan, pictures: Pictures) -> Article:
    blocks: list[Paragraph | Subheading | Caption] = []
    for index, (kind, size) in enumerate(plan):
        if kind == "p":
            blocks.append(Paragraph((SENTENCE * size).strip()))
        elif kind == "sub":
            blocks.append(Subheading(f"Tiểu mục {index}"))
        else:
            blocks.append(Caption(f"Chú thích {index} " + "dài " * size, "Ảnh: PV", photo=getattr(pictures, kind)))
    return Article(headline="Tiêu đề thử", blocks=tuple(blocks), byline=Byline("PV", ("PV",)))


plans = st.lists(
    st.one_of(
        st.tuples(st.just("p"), st.integers(1, 12)),
        st.tuples(st.just("sub"), st.just(0)),
        st.tuples(st.sampled_from(KINDS), st.integers(0, 30)),
    ),
    min_size=1,
    max_size=40,
)
#: Figures waiting at a page's end, released there, still to be set when the next page
#: begins: the spanning one behind them waits on rather than pass them in its band.
RELEASED_BEFORE_THE_BAND: Plan = [
    ("sub", 0), ("p", 12), ("p", 9), ("p", 6), ("p", 9), ("sub", 0), ("p", 7), ("p", 2), ("p", 12), ("p", 2),
    ("p", 2), ("sub", 0), ("p", 7), ("p", 1), ("p", 9), ("p", 6), ("landscape", 10), ("squarish", 1), ("p", 7),
    ("p", 8), ("portrait", 16), ("portrait", 25), ("squarish", 1), ("portrait", 8), ("p", 5), ("p", 2), ("p", 5),
    ("panorama", 26), ("p", 4), ("p", 6), ("p", 7), ("p", 10), ("p", 3), ("p", 8), ("p", 9), ("p", 10), ("p", 9),
    ("portrait", 26),
]


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plans)
@example(RELEASED_BEFORE_THE_BAND)
def test_any_mix_of_photos_keeps_text_and_figure_order_and_few_pages(pictures: Pictures, plan: Plan) -> None:
    article = planned(plan, pictures)
    pages = len(reader(pdf(article, NEWSPAPER)).pages)  # pdf checks the text and the figures' order
    spanning = sum(1 for kind, _ in plan if kind in ("landscape", "panorama"))
    assert pages <= pages_without_spanning(article) + spanning
