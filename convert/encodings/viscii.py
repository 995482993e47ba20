"""VISCII: the Vietnamese 8-bit encoding of RFC 1456, common overseas and on early Unix.

All 134 precomposed letters fit because VISCII takes six rarely used C0 controls
(0x02, 0x05, 0x06, 0x14, 0x19, 0x1E) for capitals, besides the whole of 0x80-0xFF.

Sources: RFC 1456, "Conventions for Encoding the Vietnamese Language: VISCII and VIQR"
(1993), its VISCII 1.1 table; glibc's ``VISCII`` charmap (an independent oracle in the
tests); the two agree on all 256 bytes.
"""

from __future__ import annotations

from typing import Final

from convert.encodings.charmap import ByteTableCodec, decoding_map

#: 0x80-0xFF of VISCII 1.1 (RFC 1456).
VISCII_HIGH: Final = (
    "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐ"  # 0x80
    "ỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲ"  # 0x90
    "Õắằặấầẩậẽẹếềểễệố"  # 0xA0
    "ồổỗỠƠộờởịỰỨỪỬơớƯ"  # 0xB0
    "ÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳ"  # 0xC0
    "ĐứÒÓÔạỷừửÙÚỹỵÝỡư"  # 0xD0
    "àáâãảăữẫèéêẻìíĩỉ"  # 0xE0
    "đựòóôõỏọụùúũủýợỮ"  # 0xF0
)

#: The six C0 positions VISCII gives to capitals.
VISCII_C0: Final = {0x02: "Ẳ", 0x05: "Ẵ", 0x06: "Ẫ", 0x14: "Ỷ", 0x19: "Ỹ", 0x1E: "Ỵ"}

VISCII: Final = ByteTableCodec("viscii", decoding_map(VISCII_HIGH, VISCII_C0))
