"""EPUBCheck finds 0 errors and 0 warnings in the seed, in every preset, generated articles,
an edition, the sample with photos, and lists, tables, quotations, interviews and section
breaks.

A JVM start costs about 3 s, so every book is rendered first and all are checked in
one EPUBCheck run (``tests.support.epub.epubcheck``); each test then reads its verdict.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings

from convert import styles
from convert.io import load_article
from convert.jobs import load
from convert.model import Article, to_json
from convert.options import Options
from convert.writers import epub as writer
from tests.conftest import SAMPLES, SEED
from tests.support.epub import CheckResult, epubcheck, require_java
from tests.support.hostile import HOSTILE
from tests.support.strategies import articles
from tests.support.structure import STRUCTURED, long_table

FIXED = Options(timestamp=dt.datetime(2024, 5, 6, 7, 8, 10, tzinfo=dt.timezone.utc))
GENERATED = 5
#: The shipped presets other than the default, and the default with whole-language subsets.
PRESET_BOOKS = ("newspaper", "a5", "nd30", "language-subsets")


def generated_articles(count: int) -> list[Article]:
    found: list[Article] = []

    @settings(max_examples=count, database=None, suppress_health_check=list(HealthCheck))
    @given(articles())
    def collect(article: Article) -> None:
        found.append(article)

    collect()
    return found


def without_language(book: bytes) -> bytes:
    """A broken copy of a book (no dc:language), to show the checker does fail books."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith(".opf"):
                data = data.replace(b"<dc:language>vi</dc:language>", b"")
            target.writestr(info, data)
    return out.getvalue()


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, CheckResult], dict[str, list[Article]]]:
    require_java()
    style = styles.load("default")
    seed = load_article(str(SEED))
    generated = generated_articles(GENERATED)
    with_photos = load(str(SAMPLES / "004_hoi_hoa_ban.txt"), style).article
    assert sum(1 for b in with_photos.blocks if getattr(b, "photo", None)) == 3
    books = {
        "sample with photos": (writer.render(with_photos, style, FIXED), [with_photos]),
        "edition with photos": (writer.render_edition([with_photos, seed], style, FIXED), [with_photos, seed]),
        "seed": (writer.render(seed, style, FIXED), [seed]),
        "seed without embedded fonts": (
            writer.render(seed, styles.load("default", ["epub.embed_fonts=false"]), FIXED),
            [seed],
        ),
        "markup-like text": (
            writer.render(HOSTILE, styles.load("default", ['placeholder.label=<Ả"nh>\\']), FIXED),
            [HOSTILE],
        ),
        "edition of 3": (writer.render_edition([seed, HOSTILE, generated[-1]], style, FIXED), [seed, HOSTILE, generated[-1]]),
    }
    ruled = styles.load("default", ['section_break.ornament=""', "lists.bullets=[]"])
    books["lists, tables, quotes, interviews"] = (writer.render(STRUCTURED, style, FIXED), [STRUCTURED])
    books["the same, a rule for the break"] = (writer.render(STRUCTURED, ruled, FIXED), [STRUCTURED])
    books["a long table"] = (writer.render(long_table(120), style, FIXED), [long_table(120)])
    for index, article in enumerate(generated):
        books[f"generated {index}"] = (writer.render(article, style, FIXED), [article])
    for name in PRESET_BOOKS:  # "default" is the seed's book above
        preset = styles.load("default", ["embedding.subset=language"]) if name == "language-subsets" else styles.load(name)
        books[f"preset {name}"] = (writer.render(seed, preset, FIXED), [seed])
    books["broken on purpose"] = (without_language(books["seed"][0]), [seed])
    folder = tmp_path_factory.mktemp("epubcheck")
    paths = {}
    for number, (name, (data, _)) in enumerate(books.items()):
        paths[name] = folder / f"book-{number:02d}.epub"
        paths[name].write_bytes(data)
    results = epubcheck(list(paths.values()))
    return {name: results[path] for name, path in paths.items()}, {name: models for name, (_, models) in books.items()}


@pytest.mark.parametrize(
    "name",
    [
        "seed",
        "seed without embedded fonts",
        "markup-like text",
        "edition of 3",
        "sample with photos",
        "edition with photos",
        "lists, tables, quotes, interviews",
        "the same, a rule for the break",
        "a long table",
        *(f"preset {name}" for name in PRESET_BOOKS),
    ],
)
def test_epubcheck_finds_nothing(verdicts, name: str) -> None:
    results, _ = verdicts
    assert results[name].clean, results[name].messages


def test_epubcheck_finds_nothing_in_generated_articles(verdicts) -> None:
    results, models = verdicts
    failing = {name: r for name, r in results.items() if name.startswith("generated") and not r.clean}
    assert sum(name.startswith("generated") for name in results) >= 3
    assert not failing, "\n\n".join(f"{r.messages}\n{to_json(models[n][0])}" for n, r in failing.items())


def test_epubcheck_does_fail_a_broken_book(verdicts) -> None:
    results, _ = verdicts
    broken = results["broken on purpose"]
    assert broken.errors >= 1 and "dc:language" in broken.messages


def test_the_checker_judged_every_book(verdicts) -> None:
    results, models = verdicts
    assert set(results) == set(models)
