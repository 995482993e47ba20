"""Making a photo ready: upright, without metadata, sized, in CMYK when asked; and every bad photo refused."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from PIL import Image

from convert.photos import PhotoError
from convert.photos.image import Request, prepare, strip_jpeg, upright_size
from tests.support.photos import SIDEWAYS, decode, draw, has_metadata, photo, save, upright

BOX = Request(width=1000, height=1000, max_pixels=10_000_000, quality=85)


@pytest.mark.parametrize("suffix", [".jpg", ".png", ".webp", ".tif"])
def test_a_sideways_photo_comes_out_upright_without_metadata(tmp_path: Path, suffix: str) -> None:
    path = photo(tmp_path / f"bai-1{suffix}", 240, 160, orientation=SIDEWAYS)
    if suffix != ".tif":  # Pillow itself turns a TIFF as it opens it
        assert Image.open(path).size == (160, 240)  # stored sideways, as a phone does
    prepared = prepare(str(path), BOX)
    image = decode(prepared.data)
    assert image.size == (240, 160) == (prepared.width, prepared.height) and upright(image)
    assert has_metadata(prepared.data) == []
    assert prepared.format == ("PNG" if suffix == ".png" else "JPEG")


@pytest.mark.parametrize("suffix", [".jpg", ".tif"])
def test_upright_size_reads_the_shape_from_the_header(tmp_path: Path, suffix: str) -> None:
    path = photo(tmp_path / f"bai{suffix}", 240, 160, orientation=SIDEWAYS)
    assert upright_size(str(path), BOX.max_pixels) == (240, 160)  # landscape, though stored sideways
    assert upright_size(str(photo(tmp_path / f"doc{suffix}", 160, 240)), BOX.max_pixels) == (160, 240)
    (tmp_path / "not.jpg").write_bytes(b"plain text")
    with pytest.raises(PhotoError, match="not an image"):
        upright_size(str(tmp_path / "not.jpg"), BOX.max_pixels)
    with pytest.raises(PhotoError, match="above photos.max_pixels"):
        upright_size(str(path), 1000)


@pytest.mark.parametrize("suffix", [".jpg", ".png"])
def test_a_photo_that_fits_passes_through_with_its_metadata_cut_out(tmp_path: Path, suffix: str) -> None:
    path = photo(tmp_path / f"bai{suffix}", 300, 200)
    original = path.read_bytes()
    assert {"EXIF", "GPS", "comment"} <= set(has_metadata(original))  # the check can fail
    prepared = prepare(str(path), BOX)
    assert has_metadata(prepared.data) == []
    assert decode(prepared.data).tobytes() == decode(original).tobytes()  # the very same pixels
    assert len(prepared.data) < len(original)


def test_keep_metadata_keeps_it(tmp_path: Path) -> None:
    path = photo(tmp_path / "bai.jpg", 300, 200)
    kept = Request(100, 100, 10_000_000, 85, keep_metadata=True)
    assert "GPS" in has_metadata(prepare(str(path), kept).data)  # re-encoded
    assert prepare(str(path), Request(1000, 1000, 10_000_000, 85, keep_metadata=True)).data == path.read_bytes()


def test_resampled_to_the_box_never_up(tmp_path: Path) -> None:
    path = save(tmp_path / "big.jpg", draw(2000, 1500))
    for box, expected in ((900, (900, 675)), (1000, (1000, 750)), (5000, (2000, 1500))):
        prepared = prepare(str(path), Request(box, box, 10_000_000, 85))
        assert (prepared.width, prepared.height) == expected == decode(prepared.data).size
        assert (prepared.source_width, prepared.source_height) == (2000, 1500)
        assert upright(decode(prepared.data))


def test_cmyk_pixels_put_greys_in_black_ink(tmp_path: Path) -> None:
    image = draw(200, 100)
    image.paste((128, 128, 128), (100, 50, 200, 100))
    path = save(tmp_path / "grey.png", image)
    prepared = prepare(str(path), Request(1000, 1000, 10_000_000, 85, cmyk=True, flatten=True))
    out = decode(prepared.data)
    assert (prepared.format, out.mode) == ("JPEG", "CMYK") and upright(out)
    c, m, y, k = out.getpixel((150, 75))
    assert max(c, m, y) <= 3 and 120 <= k <= 135


def test_an_icc_profile_stays_with_rgb_pixels_only(tmp_path: Path) -> None:
    from PIL import ImageCms

    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    path = save(tmp_path / "icc.png", draw(200, 100))
    Image.open(path).save(path, icc_profile=srgb)
    rgb = decode(prepare(str(path), Request(100, 100, 10**7, 85)).data)
    assert rgb.info.get("icc_profile") == srgb  # kept: it says what the colours mean
    cmyk = decode(prepare(str(path), Request(100, 100, 10**7, 85, cmyk=True)).data)
    assert not cmyk.info.get("icc_profile")  # an RGB profile would lie about CMYK pixels


def test_gif_first_frame_and_transparency_over_white(tmp_path: Path) -> None:
    frames = [draw(120, 80), Image.new("RGB", (120, 80), (0, 0, 255))]
    path = tmp_path / "anim.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    prepared = prepare(str(path), BOX)
    assert prepared.format == "PNG" and upright(decode(prepared.data))
    clear = tmp_path / "clear.png"
    Image.new("RGBA", (20, 20), (0, 0, 0, 0)).save(clear)
    assert decode(prepare(str(clear), BOX).data).mode == "RGBA"  # EPUB, DOCX: transparency kept
    flat = decode(prepare(str(clear), Request(1000, 1000, 10**7, 85, flatten=True)).data)
    assert flat.mode == "RGB" and flat.getpixel((5, 5)) == (255, 255, 255)  # the PDF: over white


def test_what_follows_the_end_of_a_jpeg_goes(tmp_path: Path) -> None:
    path = photo(tmp_path / "mpo.jpg", 100, 80)
    second = photo(tmp_path / "second.jpg", 50, 40).read_bytes()  # a phone's second picture, with EXIF
    data = path.read_bytes() + second
    stripped = strip_jpeg(str(path), data)
    assert stripped.endswith(b"\xff\xd9") and has_metadata(stripped) == [] and len(stripped) < len(path.read_bytes())


def bad(tmp_path: Path, case: str) -> Path:
    path = tmp_path / f"bai-{case}.jpg"
    good = photo(tmp_path / "good.jpg", 300, 200, metadata=False).read_bytes()
    if case == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif case == "corrupt":
        path = tmp_path / "corrupt.png"
        photo(path, 300, 200, metadata=False)
        data = bytearray(path.read_bytes())
        data[data.index(b"IDAT") + 20] ^= 0xFF  # one flipped byte: the chunk's checksum fails
        path.write_bytes(bytes(data))
    elif case == "not-an-image":
        path.write_text("Đây không phải là ảnh", encoding="utf-8")
    elif case == "empty":
        path.write_bytes(b"")
    elif case == "bomb":
        path = tmp_path / "bomb.png"
        Image.new("L", (4000, 4000)).save(path)  # 16 MP of zeros: a few kB of PNG
    elif case == "float":
        path = tmp_path / "float.tif"
        Image.new("F", (20, 20)).save(path)
    elif case == "bmp":
        path = tmp_path / "x.bmp"
        Image.new("RGB", (20, 20)).save(path)
    elif case == "directory":
        path.mkdir()
    elif case == "unreadable":
        if sys.platform != "linux":
            pytest.skip("uses /proc/self/mem, which refuses to be read at offset 0 (Linux)")
        os.symlink("/proc/self/mem", path)
    elif case == "missing":
        pass
    return path


BAD = {
    "truncated": "truncated",
    "corrupt": "corrupt",
    "not-an-image": "not an image",
    "empty": "empty file (0 bytes)",
    "bomb": "decompression bomb",
    "float": "32-bit floating-point pixels",
    "bmp": "a BMP image; vnconv places JPEG, PNG, WebP, TIFF, GIF, AVIF and HEIC",
    "directory": "is a directory",
    "unreadable": "cannot read: Input/output error",
    "missing": "no such photo file",
}


@pytest.mark.parametrize("case", list(BAD))
def test_every_bad_photo_is_refused_naming_it(tmp_path: Path, case: str) -> None:
    path = bad(tmp_path, case)
    for request in (BOX, Request(50, 50, 10_000_000, 85)):  # passed through, and decoded
        with pytest.raises(PhotoError) as caught:
            prepare(str(path), request)
        assert caught.value.path == str(path)
        assert BAD[case] in str(caught.value), str(caught.value)
        assert "\n" not in str(caught.value)


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads any file whatever its mode")
def test_a_file_without_read_permission(tmp_path: Path) -> None:
    path = photo(tmp_path / "bai.jpg")
    path.chmod(0)
    with pytest.raises(PhotoError, match="permission denied"):
        prepare(str(path), BOX)


@pytest.mark.parametrize("suffix", [".heic", ".avif"])
def test_heic_and_avif_photos_are_read(tmp_path: Path, suffix: str) -> None:
    """What iPhones save (HEIC, through pillow-heif, the heic extra) and AVIF (Pillow's own)."""
    if suffix == ".heic":
        pytest.importorskip("pillow_heif", reason="the heic extra (pillow-heif) is not installed")
    elif ".avif" not in Image.registered_extensions():
        pytest.skip("this Pillow is built without AVIF")
    path = photo(tmp_path / f"bai-1{suffix}", 240, 160, metadata=False)
    assert upright_size(str(path), 10**7) == (240, 160)
    prepared = prepare(str(path), Request(120, 120, 10**7, 85))
    assert prepared.format == "JPEG" and (prepared.width, prepared.height) == (120, 80)
    assert upright(decode(prepared.data))


def test_a_heic_photo_without_pillow_heif_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from convert.photos import image

    monkeypatch.setattr(image, "_heif_registered", lambda: False)
    path = tmp_path / "bai-1.heic"
    path.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64))
    with pytest.raises(PhotoError, match=r"a HEIC photo; reading it needs pillow-heif: pip install 'vnconv\[heic\]'"):
        prepare(str(path), BOX)


def test_a_photo_small_on_disk_and_huge_in_memory_is_refused_before_decoding(tmp_path: Path) -> None:
    """A 16000×6000 lossless WebP of 3.7 kB took 1.5 GB to convert; a 9500×9500 PNG 0.87 GB.
    The budget here is lowered so the test's own photo stays small (3000×2000 grey,
    3 bytes a pixel as RGB: 18 MB); the style's default budget is 256 MB."""
    from tests.support.photos import huge_grey_png

    path = huge_grey_png(tmp_path / "bai-1.png", 3000, 2000)
    assert path.stat().st_size < 100_000
    tight = Request(600, 600, 10**8, 85, max_decoded_bytes=10_000_000)
    with pytest.raises(PhotoError) as caught:
        prepare(str(path), tight)
    assert caught.value.path == str(path)
    assert str(caught.value) == (
        "3000×2000 pixels would take 18 MB of memory decoded, above photos.max_decoded_mb (10); "
        "refused (make it smaller, or raise it with --set photos.max_decoded_mb=N)"
    )
    assert prepare(str(path), Request(600, 600, 10**8, 85, max_decoded_bytes=20_000_000)).width == 600


def test_a_big_jpeg_is_measured_at_the_scale_it_is_decoded_at(tmp_path: Path) -> None:
    """A JPEG for a small box is decoded at 1/8 scale (draft): its budget is that size's."""
    path = save(tmp_path / "big.jpg", Image.new("RGB", (4000, 3000), (90, 120, 200)), metadata=False)
    small_box = Request(400, 400, 10**8, 85, max_decoded_bytes=1_000_000)  # 500×375×3 at 1/8 fits
    assert prepare(str(path), small_box).width == 400
    with pytest.raises(PhotoError, match="4000×3000 pixels would take 36 MB of memory decoded"):
        prepare(str(path), Request(4000, 4000, 10**8, 85, max_decoded_bytes=1_000_000, cmyk=True))


def test_pillows_warnings_are_vnconvs_one_line_naming_the_photo(tmp_path: Path) -> None:
    """A JPEG whose EXIF block is cut short made Pillow print its own two-line UserWarning."""
    import subprocess

    from tests.conftest import SEED

    exif = Image.Exif()
    exif[0x010E] = "x" * 200  # ImageDescription, then cut short: "Tag data larger than file"
    exif[0x0112] = 1
    save_to = tmp_path / "bai-1.jpg"
    Image.new("RGB", (64, 48), (1, 2, 3)).save(save_to, "JPEG", exif=exif.tobytes()[:-150])
    (tmp_path / "bai.txt").write_bytes(SEED.read_bytes())
    command = [sys.executable, "-m", "convert", "epub", str(tmp_path / "bai.txt"), "-o", str(tmp_path / "bai.epub")]
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "default"})
    assert done.returncode == 0, done.stderr
    assert f"vnconv: warning: {save_to}: Tag data larger than file. Skipping tag 270\n" in done.stderr
    assert "UserWarning" not in done.stderr and "PIL" not in done.stderr


def test_two_photos_of_one_relative_name_in_two_folders_are_told_apart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A process that serves command after command (the server's child, a program calling
    ``cli.main``) meets ``bai-1.png`` in one folder, then in another: the same relative
    path, and here the same size and modification time (copies that kept their times, as
    ``cp -p`` or ``tar x`` leave them). Each is its own photo: the kept photos are keyed by
    the file itself, not by the name it was given. Before, the second got the first's pixels."""
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        Image.new("RGB", (40, 30), (200, 30, 30) if folder == "a" else (30, 30, 200)).save(tmp_path / folder / "bai-1.png", compress_level=0)
        os.utime(tmp_path / folder / "bai-1.png", ns=(1_700_000_000 * 10**9, 1_700_000_000 * 10**9))
    assert (tmp_path / "a" / "bai-1.png").stat().st_size == (tmp_path / "b" / "bai-1.png").stat().st_size
    seen = {}
    for folder in ("a", "b"):
        monkeypatch.chdir(tmp_path / folder)
        seen[folder] = decode(prepare("bai-1.png", BOX).data).getpixel((0, 0))
    assert seen == {"a": (200, 30, 30), "b": (30, 30, 200)}


def test_release_pixels_forgets_the_decoded_photos_and_they_decode_again(tmp_path: Path) -> None:
    from convert.photos import image

    path = save(tmp_path / "kept.jpg", draw(1200, 900))
    first = prepare(str(path), Request(600, 600, 10_000_000, 85))
    assert any(key[0] == str(path) for key in image._decoded_cache)
    image.release_pixels()
    assert not any(key[0] == str(path) for key in image._decoded_cache)
    again = prepare(str(path), Request(500, 500, 10_000_000, 85))  # another request: decoded anew
    assert (first.width, again.width) == (600, 500)
