"""Making a photo ready for a format: upright, stripped of metadata, sized, in its colours.

Every writer asks ``prepare(path, request)`` for the bytes to embed. What it does:

- **refuses** what it cannot place, with a ``PhotoError`` naming the photo: an empty,
  unreadable, truncated or corrupt file, a file that is not an image whatever its
  name, a format other than JPEG, PNG, WebP, TIFF or GIF, more pixels than the
  style's ``photos.max_pixels`` (a decompression bomb: refused from the header, before
  any pixel is decoded), and pixels that are not 8-bit colour (32-bit float, 16-bit
  grey: no JPEG or PNG in a document holds them).
- **turns** the pixels upright as the EXIF orientation says (phones store photos
  sideways and set a tag), so no reader has to honour the tag.
- **strips** metadata (EXIF with its GPS position, XMP, IPTC, comments, thumbnails),
  because a reporter's photo tells where it was taken; an ICC profile is kept in RGB
  output (it says what the colours mean and names no place or person).
  ``keep_metadata`` keeps what the original had.
- **sizes** it to fit the request's box, never up. A JPEG is decoded at 1/2, 1/4 or
  1/8 scale (libjpeg's DCT scaling, Pillow's ``draft``) when that still gives at least
  ``DRAFT_SHARE`` of the box, which costs a fraction of a full decode; other
  formats are reduced by whole factors first (``reducing_gap``), then resampled.
- **passes through** a JPEG (or PNG) that needs no resampling, turning or colour
  change: its metadata segments are cut out byte by byte (lossless), the pixels
  untouched; a truncated file is still refused (no end marker, or a bad PNG CRC).
- **converts** to CMYK when asked (``--cmyk``), the same plain conversion the PDF's
  vector colours get (``convert.writers.pdf.press.color.to_cmyk``): black from the darkest
  component, greys in black ink only; no ICC profile (see the manual, docs/photos.md).

Results are cached per process, by file, size, modification time and request, and
so is the last few photos' decoded pixels: the DOCX and EPUB of one article share
one resampled photo, and their decoding with the PDF's when the scale is the same.
``prepare_all`` prepares an article's photos in threads, one per CPU, beforehand.
``upright_size`` reads only a photo's header, for a writer that chooses its place by
its shape (the PDF spans its columns with a landscape photo) before asking for it.
"""

from __future__ import annotations

import functools
import io
import math
import os
import sys
import threading
import warnings
import zlib
from collections import OrderedDict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Final

from PIL import Image, ImageChops, ImageMath, ImageOps, UnidentifiedImageError

from convert.io import InputError, read_input
from convert.photos import PhotoError

#: Pillow's format names vnconv reads (MPO: a phone's JPEG with extra pictures after it;
#: AVIF where Pillow is built with libavif, as its wheels are from 11.3; HEIF through
#: pillow-heif, the ``heic`` extra).
READABLE: Final = frozenset({"JPEG", "MPO", "PNG", "WEBP", "TIFF", "GIF", "AVIF", "HEIF"})
#: ISO BMFF brands of HEIF images (ISO/IEC 23008-12, Annex B), at byte 8 of an ``ftyp`` box.
_HEIF_BRANDS: Final = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"})
#: A scaled JPEG decode is used when it gives at least this share of the wanted size
#: (a photo for 2008 px may come out 2000 px: 299 instead of 300 ppi).
DRAFT_SHARE: Final = 0.9
#: Decoded pixels kept for the next request of the same photo (about 3 bytes each).
DECODED_PIXELS: Final = 24_000_000
_ORIENTATION: Final = 0x0112  # EXIF tag (CIPA DC-008-2019, section 4.6.4)
_SIDEWAYS: Final = frozenset({5, 6, 7, 8})
#: Pixel modes Pillow can turn into 8-bit RGB or grey without losing their meaning.
_EIGHT_BIT: Final = frozenset({"1", "L", "LA", "La", "P", "PA", "RGB", "RGBA", "RGBa", "RGBX", "CMYK", "YCbCr", "LAB", "HSV"})


@dataclass(frozen=True)
class Request:
    """What a writer wants: a box (in pixels, upright) the photo must fit, and how."""

    width: int
    height: int
    max_pixels: int
    quality: int
    cmyk: bool = False  # CMYK pixels (the PDF with --cmyk)
    flatten: bool = False  # no transparency: set over white (the PDF)
    keep_metadata: bool = False
    max_decoded_bytes: int = 256_000_000  # the style's photos.max_decoded_mb


@dataclass(frozen=True)
class Prepared:
    """The bytes to embed and their pixel size; ``source_*`` is the upright original's."""

    data: bytes
    format: str  # "JPEG" or "PNG"
    width: int
    height: int
    source_width: int
    source_height: int

    @property
    def media_type(self) -> str:
        return "image/jpeg" if self.format == "JPEG" else "image/png"

    @property
    def extension(self) -> str:
        return "jpg" if self.format == "JPEG" else "png"


def fit(width: int, height: int, box_width: float, box_height: float) -> tuple[int, int]:
    """``width``×``height`` scaled down (never up) to fit the box, aspect kept."""
    scale = min(1.0, box_width / width, box_height / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def prepare_all(paths: Iterable[str], request: Request) -> None:
    """Prepare several photos at once for one request (see ``prepare_each``)."""
    prepare_each((path, request) for path in paths)


def prepare_each(jobs: Iterable[tuple[str, Request]]) -> None:
    """Prepare several photos at once, one thread per CPU, for the ``prepare`` calls that
    follow (Pillow lets go of the interpreter while it decodes, resamples and encodes).
    A photo that fails here fails again, with its error, when it is asked for."""
    unique = list(dict.fromkeys(jobs))
    threads = min(len(unique), os.cpu_count() or 1)
    if threads < 2:
        return
    with ThreadPoolExecutor(threads) as pool:
        for future in [pool.submit(prepare, path, request) for path, request in unique]:
            future.exception()  # wait; the error is raised where the photo is used


def prepare(path: str, request: Request) -> Prepared:
    """The photo at ``path`` made ready for ``request``; ``PhotoError`` says why not."""
    status = _stat(path)
    with _naming(path):
        return _prepare(path, status.st_size, status.st_mtime_ns, _node(status), request)


def upright_size(path: str, max_pixels: int) -> tuple[int, int]:
    """The photo's width and height once turned upright, from its header (no pixel
    decoded), for a writer that sizes its place by its shape; refused as ``prepare``
    refuses it when the header already shows why."""
    status = _stat(path)
    with _naming(path):
        return _upright_size(path, status.st_size, status.st_mtime_ns, _node(status), max_pixels)


# --- Pillow's warnings, as vnconv's ---------------------------------------------------------

#: The photo this thread is preparing (``prepare_each`` prepares several at once).
_current = threading.local()


class _naming:
    """While a photo is prepared, a warning Pillow gives (a corrupt EXIF block: "Tag data
    larger than file") is printed as vnconv's, one line naming the photo, not as
    Python's two lines naming Pillow's source file."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __enter__(self) -> None:
        self.outer = getattr(_current, "path", None)
        _current.path = self.path

    def __exit__(self, *exc: object) -> None:
        _current.path = self.outer


def _show_pillow_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int, file: object = None, line: str | None = None) -> None:
    path = getattr(_current, "path", None)
    if path is None or f"{os.sep}PIL{os.sep}" not in filename:
        _python_show_warning(message, category, filename, lineno, file, line)  # type: ignore[arg-type]
    elif sys.stderr is not None:
        print(f"vnconv: warning: {path}: {' '.join(str(message).split())}", file=sys.stderr)


_python_show_warning = warnings.showwarning
warnings.showwarning = _show_pillow_warning
#: Pillow's own guess at a decompression bomb (89 million pixels) is not vnconv's: the
#: style's photos.max_pixels and photos.max_decoded_mb decide, from the header, with one
#: error line; Pillow's warning would only repeat it, raw (a 9999×9999 TIFF gave one).
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)


def _stat(path: str) -> os.stat_result:
    try:
        return os.stat(path)
    except FileNotFoundError:
        raise PhotoError(path, "no such photo file") from None
    except OSError as exc:
        raise PhotoError(path, f"cannot read: {exc.strerror or exc}") from None


def _node(status: os.stat_result) -> tuple[int, int]:
    """The file itself (device and inode), in the kept photos' keys beside its path, size
    and time: a process that serves command after command (the server's child) may meet
    the same relative path in two folders, two files of one size and time (copies that
    kept their times: ``cp -p``, ``tar x``)."""
    return status.st_dev, status.st_ino


@functools.lru_cache(maxsize=64)
def _upright_size(path: str, size: int, modified: int, node: tuple[int, int], max_pixels: int) -> tuple[int, int]:
    image = _open(path, _read(path), max_pixels)
    return _upright(image, _orientation(image))


def _upright(image: Image.Image, orientation: int) -> tuple[int, int]:
    width, height = image.size
    return (height, width) if orientation in _SIDEWAYS else (width, height)


@functools.lru_cache(maxsize=64)
def _prepare(path: str, size: int, modified: int, node: tuple[int, int], request: Request) -> Prepared:
    data = _read(path)
    image = _open(path, data, request.max_pixels)
    orientation = _orientation(image)
    upright = _upright(image, orientation)
    target = fit(*upright, request.width, request.height)
    passed = _pass_through(path, data, image, orientation, target == upright, request)
    if passed is not None:
        return Prepared(passed, "PNG" if image.format == "PNG" else "JPEG", *upright, *upright)
    source_format = image.format
    pixels = _decoded(path, size, modified, node, data, request, target, orientation)
    pixels = _pixel_mode(path, pixels, request)
    if pixels.width > target[0]:
        pixels = pixels.resize(target, Image.Resampling.LANCZOS, reducing_gap=None if source_format in ("JPEG", "MPO") else 2.0)
    if request.cmyk:
        pixels = to_cmyk(pixels)
    return _encode(pixels, source_format, request, image.info, upright)


def _read(path: str) -> bytes:
    try:
        data = read_input(path)  # the same wording as for an article that cannot be read
    except InputError as exc:
        raise PhotoError(path, exc.reason) from None
    if not data:
        raise PhotoError(path, "empty file (0 bytes), not a photo")
    return data


@functools.cache
def _heif_registered() -> bool:
    """Let Pillow open HEIC/HEIF through pillow-heif, if it is installed (imported only
    for such a photo: it loads libheif)."""
    try:
        import pillow_heif
    except ImportError:
        return False
    pillow_heif.register_heif_opener()
    return True


def _open(path: str, data: bytes, max_pixels: int) -> Image.Image:
    """The image, its header read and checked; no pixel decoded yet."""
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS and not _heif_registered():
        raise PhotoError(path, "a HEIC photo; reading it needs pillow-heif: pip install 'vnconv[heic]'")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the style's limit decides
            image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError:
        raise PhotoError(path, "not an image (or not one vnconv reads: JPEG, PNG, WebP, TIFF, GIF, AVIF, HEIC)") from None
    except Image.DecompressionBombError:
        raise PhotoError(path, _bomb(None, max_pixels)) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise PhotoError(path, f"corrupt image: {exc}") from None
    if image.format not in READABLE:
        raise PhotoError(path, f"a {image.format} image; vnconv places JPEG, PNG, WebP, TIFF, GIF, AVIF and HEIC")
    width, height = image.size
    if width * height > max_pixels:
        raise PhotoError(path, _bomb((width, height), max_pixels))
    if image.mode not in _EIGHT_BIT:
        raise PhotoError(path, f"{_describe_mode(image.mode)} pixels (mode {image.mode}), which no document image holds; save it as 8-bit RGB")
    return image


def _bomb(size: tuple[int, int] | None, max_pixels: int) -> str:
    what = f"{size[0]}×{size[1]} = {size[0] * size[1]:,} pixels" if size else "too many pixels"
    return f"{what}, above photos.max_pixels ({max_pixels:,}); refused as a possible decompression bomb (raise it with --set photos.max_pixels=N)"


def _describe_mode(mode: str) -> str:
    if mode == "F":
        return "32-bit floating-point"
    if mode.startswith("I;16"):
        return "16-bit"
    if mode == "I":
        return "32-bit integer"
    return "unusual"


def _orientation(image: Image.Image) -> int:
    """The EXIF orientation still to apply (Pillow turns a TIFF itself as it opens it)."""
    if image.format == "TIFF":
        return 1
    try:
        value = image.getexif().get(_ORIENTATION, 1)
    except Exception:  # noqa: BLE001 - a broken EXIF block: treat the photo as upright
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _pass_through(path: str, data: bytes, image: Image.Image, orientation: int, fits: bool, request: Request) -> bytes | None:
    """The original bytes, metadata cut out, when nothing about the pixels must change."""
    if not fits or orientation != 1 or request.cmyk:
        return None
    if image.format in ("JPEG", "MPO") and image.mode in ("RGB", "L"):
        return data if request.keep_metadata else strip_jpeg(path, data)
    transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if image.format == "PNG" and image.mode in ("RGB", "RGBA", "L", "LA", "P") and not (request.flatten and transparent):
        return data if request.keep_metadata else strip_png(path, data)
    return None


# --- decoding -----------------------------------------------------------------------------

_decoded_cache: OrderedDict[tuple[str, int, int, int], Image.Image] = OrderedDict()
_decoded_lock = threading.Lock()


def release_pixels() -> None:
    """Forget the decoded photos kept for this process's next document (a batch's next
    format of the same article decodes nothing again): a server's child calls it when
    a request left its memory grown (``convert.server.daemon``), pixels being the
    largest thing a request leaves."""
    with _decoded_lock:
        _decoded_cache.clear()


def _decoded(
    path: str, size: int, modified: int, node: tuple[int, int], data: bytes, request: Request, target: tuple[int, int], orientation: int
) -> Image.Image:
    """The upright pixels, decoded at the smallest JPEG scale that still gives
    ``DRAFT_SHARE`` of ``target``; shared by requests that need the same scale."""
    image = _open(path, data, request.max_pixels)
    stored_target = (target[1], target[0]) if orientation in _SIDEWAYS else target
    scale = 1
    if image.format in ("JPEG", "MPO"):
        for denominator in (8, 4, 2):
            if math.ceil(image.width / denominator) >= stored_target[0] * DRAFT_SHARE:
                scale = denominator
                break
    _check_budget(path, image, scale, request.max_decoded_bytes)
    key = (path, size, modified, node, scale)
    with _decoded_lock:
        cached = _decoded_cache.get(key)
        if cached is not None:
            _decoded_cache.move_to_end(key)
            return cached
    if scale > 1:
        image.draft(image.mode, (math.ceil(image.width / scale), math.ceil(image.height / scale)))
    try:
        image.load()
        upright = ImageOps.exif_transpose(image) if orientation != 1 else image
    except Image.DecompressionBombError:  # a TIFF's tiles larger than its header says
        raise PhotoError(path, _bomb(None, request.max_pixels)) from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise PhotoError(path, f"truncated or corrupt image: {exc}") from None
    with _decoded_lock:
        _decoded_cache[key] = upright
        while sum(im.width * im.height for im in _decoded_cache.values()) > DECODED_PIXELS and len(_decoded_cache) > 1:
            _decoded_cache.popitem(last=False)
    return upright


def _check_budget(path: str, image: Image.Image, scale: int, budget: int) -> None:
    """Refuse, before decoding, a photo whose pixels would take more than ``budget``
    bytes: its size at the decoding scale, at least 3 bytes a pixel (what its 8-bit RGB
    copy takes; 4 with transparency), which ``max_pixels`` alone does not bound (a
    palette PNG or a lossless WebP of a few kB may unpack to gigabytes)."""
    width, height = math.ceil(image.width / scale), math.ceil(image.height / scale)
    bands = max(3, len(image.getbands()), 4 if "transparency" in image.info else 0)
    needed = width * height * bands
    if needed > budget:
        raise PhotoError(
            path,
            f"{image.width}×{image.height} pixels would take {needed / 1_000_000:,.0f} MB of memory decoded, above "
            f"photos.max_decoded_mb ({budget / 1_000_000:g}); refused (make it smaller, or raise it with --set photos.max_decoded_mb=N)",
        )


def _pixel_mode(path: str, image: Image.Image, request: Request) -> Image.Image:
    """8-bit grey, RGB or RGBA (CMYK kept for a CMYK request); transparency over white
    when the request flattens."""
    mode = image.mode
    transparent = mode in ("RGBA", "LA", "La", "PA", "RGBa") or (mode == "P" and "transparency" in image.info)
    if mode == "CMYK" and request.cmyk:
        return image
    if transparent:
        image = image.convert("RGBA")
        if request.flatten:
            white = Image.new("RGB", image.size, (255, 255, 255))
            white.paste(image, mask=image.getchannel("A"))
            return white
        return image
    if mode in ("1", "L"):
        return image.convert("L") if mode != "L" else image
    return image.convert("RGB") if mode != "RGB" else image


def to_cmyk(image: Image.Image) -> Image.Image:
    """Device RGB to CMYK as the vector colours are converted: K = 1 − max(R, G, B),
    each ink (max − component) / max; a grey is black ink alone."""
    if image.mode == "CMYK":
        return image
    if image.mode == "L":
        zero = Image.new("L", image.size, 0)
        return Image.merge("CMYK", (zero, zero, zero, ImageOps.invert(image)))
    red, green, blue = image.convert("RGB").split()
    brightest = ImageChops.lighter(ImageChops.lighter(red, green), blue)

    def ink(component: Image.Image) -> Image.Image:
        # ImageMath divides integers, and a division by zero gives 0 (black: no ink but K).
        result = ImageMath.lambda_eval(lambda a: (a["m"] - a["c"]) * 255 / a["m"], m=brightest, c=component)
        return result.convert("L")

    return Image.merge("CMYK", (ink(red), ink(green), ink(blue), ImageOps.invert(brightest)))


#: The data colour space an ICC profile's header names (ICC.1:2010, 7.2.6), by pixel mode.
_ICC_SPACES: Final = {"RGB": b"RGB ", "RGBA": b"RGB ", "L": b"GRAY"}


def _encode(image: Image.Image, source_format: str | None, request: Request, original: dict[str, object], upright: tuple[int, int]) -> Prepared:
    """JPEG for photographs, PNG for what has transparency or came as PNG or GIF
    (drawings, screenshots); no metadata unless asked, the ICC profile of RGB kept."""
    lossless = image.mode == "RGBA" or (source_format in ("PNG", "GIF") and not request.cmyk)
    options: dict[str, object] = {}
    icc = original.get("icc_profile")
    if isinstance(icc, bytes) and _ICC_SPACES.get(image.mode) == icc[16:20]:
        options["icc_profile"] = icc  # only a profile of the pixels' own colour space
    if request.keep_metadata and original.get("exif"):
        options["exif"] = image.getexif().tobytes()  # orientation reset by exif_transpose
    image = image.copy()
    image.info = {}  # nothing else carried over from the original (comments, XMP...)
    out = io.BytesIO()
    if lossless:
        image.save(out, "PNG", compress_level=6, **options)
    else:
        image.save(out, "JPEG", quality=request.quality, **options)
    return Prepared(out.getvalue(), "PNG" if lossless else "JPEG", image.width, image.height, *upright)


# --- lossless metadata stripping ----------------------------------------------------------

#: APPn segments kept, by their identifier: JFIF (density), the ICC profile, Adobe
#: (how CMYK and YCC are stored). Every other APPn (EXIF, XMP, IPTC, MPF, FlashPix)
#: and every COM goes. (ITU-T T.81 Annex B; JFIF 1.02; ICC.1:2010 Annex B.4.)
_KEPT_APP: Final = {0xE0: b"JFIF\x00", 0xE2: b"ICC_PROFILE\x00", 0xEE: b"Adobe"}


def strip_jpeg(path: str, data: bytes) -> bytes:
    """The JPEG without metadata segments and without what follows its end marker
    (a phone's second picture, which would carry its own EXIF); ``PhotoError`` for
    a file that ends before its end marker."""
    if data[:2] != b"\xff\xd8":
        raise PhotoError(path, "corrupt JPEG: no start marker")
    out = [data[:2]]
    index, end = 2, len(data)
    while index + 1 < end:
        if data[index] != 0xFF:
            raise PhotoError(path, f"corrupt JPEG: no marker at byte {index}")
        marker = data[index + 1]
        if marker == 0xFF:  # fill byte
            index += 1
            continue
        if marker == 0xD9:
            out.append(b"\xff\xd9")
            return b"".join(out)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out.append(data[index : index + 2])
            index += 2
            continue
        if index + 4 > end:
            break
        length = int.from_bytes(data[index + 2 : index + 4], "big")
        segment = data[index : index + 2 + length]
        if len(segment) < 2 + length or length < 2:
            break
        kept = _KEPT_APP.get(marker)
        if not (0xE0 <= marker <= 0xEF or marker == 0xFE) or (kept is not None and segment[4:].startswith(kept)):
            out.append(segment)
        index += 2 + length
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next real marker
            scan = index
            while True:
                scan = data.find(b"\xff", scan)
                if scan < 0 or scan + 1 >= end:
                    raise PhotoError(path, "truncated JPEG: it ends inside the image data")
                following = data[scan + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    scan += 1 if following == 0xFF else 2
                    continue
                break
            out.append(data[index:scan])
            index = scan
    raise PhotoError(path, "truncated JPEG: no end marker")


#: PNG chunks kept: the image and what says how to show it (PNG 3rd edition, 4.3);
#: text, EXIF, time and private chunks go, and so does APNG animation (the still
#: default image stays, as a GIF's first frame does).
_KEPT_PNG: Final = frozenset({b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"pHYs", b"bKGD"})
_PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"


def strip_png(path: str, data: bytes) -> bytes:
    """The PNG with only the chunks that make the image; ``PhotoError`` for a bad CRC
    or a file that ends before its IEND chunk."""
    if not data.startswith(_PNG_SIGNATURE):
        raise PhotoError(path, "corrupt PNG: no signature")
    out = [_PNG_SIGNATURE]
    index = len(_PNG_SIGNATURE)
    while index + 12 <= len(data):
        length = int.from_bytes(data[index : index + 4], "big")
        kind = data[index + 4 : index + 8]
        chunk = data[index : index + 12 + length]
        if len(chunk) < 12 + length:
            break
        if zlib.crc32(chunk[4 : 8 + length]) != int.from_bytes(chunk[8 + length :], "big"):
            raise PhotoError(path, f"corrupt PNG: bad checksum in its {kind.decode('latin-1')} chunk")
        if kind in _KEPT_PNG:
            out.append(chunk)
        index += 12 + length
        if kind == b"IEND":
            return b"".join(out)
    raise PhotoError(path, "truncated PNG: no IEND chunk")


__all__ = ["Prepared", "Request", "fit", "prepare", "prepare_all", "strip_jpeg", "strip_png", "to_cmyk"]
