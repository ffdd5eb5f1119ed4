"""A Newsletter editor, not a superuser, writes, previews and sends an issue in Chromium;
staff without "Can send" are not offered the send. The admin pages get axe and vnu."""

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from newsletter.models import Issue, Subscriber
from tests import checks
from tests.browser.test_readme_tour import staff_groups_as_migrate_made_them
from tests.browser.test_scheduling_admin import DJANGO_HIDDEN_AUTOCOMPLETE
from tests.content.conftest import make_article, person, topic  # noqa: F401 (fixtures)
from tests.users import PASSWORD, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + "/admin/login/?next=/admin/newsletter/issue/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")


def assert_admin_accessible(page, html_checker) -> None:
    """axe and the Nu checker, less the one error in Django's own inline markup."""
    violations = checks.axe_violations(page)
    assert not violations, f"{page.url}:\n" + checks.describe_axe(violations)
    html = page.content()
    errors = [
        e for e in html_checker.errors(html) if DJANGO_HIDDEN_AUTOCOMPLETE not in e["message"]
    ]
    assert not errors, f"{page.url}:\n" + checks.describe_vnu(errors, html)


def test_an_editor_writes_previews_and_sends_and_a_writer_cannot_send(
    page,
    live_server,
    html_checker,
    make_article,  # noqa: F811 (the fixture imported above)
):
    staff_groups_as_migrate_made_them()
    make_staff("editor", "Newsletter editors", email="editor@hwypt.example")
    writer = make_staff("writer", email="writer@hwypt.example")
    writer.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_issue", "change_issue", "view_issue"])
    )
    Subscriber.objects.create(
        email="reader@example.org", status=Subscriber.Status.CONFIRMED, consent_wording="yes"
    )
    make_article(title="Balance basics")

    log_in(page, live_server, "editor")
    page.goto(live_server.url + "/admin/newsletter/issue/add/")
    assert_admin_accessible(page, html_checker)
    page.fill("#id_subject", "Stand tall")
    page.fill("#id_body", "Good posture, **every day**.")
    page.click("#featured_articles-0 .select2-selection")
    page.keyboard.type("Balance")
    option = page.locator(".select2-results__option:not(.loading-results)").first
    expect(option).to_have_text("Balance basics")
    option.click()
    with page.expect_navigation():
        page.click("input[name=_continue]")
    assert_admin_accessible(page, html_checker)
    with page.expect_popup() as popup:
        page.get_by_role("link", name="Preview the email").click()
    preview = popup.value
    expect(preview.locator("body")).to_contain_text("every day")
    expect(preview.locator("body")).to_contain_text("Balance basics")
    preview.close()

    page.goto(live_server.url + "/admin/newsletter/issue/")
    page.get_by_role("row").filter(has_text="Stand tall").get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(label="Send to all subscribers")
    assert_admin_accessible(page, html_checker)
    with page.expect_navigation():
        page.get_by_role("button", name="Run").click()
    expect(page.locator(".messagelist")).to_contain_text("is being sent")
    assert Issue.objects.get().status == Issue.Status.SENT

    Issue.objects.create(subject="Draft by the writer", body="Hello.")
    log_in(page, live_server, "writer")
    labels = page.locator("select[name=action] option").all_inner_texts()
    assert "Send a test copy to me" in labels
    assert "Send to all subscribers" not in labels
