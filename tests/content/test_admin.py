"""Staff write, preview and publish articles in the admin."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from PIL import Image

from content.models import Article, ArticleImage, Topic
from tests.users import make_staff


@pytest.fixture
def staff(client, db):
    client.force_login(make_staff("editor", superuser=True, email="editor@example.com"))
    return client


def test_changelist_shows_filters_overdue_flag_and_reading_grade(staff, make_article):
    today = timezone.localdate()
    make_article(title="Old one", next_review_due=today - datetime.timedelta(days=2))
    make_article(title="Fresh one", topic=Topic.objects.create(slug="safety", name="Safety"))
    page = staff.get("/admin/content/article/").content.decode()
    assert "Review overdue" in page
    assert "Reading grade" in page
    assert "By topic" in page and "By status" in page and "By review due" in page
    overdue = staff.get("/admin/content/article/", {"review": "overdue"}).content.decode()
    assert "Old one" in overdue and "Fresh one" not in overdue
    found = staff.get("/admin/content/article/", {"q": "Fresh"}).content.decode()
    assert "Fresh one" in found and "Old one" not in found


def test_adding_an_article_stores_rendered_html(staff, topic, person):
    form = staff.get("/admin/content/article/add/").content.decode()
    assert "prepopulated_fields" in form or "data-prepopulated-fields" in form
    today = timezone.localdate()
    response = staff.post(
        "/admin/content/article/add/",
        {
            "title": "Knee care",
            "slug": "knee-care",
            "topic": topic.pk,
            "summary": "Looking after your knees.",
            "body": "## Warm up\n\nGently.\n\n<script>alert(1)</script>",
            "author": person.pk,
            "reviewer": person.pk,
            "status": "draft",
            "published_on": today.isoformat(),
            "last_reviewed": today.isoformat(),
            "next_review_due": (today + datetime.timedelta(days=365)).isoformat(),
            "references": "[]",
            "related_links-TOTAL_FORMS": "0",
            "related_links-INITIAL_FORMS": "0",
            "old_slugs-TOTAL_FORMS": "0",
            "old_slugs-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(slug="knee-care")
    assert '<h2 id="warm-up">Warm up</h2>' in article.body_html
    assert "<script" not in article.body_html


def test_preview_shows_a_draft_like_the_site_sanitised(staff, make_article, client):
    article = make_article(
        status=Article.Status.DRAFT, body="## Part\n\n<img src=x alt=y onerror=alert(1)>\n"
    )
    response = staff.get(f"/admin/content/article/{article.pk}/preview/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Preview: draft, not visible to the public yet" in page
    assert '<h2 id="part">Part</h2>' in page and "onerror" not in page
    assert "Reviewed by" in page and "On this page" in page


def test_preview_needs_a_staff_login(make_article, client):
    article = make_article()
    response = client.get(f"/admin/content/article/{article.pk}/preview/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_publish_and_unpublish_actions(staff, make_article):
    draft = make_article(status=Article.Status.DRAFT)
    staff.post("/admin/content/article/", {"action": "publish", "_selected_action": [draft.pk]})
    assert Article.objects.published().filter(pk=draft.pk).exists()
    staff.post("/admin/content/article/", {"action": "unpublish", "_selected_action": [draft.pk]})
    assert not Article.objects.published().filter(pk=draft.pk).exists()


def test_view_on_site_link(staff, make_article):
    article = make_article()
    page = staff.get(f"/admin/content/article/{article.pk}/change/").content.decode()
    assert "View on site" in page


def test_image_upload_strips_exif_and_rejects_non_images(staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (45.0, 30.0, 0.0)}
    Image.new("RGB", (900, 600), "teal").save(buffer, "JPEG", exif=exif.tobytes())
    buffer.seek(0)
    buffer.name = "shoulder.jpg"
    response = staff.post(
        "/admin/content/articleimage/add/", {"upload": buffer, "alt": "A shoulder"}
    )
    assert response.status_code == 302
    image = ArticleImage.objects.get()
    assert not Image.open(tmp_path / image.original.name).getexif()
    assert [r["width"] for r in image.renditions] == [480, 800]

    fake = io.BytesIO(b"this is not a picture")
    fake.name = "virus.jpg"
    page = staff.post("/admin/content/articleimage/add/", {"upload": fake, "alt": "x"})
    assert page.status_code == 200
    assert ArticleImage.objects.count() == 1
    missing_alt = io.BytesIO(buffer.getvalue())
    missing_alt.name = "b.jpg"
    page = staff.post("/admin/content/articleimage/add/", {"upload": missing_alt, "alt": "  "})
    assert page.status_code == 200 and ArticleImage.objects.count() == 1


def test_content_editors_group_has_only_what_editors_need(db):
    group = Group.objects.get(name="Content editors")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"add_article", "change_article", "view_article", "add_articleimage"} <= codenames
    assert "delete_article" not in codenames
    assert all(p.content_type.app_label == "content" for p in group.permissions.all())
    assert not codenames & {"change_topic", "delete_topic", "change_person"}


def test_an_editor_can_write_but_not_delete(client, make_article):
    article = make_article()
    user = make_staff("writer", "Content editors")
    client.force_login(user)
    assert client.get("/admin/content/article/add/").status_code == 200
    assert client.get(f"/admin/content/article/{article.pk}/delete/").status_code == 403
    assert client.get("/admin/auth/user/").status_code == 403
    assert not Permission.objects.filter(user=user).exists()


def test_a_person_photo_is_stored_without_its_location(staff, settings, tmp_path):
    from content.models import Person

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (45.0, 30.0, 0.0)}
    Image.new("RGB", (1200, 900), "teal").save(buffer, "JPEG", exif=exif.tobytes())
    buffer.seek(0)
    buffer.name = "maya.jpg"
    fields = {"slug": "maya", "name": "Maya", "credentials": "PT, DPT", "role": "author"}
    response = staff.post("/admin/content/person/add/", {**fields, "bio": "Hi.", "photo": buffer})
    assert response.status_code == 302, response.content.decode()[:2000]
    photo = Image.open(tmp_path / Person.objects.get().photo.name)
    assert not photo.getexif()
    assert photo.size == (480, 480)  # square, as the pages show it

    fake = io.BytesIO(b"not a picture")
    fake.name = "fake.jpg"
    page = staff.post(
        "/admin/content/person/add/", {**fields, "slug": "other", "bio": "x", "photo": fake}
    )
    assert page.status_code == 200
    assert Person.objects.count() == 1
