"""The "Newsletter editors" group writes, previews and sends issues; sending is a permission."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse

from newsletter.models import Issue
from tests.newsletter.conftest import make_subscriber
from tests.newsletter.test_admin import issue_form
from tests.users import make_staff

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:newsletter_issue_changelist")


@pytest.fixture
def editor(client):
    client.force_login(make_staff("editor", "Newsletter editors", email="editor@hwypt.example"))
    return client


@pytest.fixture
def writer(client):
    """Staff who may write and change issues, but were not given "Can send"."""
    user = make_staff("writer", email="writer@hwypt.example")
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["add_issue", "change_issue", "view_issue", "view_article"]
        )
    )
    client.force_login(user)
    return client


def test_the_group_can_write_issues_and_pick_articles_but_not_see_subscribers():
    codenames = set(
        Group.objects.get(name="Newsletter editors").permissions.values_list("codename", flat=True)
    )
    assert {"add_issue", "change_issue", "send_issue", "view_article"} <= codenames
    assert not {"view_subscriber", "change_article", "view_outgoingemail"} & codenames


def test_an_editor_writes_previews_and_sends_an_issue(editor, make_article, on_commit):
    make_subscriber("reader@example.org")
    article = make_article(title="Balance basics")
    response = editor.post(reverse("admin:newsletter_issue_add"), issue_form(p0=article))
    assert response.status_code == 302, response.content.decode()[:2000]
    issue = Issue.objects.get()
    preview = editor.get(reverse("admin:newsletter_issue_preview", args=[issue.pk]))
    assert preview.status_code == 200
    assert "Balance basics" in preview.content.decode()
    changelist = editor.get(CHANGELIST).content.decode()
    assert 'value="send_issue"' in changelist
    with on_commit():
        editor.post(CHANGELIST, {"action": "send_issue", "_selected_action": [issue.pk]})
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert [m.to for m in mail.outbox] == [["reader@example.org"]]
    assert editor.get(reverse("admin:newsletter_subscriber_changelist")).status_code == 403


def test_without_the_send_permission_nobody_can_send(writer, issue, on_commit):
    make_subscriber("reader@example.org")
    changelist = writer.get(CHANGELIST).content.decode()
    assert 'value="send_test_to_me"' in changelist
    assert 'value="send_issue"' not in changelist
    with on_commit():
        response = writer.post(
            CHANGELIST, {"action": "send_issue", "_selected_action": [issue.pk]}, follow=True
        )
    assert "No action selected" in response.content.decode()
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT
    assert not mail.outbox


def test_staff_who_cannot_view_issues_cannot_preview_them(client, issue):
    client.force_login(make_staff("desk", "Front desk"))
    for name in ["admin:newsletter_issue_preview", "admin:newsletter_issue_preview_text"]:
        assert client.get(reverse(name, args=[issue.pk])).status_code == 403
