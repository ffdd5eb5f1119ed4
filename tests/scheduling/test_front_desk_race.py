"""A phone booking racing an online booking for the same time, with real processes on
PostgreSQL: two gunicorn servers, the front desk on one and a patient on the other, all
released together. For each time exactly one wins; the other is told plainly that the
time was taken, and nobody gets a 500."""

import http.cookiejar
import urllib.parse
import urllib.request
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from scheduling import selectors
from scheduling.models import Booking
from tests.scale_out import (
    BOOKED,
    TAKEN,
    all_at_once,
    booking_flow,
    csrf_token,
    patient_at_check,
    post,
    separate_slots,
)
from tests.stack import AppServer, database_url, stack_env
from tests.users import make_staff

SLOTS = 4
READ_BACK = "Read these details back to the caller"
STAFF_TAKEN = ["That time was just taken by another booking", "That time is no longer free"]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the race with real processes runs on PostgreSQL only (set DATABASE_URL)",
    ),
]


@pytest.fixture
def servers():
    env = stack_env(
        DATABASE_URL=database_url(connection.settings_dict), DJANGO_BOOKING_RATE_LIMIT="1000/m"
    )
    processes = [AppServer(env, threads=4), AppServer(env, threads=4)]
    yield [process.url for process in processes]
    logs = [process.stop() for process in processes]
    assert not any("Traceback" in log for log in logs), "\n".join(logs)


@dataclass
class FrontDesk:
    """A signed-in staff member with the phone booking page open on one server."""

    url: str
    opener: urllib.request.OpenerDirector
    token: str

    def book(self, start) -> tuple[int, str]:
        fields = {
            "csrfmiddlewaretoken": self.token,
            "start": start.isoformat(),
            "name": "Ruth Caller",
            "phone": "541 555 0199",
        }
        return post(self.opener, self.url, fields)


def front_desk_at_form(base: str, session_key: str, service, therapist, start) -> FrontDesk:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    cookie = http.cookiejar.Cookie(
        0, settings.SESSION_COOKIE_NAME, session_key, None, False, "127.0.0.1", False, False,
        "/", True, False, None, False, None, None, {},
    )  # fmt: skip
    jar.set_cookie(cookie)
    query = urllib.parse.urlencode(
        {
            "service": service.pk,
            "therapist": therapist.pk,
            "day": start.astimezone(selectors.clinic_zone()).date().isoformat(),
        }
    )
    url = f"{base}{reverse('admin:scheduling_booking_phone')}?{query}"
    page = opener.open(url).read().decode()
    assert start.isoformat() in page, "the time is not listed for the front desk"
    return FrontDesk(url=url, opener=opener, token=csrf_token(page))


def test_a_phone_booking_racing_an_online_one_exactly_one_wins(servers, service, therapist):
    # A superuser: transactional tests flush the groups the migrations create.
    staff = Client()
    staff.force_login(make_staff("desk", superuser=True))
    session_key = staff.cookies[settings.SESSION_COOKIE_NAME].value
    times = separate_slots(service, therapist, SLOTS)
    calls = []
    for index, slot in enumerate(times):
        desk_server, patient_server = servers[index % 2], servers[(index + 1) % 2]
        desk = front_desk_at_form(desk_server, session_key, service, therapist, slot.start)
        flow = booking_flow(service, therapist, slot.start, f"online{index}@example.com")
        patient = patient_at_check(patient_server, flow)
        calls += [lambda d=desk, s=slot: d.book(s.start), patient.confirm]

    results = all_at_once(calls)

    for index, slot in enumerate(times):
        assert Booking.objects.filter(therapist=therapist, start=slot.start).count() == 1
        (desk_status, desk_page), (patient_status, patient_page) = results[
            2 * index : 2 * index + 2
        ]
        desk_won = desk_status == 200 and READ_BACK in desk_page
        patient_won = patient_status == 200 and BOOKED in patient_page
        assert desk_won != patient_won, (desk_status, patient_status)
        if desk_won:
            assert patient_status == 409 and TAKEN in patient_page
        else:
            assert desk_status in (400, 409), desk_status
            assert any(message in desk_page for message in STAFF_TAKEN)
        winner = Booking.objects.get(therapist=therapist, start=slot.start)
        assert winner.patient_name == ("Ruth Caller" if desk_won else "Pat Example")
    print("front desk, patient statuses per time:", [status for status, _ in results])
