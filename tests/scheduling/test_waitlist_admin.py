"""The waitlist in the admin: the front desk adds callers, sees and takes people off;
removing time off in the therapist's page offers the freed time."""

from datetime import timedelta

import lxml.html
import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.urls import reverse

from outbox.models import OutgoingEmail
from scheduling.models import TimeOff, WaitlistEntry, WaitlistOffer
from scheduling.services.booking import booking_cancel
from scheduling.services.waitlist_offers import waitlist_offer_times
from tests.scheduling.waitlist_helpers import NOW, fill_day, join, local_day
from tests.users import make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("waitlist_clock")]
ADD = reverse("admin:scheduling_waitlistentry_add")
LIST = reverse("admin:scheduling_waitlistentry_changelist")


@pytest.fixture
def desk(client):
    user = make_staff("desk", "Front desk")
    client.force_login(user)
    return user


def service_location() -> str:
    from scheduling import selectors

    return str(selectors.clinic_location().pk)


def caller(service, day, **changes):
    return {
        "location": service_location(),
        "service": service.pk,
        "therapist": "",
        "first_day": day.isoformat(),
        "last_day": (day + timedelta(days=1)).isoformat(),
        "part_of_day": "Afternoon",
        "name": "Cal Phoned",
        "email": "cal@example.org",
        "phone": "541 555 0123",
        **changes,
    }


def test_the_front_desk_adds_a_caller_through_the_same_service(
    client, desk, service, django_capture_on_commit_callbacks
):
    day = local_day(NOW) + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD, caller(service, day))
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = WaitlistEntry.objects.get()
    assert (entry.added_by, entry.therapist, entry.created_at) == (desk, None, NOW)
    assert OutgoingEmail.objects.filter(kind="waitlist_joined", recipient=entry.email).exists()
    added = LogEntry.objects.get(object_id=str(entry.pk))
    assert (added.user, added.action_flag) == (desk, ADDITION)
    listing = client.get(LIST)
    assert b"Cal Phoned" in listing.content and b"Waiting" in listing.content
    change = client.get(reverse("admin:scheduling_waitlistentry_change", args=[entry.pk]))
    assert change.status_code == 200 and b"desk" in change.content


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"first_day": "2026-03-01", "last_day": "2026-03-05"}, "That day has passed"),
        ({"last_day": "2026-03-05", "first_day": "2026-03-06"}, "on or after the first day"),
        ({"first_day": "2026-03-06", "last_day": "2026-03-20"}, "at most 7 days"),
    ],
)
def test_days_the_service_refuses_are_explained_by_the_field(
    client, desk, service, changes, message
):
    response = client.post(ADD, caller(service, local_day(NOW), **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not WaitlistEntry.objects.exists()


def test_taking_people_off_frees_their_held_time(
    client, desk, service, therapist, django_capture_on_commit_callbacks
):
    booked = fill_day(service, therapist)
    day = local_day(booked[0].start)
    ann, bob = join(service, therapist, day, "Ann First"), join(service, therapist, day, "Bob Next")
    booking_cancel(booking=booked[0], by_staff=True)
    waitlist_offer_times()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            LIST, {"action": "take_off", "_selected_action": [ann.pk]}, follow=True
        )
    assert b"Took 1 person(s) off the waitlist." in response.content
    assert WaitlistEntry.objects.get(pk=ann.pk).left_at == NOW
    history = LogEntry.objects.get(object_id=str(ann.pk))
    assert (history.user, history.change_message) == (desk, "Taken off the waitlist.")
    assert WaitlistOffer.objects.filter(entry=bob, start=booked[0].start).exists()


def test_time_off_removed_in_the_therapist_page_is_offered(
    client, service, therapist, django_capture_on_commit_callbacks
):
    client.force_login(make_staff("admin", superuser=True))
    booked = fill_day(service, therapist)
    booking_cancel(booking=booked[0], by_staff=True)
    off = TimeOff.objects.create(
        therapist=therapist, start=booked[0].start, end=booked[0].blocked_until, reason="Course"
    )
    ann = join(service, therapist, local_day(booked[0].start))
    assert not WaitlistOffer.objects.exists()
    hours = list(therapist.hours.all())
    data = {
        "name": therapist.name,
        "slug": therapist.slug,
        "credentials": therapist.credentials,
        "is_active": "on",
        "is_demo": "on" if therapist.is_demo else "",
        "hours-TOTAL_FORMS": str(len(hours)),
        "hours-INITIAL_FORMS": str(len(hours)),
        "time_off-TOTAL_FORMS": "1",
        "time_off-INITIAL_FORMS": "1",
        "time_off-0-id": str(off.pk),
        "time_off-0-therapist": str(therapist.pk),
        "time_off-0-start_0": "",
        "time_off-0-DELETE": "on",
    }
    for i, row in enumerate(hours):
        data |= {
            f"hours-{i}-id": str(row.pk),
            f"hours-{i}-therapist": str(therapist.pk),
            f"hours-{i}-location": str(row.location_id),
            f"hours-{i}-weekday": str(row.weekday),
            f"hours-{i}-start_time": row.start_time.isoformat(),
            f"hours-{i}-end_time": row.end_time.isoformat(),
        }
    url = reverse("admin:scheduling_therapist_change", args=[therapist.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not TimeOff.objects.exists()
    assert [o.start for o in WaitlistOffer.objects.filter(entry=ann)] == [booked[0].start]


def test_the_schedule_says_which_times_are_held_for_whom_and_until_when(
    client, desk, service, therapist
):
    booked = fill_day(service, therapist)
    day = local_day(booked[0].start)
    ann = join(service, therapist, day, "Ann Waiting")
    freed = booked[1]
    booking_cancel(booking=freed, by_staff=True)
    waitlist_offer_times()
    [offer] = WaitlistOffer.objects.filter(entry=ann)
    url = reverse("admin:scheduling_booking_schedule") + f"?date={day.isoformat()}"

    page = lxml.html.fromstring(client.get(url).content)
    [table] = page.xpath("//table[caption[starts-with(., 'Held for someone')]]")
    rows = [
        [" ".join(c.text_content().split()) for c in r.xpath("td")]
        for r in table.xpath(".//tbody/tr")
    ]
    zone = freed.location.zone
    at = f"{offer.start.astimezone(zone):%-I:%M %p}"
    until = f"{offer.expires_at.astimezone(zone):%a, %b} {offer.expires_at.astimezone(zone).day}, "
    until += f"{offer.expires_at.astimezone(zone):%-I:%M %p}"
    assert rows == [[therapist.name, at, service.name, "Ann Waiting", "541 555 0199", until]]
    assert offer.expires_at == NOW + timedelta(minutes=30)

    WaitlistOffer.objects.filter(pk=offer.pk).update(expires_at=NOW)  # the hold has ended
    assert b"Held for someone" not in client.get(url).content
