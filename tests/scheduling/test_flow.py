"""The booking flow over HTTP: state in the session, errors, honeypot, rate limit."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from scheduling.models import Booking
from tests.scheduling.conftest import first_slot

pytestmark = pytest.mark.django_db

DETAILS = {"name": "Pat Example", "email": "pat@example.com", "phone": "541 555 0100"}
INTAKE = {"reason": "Sore back", "where": "Lower back", "how_long": "weeks", "pain": "4"}
SCREENING_NO = {
    "recent_injury": "no",
    "inflammation": "no",
    "blood_clot": "no",
    "osteoporosis": "no",
    "infection": "no",
}


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def walk_to_check(client, service, therapist, start, screening=SCREENING_NO):
    url = lambda name: reverse(f"scheduling:{name}")  # noqa: E731
    steps = [
        ("start", {"service": service.pk}),
        ("therapist", {"therapist": str(therapist.pk) if therapist else "any"}),
        ("day", {"day": start.astimezone(service_tz()).date().isoformat()}),
        ("time", {"start": start.isoformat()}),
        ("details", DETAILS),
        ("intake", INTAKE),
        ("screening", screening),
    ]
    for name, data in steps:
        response = client.post(url(name), data)
        assert response.status_code == 302, (name, response.content.decode()[:2000])
    return client.get(url("check"))


def service_tz():
    from zoneinfo import ZoneInfo

    return ZoneInfo("America/Los_Angeles")


def test_a_patient_books_and_gets_an_email_after_commit(
    client, service, therapist, django_capture_on_commit_callbacks
):
    slot = first_slot(service, therapist)
    check = walk_to_check(client, service, therapist, slot.start)
    assert b"Check your answers" in check.content
    assert b"Sore back" in check.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("scheduling:check"), {"consent": "on"})
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.consent_at is not None
    assert booking.intake["reason"] == "Sore back"
    assert not booking.needs_review
    done = client.get(response.url)
    assert b"Your consultation is booked" in done.content
    assert len(mail.outbox) == 1
    assert "Sore back" not in mail.outbox[0].body


def test_screening_yes_flags_the_booking_and_says_a_therapist_will_call(client, service, therapist):
    slot = first_slot(service, therapist)
    walk_to_check(client, service, therapist, slot.start, {**SCREENING_NO, "blood_clot": "yes"})
    response = client.post(reverse("scheduling:check"), {"consent": "on"}, follow=True)
    booking = Booking.objects.get()
    assert booking.needs_review and booking.screening_flags == ["blood_clot"]
    assert b"A therapist will call you" in response.content
    assert b"Call 911" in response.content


def test_consent_is_required(client, service, therapist):
    walk_to_check(client, service, therapist, first_slot(service, therapist).start)
    response = client.post(reverse("scheduling:check"), {})
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"Tick the box" in response.content
    assert not Booking.objects.exists()


def test_errors_keep_what_was_typed(client, service, therapist):
    walk_to_check(client, service, therapist, first_slot(service, therapist).start)
    response = client.post(
        reverse("scheduling:details"), {"name": "Pat", "email": "not-an-email", "phone": "12"}
    )
    body = response.content.decode()
    assert "<title>Error: " in body
    assert 'value="Pat"' in body and 'value="not-an-email"' in body
    assert "Enter an email address like" in body and "Enter a phone number like" in body


def test_back_links_show_what_was_entered(client, service, therapist):
    walk_to_check(client, service, therapist, first_slot(service, therapist).start)
    assert 'value="Pat Example"' in client.get(reverse("scheduling:details")).content.decode()
    assert "Sore back" in client.get(reverse("scheduling:intake")).content.decode()


def test_a_time_taken_meanwhile_gets_the_friendly_page_with_nearest_times(
    client, service, therapist
):
    from tests.scheduling.conftest import book

    slot = first_slot(service, therapist)
    walk_to_check(client, service, therapist, slot.start)
    book(service, therapist, slot.start)
    response = client.post(reverse("scheduling:check"), {"consent": "on"})
    assert response.status_code == 409
    assert b"that time was just taken" in response.content
    assert b"The nearest free times" in response.content
    assert Booking.objects.count() == 1


def test_a_made_up_time_is_refused_with_a_clear_message(client, service, therapist):
    slot = first_slot(service, therapist)
    walk_to_check(client, service, therapist, slot.start)
    response = client.post(reverse("scheduling:time"), {"start": "2020-01-01T10:00:00+00:00"})
    assert b"That time is no longer free" in response.content


def test_honeypot_filled_books_nothing(client, service, therapist):
    slot = first_slot(service, therapist)
    walk_to_check(client, service, therapist, slot.start)
    response = client.post(reverse("scheduling:details"), {**DETAILS, "website": "spam"})
    assert b"Thank you" in response.content
    assert client.get(reverse("scheduling:check")).status_code == 302
    assert not Booking.objects.exists()


@pytest.mark.usefixtures("still_clock")
@override_settings(BOOKING_RATE_LIMIT="2/h")
def test_rate_limit_per_ip_on_submissions(client, service, therapist):
    walk_to_check(client, service, therapist, first_slot(service, therapist).start)
    statuses = [client.post(reverse("scheduling:check"), {}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert b"Please try again later" in client.post(reverse("scheduling:check"), {}).content


@pytest.mark.usefixtures("still_clock")
# All overrides in the decorator: mixing it with the `settings` fixture would leave
# the decorator's values in place after the test.
@override_settings(
    BOOKING_RATE_LIMIT="1/h",
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    TRUSTED_PROXIES=["10.0.0.1"],
)
def test_behind_the_proxy_each_patient_has_their_own_limit(client, service, therapist):
    walk_to_check(client, service, therapist, first_slot(service, therapist).start)

    def submit(forwarded):
        return client.post(
            reverse("scheduling:check"),
            {},
            REMOTE_ADDR="10.0.0.1",  # the proxy
            HTTP_X_FORWARDED_FOR=forwarded,
            HTTP_X_FORWARDED_PROTO="https",
            secure=True,
        ).status_code

    assert submit("198.51.100.1") == 200
    assert submit("198.51.100.2") == 200
    assert submit("6.6.6.6, 198.51.100.1") == 429  # a forged first entry does not help


def test_steps_out_of_order_go_back_to_the_start(client, clinic):
    assert client.get(reverse("scheduling:check")).url == reverse("scheduling:start")


def test_a_link_from_a_therapist_page_preselects_them(client, therapist):
    response = client.get(reverse("scheduling:start"), {"therapist": therapist.slug})
    assert response.status_code == 200
    assert client.session["booking_flow"]["therapist"] == str(therapist.pk)


@pytest.mark.parametrize("slug", ["no-such-therapist", "x" * 300, "../../etc"])
def test_an_unknown_therapist_in_the_link_is_ignored(client, clinic, slug):
    response = client.get(reverse("scheduling:start"), {"therapist": slug})
    assert response.status_code == 200
    assert b"<form" in response.content
    assert "therapist" not in client.session.get("booking_flow", {})
