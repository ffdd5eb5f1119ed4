"""Staff find failed emails in "Outgoing email" and retry them; the pages pass axe and vnu."""

import pytest
from django.core import mail

from newsletter.models import Subscriber
from outbox.models import OutgoingEmail
from outbox.services import outbox_queue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def confirmation_to(address: str) -> OutgoingEmail:
    person = Subscriber.objects.create(email=address, consent_wording="test wording")
    return outbox_queue(kind="newsletter_confirmation", about=person, recipient=address)


def test_staff_filter_the_failed_emails_and_retry_one(
    page, live_server, admin_user, assert_accessible
):
    failed, sent = confirmation_to("ann@example.org"), confirmation_to("bob@example.org")
    OutgoingEmail.objects.filter(pk=failed.pk).update(
        status=OutgoingEmail.Status.FAILED,
        attempts=3,
        last_error="ConnectionRefusedError: [Errno 111] Connection refused",
    )
    OutgoingEmail.objects.filter(pk=sent.pk).update(status=OutgoingEmail.Status.SENT)
    mail.outbox.clear()

    page.goto(live_server.url + "/admin/login/?next=/admin/outbox/outgoingemail/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/outbox/outgoingemail/")
    assert_accessible(page)
    page.locator("#changelist-filter").get_by_role("link", name="Failed, will be retried").click()
    page.wait_for_url("**status__exact=failed**")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1 and "ann@example.org" in rows.inner_text()
    assert_accessible(page)

    page.check(f"input[name=_selected_action][value='{failed.pk}']")
    page.select_option("select[name=action]", "retry")
    page.click("button[name=index]")
    page.locator(".messagelist").get_by_text("Queued 1 email(s) again.", exact=True).wait_for()
    assert_accessible(page)
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutgoingEmail.Status.SENT, 1)
    assert [m.to for m in mail.outbox] == [["ann@example.org"]]

    page.goto(live_server.url + f"/admin/outbox/outgoingemail/{failed.pk}/change/")
    assert_accessible(page)
