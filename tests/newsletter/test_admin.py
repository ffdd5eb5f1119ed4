"""Staff: write, preview, test and send issues; export and erase a person's data."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from content.models import Article
from newsletter.models import Issue, Subscriber
from outbox.models import OutgoingEmail
from tests.newsletter.conftest import make_subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(admin_client, admin_user):
    admin_user.email = "editor@hwypt.example"
    admin_user.save()
    return admin_client


def issue_form(**features) -> dict:
    """The add-issue form, featuring {position: article}."""
    data = {
        "subject": "Hello",
        "body": "## Hi\n\n<script>alert(1)</script><img src=x onerror=alert(1)>",
        "featured_articles-TOTAL_FORMS": str(len(features)),
        "featured_articles-INITIAL_FORMS": "0",
    }
    for n, (position, article) in enumerate(features.items()):
        data[f"featured_articles-{n}-position"] = position.removeprefix("p")
        data[f"featured_articles-{n}-article"] = str(article.pk)
    return data


def test_saving_a_draft_stores_sanitised_html_and_ordered_articles(staff, make_article):
    first, second = make_article(title="Balance"), make_article(title="Walking")
    response = staff.post(reverse("admin:newsletter_issue_add"), issue_form(p2=first, p1=second))
    assert response.status_code == 302, response.content.decode()[:2000]
    issue = Issue.objects.get()
    assert '<h2 id="hi">Hi</h2>' in issue.body_html
    assert "<script" not in issue.body_html
    assert "onerror" not in issue.body_html
    assert issue.featured() == [second, first]


def test_only_published_articles_can_be_featured(staff, make_article):
    draft = make_article(title="Draft", status=Article.Status.DRAFT)
    future = make_article(title="Future", published_on=timezone.localdate() + timedelta(days=1))
    live = make_article(title="Live")
    for hidden in (draft, future):
        response = staff.post(reverse("admin:newsletter_issue_add"), issue_form(p0=hidden))
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
    assert not Issue.objects.exists()

    page = staff.get(reverse("admin:newsletter_issue_add")).content.decode()
    assert 'name="featured_articles-0-article"' in page
    assert "admin-autocomplete" in page
    found = staff.get(
        reverse("admin:autocomplete"),
        {"app_label": "newsletter", "model_name": "featuredarticle", "field_name": "article"},
    ).json()
    assert [result["text"] for result in found["results"]] == [live.title]


def test_the_preview_is_the_email_html_and_the_text_part(staff, issue):
    html = staff.get(reverse("admin:newsletter_issue_preview", args=[issue.pk]))
    assert html.status_code == 200
    assert "style-src 'unsafe-inline'" in html["Content-Security-Policy"]
    expected = issue_email_html(issue)
    assert html.content.decode() == expected
    text = staff.get(reverse("admin:newsletter_issue_preview_text", args=[issue.pk]))
    assert text["Content-Type"].startswith("text/plain")
    assert "Walking in winter" in text.content.decode()


def issue_email_html(issue) -> str:
    from newsletter import emails

    return emails.issue_email(issue, to="x@example.org", subscriber_id=None).alternatives[0].content


def test_preview_is_for_staff_only(client, issue):
    response = client.get(reverse("admin:newsletter_issue_preview", args=[issue.pk]))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_send_a_test_to_me_reaches_only_the_editor(staff, issue):
    make_subscriber("reader@example.org")
    staff.post(
        reverse("admin:newsletter_issue_changelist"),
        {"action": "send_test_to_me", "_selected_action": [issue.pk]},
    )
    assert [m.to for m in mail.outbox] == [["editor@hwypt.example"]]
    assert mail.outbox[0].subject == "[Test] Walking in winter"
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT
    assert not OutgoingEmail.objects.exists()


def test_the_send_action_enqueues_the_task_that_sends(staff, issue, on_commit):
    make_subscriber("reader@example.org")
    make_subscriber("waiting@example.org", Subscriber.Status.PENDING)
    with on_commit():
        staff.post(
            reverse("admin:newsletter_issue_changelist"),
            {"action": "send_issue", "_selected_action": [issue.pk]},
        )
    assert [m.to for m in mail.outbox] == [["reader@example.org"]]
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    # A sent issue cannot be edited any more.
    change = reverse("admin:newsletter_issue_change", args=[issue.pk])
    page = staff.get(change).content.decode()
    assert 'name="body"' not in page
    assert 'name="featured_articles-0-article"' not in page
    # Pressing Save on it anyway changes nothing and does not fail.
    management = {"featured_articles-TOTAL_FORMS": "1", "featured_articles-INITIAL_FORMS": "1"}
    assert staff.post(change, {"_save": "Save", **management}).status_code == 302
    issue.refresh_from_db()
    assert issue.subject == "Walking in winter"


def test_subscriber_list_filters_and_exports_csv(staff):
    make_subscriber("a@example.org", source="home")
    make_subscriber("b@example.org", Subscriber.Status.PENDING, source="article:walking")
    url = reverse("admin:newsletter_subscriber_changelist")
    page = staff.get(url, {"status": "pending", "source": "article:walking"}).content.decode()
    assert "b@example.org" in page
    assert "a@example.org" not in page
    response = staff.post(
        url,
        {"action": "export_csv", "_selected_action": [s.pk for s in Subscriber.objects.all()]},
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted(row["email"] for row in rows) == ["a@example.org", "b@example.org"]


def test_a_name_typed_as_a_formula_is_exported_as_text(staff):
    person = make_subscriber("c@example.org", source="home")
    Subscriber.objects.filter(pk=person.pk).update(first_name='=HYPERLINK("http://x","y")')
    url = reverse("admin:newsletter_subscriber_changelist")
    response = staff.post(url, {"action": "export_csv", "_selected_action": [person.pk]})
    [row] = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert row["first_name"] == '\'=HYPERLINK("http://x","y")'


def test_one_persons_data_is_exported_and_erased_on_request(staff, issue):
    from newsletter import services

    person = make_subscriber("ann@example.org", source="home", ip_hash="f" * 64)
    services.issue_send(issue=issue)
    url = reverse("admin:newsletter_subscriber_changelist")
    response = staff.post(url, {"action": "export_person", "_selected_action": [person.pk]})
    data = json.loads(response.content)
    assert data["email"] == "ann@example.org"
    assert data["consent_wording"] == "test wording"
    [delivery] = data["emails"]
    assert (delivery["kind"], delivery["issue"]) == ("Newsletter issue", "Walking in winter")
    assert delivery["status"] == "sent"
    assert delivery["sent_at"]
    asked = staff.post(url, {"action": "erase_person", "_selected_action": [person.pk]})
    assert b"Yes, erase them" in asked.content and b"ann@example.org" in asked.content
    assert Subscriber.objects.exists()  # nothing goes before "Yes"
    staff.post(url, {"action": "erase_person", "_selected_action": [person.pk], "confirm": "yes"})
    assert not Subscriber.objects.exists()
    assert not OutgoingEmail.objects.exists()
    entry = LogEntry.objects.get()
    assert (entry.user.username, entry.object_id, entry.action_flag) == (
        "admin", str(person.pk), DELETION,
    )  # fmt: skip
    assert "ann@" not in entry.object_repr


def test_purge_unconfirmed_deletes_only_old_waiting_sign_ups(capsys):
    old = timezone.now() - timezone.timedelta(days=40)
    make_subscriber("old@example.org", Subscriber.Status.PENDING, signed_up_at=old)
    make_subscriber("new@example.org", Subscriber.Status.PENDING)
    make_subscriber("member@example.org", signed_up_at=old)
    call_command("purge_unconfirmed", "--days", "30", "--dry-run")
    assert "Would delete 1 sign-up(s)" in capsys.readouterr().out
    assert Subscriber.objects.count() == 3
    call_command("purge_unconfirmed", "--days", "30")
    assert "Deleted 1 sign-up(s)" in capsys.readouterr().out
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
        "member@example.org",
        "new@example.org",
    ]
