"""Hypothesis strategies: article models, and the plain text that spells them.

``articles()`` draws models the plain-text convention can express unambiguously, and
``spell()`` types such a model the way a newsroom file does (date line, headline,
``SLUG -`` lead, captions after two blank lines, hard-wrapped paragraphs, byline).
Reading ``spell(model)`` back must give ``model``: the reader's round trip. Writers'
property tests use ``articles()`` as their inputs too.
"""

from __future__ import annotations

import datetime as dt
import textwrap

from hypothesis import strategies as st

from convert.model import Article, Block, Byline, Caption, Dateline, Paragraph, Subheading

SYLLABLES = (
    "Tỉnh ủy Lạng Sơn sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ "
    "hội nghị đồng chí Ủy viên Trung ương Bí thư phát biểu tại kinh tế tiếp tục phát triển cơ cấu "
    "chuyển dịch đúng hướng hạ tầng được đầu tư nông lâm nghiệp ổn định chương trình xây dựng "
    "thôn mới thương mại dịch vụ công nghiệp duy trì đà tăng trưởng khá môi trường kinh doanh cải "
    "thiện văn hóa xã hội tiến bộ an sinh đảm bảo đời sống vật chất tinh thần nhân dân quốc phòng "
    "an ninh biên giới giữ vững chỉ đạo điều hành hành chính kỷ luật kỷ cương tích cực đối ngoại "
    "mở rộng nghiêm túc khóa năng lực lãnh đạo sức chiến đấu chất lượng đội ngũ cán bộ đảng viên "
    "nâng lên giải pháp trọng tâm đột phá hoàn thành tiến độ vượt kế hoạch hạn chế bền vững giáo "
    "dục đào tạo vùng chăm sóc sức khỏe khó khăn giảm nghèo vững chắc phức tạp bất cập ưu tiên "
    "ứng dụng đặc biệt sẵn sàng quyết liệt gương mẫu tư tưởng đạo đức phong cách Hồ Chí Minh"
).split()
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phùng", "Vũ", "Đặng", "Bùi", "Đỗ", "Lâm")
GIVEN = ("Văn", "Thị", "Ngọc", "Minh", "An", "Bình", "Khiêm", "Ánh", "Thanh", "Hương", "Đức", "Phương")
SLUGS = ("LSO", "TTXVN", "VOV.VN", "HNM", "QĐND", "VNA")
AGENCIES = ("TTXVN", "Báo Lạng Sơn", "VnExpress", "Báo Nhân Dân", "VOV")
WEEKDAYS = ("Thứ hai", "Thứ Ba", "Thứ tư", "Thứ Năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")

words = st.sampled_from(SYLLABLES)
numbers = st.integers(1, 2030).map(str)


@st.composite
def phrase(draw: st.DrawFn, min_words: int = 3, max_words: int = 12) -> str:
    chosen = draw(st.lists(st.one_of(words, words, words, numbers), min_size=min_words, max_size=max_words))
    text = " ".join(chosen)
    return text[0].upper() + text[1:]


@st.composite
def sentence(draw: st.DrawFn) -> str:
    body = draw(phrase(4, 18))
    if draw(st.booleans()):
        body += ", " + draw(phrase(2, 8)).lower()
    return body + draw(st.sampled_from(".....!?…"))


@st.composite
def paragraph_text(draw: st.DrawFn) -> str:
    return " ".join(draw(st.lists(sentence(), min_size=1, max_size=4)))


@st.composite
def name(draw: st.DrawFn) -> str:
    parts = [draw(st.sampled_from(SURNAMES)), *draw(st.lists(st.sampled_from(GIVEN), min_size=1, max_size=3))]
    return " ".join(parts)


@st.composite
def bylines(draw: st.DrawFn) -> Byline:
    authors = draw(st.lists(name(), min_size=1, max_size=3, unique=True))
    if draw(st.booleans()):
        authors = [a.upper() for a in authors]
    separator = draw(st.sampled_from((", ", " - ")))
    text = separator.join(authors)
    if len(authors) == 1 and draw(st.booleans()):
        text = "Bài và ảnh: " + text
    return Byline(text=text, authors=tuple(authors))


@st.composite
def datelines(draw: st.DrawFn) -> Dateline:
    date = draw(st.dates(dt.date(1990, 1, 1), dt.date(2035, 12, 31)))
    form = draw(st.sampled_from(("{d:02d}/{m:02d}/{y}", "{d}/{m}/{y}", "{d:02d}-{m:02d}-{y}")))
    text = form.format(d=date.day, m=date.month, y=date.year)
    weekday = draw(st.none() | st.sampled_from(WEEKDAYS))
    if weekday is not None:
        text = f"{weekday}, {text}"
    return Dateline(text=text, date=date, weekday=weekday)


@st.composite
def captions(draw: st.DrawFn) -> Caption:
    text = draw(phrase(3, 18)) + " tại " + draw(words).lower()
    credit = draw(st.none() | st.sampled_from(("Ảnh: TTXVN", "Ảnh: PV", "Ảnh minh họa", "Ảnh: Hoàng Ánh")))
    return Caption(text=text, credit=credit)


@st.composite
def body(draw: st.DrawFn) -> tuple[Block, ...]:
    kinds = draw(st.lists(st.sampled_from("ppppcs"), min_size=0, max_size=10))
    blocks: list[Block] = []
    for index, kind in enumerate(kinds):
        inner = 0 < index < len(kinds) - 1
        if kind == "s" and inner and isinstance(blocks[-1], Paragraph) and kinds[index + 1] == "p":
            blocks.append(Subheading(draw(phrase(2, 8))))
        elif kind == "c":
            blocks.append(draw(captions()))
        else:
            blocks.append(Paragraph(draw(paragraph_text())))
    return tuple(blocks)


@st.composite
def articles(draw: st.DrawFn) -> Article:
    """Models with a headline and a lead, as real articles have."""
    source = draw(st.none() | st.sampled_from(SLUGS))
    return Article(
        headline=draw(phrase(4, 16)),
        dateline=draw(st.none() | datelines()),
        source=source,
        lead=draw(paragraph_text()),
        blocks=draw(body()),
        byline=draw(st.none() | bylines()),
        attribution=draw(st.none() | st.sampled_from(AGENCIES).map(lambda a: f"Theo {a}")),
    )


def spell(article: Article, wrap: int | None = None, crlf: bool = False) -> str:
    """The article typed as a newsroom plain-text file (``wrap`` hard-wraps paragraphs)."""
    chunks: list[tuple[int, str]] = []  # (blank lines before, text)
    if article.dateline is not None:
        chunks.append((1, article.dateline.text))
    if article.headline is not None:
        chunks.append((1, article.headline))
    if article.lead is not None:
        lead = f"{article.source} - {article.lead}" if article.source else article.lead
        chunks.append((1, _wrap(lead, wrap)))
    for block in article.blocks:
        if isinstance(block, Caption):
            chunks.append((2, _wrap(f"{block.text} ({block.credit})" if block.credit else block.text, wrap)))
        elif isinstance(block, Paragraph):
            chunks.append((1, _wrap(block.text, wrap)))
        else:
            chunks.append((1, block.text))
    if article.byline is not None:
        chunks.append((1, article.byline.text))
    if article.attribution is not None:
        chunks.append((1, f"({article.attribution})"))
    newline = "\r\n" if crlf else "\n"
    out = []
    for index, (blanks, text) in enumerate(chunks):
        if index:
            out.append(newline * (blanks + 1))
        out.append(text.replace("\n", newline))
    return "".join(out) + newline


def _wrap(text: str, width: int | None) -> str:
    if width is None:
        return text
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    if len(lines) > 1 and all(line.rstrip()[-1] in ".!?…" for line in lines[:-1]):
        return text  # wrapped exactly at sentence ends it would read as one paragraph a line
    return "\n".join(lines)
