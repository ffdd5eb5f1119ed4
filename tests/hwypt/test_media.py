"""Uploaded pictures served by the site itself: image files under MEDIA_ROOT only."""

import io
import os

import pytest
from PIL import Image

from hwypt.media import media_file_path

pytestmark = pytest.mark.django_db


def picture(kind: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, kind)
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "media"
    (root / "therapists").mkdir(parents=True)
    settings.MEDIA_ROOT = root
    return root


@pytest.mark.parametrize(
    ("name", "kind", "content_type"),
    [
        ("maya.jpg", "JPEG", "image/jpeg"),
        ("maya.webp", "WEBP", "image/webp"),
        ("a.PNG", "PNG", "image/png"),
    ],
)
def test_a_picture_answers_with_its_type_nosniff_and_a_day_of_caching(
    client, media, name, kind, content_type
):
    data = picture(kind)
    (media / "therapists" / name).write_bytes(data)
    response = client.get(f"/media/therapists/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response["Content-Length"] == str(len(data))
    assert b"".join(response.streaming_content) == data
    again = client.get(
        f"/media/therapists/{name}", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]
    )
    assert again.status_code == 304


def test_head_has_no_body_and_other_methods_get_405(client, media):
    (media / "therapists" / "maya.jpg").write_bytes(picture())
    head = client.head("/media/therapists/maya.jpg")
    assert head.status_code == 200 and head["Content-Type"] == "image/jpeg"
    assert client.post("/media/therapists/maya.jpg").status_code == 405


@pytest.mark.parametrize(
    "name",
    ["page.html", "drawing.svg", "notes.txt", "maya.jpg.html", "no-extension", "missing.jpg"],
)
def test_anything_but_a_picture_is_not_found(client, media, name):
    (media / "therapists" / name).write_bytes(b"<script>alert(1)</script>")
    if name == "missing.jpg":
        (media / "therapists" / name).unlink()
    assert client.get(f"/media/therapists/{name}").status_code == 404


def test_no_path_leads_outside_media_root(client, media, tmp_path):
    (tmp_path / "secret.jpg").write_bytes(picture())
    os.symlink(tmp_path / "secret.jpg", media / "therapists" / "link.jpg")
    assert media_file_path(media, "../secret.jpg") is None
    assert media_file_path(media, "therapists/../../secret.jpg") is None
    assert media_file_path(media, "therapists/link.jpg") is None
    assert media_file_path(media, str(tmp_path / "secret.jpg")) is None
    assert media_file_path(media, "therapists/a\x00.jpg") is None
    for path in ["/media/%2e%2e/secret.jpg", "/media/therapists/link.jpg", "/media/"]:
        assert client.get(path).status_code == 404, path


def test_a_folder_is_not_a_picture(client, media):
    (media / "folder.jpg").mkdir()
    assert client.get("/media/folder.jpg").status_code == 404
