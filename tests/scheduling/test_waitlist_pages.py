"""The waitlist's pages over HTTP: joining from a full day, errors by the field, the
offer's safety questions, and a friendly answer for every offer that cannot be booked
any more."""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from content.models import SafetyCondition
from scheduling.models import Booking, TimeOff, WaitlistEntry, WaitlistOffer
from scheduling.services.booking import booking_cancel
from scheduling.services.waitlist_offers import waitlist_offer_times
from tests.scheduling.test_flow import DETAILS, SCREENING_NO
from tests.scheduling.waitlist_helpers import NOW, fill_day, join, local_day

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("waitlist_clock")]
JOIN = reverse("scheduling:waitlist-join")


@pytest.fixture
def full_day(service, therapist):
    booked = fill_day(service, therapist)
    return booked, local_day(booked[0].start)


def choose(client, service, therapist):
    client.post(reverse("scheduling:start"), {"service": service.pk})
    client.post(reverse("scheduling:therapist"), {"therapist": str(therapist.pk)})


def test_a_full_day_leads_to_the_waitlist_and_joining_keeps_no_flow(
    client, service, therapist, full_day
):
    _, day = full_day
    choose(client, service, therapist)
    time_page = client.get(reverse("scheduling:time") + f"?day={day.isoformat()}")
    assert f'href="{JOIN}?day={day.isoformat()}"'.encode() in time_page.content
    page = client.get(f"{JOIN}?day={day.isoformat()}")
    assert page.status_code == 200
    assert f'value="{day.isoformat()}" selected'.encode() in page.content
    response = client.post(
        JOIN,
        {"first_day": day.isoformat(), "days": "3", "part_of_day": "Morning", **DETAILS},
    )
    assert response.url == reverse("scheduling:waitlist-joined")
    entry = WaitlistEntry.objects.get()
    assert (entry.service, entry.therapist, entry.first_day) == (service, therapist, day)
    assert entry.last_day == day + timedelta(days=2)
    assert (entry.part_of_day, entry.email, entry.created_at) == ("Morning", DETAILS["email"], NOW)
    assert entry.token_hash and entry.make_token() not in entry.token_hash
    joined = client.get(response.url)
    assert b"You are on the waitlist" in joined.content
    assert "booking_flow" not in client.session


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"first_day": "2020-01-01"}, "first_day", "Choose one of the days listed."),
        ({"days": "9"}, "days", "Choose how many days you could come."),
        ({"part_of_day": ""}, "part_of_day", "Choose the times that suit you."),
        ({"email": "not-an-address"}, "email", "Enter an email address like name@example.com."),
        ({"phone": "call me"}, "phone", "Enter a phone number like 541 555 0142."),
    ],
)
def test_bad_answers_get_a_message_by_the_field(
    client, service, therapist, full_day, data, field, message
):
    _, day = full_day
    choose(client, service, therapist)
    good = {"first_day": day.isoformat(), "days": "1", "part_of_day": "any", **DETAILS}
    response = client.post(JOIN, {**good, **data})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert message.split(".")[0] in html
    assert "There is a problem" in html
    assert not WaitlistEntry.objects.exists()


def test_without_a_service_chosen_the_join_page_starts_again(client):
    assert client.get(JOIN).url == reverse("scheduling:start")


@pytest.fixture
def offer(service, therapist, full_day):
    booked, day = full_day
    join(service, therapist, day)
    booking_cancel(booking=booked[0], by_staff=True)
    waitlist_offer_times()
    return WaitlistOffer.objects.get()


def test_a_lapsed_offer_says_so_and_the_way_forward(client, offer, waitlist_clock):
    waitlist_clock.shift(timedelta(minutes=31))
    response = client.post(offer.book_url())
    assert response.status_code == 410
    assert b"This offer has ended" in response.content
    assert b"You are still on the waitlist" in response.content
    assert b"Book this time" not in response.content


def test_a_taken_offer_says_so(client, offer, therapist):
    TimeOff.objects.create(therapist=therapist, start=offer.start, end=offer.blocked_until)
    response = client.post(offer.book_url(), SCREENING_NO)
    assert response.status_code == 409
    assert b"no longer free" in response.content


def test_a_used_offer_links_to_the_booking(client, offer):
    assert client.post(offer.book_url(), SCREENING_NO).url == reverse("scheduling:done")
    again = client.get(offer.book_url())
    assert b"You booked this time" in again.content
    assert offer.entry.__class__.objects.get().booking.manage_url().encode() in again.content


def test_the_offer_asks_the_safety_questions_and_an_unanswered_one_keeps_the_hold(client, offer):
    page = client.get(offer.book_url()).content.decode()
    for condition in SafetyCondition.objects.screening():
        assert condition.question in page
    assert page.index('name="applies"') < page.index("Book this time")
    response = client.post(offer.book_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html and "There is a problem" in html
    assert 'href="#id_applies"' in html and 'id="id_applies_error"' in html
    assert "Select the ones that apply" in html and "Book this time" in html
    assert not Booking.objects.filter(patient_email=offer.entry.email).exists()
    offer.refresh_from_db()
    assert offer.status == WaitlistOffer.Status.OPEN


def test_none_of_these_books_unflagged_and_says_the_visit_is_asked_about(
    client, offer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(offer.book_url(), SCREENING_NO, follow=True)
    booking = Booking.objects.get(patient_email=offer.entry.email)
    assert (booking.screening_flags, booking.needs_review) == ([], False)
    assert set(booking.intake) == {"screening"}
    assert b"We will ask about your visit when you come" in done.content
    assert b"A therapist will call you" not in done.content
    assert "We will ask about your visit when you come" in mail.outbox[-1].body


def test_a_yes_flags_the_booking_and_the_done_page_says_what_it_means(
    client, offer, caplog, django_capture_on_commit_callbacks
):
    clot = SafetyCondition.objects.get(key="blood_clot")
    with caplog.at_level(logging.DEBUG), django_capture_on_commit_callbacks(execute=True):
        response = client.post(offer.book_url(), {"applies": ["blood_clot"]})
    assert response.url == reverse("scheduling:done")
    booking = Booking.objects.get(patient_email=offer.entry.email)
    assert (booking.screening_flags, booking.needs_review) == (["blood_clot"], True)
    assert booking.intake["screening"]["blood_clot"] == "yes"
    done = client.get(response.url).content.decode()
    assert clot.condition in done and clot.get_level_display().lower() in done
    assert "A therapist will call you" in done and "Call 911" in done
    assert "We will ask about your visit when you come" in done
    (email,) = [m for m in mail.outbox if m.to == [offer.entry.email] and "booked" in m.subject]
    texts = [email.body, *(body for body, _ in email.alternatives), caplog.text]
    for text in texts:
        assert "blood_clot" not in text and clot.condition not in text
    assert "A therapist will call you before your visit" in email.body


def test_an_unknown_link_is_a_friendly_not_found(client):
    for name in ("waitlist-offer", "waitlist-leave"):
        response = client.get(reverse(f"scheduling:{name}", kwargs={"token": "nope"}))
        assert response.status_code == 404
        assert b"We could not find this link" in response.content


def test_leaving_twice_is_harmless(client, offer):
    url = offer.entry.leave_url()
    assert b"You have left the waitlist" in client.post(url).content
    assert b"You have left the waitlist" in client.post(url).content
    assert b"You have left the waitlist" in client.get(offer.book_url()).content


@override_settings(BOOKING_RATE_LIMIT="2/h")
def test_joining_is_rate_limited_per_address(client, service, therapist, full_day):
    _, day = full_day
    choose(client, service, therapist)
    form = {"first_day": day.isoformat(), "days": "1", "part_of_day": "any", **DETAILS}
    statuses = [client.post(JOIN, form).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert WaitlistEntry.objects.count() == 2
