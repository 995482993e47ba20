"""What the writers share (convert/writers/shared.py): labels, language tags, the moment, ZIP
times, bytes that do not depend on the machine's time zone, and text as it is set
(typographic quotes and dashes, list markers, table columns)."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from convert.styles import load
from convert.writers.shared import (
    LABEL_CHARS,
    column_shares,
    item_marker,
    language_tag,
    moment,
    page_problem,
    shortened,
    typeset,
    typographic,
    zip_time,
)
from tests.conftest import Result


def test_a_short_label_stays_whole_and_a_long_one_is_cut_at_a_word() -> None:
    assert shortened("Tin ngắn") == "Tin ngắn"
    words = " ".join(["Lạng Sơn"] * 60)
    cut = shortened(words)
    assert len(cut) <= LABEL_CHARS and cut.endswith("Sơn…") and words.startswith(cut[:-1])
    assert shortened("Đ" * 300, limit=10) == "Đ" * 9 + "…"


def test_vietnamese_gets_a_region_and_other_tags_stay() -> None:
    assert language_tag("vi") == "vi-VN"
    assert language_tag("en-GB") == "en-GB"


def test_the_moment_is_the_timestamp_else_the_latest_date_in_utc_to_the_second() -> None:
    local = dt.datetime(2019, 8, 17, 16, 30, 5, 123456, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert moment(local, [dt.date(2020, 1, 1)]) == dt.datetime(2019, 8, 17, 9, 30, 5, tzinfo=dt.timezone.utc)
    dates = [dt.date(2019, 8, 17), dt.date(2019, 9, 1), dt.date(2019, 8, 1)]
    assert moment(None, dates) == dt.datetime(2019, 9, 1, tzinfo=dt.timezone.utc)
    now = moment(None, [])
    assert now.tzinfo == dt.timezone.utc and now.microsecond == 0
    assert abs(now - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(minutes=1)


@pytest.mark.parametrize(
    ("when", "stamp"),
    [
        (None, (1980, 1, 1, 0, 0, 0)),
        (dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc), (1980, 1, 1, 0, 0, 0)),
        (dt.datetime(2019, 8, 17, 16, 30, tzinfo=dt.timezone(dt.timedelta(hours=7))), (2019, 8, 17, 9, 30, 0)),
        (dt.datetime(2200, 1, 1, tzinfo=dt.timezone.utc), (2107, 12, 31, 23, 59, 58)),
    ],
)
def test_zip_times_stay_within_what_zip_can_say(when: dt.datetime | None, stamp: tuple[int, ...]) -> None:
    assert zip_time(when) == stamp


def test_a_naive_moment_is_refused_rather_than_read_as_local_time() -> None:
    with pytest.raises(ValueError, match="zone"):
        zip_time(dt.datetime(2019, 8, 17, 9, 30))


@pytest.fixture
def time_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Switch this process's local time zone (``TZ`` and ``time.tzset``), restored after."""

    def switch(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield switch
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(("fmt", "epoch"), [("pdf", "1566034200"), ("docx", "1566034200"), ("epub", "1566034200"), ("docx", None), ("epub", None)])
def test_the_bytes_do_not_depend_on_the_local_time_zone(
    fmt: str, epoch: str | None, seed: Path, run: Callable[..., Result], time_zone: Callable[[str], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """SOURCE_DATE_EPOCH (or, without it, the dateline) fixes the bytes on any machine:
    Hanoi (UTC+7), UTC and Honolulu (UTC-10) write the same file."""
    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    outputs = set()
    for zone in ("UTC", "Asia/Ho_Chi_Minh", "Pacific/Honolulu"):
        time_zone(zone)
        result = run([fmt, str(seed), "-o", "-"])
        assert result.exit_code == 0, result.stderr
        outputs.add(hashlib.sha256(result.stdout).hexdigest())
    assert len(outputs) == 1


# --- whether the page can hold the text -------------------------------------------------


@pytest.mark.parametrize("name", ["default", "newspaper", "a5", "nd30"])
def test_every_preset_leaves_room_for_its_text(name: str) -> None:
    assert page_problem(load(name, check_fonts=False)) is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (["page.columns=40"], "page.columns=40 leaves no room for the text: its 39 gaps of 6 mm (page.column_gap) take more than the 166 mm between the margins"),
        (["page.columns=40", "page.column_gap=0"], "page.columns=40 leaves columns 11.8 pt wide; the narrowest the text can use is 66.0 pt (page.min_measure = 6 em of the 11 pt body text)"),
        (["page.columns=40", "page.column_gap=0", "page.min_measure=1"], "page.columns=40 leaves columns 11.8 pt wide; the narrowest the text can use is 24.0 pt (text.headline.first_indent = 0 pt and a letter at 24 pt)"),
        (['page.size="60x60 mm"'], "page.size='60x60 mm' with page.margin_left=22 and page.margin_right=22 (mm) leaves columns 45.4 pt wide; the narrowest the text can use is 66.0 pt"),
        (['page.size="100x60 mm"', "page.margin_top=20", "page.margin_bottom=20"], "page.size='100x60 mm' with page.margin_top=20 and page.margin_bottom=20 (mm) leaves columns 56.7 pt tall; the headline needs 88.6 pt (3 lines of 29.5 pt"),
        (["text.body.first_indent=480"], "leaves columns 470.6 pt wide; the narrowest the text can use is 491.0 pt (text.body.first_indent = 480 pt and a letter at 11 pt)"),
    ],
)
def test_a_page_that_cannot_hold_the_text_is_named_by_its_values(overrides: list[str], message: str) -> None:
    problem = page_problem(load("default", overrides, check_fonts=False))
    assert problem is not None and message in problem, problem


# --- text as it is set ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "set_as"),
    [
        ('Ông nói: "Năm nay tốt."', "Ông nói: “Năm nay tốt.”"),
        ('quy trình "1 phải, 5 giảm", chi phí', "quy trình “1 phải, 5 giảm”, chi phí"),
        ("cụm từ 'được mùa mất giá' quen thuộc", "cụm từ ‘được mùa mất giá’ quen thuộc"),
        ("O'Neil và rock'n'roll", "O’Neil và rock’n’roll"),
        ('("trích")', "(“trích”)"),
        ('"Lồng "ngoặc" trong"', "“Lồng “ngoặc” trong”"),
        ('""', "””"),  # no text follows: nothing opens
        ("kinh tế - xã hội", "kinh tế – xã hội"),
        ("2015 - 2020, Hà Nội - Hải Phòng", "2015 – 2020, Hà Nội – Hải Phòng"),
        ("héc-ta, COVID-19, -5 độ, a -b", "héc-ta, COVID-19, -5 độ, a -b"),  # hyphens without spaces stay
        ("- Thưa ông", "- Thưa ông"),  # a dash opening a line of dialogue is no dash between words
        ("“đã đúng” – không đổi", "“đã đúng” – không đổi"),
    ],
)
def test_typographic_quotes_and_dashes(typed: str, set_as: str) -> None:
    assert typographic(typed) == set_as
    assert typographic(set_as) == set_as  # setting twice changes nothing


def test_each_switch_turns_its_part_off() -> None:
    typed = 'Ông nói: "a - b"'
    assert typographic(typed, quotes=False) == 'Ông nói: "a – b"'
    assert typographic(typed, dashes=False) == "Ông nói: “a - b”"
    assert typographic(typed, quotes=False, dashes=False) == typed


def test_typeset_sets_every_text_of_the_article_and_the_style_can_say_no() -> None:
    from convert.model import Answer, Article, List, ListItem, Table

    article = Article(
        headline='Tin "nóng"',
        blocks=(List((ListItem("-", '"a"'),)), Table((('"x"', "1 - 2"),)), Answer('"Vâng"', "Ông 'A'")),
    )
    set_as = typeset(article, load("default"))
    assert list(set_as.texts()) == ["Tin “nóng”", "-", "“a”", "“x”", "1 – 2", "Ông ‘A’", "“Vâng”"]
    assert typeset(article, load("default", ["typography.quotes=false", "typography.dashes=false"])) is article


def test_a_bulleted_item_shows_the_styles_bullet_for_its_level_and_a_number_its_own() -> None:
    style = load("default")  # bullets = ["•", "–"]
    assert [item_marker("-", depth, style) for depth in range(4)] == ["•", "–", "–", "–"]
    assert item_marker("đ)", 0, style) == "đ)" and item_marker("(3)", 2, style) == "(3)"
    assert item_marker("+", 0, load("default", ["lists.bullets=[]"])) == "+"  # the file's own mark


def test_columns_share_the_width_by_what_they_hold() -> None:
    from convert.model import Table

    shares = column_shares(Table((("Tỉnh", "Dân số"), ("Thành phố Hồ Chí Minh", "9.000.000"))))
    assert sum(shares) == pytest.approx(1) and shares[0] > shares[1]
    wide = column_shares(Table((("a", "b" * 500),)), minimum=0.2)  # a long word counts a line's worth, no more
    assert wide[0] == pytest.approx(0.2) and sum(wide) == pytest.approx(1)
    assert column_shares(Table((("a",) * 10,)), minimum=0.2) == [0.1] * 10  # no room for the minimum: equal


def test_repack_deflates_with_isal_and_leaves_zipfile_as_it_was() -> None:
    import io
    import zipfile
    import zlib

    from isal import isal_zlib

    from convert.writers.shared import COMPRESS_LEVEL, repack

    text = ("Tiếng Việt có dấu: ắ ằ ẳ ẵ ặ ấ ầ ẩ ẫ ậ ế ề ể ễ ệ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ứ ừ ử ữ ự. " * 200).encode()
    source = io.BytesIO()
    with zipfile.ZipFile(source, "w") as package:
        package.writestr("mimetype", b"application/epub+zip")
        package.writestr("text.xhtml", text)
    before = zipfile.zlib  # type: ignore[attr-defined]
    packed = repack(source.getvalue(), None, first=("mimetype",), stored=("mimetype",))
    assert zipfile.zlib is before is zlib  # type: ignore[attr-defined]
    with zipfile.ZipFile(io.BytesIO(packed)) as package:
        info = package.getinfo("text.xhtml")
        assert info.compress_type == zipfile.ZIP_DEFLATED
        assert package.read("text.xhtml") == text  # the standard inflater reads it
        assert package.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    deflated = packed[start : start + info.compress_size]
    isal = isal_zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
    assert deflated == isal.compress(text) + isal.flush()
    plain = zlib.compressobj(6, zlib.DEFLATED, -15)  # zlib's default
    assert deflated != plain.compress(text) + plain.flush()  # otherwise the check above proves nothing


def test_pack_depends_on_the_entries_not_their_order_and_repack_keeps_them() -> None:
    import datetime as dt

    from convert.writers.shared import pack, repack, zip_entries

    entries = {"z.xml": b"<z/>", "[Content_Types].xml": b"<Types/>", "a/b.xml": "Tiếng Việt".encode() * 50}
    when = dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.timezone.utc)
    packed = pack(entries, when, first=("[Content_Types].xml",))
    assert pack(dict(reversed(entries.items())), when, first=("[Content_Types].xml",)) == packed
    assert list(zip_entries(packed)) == ["[Content_Types].xml", "a/b.xml", "z.xml"]
    assert zip_entries(packed) == entries
    assert repack(packed, when, first=("[Content_Types].xml",)) == packed
