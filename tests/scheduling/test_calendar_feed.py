"""A therapist's private calendar feed: read by two parsers, conditional, private, revocable."""

import hashlib
import logging
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import vobject
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from scheduling.calendar_feed import short_name
from scheduling.models import Booking, CalendarFeed, Location, Therapist
from scheduling.services.booking import Patient, booking_cancel
from scheduling.services.calendar_feeds import calendar_feed_issue, calendar_feed_revoke
from tests import clock
from tests.scheduling.calendar_readers import by_icalendar, by_vobject
from tests.scheduling.conftest import INTAKE, book, days, first_slot
from tests.users import make_staff

# A Monday morning in the clinic, a week before the clocks go forward (March 14, 2027):
# the feed holds visits in standard time and in daylight time.
NOW = datetime(2027, 3, 8, 18, 0, tzinfo=UTC)
MARIA = Patient(name="Maria García López", email="maria@example.org", phone="+1 541 555 0199")


@pytest.fixture
def fixed(clinic):
    with clock.still(NOW):
        yield


@pytest.fixture
def desk(db):
    return make_staff("desk", "Front desk")


@pytest.fixture
def visits(fixed, service, therapist):
    winter = book(service, therapist, first_slot(service, therapist, after=NOW + days(2)).start,
                  patient=MARIA)  # fmt: skip
    spring = book(service, therapist, first_slot(service, therapist, after=NOW + days(9)).start,
                  patient=MARIA)  # fmt: skip
    dropped = book(service, therapist, first_slot(service, therapist, after=NOW + days(3)).start)
    booking_cancel(booking=dropped)
    other = Therapist.objects.exclude(pk=therapist.pk).first()
    book(service, other, first_slot(service, other, after=NOW + days(2)).start)
    return winter, spring, dropped


def feed_url(therapist) -> str:
    therapist.refresh_from_db()
    return therapist.calendar_feed.url()


def test_short_names_keep_the_first_name_and_one_initial():
    assert short_name("Maria García López") == "Maria L."
    assert short_name("  pat   example ") == "pat E."
    assert short_name("Cher") == "Cher"
    assert short_name("") == "Patient"


def test_the_feed_lists_the_visits_in_two_parsers_at_the_right_times(
    client, visits, therapist, desk
):
    winter, spring, dropped = visits
    calendar_feed_issue(therapist=therapist, by=desk)
    response = client.get(feed_url(therapist))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    data = response.content
    expected = [(winter.start, winter.end), (spring.start, spring.end)]
    assert by_icalendar(data) == expected
    assert by_vobject(data) == expected
    # Either side of the clock change: 10:00 local is 18:00 UTC, then 17:00 UTC.
    assert (
        winter.start.astimezone(winter.location.zone).utcoffset()
        != spring.start.astimezone(spring.location.zone).utcoffset()
    )

    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [winter.uid, spring.uid]
    assert [str(e["SUMMARY"]) for e in events] == ["Initial consultation: Maria L."] * 2
    assert all(e["DTSTART"].params["TZID"] == "America/Los_Angeles" for e in events)
    parsed = vobject.readOne(data.decode())
    assert [e.uid.value for e in parsed.vevent_list] == [winter.uid, spring.uid]
    assert parsed.vtimezone.tzid.value == "America/Los_Angeles"
    assert dropped.uid.encode() not in data


def test_the_feed_holds_no_intake_contact_details_or_surname(client, visits, therapist, desk):
    calendar_feed_issue(therapist=therapist, by=desk)
    data = client.get(feed_url(therapist)).content.decode()
    for secret in [
        *[str(value) for value in INTAKE.values() if len(str(value)) > 1],
        MARIA.email, MARIA.phone, "García", "López", "Pat Example", "pat@example.com",
        "+1 541 555 0100",
    ]:  # fmt: skip
        assert secret not in data, secret
    assert "Maria L." in data


def test_a_repeat_poll_gets_304_until_the_feed_changes(client, visits, therapist, desk):
    winter, _, _ = visits
    calendar_feed_issue(therapist=therapist, by=desk)
    url = feed_url(therapist)
    first = client.get(url)
    assert first["Cache-Control"] == "private, max-age=300"
    assert "noindex" in first["X-Robots-Tag"]
    etag = first["ETag"]
    with clock.still(NOW + timedelta(minutes=30)):  # the client's next poll
        again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    with clock.still(NOW):
        booking_cancel(booking=winter)
        changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert winter.uid.encode() not in changed.content


def test_a_replaced_or_revoked_link_answers_404(client, fixed, therapist, desk):
    calendar_feed_issue(therapist=therapist, by=desk)
    old = feed_url(therapist)
    assert client.get(old).status_code == 200
    calendar_feed_issue(therapist=therapist, by=desk)
    new = feed_url(therapist)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert client.head(new).status_code == 200
    assert client.post(new).status_code == 405
    assert calendar_feed_revoke(therapist=therapist, by=desk)
    assert client.get(new).status_code == 404
    assert not calendar_feed_revoke(therapist=therapist, by=desk)
    history = LogEntry.objects.filter(object_id=str(therapist.pk)).order_by("pk")
    assert [(e.user, e.get_change_message()) for e in history] == [
        (desk, "Created a calendar feed link."),
        (desk, "Replaced the calendar feed link; the old one no longer works."),
        (desk, "Revoked the calendar feed link; it no longer works."),
    ]


def test_only_the_hash_of_the_token_is_stored(fixed, therapist, desk):
    token = calendar_feed_issue(therapist=therapist, by=desk).token()
    row = CalendarFeed.objects.values().get()
    assert row["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(row)


def test_the_token_never_reaches_the_logs_nor_the_sitemap(client, fixed, therapist, desk, caplog):
    calendar_feed_issue(therapist=therapist, by=desk)
    url = feed_url(therapist)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    with caplog.at_level(logging.INFO):
        client.get(url)
        client.get(url.replace(token, token[::-1]))  # a 404, logged by django.request too
    messages = [record.getMessage() for record in caplog.records]
    assert any("/book/calendar/<token> 200" in m for m in messages), messages
    assert not [m for m in messages if token in m or token[::-1] in m]
    assert "/calendar/" not in client.get(reverse("sitemap")).content.decode()


def test_the_front_desk_makes_and_revokes_a_link_from_the_admin(client, fixed, therapist, desk):
    client.force_login(desk)
    changelist = reverse("admin:scheduling_therapist_changelist")
    change = reverse("admin:scheduling_therapist_change", args=[therapist.pk])
    assert "None." in client.get(change).content.decode()
    client.post(changelist, {"action": "issue_calendar_feed", "_selected_action": [therapist.pk]})
    url = feed_url(therapist)
    assert url in client.get(change).content.decode()
    client.post(changelist, {"action": "revoke_calendar_feed", "_selected_action": [therapist.pk]})
    assert client.get(url).status_code == 404
    assert LogEntry.objects.filter(user=desk, object_id=str(therapist.pk)).count() == 2
    assert not Booking.objects.exists()


def test_the_feed_costs_the_same_few_queries_however_many_visits(
    client, fixed, service, therapist, desk, django_assert_max_num_queries
):
    calendar_feed_issue(therapist=therapist, by=desk)
    url = feed_url(therapist)
    slots = [slot.start for slot in first_slots(service, therapist, 12)]
    book(service, therapist, slots[0])
    with django_assert_max_num_queries(3) as one:
        client.get(url)
    for start in slots[1:]:
        book(service, therapist, start)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).content.count(b"BEGIN:VEVENT") == len(slots)


def first_slots(service, therapist, count: int):
    """`count` free times of the therapist, each after the one before ends."""
    slots, after = [], NOW + days(2)
    for _ in range(count):
        slot = first_slot(service, therapist, after=after)
        slots.append(slot)
        after = slot.end + service.buffer
    return slots


def test_the_feed_runs_from_a_week_back_past_the_horizon(client, fixed, service, therapist, desk):
    slots = first_slots(service, therapist, 3)
    old, done, far = (book(service, therapist, slot.start) for slot in slots)
    # As if booked long ago and visited, or booked by the front desk past the horizon.
    moved = {old: NOW - days(8), done: NOW - days(6), far: NOW + days(200)}
    for booking, start in moved.items():
        Booking.objects.filter(pk=booking.pk).update(
            start=start, end=start + service.duration, blocked_until=start + service.duration
        )
    Booking.objects.filter(pk=done.pk).update(status=Booking.Status.COMPLETED)
    calendar_feed_issue(therapist=therapist, by=desk)
    data = client.get(feed_url(therapist)).content
    assert [uid for uid in (old.uid, done.uid, far.uid) if uid.encode() in data] == [
        done.uid,
        far.uid,
    ]


def test_a_visit_at_another_place_is_in_that_places_zone(client, fixed, service, therapist, desk):
    here, there = (
        book(service, therapist, slot.start) for slot in first_slots(service, therapist, 2)
    )
    boise = Location.objects.create(
        name="Boise", street="1 Main St", locality="Boise", time_zone="America/Boise"
    )
    Booking.objects.filter(pk=there.pk).update(location=boise)  # as if booked there
    calendar_feed_issue(therapist=therapist, by=desk)
    data = client.get(feed_url(therapist)).content
    calendar = icalendar.Calendar.from_ical(data)
    assert sorted(str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")) == [
        "America/Boise",
        "America/Los_Angeles",
    ]
    zones = [e["DTSTART"].params["TZID"] for e in calendar.walk("VEVENT")]
    assert zones == ["America/Los_Angeles", "America/Boise"]
    expected = [(here.start, here.end), (there.start, there.end)]
    assert by_icalendar(data) == by_vobject(data) == expected
