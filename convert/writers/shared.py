"""What several writers share: language tags, short labels, the timestamp policy,
reproducible ZIP packages, and how a writer warns.

Like pandoc's ``Text.Pandoc.Writers.Shared``: a rule two formats must apply the same
way lives here once, so the PDF's title and the DOCX's core properties shorten a
headline alike, and a DOCX and an EPUB of one article carry the same moment.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import warnings
import zipfile
from collections.abc import Container, Iterable, Sequence
from typing import Final

from convert.options import Options

# --- text in metadata --------------------------------------------------------------------


def language_tag(language: str) -> str:
    """The tag for a document's language (PDF /Lang, Word's w:lang): Vietnamese articles
    are ``vi-VN``, as Word wants a region; a tag with a region stays as it is."""
    return "vi-VN" if language == "vi" else language


#: Word keeps at most 255 characters in a core property; PDF metadata and bookmarks
#: are held to the same, so an overlong headline (a one-line file is all headline) is
#: not stored twice more, uncompressed, beside the page that keeps it whole.
LABEL_CHARS: Final = 255


def shortened(text: str, limit: int = LABEL_CHARS) -> str:
    """``text`` for a title, subject, property or bookmark: whole, or cut at a word with …"""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip() + "…"


# --- the moment a document carries -------------------------------------------------------


def source_date_epoch(environ: os._Environ[str] | dict[str, str] = os.environ) -> dt.datetime | None:
    """``SOURCE_DATE_EPOCH`` (reproducible-builds.org) as an aware UTC datetime."""
    raw = environ.get("SOURCE_DATE_EPOCH")
    if raw is None or not raw.strip():
        return None
    try:
        return dt.datetime.fromtimestamp(int(raw.strip()), tz=dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"SOURCE_DATE_EPOCH={raw!r} is not a whole number of seconds since 1970") from None


def moment(timestamp: dt.datetime | None, dates: Iterable[dt.date] = ()) -> dt.datetime:
    """When a document says it was made, in UTC to the second: ``timestamp``
    (``SOURCE_DATE_EPOCH``), else midnight UTC of the latest of ``dates`` (datelines),
    else now. The clock is read only when the input dates nothing, so the same
    input gives the same bytes."""
    if timestamp is not None:
        chosen = timestamp.astimezone(dt.timezone.utc)
    else:
        latest = max(dates, default=None)
        chosen = (
            dt.datetime.combine(latest, dt.time(), tzinfo=dt.timezone.utc)
            if latest is not None
            else dt.datetime.now(dt.timezone.utc)
        )
    return chosen.replace(microsecond=0)


# --- ZIP packages (DOCX, EPUB) -----------------------------------------------------------
#
# Both libraries that write them stamp entries with the current time and pick their
# own order. ``repack`` rewrites a package so that the same content gives the same
# bytes: a fixed entry order (the entries a format wants first, then by name), one
# timestamp, Unix permissions 0644, and one compression level.

#: The earliest and latest moments a zip entry can carry.
ZIP_EPOCH: Final = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)
ZIP_END: Final = dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.timezone.utc)
#: zlib's default: level 9 costs a third more time (fonts) for a few hundred bytes.
COMPRESS_LEVEL: Final = 6


def zip_time(when: dt.datetime | None) -> tuple[int, int, int, int, int, int]:
    """The entries' timestamp: the moment (in UTC, within what ZIP can say) or, without
    one, 1980-01-01.

    A naive moment is refused: ``astimezone`` would read it as the machine's local
    time, and the same input would give other bytes in Hanoi than in UTC.
    """
    if when is not None and when.utcoffset() is None:
        raise ValueError(f"zip_time needs a moment with a time zone, not the naive {when.isoformat()}")
    moment = min(max(when.astimezone(dt.timezone.utc), ZIP_EPOCH), ZIP_END) if when is not None else ZIP_EPOCH
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def repack(data: bytes, when: dt.datetime | None, first: Sequence[str] = (), stored: Container[str] = ()) -> bytes:
    """The package again: ``first`` entries first, the rest by name; ``stored`` entries
    uncompressed (EPUB's ``mimetype``), every other one deflated."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    order = [name for name in first if name in entries] + sorted(name for name in entries if name not in first)
    stamp = zip_time(when)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3  # Unix, whatever system wrote it
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            target.writestr(info, entries[name], compresslevel=COMPRESS_LEVEL)
    return out.getvalue()


# --- warnings ----------------------------------------------------------------------------


class RenderWarning(UserWarning):
    """A writer's notice to a caller that gave ``Options`` no ``warn`` callback."""


def notify(options: Options, message: str) -> None:
    """Send a writer's warning to ``options.warn``, or raise it as a ``RenderWarning``."""
    if options.warn is not None:
        options.warn(message)
    else:
        warnings.warn(message, RenderWarning, stacklevel=3)


#: What a format does with a character no font it embeds has: the PDF must draw
#: something, so it draws a replacement mark (and keeps the character in the text
#: layer); a DOCX or an EPUB keeps the character, which the reader's fonts may have.
#: ``--strict-glyphs`` (``Options.strict_glyphs``) refuses such text in every format.
DRAWN_AS_REPLACEMENT: Final = "drawn as '\ufffd' (U+FFFD) and kept in the text layer"
KEPT_AS_TEXT: Final = "kept as text, so the reader's own fonts must show {them}"


def uncovered_message(chars: Iterable[str], outcome: str = KEPT_AS_TEXT) -> str:
    """The one warning per article about text no embedded font can show."""
    from convert.fonts import describe

    count = len(set(chars))
    return f"no embedded font has {describe(chars)}; " + outcome.format(them="it" if count == 1 else "them")


def refuse_or_warn(options: Options, chars: Iterable[str], faces: Iterable[str], outcome: str = KEPT_AS_TEXT) -> None:
    """The policy for characters no embedded font has: with ``strict_glyphs`` refuse
    (MissingGlyphs names them and the faces tried), else warn once."""
    from convert.fonts import MissingGlyphs

    chars = set(chars)
    if not chars:
        return
    if options.strict_glyphs:
        raise MissingGlyphs(chars, list(dict.fromkeys(faces)))
    notify(options, uncovered_message(chars, outcome))
