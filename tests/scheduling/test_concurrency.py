"""No double booking under real concurrency: many patients confirm the same time at once
against a real gunicorn process on PostgreSQL; exactly one gets it, the rest get the
friendly "that time was just taken" page, and nobody gets a 500."""

import http.cookiejar
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from scheduling.models import Booking
from tests.checks import ROOT
from tests.hwypt.test_production_stack import free_port
from tests.scheduling.conftest import first_slot

CLIENTS = 16
WORKERS = ["--workers", "2", "--threads", "8"]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the concurrency proof runs on PostgreSQL only (set DATABASE_URL); on SQLite "
        "booking_create re-checks inside an IMMEDIATE transaction instead",
    ),
]


@pytest.fixture
def server():
    settings = connection.settings_dict
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="1",
        # The same key as this process, so the sessions it creates are valid there.
        DJANGO_SECRET_KEY=django_settings.SECRET_KEY,
        DJANGO_BOOKING_RATE_LIMIT="1000/m",
        DATABASE_URL=(
            f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@"
            f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
        ),
        DJANGO_CONN_MAX_AGE="0",
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "hwypt.wsgi", "--bind", f"127.0.0.1:{port}", *WORKERS],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=5)  # noqa: S310
            break
        except OSError:
            time.sleep(0.2)
    yield base
    process.terminate()
    log = process.communicate(timeout=30)[0]
    assert "Traceback" not in log, log


def patient_at_check(base: str, flow: dict):
    """A browser-like client whose session has reached "check your answers"."""
    session = SessionStore()
    session["booking_flow"] = flow
    session.create()
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    cookie = http.cookiejar.Cookie(
        0, "sessionid", session.session_key, None, False, "127.0.0.1", False, False,
        "/", True, False, None, False, None, None, {},
    )  # fmt: skip
    jar.set_cookie(cookie)
    page = opener.open(base + "/book/check/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return opener, token


def test_many_simultaneous_confirmations_make_exactly_one_booking(server, service, therapist):
    slot = first_slot(service, therapist)
    flow = {
        "service": service.pk,
        "therapist": str(therapist.pk),
        "day": slot.start.date().isoformat(),
        "start": slot.start.isoformat(),
        "details": {"name": "Pat Example", "email": "pat@example.com", "phone": "541 555 0100"},
        "intake": {"reason": "Back", "where": "Back", "how_long": "weeks", "pain": "2"},
        "screening": {"recent_injury": "no"},
    }
    patients = [patient_at_check(server, flow) for _ in range(CLIENTS)]
    barrier = threading.Barrier(CLIENTS)
    results = []

    def confirm(opener, token):
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "consent": "on"}).encode()
        request = urllib.request.Request(server + "/book/check/", data=data)  # noqa: S310
        request.add_header("Referer", server + "/book/check/")
        barrier.wait()
        try:
            response = opener.open(request, timeout=60)
            results.append((response.status, response.read().decode()))
        except urllib.error.HTTPError as error:
            results.append((error.code, error.read().decode()))

    threads = [threading.Thread(target=confirm, args=patient) for patient in patients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Booking.objects.filter(therapist=therapist, start=slot.start).count() == 1
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] + [409] * (CLIENTS - 1), statuses
    booked = [body for status, body in results if status == 200]
    taken = [body for status, body in results if status == 409]
    assert "Your consultation is booked" in booked[0]
    assert all("that time was just taken" in body for body in taken)
    assert all("The nearest free times" in body for body in taken)
