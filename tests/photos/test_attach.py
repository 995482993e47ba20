"""Captions get their photos after reading; a JSON model's photo paths stay inside its folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from convert.io import InputError
from convert.jobs import load
from convert.model import SCHEMA, Article, Caption, ModelError, Paragraph, from_json, to_json
from convert.photos import PhotoError
from convert.photos.attach import attach, relative_to

from convert.styles import load as load_style

STYLE = load_style("default", check_fonts=False)
ARTICLE = Article(headline="Tin", blocks=(Caption("Một"), Paragraph("Thân bài."), Caption("Hai", "Ảnh: TTXVN"), Caption("Ba")))


def photos(article: Article) -> list[str | None]:
    return [b.photo for b in article.blocks if isinstance(b, Caption)]


def test_photos_go_to_captions_in_order_and_the_rest_is_warned_once(tmp_path: Path) -> None:
    for name in ("bai-1.jpg", "bai-2.jpg"):
        (tmp_path / name).write_bytes(b"")
    warnings: list[str] = []
    attached = attach(ARTICLE, str(tmp_path / "bai.txt"), warn=warnings.append)
    assert photos(attached.article) == [str(tmp_path / "bai-1.jpg"), str(tmp_path / "bai-2.jpg"), None]
    assert attached.photos == (str(tmp_path / "bai-1.jpg"), str(tmp_path / "bai-2.jpg"))
    assert warnings == ["1 caption of 3 without a photo (found 2 photos): placeholders instead"]
    for name in ("bai-3.jpg", "bai-4.jpg", "bai-5.jpg"):
        (tmp_path / name).write_bytes(b"")
    warnings.clear()
    attached = attach(ARTICLE, str(tmp_path / "bai.txt"), warn=warnings.append)
    assert photos(attached.article)[-1] == str(tmp_path / "bai-3.jpg")
    assert warnings == ["2 photos without a caption, not placed: bai-4.jpg, bai-5.jpg"]


def test_an_article_without_photos_is_left_alone_and_warned_when_photos_were_asked_for(tmp_path: Path) -> None:
    """--photos DIR holding none for the article warned nothing (attach returned first);
    a text-only archive's captions, with no --photos, are not each warned."""
    from convert.options import PhotoFolder

    warnings: list[str] = []
    assert attach(ARTICLE, str(tmp_path / "bai.txt"), warn=warnings.append).article is ARTICLE
    assert warnings == []
    (tmp_path / "anh").mkdir()
    attach(ARTICLE, str(tmp_path / "bai.txt"), PhotoFolder(str(tmp_path / "anh"), one_article=False), warn=warnings.append)
    assert warnings == [f"3 captions without a photo (found none in {tmp_path / 'anh'}): placeholders instead"]
    warnings.clear()
    without_captions = Article(headline="Tin", blocks=(Paragraph("Thân bài."),))
    assert attach(without_captions, str(tmp_path / "bai.txt"), warn=warnings.append).article is without_captions
    assert warnings == []


def test_names_are_compared_in_nfc_and_extensions_in_any_case(tmp_path: Path) -> None:
    """macOS writes names decomposed (NFD): ``Khánh thành-1.webp`` beside ``Khánh thành.txt`` in NFC."""
    import unicodedata

    stem = "Khánh thành"
    (tmp_path / (unicodedata.normalize("NFD", stem) + "-1.WEBP")).write_bytes(b"")
    (tmp_path / (unicodedata.normalize("NFD", stem) + "-2.Jpg")).write_bytes(b"")
    warnings: list[str] = []
    attached = attach(ARTICLE, str(tmp_path / f"{unicodedata.normalize('NFC', stem)}.txt"), warn=warnings.append)
    assert [Path(p).name for p in attached.photos] == [unicodedata.normalize("NFD", stem) + suffix for suffix in ("-1.WEBP", "-2.Jpg")]
    assert warnings == ["1 caption of 3 without a photo (found 2 photos): placeholders instead"]
    # ... and the other way round: an NFD article, NFC photos, in a folder named after it
    folder = tmp_path / "other"
    (folder / unicodedata.normalize("NFC", stem)).mkdir(parents=True)
    (folder / unicodedata.normalize("NFC", stem) / "anh.png").write_bytes(b"")
    attached = attach(ARTICLE, str(folder / f"{unicodedata.normalize('NFD', stem)}.txt"))
    assert [Path(p).name for p in attached.photos] == ["anh.png"]


def test_a_sidecar_in_a_format_vnconv_cannot_place_is_warned_not_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from convert.photos import discover

    monkeypatch.setattr(discover, "UNUSABLE_EXTENSIONS", discover.UNUSABLE_EXTENSIONS | discover.HEIF_EXTENSIONS)  # as without pillow-heif
    monkeypatch.setattr(discover, "EXTENSIONS", discover.EXTENSIONS - discover.HEIF_EXTENSIONS)
    for name in ("bai-1.heic", "bai-2.bmp", "bai-3.jpg"):
        (tmp_path / name).write_bytes(b"")
    warnings: list[str] = []
    attached = attach(ARTICLE, str(tmp_path / "bai.txt"), warn=warnings.append)
    assert attached.photos == (str(tmp_path / "bai-3.jpg"),)
    assert warnings == [
        "2 photos in a format vnconv cannot place, not placed: bai-1.heic (HEIC needs pillow-heif: pip install 'vnconv[heic]'), "
        "bai-2.bmp (BMP: save it as JPEG, PNG, WebP, AVIF or HEIC)",
        "2 captions of 3 without a photo (found 1 photo): placeholders instead",
    ]


def model(tmp_path: Path, *photo_paths: str | None, name: str = "bai.json") -> Path:
    blocks = [{"type": "caption", "text": f"Ảnh {i}", "credit": None, **({"photo": p} if p is not None else {})} for i, p in enumerate(photo_paths)]
    path = tmp_path / name
    path.write_text(json.dumps({"schema": SCHEMA, "headline": "Tin", "blocks": blocks}), encoding="utf-8")
    return path


def test_a_model_names_its_photos_relative_to_its_folder(tmp_path: Path) -> None:
    (tmp_path / "anh").mkdir()
    (tmp_path / "anh" / "a.jpg").write_bytes(b"")
    (tmp_path / "bai-1.jpg").write_bytes(b"")  # a sidecar: not used when the model names photos
    warnings: list[str] = []
    loaded = load(str(model(tmp_path, "anh/a.jpg", None)), STYLE, warn=warnings.append)
    assert photos(loaded.article) == [str(tmp_path / "anh" / "a.jpg"), None]
    assert warnings == ["1 caption without a photo in the model: placeholders instead"]
    assert to_json(relative_to(loaded.article, tmp_path)).count('"photo": "anh/a.jpg"') == 1


@pytest.mark.parametrize("bad", ["../x.jpg", "anh/../../x.jpg", "/etc/passwd", "C:/x.jpg", "\\\\server\\x.jpg", ""])
def test_a_model_path_leaving_its_folder_is_refused(tmp_path: Path, bad: str) -> None:
    path = model(tmp_path, bad)
    with pytest.raises(InputError, match=r"blocks\[0\]\.photo"):
        load(str(path), STYLE)


def test_a_symbolic_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.jpg"
    outside.write_bytes(b"")
    (tmp_path / "m").mkdir()
    os.symlink(outside, tmp_path / "m" / "a.jpg")
    with pytest.raises(InputError, match="leads out of the model's folder"):
        load(str(model(tmp_path / "m", "a.jpg")), STYLE)


def test_a_missing_model_photo_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load(str(model(tmp_path, "nope.jpg")), STYLE)
    assert str(caught.value) == f"{tmp_path / 'nope.jpg'}: no such photo file"


def test_old_models_read_and_photo_round_trips() -> None:
    old = {"schema": SCHEMA, "blocks": [{"type": "caption", "text": "A", "credit": None}]}
    assert from_json(json.dumps(old)).blocks == (Caption("A"),)
    article = Article(blocks=(Caption("A", photo="anh/1.jpg"),))
    assert from_json(to_json(article)) == article
    assert '"photo"' not in to_json(Article(blocks=(Caption("A"),)))  # absent, not null: models read as before
    with pytest.raises(ModelError, match="photo: expected a string"):
        from_json(json.dumps({"schema": SCHEMA, "blocks": [{"type": "caption", "text": "A", "photo": 3}]}))


def test_photo_error_keeps_path_and_reason() -> None:
    error = PhotoError("a.jpg", "empty")
    assert (error.path, str(error)) == ("a.jpg", "empty")
