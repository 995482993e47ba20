"""What the server does once, before it forks a child per request, so that no child does
it again: run each served command, in full, on a short article of its own.

``batch.job.preload`` (which the server runs first) imports the writers and reads the
default style's faces; what a command's first article still pays after it is spread
through the code: modules imported where they are first needed (the depfile, the
outline, the photo finder), the reader's and the writers' first-use tables (the PDF's
kerning table per face among them), the style typed from its sheet (``styles.load``
keeps it), ReportLab's and python-docx's own first-use work. A child forked after
this finds all of it in memory, shared copy-on-write, and its request costs what a
second article costs in one process (``vnconv convert``'s workers have always had
that: they convert many articles each).

The article is made here, not read from the samples (they are not installed): a title,
a lead, paragraphs with quotations, a subheading and a caption, in text that holds
every Vietnamese letter in lower and upper case with each tone, and the words most
frequent in Vietnamese news. Nothing of it reaches a request: the outputs go to a
folder that is removed, and what is printed goes to the server's standard streams
(``/dev/null``), flushed before the first fork so no child inherits it.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence

#: The consonant letters; the toned vowels and đ are ``fonts.VIETNAMESE_LETTERS``.
_CONSONANTS = "bcdghklmnpqrstvx"
#: Frequent words of Vietnamese news (the same everywhere: function words, numbers, titles).
_WORDS = (
    "và của có là không những được trong cho người một các đã này với năm đến khi về cũng "
    "từ như để theo nhiều ra sẽ tại sau nhưng nhà đó thì công việc lại đi hơn nước làm mới "
    "phải trên hiện còn vào đây chỉ đang thể tôi họ bị ông bà anh chị em ngày tháng cho biết "
    "tỉnh thành phố huyện xã Hà Nội Việt Nam Chính phủ Thủ tướng Bộ trưởng đồng triệu tỷ "
    "kinh tế xã hội phát triển dự án doanh nghiệp người dân học sinh giáo dục y tế bệnh viện "
    "thời gian hoạt động cơ quan chức năng đầu tư sản xuất thị trường giá tăng giảm"
)


def article_text() -> str:
    """The warm-up article, as a plain-text file of vnconv's input would hold it."""
    from convert.fonts import VIETNAMESE_LETTERS

    half = len(VIETNAMESE_LETTERS) // 2  # lower case, then the same letters in upper case
    letters = VIETNAMESE_LETTERS[:half] + _CONSONANTS
    upper = VIETNAMESE_LETTERS[half:] + _CONSONANTS.upper()
    words = _WORDS.split()
    sentences = [" ".join(words[i : i + 12]).capitalize() + "." for i in range(0, len(words), 12)]
    body = " ".join(sentences)
    return "\n\n".join(
        [
            "Thứ Hai, 07/12/2026 - 08:00",
            "Người dân Hà Nội đón mùa lúa mới: giá tăng 15% so với cùng kỳ",
            f"TTXVN - {body}",
            f'Ông Nguyễn Văn An cho biết: "{sentences[0]} {sentences[-1]}"',
            f"{letters} {upper} {' '.join(a + b for a, b in zip(letters, upper, strict=True))}",
            "Tiêu điểm thị trường",
            f"{body} Số liệu: 1.234.567 đồng; 89,5%; (ba) — [bốn] … «năm» ‘sáu’ “bảy”!?",
            "Người dân xã Vĩnh Hanh thu hoạch lúa (Ảnh: TTXVN)",
            f"{sentences[1]} {sentences[2]}",
            "Trần Thị Bình",
            "(Theo Báo Tin tức)",
        ]
    ) + "\n"


def _load_styles() -> None:
    """Every style vnconv ships, loaded (checked, typed, its font families read): a
    child of the server that reads a family the server has not ends after its
    request (``daemon._Kept``: a family named by a file is kept by its path), so that
    ``--style newspaper`` keeps its child as ``default`` does."""
    from convert.styles import available, load

    for name in available():
        try:
            load(name)
        except Exception:  # noqa: BLE001 - a style that fails fails again, and is reported, in its request
            pass


def warm(command: Callable[[Sequence[str]], object], formats: Sequence[str] = ("pdf", "docx", "epub", "txt")) -> None:
    """Run ``vnconv FORMAT``, ``vnconv convert -j 1`` (samples/Makefile's call per
    article) and ``vnconv parse`` (through ``command``, ``cli.main``) on the warm-up article; nothing is raised (a failure here fails again, and is
    reported, in the request that meets it)."""
    folder = tempfile.mkdtemp(prefix="vnconv-warmup-")
    try:
        _load_styles()
        article = os.path.join(folder, "warmup-article.txt")
        with open(article, "w", encoding="utf-8") as file:
            file.write(article_text())
        runs = [[fmt, article, "-o", os.path.join(folder, f"out.{fmt}"), "--depfile", os.path.join(folder, f"out.{fmt}.d")] for fmt in formats]
        batch = ["convert", "-q", "-j", "1", article, "--to", ",".join(formats), "-O", os.path.join(folder, "batch"), "--depfile", os.path.join(folder, "batch.d")]
        for argv in [*runs, batch, ["parse", article], ["parse", "--outline", article]]:
            try:
                command(argv)
            except SystemExit:
                pass
            except Exception:  # noqa: BLE001 - see above
                pass
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError, AttributeError):
                pass
        shutil.rmtree(folder, ignore_errors=True)
