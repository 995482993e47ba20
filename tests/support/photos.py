"""Photos made for the tests, the sample and the benchmark: deterministic, drawn with Pillow.

Each photo is drawn upright with a red square in its top-left corner (the marker a
test looks for to tell that a photo came out upright), then stored as asked: turned
sideways with the EXIF orientation tag that turns it back (as a phone stores it),
and carrying a GPS position, an XMP packet and a comment, the metadata vnconv must
strip. ``python -m tests.support.photos DIR`` writes the sample article's photos.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Final

from PIL import Image, ImageDraw, ImageFont, ImageOps

RED: Final = (220, 30, 30)
#: A GPS position (Hà Nội) and the strings a test looks for in every embedded photo.
GPS_IFD: Final = 0x8825
GPS: Final = {1: "N", 2: (21.0, 1.0, 42.0), 3: "E", 4: (105.0, 51.0, 12.0)}
XMP: Final = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description photoshop:City="Ha Noi"/></rdf:RDF></x:xmpmeta>'
COMMENT: Final = b"vnconv secret comment"
#: The EXIF orientation that turns a photo stored 90 degrees anticlockwise upright
#: (CIPA DC-008, 4.6.4: 6 = the 0th row is the visual right-hand side).
SIDEWAYS: Final = 6


def draw(width: int, height: int, label: str = "", seed: int = 0) -> Image.Image:
    """An upright picture: a sky-to-ground gradient, a sun, hills, the red corner marker."""
    sky = Image.linear_gradient("L").resize((width, height))
    image = Image.merge("RGB", (ImageOps.invert(sky).point(lambda v: 90 + v // 3), sky.point(lambda v: 120 + v // 3), Image.new("L", (width, height), 200 - seed * 20 % 120)))
    pen = ImageDraw.Draw(image)
    pen.ellipse((width * 0.62, height * 0.12, width * 0.78, height * 0.12 + width * 0.16), fill=(250, 210, 80))
    for index in range(3):
        top = height * (0.55 + 0.1 * index)
        pen.polygon([(0, height), (0, top), (width * (0.3 + 0.2 * index), top - height * 0.15), (width, top + height * 0.05), (width, height)], fill=(40 + 30 * index, 110 - 20 * index + seed * 7 % 40, 60))
    side = max(4, min(width, height) // 8)
    pen.rectangle((0, 0, side - 1, side - 1), fill=RED)
    if label:
        pen.text((side + 8, 8), label, fill=(255, 255, 255), font=_label_font(max(10, height // 16)))
    return image


def _label_font(size: int) -> ImageFont.FreeTypeFont:
    """A face that has every Vietnamese letter (Pillow's own default face draws "dọc"
    with a missing-glyph box), from the font packages vnconv installs."""
    from convert.fonts import family

    return ImageFont.truetype(str(family("Be Vietnam Pro").regular.path), size)


def exif(orientation: int = 1, gps: bool = True) -> bytes:
    data = Image.Exif()
    data[0x0112] = orientation
    if gps:
        data[GPS_IFD] = GPS
    return data.tobytes()


def stored(image: Image.Image, orientation: int) -> Image.Image:
    """The pixels a camera stores for an upright ``image`` with this orientation tag (1 or 6)."""
    return image.transpose(Image.Transpose.ROTATE_90) if orientation == SIDEWAYS else image


def save(path: Path, image: Image.Image, orientation: int = 1, metadata: bool = True, quality: int = 90) -> Path:
    """``image`` (upright) saved as ``path``'s format, turned for ``orientation``, with metadata."""
    if path.suffix.lower() in (".heic", ".heif"):
        import pillow_heif  # the heic extra: HEIC is written (and read) through it

        pillow_heif.register_heif_opener()
    fmt = Image.registered_extensions()[path.suffix.lower()]
    pixels = stored(image, orientation)
    options: dict[str, object] = {}
    if fmt in ("JPEG", "WEBP", "PNG"):
        options["exif"] = exif(orientation, metadata)
    if fmt == "TIFF":
        options["tiffinfo"] = {0x0112: orientation}
    if metadata and fmt == "JPEG":
        options.update(comment=COMMENT, xmp=XMP)
    if fmt in ("JPEG", "WEBP", "AVIF", "HEIF"):
        options["quality"] = quality
    if fmt == "PNG" and metadata:
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_text("Comment", COMMENT.decode())
        options["pnginfo"] = info
    path.parent.mkdir(parents=True, exist_ok=True)
    pixels.save(path, fmt, **options)
    return path


def photo(path: Path, width: int = 240, height: int = 160, orientation: int = 1, metadata: bool = True, label: str = "") -> Path:
    """A small upright ``width``×``height`` photo at ``path`` (stored sideways for orientation 6)."""
    return save(path, draw(width, height, label), orientation, metadata)


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def upright(image: Image.Image) -> bool:
    """The red marker is in the top-left corner (and not in the others): the photo is upright."""
    rgb = image.convert("RGB") if image.mode != "CMYK" else image
    inset = max(1, min(image.size) // 40)
    corners = [(inset, inset), (image.width - 1 - inset, inset), (inset, image.height - 1 - inset), (image.width - 1 - inset, image.height - 1 - inset)]
    return [_red(rgb.getpixel(c)) for c in corners] == [True, False, False, False]


def _red(pixel: object) -> bool:
    if isinstance(pixel, tuple) and len(pixel) == 4:  # CMYK: magenta and yellow, no cyan
        c, m, y, _ = pixel
        return c < 60 and m > 150 and y > 150
    r, g, b = pixel[:3]  # type: ignore[index]
    return r > 150 and g < 90 and b < 90


def has_metadata(data: bytes) -> list[str]:
    """What of the test metadata an embedded photo still carries."""
    found = []
    if b"Exif\x00\x00" in data or b"eXIf" in data:
        found.append("EXIF")
    if b"adobe:ns:meta" in data or b"Ha Noi" in data:
        found.append("XMP")
    if COMMENT in data:
        found.append("comment")
    try:
        if decode(data).getexif().get_ifd(GPS_IFD):
            found.append("GPS")
    except Exception:  # noqa: BLE001 - not an image Pillow reads: no GPS to find
        pass
    return found


#: The sample article's photos (samples/004_hoi_hoa_ban.txt): sizes for a 300 ppi A4
#: column; the first, which spans newspaper's three A3 columns (267 mm), for 228 ppi there.
SAMPLE_PHOTOS: Final = (
    ("004_hoi_hoa_ban-1.jpg", 2400, 1600, 1),
    ("004_hoi_hoa_ban-2.jpg", 1500, 2000, SIDEWAYS),
    ("004_hoi_hoa_ban-3.png", 1800, 1200, 1),
)


def write_sample_photos(folder: Path) -> list[Path]:
    written = []
    for number, (name, width, height, orientation) in enumerate(SAMPLE_PHOTOS, start=1):
        image = draw(width, height, f"vnconv sample photo {number}", seed=number)
        written.append(save(folder / name, image, orientation, metadata=True, quality=80))
    return written


if __name__ == "__main__":
    for written_path in write_sample_photos(Path(sys.argv[1] if len(sys.argv) > 1 else "samples")):
        print(written_path, written_path.stat().st_size)


def huge_grey_png(path: Path, width: int, height: int) -> Path:
    """A grey PNG small on disk and huge in memory, written a row at a time (the test
    itself never holds its pixels): every row black, deflated from a stream."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    deflate = zlib.compressobj(9)
    row = bytes(1 + width)  # filter type 0, then the pixels
    packed = b"".join(deflate.compress(row) for _ in range(height)) + deflate.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey (PNG 3rd edition, 11.2.1)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", packed) + chunk(b"IEND", b""))
    return path
