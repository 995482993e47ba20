"""VPS, the "Vietnamese Professionals Society" 8-bit encoding of the VPS fonts.

Like VISCII it holds all 134 precomposed letters by taking C0 controls as well as
0x80-0xFF, but at other positions, and it keeps a few Western letters (ç, î, ö, ü, ß)
and the single curly quotes (0x91, 0x92). glibc has no VPS; vnconv's table is checked
by the tests against hand-verified words instead.

Sources: the VPS table in Wikipedia's "VPSKeys" article (section "VPS character
encoding"); the ascension text editor's ``encodings/vietnamese.cpp`` (a full 256-entry
table) and VBKey's ``mdlCodeTable.bas`` (the VPS codes of all 134 letters), which
agree on every position above 0x7F; the C0 positions come from the first two.
"""

from __future__ import annotations

from typing import Final

from convert.encodings.charmap import ByteTableCodec, decoding_map

#: 0x80-0xFF of VPS.
VPS_HIGH: Final = (
    "ÀẢÃẤẦẨọỗĂếềểệẮẰẲ"  # 0x80
    "Ế‘’ỀỂỄỐỒỔỖýỷỵỚỜỞ"  # 0x90
    "\u00a0ắằẳẵặỠớÙờởỡŨỨợỪ"  # 0xA0
    "ổỬỲỸÍÌộỈĨÓửữÒỎÕự"  # 0xB0
    "ầÁÂấẩẫậđẻÉÊẹỉễịỹ"  # 0xC0
    "ƯỦồốÔỏơÈừứÚũưÝẺß"  # 0xD0
    "àáâãảạăçèéêẽìíîĩ"  # 0xE0
    "ẴĐòóôõöƠụùúủüỶẼỳ"  # 0xF0
)

#: The C0 positions VPS gives to capitals.
VPS_C0: Final = {
    0x02: "Ạ", 0x03: "Ậ", 0x04: "Ặ", 0x05: "Ẹ", 0x06: "Ệ", 0x10: "Ị", 0x11: "Ọ",
    0x12: "Ộ", 0x13: "Ợ", 0x14: "Ụ", 0x15: "Ự", 0x19: "Ỵ", 0x1C: "Ẫ", 0x1D: "Ữ",
}  # fmt: skip

VPS: Final = ByteTableCodec("vps", decoding_map(VPS_HIGH, VPS_C0))
