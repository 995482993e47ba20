"""UTF-8 with a few damaged bytes: read as UTF-8, each damaged place shown, never
taken for a legacy encoding.

A Windows-1252 quote pasted into a UTF-8 article (``\\x93``), a byte flipped on an old
disk, a file cut by ``head -c`` inside its last letter: the bytes are UTF-8 but for a
handful of places, and reading the whole file as VISCII (what the legacy detection
makes of any non-UTF-8 bytes) garbles every word. So before the legacy detection is
asked, the share of the file that is valid UTF-8 decides: when its valid multi-byte
sequences outnumber the damaged places many times over, the file is UTF-8, and each
damaged place becomes one U+FFFD REPLACEMENT CHARACTER (one per "maximal subpart",
as Python's decoder and the Unicode Standard, §3.9 "U+FFFD Substitution of Maximal
Subparts", count them), or, where one lone byte can only be the Windows-1252 (and
Windows-1258, the same there) punctuation a Windows program wrote, that punctuation.

The scan runs at the decoder's C speed from damaged place to damaged place (bytes damaged one after
another, ``\xff\xba\xa5`` where ``ấ`` was, are one place), and
gives up after a few places when they are not rare (a legacy file), so the cost is
linear and a 50 MB file cut mid-letter costs two UTF-8 decodes.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from typing import Final

#: At least this many continuation bytes of valid multi-byte sequences for each damaged
#: place. Vietnamese UTF-8 has about 1.7 a word; the samples typed in TCVN3, VNI, VISCII,
#: VPS or Windows-1258 have one for every 15 damaged places or fewer (VISCII's and VPS's
#: letter pairs that happen to be valid UTF-8), most none.
VALID_PER_DAMAGED: Final = 4
#: Damaged places read before the share so far may end the scan (a legacy file is
#: given up early; a damaged headline is not).
FEW: Final = 64
#: Damaged places shown in the warning (line:column), the rest counted.
SHOWN: Final = 5
#: The name the article records as its encoding.
ENCODING: Final = "utf-8 (damaged bytes replaced)"

#: Bytes 0x80-0x9F that Windows-1252 and Windows-1258 both give the same punctuation
#: (the Windows-1252 table, unicode.org/Public/MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1252.TXT;
#: CP1258.TXT agrees on these): at a word's edge, such a byte is that punctuation, not
#: a stray continuation byte of a letter.
PUNCTUATION: Final = {
    0x80: "€",
    0x85: "…",
    0x91: "‘",
    0x92: "’",
    0x93: "“",
    0x94: "”",
    0x95: "•",
    0x96: "–",
    0x97: "—",
    0x99: "™",
}


@dataclass(frozen=True)
class Damaged:
    """UTF-8 read with its damaged places replaced, and where they were."""

    text: str
    places: tuple[int, ...]  # character offsets in ``text`` where each damaged run of bytes begins
    replaced: int  # characters that became U+FFFD (one per maximal subpart)
    punctuation: int  # lone bytes read as the Windows-1252 punctuation meant
    cut_at_end: bool  # the file ends inside a character

    @property
    def note(self) -> str:
        """The warning: how many places, what became of them, and where the first are."""
        where = ", ".join(_line_column(self.text, offset) for offset in self.places[:SHOWN])
        more = f" and {len(self.places) - SHOWN} more" if len(self.places) > SHOWN else ""
        punctuation = self.punctuation
        became = "shown as \ufffd" if not punctuation else (
            f"{self.replaced} shown as \ufffd, {punctuation} read as the Windows-1252 punctuation meant"
            if self.replaced
            else "read as the Windows-1252 punctuation meant"
        )
        cut = "; the file ends inside a character (cut short?)" if self.cut_at_end else ""
        places = f"{len(self.places)} damaged place" + ("s" if len(self.places) > 1 else "")
        return f"read as UTF-8 but for {places} ({became}), at line:column {where}{more}{cut}"


def read(data: bytes, first_error: int) -> Damaged | None:
    """``data`` (not valid UTF-8: the first damaged byte at ``first_error``) read as
    UTF-8 with its damaged places replaced, or None when the damage is not rare (the
    bytes are some other encoding)."""
    return _read(data, first_error, judge=True)


def read_anyway(data: bytes) -> Damaged | None:
    """``data`` read as UTF-8 with its damaged places replaced, however many (asked for
    with ``--encoding utf-8:replace``); None when it is valid UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _read(data, exc.start, judge=False)
    return None


def _read(data: bytes, first_error: int, judge: bool) -> Damaged | None:
    view = memoryview(data)
    pieces: list[str] = []
    places: list[int] = []
    length = 0  # characters so far
    valid_extra = 0  # continuation bytes of valid multi-byte sequences so far
    replaced = punctuation = 0
    pos, error = 0, first_error
    cut_at_end = False
    while True:
        good = str(view[pos:error], "utf-8")
        pieces.append(good)
        length += len(good)
        valid_extra += (error - pos) - len(good)
        end = _subpart_end(data, error)
        byte = data[error]
        continued = error == pos and bool(places)  # right after another damaged subpart: the same place
        if not continued:
            places.append(length)
        if end - error == 1 and byte in PUNCTUATION and not continued and _alone(data, error):
            pieces.append(PUNCTUATION[byte])
            punctuation += 1
        else:
            pieces.append("\ufffd")
            replaced += 1
        length += 1
        cut_at_end = end == len(data) and byte >= 0xC2
        if judge and len(places) > FEW and len(places) * VALID_PER_DAMAGED > valid_extra:
            return None
        pos = end
        try:
            rest = str(view[pos:], "utf-8")
        except UnicodeDecodeError as exc:
            error = pos + exc.start
            continue
        pieces.append(rest)
        valid_extra += (len(data) - pos) - len(rest)
        break
    if judge and (valid_extra == 0 or len(places) * VALID_PER_DAMAGED > valid_extra):
        return None
    return Damaged("".join(pieces), tuple(places), replaced, punctuation, cut_at_end)


def _subpart_end(data: bytes, start: int) -> int:
    """Where the maximal subpart of an ill-formed sequence starting at ``start`` ends:
    what Python's decoder reports as one error (a lead byte and the continuation bytes
    that may follow it)."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        decoder.decode(data[start : start + 4], final=True)
    except UnicodeDecodeError as exc:
        return start + exc.end
    return start + 4  # not reached: the bytes at ``start`` were found ill-formed


def _alone(data: bytes, at: int) -> bool:
    """A stray byte at a word's edge (a space, a punctuation mark or either end of the
    file on one side): punctuation a Windows program wrote. Between two letters, or
    after other damaged bytes, it may be what is left of a letter (``ồ`` is E1 BB 93):
    then it is not certain."""
    before = data[at - 1] if at > 0 else 0x20
    after = data[at + 1] if at + 1 < len(data) else 0x20
    return _edge(before) or _edge(after)


def _edge(byte: int) -> bool:
    return byte < 0x80 and not chr(byte).isalnum()


def _line_column(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{line}:{column}"
