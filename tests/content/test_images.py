"""Uploaded pictures: real images only, within limits, EXIF removed, WebP and JPEG renditions."""

import io

import pytest
from django.template import Context, Template
from PIL import Image

from content import images, services
from content.images import ImageRejected, process_image


def photo(width=1600, height=1000, fmt="JPEG", gps=True) -> bytes:
    image = Image.new("RGB", (width, height), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    if gps:
        exif[0x8825] = {1: "N", 2: (45.0, 30.0, 0.0), 3: "W", 4: (122.0, 40.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, fmt, exif=exif.tobytes())
    return buffer.getvalue()


def test_metadata_is_stripped_and_renditions_made():
    data = photo()
    assert Image.open(io.BytesIO(data)).getexif()  # the upload carries a location
    processed = process_image(data)
    assert not Image.open(io.BytesIO(processed.original_jpeg)).getexif()
    assert [r.width for r in processed.renditions] == [480, 800, 1200]
    for rendition in processed.renditions:
        webp = Image.open(io.BytesIO(rendition.webp))
        jpeg = Image.open(io.BytesIO(rendition.jpeg))
        assert (webp.format, jpeg.format) == ("WEBP", "JPEG")
        assert webp.size == jpeg.size == (rendition.width, rendition.height)
        assert not jpeg.getexif() and not webp.getexif()


def test_small_pictures_are_not_enlarged():
    processed = process_image(photo(300, 200, "PNG", gps=False))
    assert [(r.width, r.height) for r in processed.renditions] == [(300, 200)]


@pytest.mark.parametrize("data", [b"not a picture", b"GIF89a" + b"\0" * 20, b""])
def test_files_that_are_not_pictures_are_rejected(data):
    with pytest.raises(ImageRejected, match="not a picture"):
        process_image(data)


def test_too_large_files_are_rejected(monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 1000)
    with pytest.raises(ImageRejected, match="too large"):
        process_image(photo())


def test_stored_image_renders_with_srcset_sizes_width_and_height(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = services.image_create(data=photo(), alt="A therapist works on a shoulder")
    html = Template("{% load content_tags %}{% picture image %}").render(Context({"image": image}))
    assert '<source type="image/webp" srcset="/media/articles/' in html
    assert "480w" in html and "1200w" in html
    assert 'sizes="(min-width: 992px) 42rem, 100vw"' in html
    assert 'width="800" height="500"' in html
    assert 'alt="A therapist works on a shoulder"' in html
    for rendition in image.renditions:
        assert (tmp_path / rendition["webp"]).exists() and (tmp_path / rendition["jpeg"]).exists()
