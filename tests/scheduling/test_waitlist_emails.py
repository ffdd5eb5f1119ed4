"""The waitlist's emails as the receiving server gets them: real bytes over SMTP, a link
to book, a link to leave in every one, and nothing about health."""

import re
from email import message_from_bytes, policy
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from content.models import SafetyCondition
from scheduling.models import WaitlistEntry
from scheduling.services.booking import booking_cancel
from tests.scheduling.conftest import INTAKE
from tests.scheduling.waitlist_helpers import NOW, fill_day, join, local_day

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("waitlist_clock")]


def read(raw: bytes) -> tuple:
    message = message_from_bytes(raw, policy=policy.default)
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return message, text, html


def link(text: str, path: str) -> str:
    return urlsplit(re.search(rf"http\S+{path}[^\s\"<]+", text).group(0)).path


def test_the_offer_email_holds_the_time_and_both_links_work(
    smtp_wire, client, service, therapist, django_capture_on_commit_callbacks
):
    booked = fill_day(service, therapist)
    with django_capture_on_commit_callbacks(execute=True):
        ann = join(
            service, therapist, local_day(booked[0].start), "Zoë Waiting", email="zoe@example.org"
        )
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=booked[0], by_staff=True)
    joined, offered = (read(raw) for raw in smtp_wire.raw if b"To: zoe@example.org" in raw)
    message, text, html = offered
    assert message["Subject"] == "A time is free for you: book it within 30 minutes"
    assert "Hello Zoë Waiting" in text
    local = booked[0].start.astimezone(ann.location.zone)
    assert f"When: Monday, March 9, 2026 at {local:%-I:%M %p}" in text  # the clinic's own time
    assert "until 8:30 AM (Wednesday, March 4)" in text
    for raw in smtp_wire.raw:
        assert raw.isascii()  # 7-bit clean, like every email the site sends
        for answer in (INTAKE["reason"], INTAKE["where"]):  # the freed booking's intake
            assert answer.encode() not in raw
            assert answer not in text + html + joined[1] + joined[2]
    book_path = link(text, "/book/waitlist/offer/")
    assert link(html, "/book/waitlist/offer/") == book_path
    leave_path = link(text, "/book/waitlist/leave/")
    assert link(joined[1], "/book/waitlist/leave/") == leave_path  # in every email

    page = client.get(book_path)
    assert page.status_code == 200 and b"Book this time" in page.content
    with django_capture_on_commit_callbacks(execute=True):  # a "yes" to a safety question
        response = client.post(book_path, {"applies": ["blood_clot"]})
    assert response.url == reverse("scheduling:done")
    ann.refresh_from_db()
    assert ann.booking.start == booked[0].start
    assert ann.booking.needs_review
    *_, (_, confirmed, _) = (read(raw) for raw in smtp_wire.raw if b"To: zoe@example.org" in raw)
    assert "A therapist will call you" in confirmed
    assert "We will ask about your visit when you come." in confirmed
    condition = SafetyCondition.objects.get(key="blood_clot")
    for raw in smtp_wire.raw:
        assert b"blood_clot" not in raw and condition.condition.encode() not in raw

    assert b"Leave the waitlist" in client.get(leave_path).content
    client.post(leave_path)
    assert WaitlistEntry.objects.get(pk=ann.pk).left_at == NOW
