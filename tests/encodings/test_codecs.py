"""The legacy code tables: against glibc's iconv, against hand-verified words, and by name."""

from __future__ import annotations

import codecs
import shutil
import subprocess
import unicodedata

import pytest

import convert.encodings
from convert.encodings import LEGACY, find, usual_name

ICONV = shutil.which("iconv")
needs_iconv = pytest.mark.skipif(ICONV is None, reason="glibc's iconv is not installed")
NAMES = [legacy.name for legacy in LEGACY]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def iconv(data: bytes, source: str, target: str) -> bytes:
    assert ICONV is not None
    return subprocess.run([ICONV, "-f", source, "-t", target], input=data, capture_output=True, check=True).stdout


def each_byte_by_iconv(charset: str) -> dict[int, str]:
    """What glibc makes of every byte but LF, alone: one process, LF between them."""
    bytes_ = [b for b in range(256) if b != 0x0A]
    out = iconv(b"\n".join(bytes([b]) for b in bytes_), charset, "UTF-8").decode("utf-8").split("\n")
    return dict(zip(bytes_, out, strict=True))


@needs_iconv
@pytest.mark.parametrize(("ours", "glibc"), [("viscii", "VISCII"), ("tcvn5712-1", "TCVN5712-1")])
def test_every_byte_reads_as_glibc_reads_it(ours: str, glibc: str) -> None:
    theirs = each_byte_by_iconv(glibc)
    assert {b: nfc(bytes([b]).decode(ours)) for b in theirs} == theirs


@needs_iconv
def test_tcvn3_is_glibc_above_0xa0_ascii_below_and_windows_1252_between() -> None:
    """VN3 (and its superset VN2) is 0xA0-0xFF of TCVN 5712; VN3 assigns no C0 or C1 code."""
    theirs = each_byte_by_iconv("TCVN5712-1")
    for byte, text in theirs.items():
        ours = bytes([byte]).decode("tcvn3")
        if byte >= 0xA0:
            assert ours == text, hex(byte)
        elif byte >= 0x80:
            assert ours == (bytes([byte]).decode("cp1252") if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(byte))
        else:
            assert ours == chr(byte)


#: Hand-verified codes from the references: TCVN 5712 (the issue's "Thứ bảy"), RFC 1456,
#: xvnkb's vni.h, and the comparison table "Bảng đối chiếu encoding các bộ chữ hiện
#: hành với Unicode" (VPS, VISCII, VNI, TCVN3 columns), which vnconv's tables do not come from.
HAND_VERIFIED = [
    ("tcvn3", "Thứ bảy", b"Th\xf8 b\xb6y"),
    ("tcvn3", "á ả ạ ă ệ ế ỉ ị Đ đ", b"\xb8 \xb6 \xb9 \xa8 \xd6 \xd5 \xd8 \xde \xa7 \xae"),
    ("viscii", "á ả ạ ă ệ ế ỉ ị", b"\xe1 \xe4 \xd5 \xe5 \xae \xaa \xef \xb8"),
    ("viscii", "Tiếng Việt", b"Ti\xaang Vi\xaet"),
    ("vps", "á ả ạ ă ệ ế ỉ ị", b"\xe1 \xe4 \xe5 \xe6 \x8c \x89 \xcc \xce"),
    ("vni", "á ả ạ ă ệ ế ỉ ị", b"a\xf9 a\xfb a\xef a\xea e\xe4 e\xe1 \xe6 \xf2"),
    ("vni", "Thứ bảy, Việt Nam", b"Th\xf6\xf9 ba\xfby, Vie\xe4t Nam"),
]


@pytest.mark.parametrize(("encoding", "text", "data"), HAND_VERIFIED)
def test_hand_verified_words(encoding: str, text: str, data: bytes) -> None:
    assert text.encode(encoding) == data
    assert nfc(data.decode(encoding)) == text


# xvnkb's vni.h: every Vietnamese vowel in VNI, as the bytes look in Windows-1252, in
# the order plain, acute, grave, hook above, tilde, dot below; then Đ. Capitals first.
VNI_H = """
A AÙ AØ AÛ AÕ AÏ AÂ AÁ AÀ AÅ AÃ AÄ AÊ AÉ AÈ AÚ AÜ AË E EÙ EØ EÛ EÕ EÏ EÂ EÁ EÀ EÅ EÃ EÄ
O OÙ OØ OÛ OÕ OÏ OÂ OÁ OÀ OÅ OÃ OÄ Ô ÔÙ ÔØ ÔÛ ÔÕ ÔÏ U UÙ UØ UÛ UÕ UÏ Ö ÖÙ ÖØ ÖÛ ÖÕ ÖÏ
I Í Ì Æ Ó Ò Y YÙ YØ YÛ YÕ Î Ñ
a aù aø aû aõ aï aâ aá aà aå aã aä aê aé aè aú aü aë e eù eø eû eõ eï eâ eá eà eå eã eä
o où oø oû oõ oï oâ oá oà oå oã oä ô ôù ôø ôû ôõ ôï u uù uø uû uõ uï ö öù öø öû öõ öï
i í ì æ ó ò y yù yø yû yõ î ñ
""".split()


def vietnamese_vowels(capital: bool) -> list[str]:
    bases = "AÂĂEÊOÔƠUƯIY" if capital else "aâăeêoôơuưiy"
    letters = [nfc(base + tone) for base in bases for tone in ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")]
    return [*letters, "Đ" if capital else "đ"]


def test_vni_spells_all_134_letters_as_xvnkb_does() -> None:
    letters = vietnamese_vowels(capital=True) + vietnamese_vowels(capital=False)
    assert len(letters) == len(VNI_H) == 146  # 134 letters and the 12 plain vowels a e i o u y
    for letter, spelling in zip(letters, VNI_H, strict=True):
        data = spelling.encode("cp1252")
        assert letter.encode("vni") == data, letter
        assert nfc(data.decode("vni")) == letter


@pytest.mark.parametrize("encoding", ["viscii", "vps", "tcvn5712-1", "vni"])
def test_every_letter_encodes_and_decodes_back(encoding: str) -> None:
    for letter in vietnamese_vowels(capital=True) + vietnamese_vowels(capital=False):
        assert nfc(letter.encode(encoding).decode(encoding)) == letter


def test_tcvn3_has_no_capital_with_a_tone() -> None:
    """VN3 leaves toned capitals to the .VnTimeH font: encoding one is an error."""
    assert "Ủ".encode("tcvn3", errors="replace") == b"?"
    assert "ủ Ư Đ".encode("tcvn3") == b"\xf1 \xa6 \xa7"


@pytest.mark.parametrize("encoding", NAMES)
def test_every_byte_value_decodes_in_every_table(encoding: str) -> None:
    text = bytes(range(256)).decode(encoding)
    assert nfc(text)  # no exception, whatever the bytes
    decoder = codecs.getincrementaldecoder(encoding)()
    assert "".join(decoder.decode(bytes([b])) for b in range(256)) + decoder.decode(b"", final=True) == text


def test_truncated_vni_sequences_are_lone_marks_not_errors() -> None:
    assert b"\xf9".decode("vni") == "\u0301"
    assert nfc(b"a\xe1\xe1 \xd9\xd9\xe4".decode("vni")) == nfc("a\u0302\u0301\u0302\u0301 \u0301\u0301\u0302\u0323")


@pytest.mark.parametrize(
    ("name", "usual"),
    [
        ("TCVN3", "tcvn3"), ("abc", "tcvn3"), ("tcvn5712-3", "tcvn3"), ("VNI-Windows", "vni"), ("vni_win", "vni"),
        ("VISCII", "viscii"), ("x-viet-vps", "vps"), ("TCVN5712-1", "tcvn5712-1"), ("vn1", "tcvn5712-1"),
        ("cp1258", "windows-1258"), ("Windows-1258", "windows-1258"), ("UTF-8", "utf-8"), ("utf_16_be", "utf-16-be"),
    ],
)  # fmt: skip
def test_names_and_aliases(name: str, usual: str) -> None:
    assert usual_name(name) == usual
    assert codecs.lookup(name) is not None


def test_unknown_names() -> None:
    assert find("klingon") is None
    with pytest.raises(LookupError):
        usual_name("klingon")
    assert convert.encodings.known_names() == "utf-8, utf-8:replace, utf-16, windows-1258, tcvn3, vni, viscii, vps, tcvn5712-1"

