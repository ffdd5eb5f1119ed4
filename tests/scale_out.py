"""The scale-out run: two app servers sharing PostgreSQL and Redis, plus the task worker
and a real SMTP server, driven by concurrent clients through both servers.

It proves these and returns the numbers (`ScaleOutReport`), so the test asserts
them and `scripts/scale_out.py` prints them:
- exactly one booking per slot, however many clients on however many servers race for it;
- the booking and the newsletter sign-up rate limits are each one count across servers
  (they live in Redis);
- every confirmation is sent once, by the worker: one message per booking at the
  SMTP server, none for the clients who lost the race, and one "please confirm" per
  newsletter address, though each address signed up on both servers at the same moment.
"""

import http.cookiejar
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from django.contrib.sessions.backends.db import SessionStore
from django_tasks_db.models import DBTaskResult

from newsletter.models import Subscriber
from outbox.models import OutgoingEmail
from scheduling import selectors
from scheduling.models import Booking, Service, Therapist
from tests.clock import rate_lasting
from tests.stack import AppServer, SmtpServer, TaskWorker, flush_redis, stack_env, wait_until

BOOKED = "Your consultation is booked"
TAKEN = "that time was just taken"
RATE_LIMITED = "Please try again later"
SIGNED_UP = "Check your email"
SIGN_UPS_LIMITED = "Too many sign-ups came from your connection"
PLEASE_CONFIRM = "Please confirm"


def separate_slots(
    service: Service, therapist: Therapist, count: int, *, after: datetime | None = None
) -> list:
    """`count` free times that do not overlap, so each race is for one slot only."""
    chosen = []
    for slot in selectors.free_slots(
        service=service, location=selectors.clinic_location(), therapist_id=therapist.pk
    ):
        if after is not None and slot.start < after:
            continue
        if not chosen or slot.start >= chosen[-1].end + service.buffer:
            chosen.append(slot)
        if len(chosen) == count:
            return chosen
    raise LookupError(f"fewer than {count} separate free times")


def booking_flow(service: Service, therapist: Therapist, start: datetime, email: str) -> dict:
    """The session of a patient who has answered everything up to "check your answers"."""
    return {
        "location": selectors.clinic_location().pk,
        "service": service.pk,
        "therapist": str(therapist.pk),
        "day": start.astimezone(selectors.clinic_location().zone).date().isoformat(),
        "start": start.isoformat(),
        "details": {"name": "Pat Example", "email": email, "phone": "541 555 0100"},
        "intake": {"reason": "Back", "where": "Back", "how_long": "weeks", "pain": "2"},
        "screening": {"recent_injury": "no"},
    }


@dataclass
class Patient:
    """A browser-like client: its own cookies and CSRF token, reaching one server."""

    base: str
    opener: urllib.request.OpenerDirector
    token: str

    def confirm(self, *, consent: bool = True) -> tuple[int, str]:
        fields = {"csrfmiddlewaretoken": self.token}
        if consent:
            fields["consent"] = "on"
        return post(self.opener, self.base + "/book/check/", fields)


def post(opener, url: str, fields: dict) -> tuple[int, str]:
    """POST a form as a browser would (redirects followed); the status and the page."""
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode())  # noqa: S310 (loopback)
    request.add_header("Referer", url)
    try:
        response = opener.open(request, timeout=60)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    return response.status, response.read().decode()


def csrf_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def patient_at_check(base: str, flow: dict) -> Patient:
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
    return Patient(base=base, opener=opener, token=csrf_token(page))


@dataclass
class Reader:
    """A browser-like client that has the newsletter page of one server open."""

    base: str
    opener: urllib.request.OpenerDirector
    token: str

    def sign_up(self, email: str) -> tuple[int, str]:
        fields = {"email": email, "source": "newsletter-page"}
        if self.token:
            fields["csrfmiddlewaretoken"] = self.token
        return post(self.opener, self.base + "/newsletter/sign-up/", fields)


def reader_at_form(base: str) -> Reader:
    """The form as the page serves it: with a CSRF token, or without one where the
    sign-up form is shared from the page cache (then the view does not ask for one)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/newsletter/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return Reader(base=base, opener=opener, token=token.group(1) if token else "")


def all_at_once(calls: list) -> list:
    """Run the calls in threads released together; results in the same order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def book_at_once(patients: list[Patient]) -> list[tuple[int, str]]:
    return all_at_once([patient.confirm for patient in patients])


def wait_for_the_worker(timeout: float = 60) -> None:
    """Until no task is waiting or running and no email (booking or confirmation) is unsent."""

    def done():
        busy = DBTaskResult.objects.ready().exists() or DBTaskResult.objects.running().exists()
        unsent = OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT).exists()
        return not busy and not unsent

    wait_until(done, timeout, "the worker to send every email")


@dataclass
class ScaleOutReport:
    servers: list[str]
    slots: int
    clients_per_slot: int
    statuses: dict[int, int] = field(default_factory=dict)  # HTTP status: how many
    wrong_pages: int = 0  # responses whose page did not say "booked" or "taken"
    bookings_per_slot: list[int] = field(default_factory=list)
    rate_limit: str = ""
    accepted_before_limit: int = 0
    limited_on_other_server: bool = False
    messages_per_booking: list[int] = field(default_factory=list)
    messages_to_losers: int = 0
    readers: int = 0  # newsletter addresses, each signed up once on each server at once
    signup_statuses: dict[int, int] = field(default_factory=dict)
    signup_wrong_pages: int = 0
    subscribers: int = 0
    signups_before_limit: int = 0
    signup_limited_on_other_server: bool = False
    confirmations_per_reader: list[int] = field(default_factory=list)
    tracebacks: list[str] = field(default_factory=list)  # processes that logged one
    seconds: dict[str, float] = field(default_factory=dict)

    def problems(self) -> list[str]:
        found = []
        if self.bookings_per_slot != [1] * self.slots:
            found.append(f"bookings per slot {self.bookings_per_slot}, expected one each")
        expected = {200: self.slots, 409: self.slots * (self.clients_per_slot - 1)}
        if self.statuses != expected:
            found.append(f"responses {self.statuses}, expected {expected}")
        if self.wrong_pages:
            found.append(f"{self.wrong_pages} responses did not show the booked or taken page")
        if self.accepted_before_limit != RATE_SPARE:
            found.append(
                f"{self.accepted_before_limit} submissions allowed after the race, expected "
                f"{RATE_SPARE}: the limit is not counted across servers"
            )
        if not self.limited_on_other_server:
            found.append("over the limit on one server but not on the other")
        if self.messages_per_booking != [1] * self.slots:
            found.append(f"messages per booking {self.messages_per_booking}, expected one each")
        if self.messages_to_losers:
            found.append(f"{self.messages_to_losers} messages to patients who got no booking")
        if self.signup_statuses != {200: 2 * self.readers} or self.signup_wrong_pages:
            found.append(
                f"sign-up responses {self.signup_statuses} ({self.signup_wrong_pages} not the "
                f"check-your-email page), expected {2 * self.readers} times 200"
            )
        if self.subscribers != self.readers:
            found.append(f"{self.subscribers} subscribers for {self.readers} addresses")
        if self.signups_before_limit != RATE_SPARE:
            found.append(
                f"{self.signups_before_limit} sign-ups allowed after the race, expected "
                f"{RATE_SPARE}: the sign-up limit is not counted across servers"
            )
        if not self.signup_limited_on_other_server:
            found.append("over the sign-up limit on one server but not on the other")
        if self.confirmations_per_reader != [1] * self.readers:
            found.append(
                f"confirmations per address {self.confirmations_per_reader}, expected one each"
            )
        if self.tracebacks:
            found.append(f"tracebacks in the logs of {', '.join(self.tracebacks)}")
        return found


RATE_SPARE = 3  # submissions the limit allows after the race


def sign_up_on_both_servers(report: ScaleOutReport, servers: list[str], addresses) -> None:
    """Each address signs up on both servers at the same moment; then the sign-up
    limit, which the race used up but for RATE_SPARE, must hold on both servers."""
    calls = [
        partial(reader_at_form(url).sign_up, address) for address in addresses for url in servers
    ]
    for status, body in all_at_once(calls):
        report.signup_statuses[status] = report.signup_statuses.get(status, 0) + 1
        report.signup_wrong_pages += SIGNED_UP not in body
    report.subscribers = Subscriber.objects.filter(email__in=addresses).count()

    first, other = (reader_at_form(url) for url in servers)
    while first.sign_up("limit@example.org")[0] != 429:
        report.signups_before_limit += 1
        if report.signups_before_limit > len(calls):
            break
    status, body = other.sign_up("limit@example.org")
    report.signup_limited_on_other_server = status == 429 and SIGN_UPS_LIMITED in body


def run_scale_out(
    *,
    service: Service,
    therapist: Therapist,
    database_url: str,
    redis_url: str,
    slots: int = 3,
    clients_per_slot: int = 6,
    readers: int = 6,
) -> ScaleOutReport:
    """Start the stack, race for `slots` times and sign `readers` addresses up through
    both servers, check it all."""
    started = time.perf_counter()
    races = slots * clients_per_slot
    # A window that lasts the run: it must not roll over mid-run, whatever the hour.
    rate = rate_lasting(races + RATE_SPARE)
    smtp = SmtpServer().start()
    env = stack_env(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        DJANGO_TASKS_BACKEND="database",
        DJANGO_BOOKING_RATE_LIMIT=rate,
        DJANGO_NEWSLETTER_SIGNUP_RATE=rate_lasting(2 * readers + RATE_SPARE),
        **smtp.env(),
    )
    flush_redis(redis_url)
    processes = []
    try:
        processes += [AppServer(env), AppServer(env)]
        servers = [server.url for server in processes]
        processes.append(TaskWorker(env))
        report = ScaleOutReport(servers, slots, clients_per_slot, rate_limit=rate, readers=readers)
        report.seconds["start"] = time.perf_counter() - started

        times = separate_slots(service, therapist, slots)
        patients = [
            patient_at_check(
                servers[i % 2],
                booking_flow(service, therapist, slot.start, f"slot{s}-client{i}@example.com"),
            )
            for s, slot in enumerate(times)
            for i in range(clients_per_slot)
        ]
        t = time.perf_counter()
        results = book_at_once(patients)
        report.seconds["race"] = time.perf_counter() - t
        for status, body in results:
            report.statuses[status] = report.statuses.get(status, 0) + 1
            if {200: BOOKED, 409: TAKEN}.get(status, "\0") not in body:
                report.wrong_pages += 1
        report.bookings_per_slot = [
            Booking.objects.filter(therapist=therapist, start=slot.start).count() for slot in times
        ]

        # The race used `races` of the limit on both servers; exactly RATE_SPARE remain.
        t = time.perf_counter()
        flow = booking_flow(service, therapist, times[0].start, "limit@example.com")
        first, other = (patient_at_check(url, flow) for url in servers)
        while first.confirm(consent=False)[0] != 429:
            report.accepted_before_limit += 1
            if report.accepted_before_limit > races:
                break
        status, body = other.confirm(consent=False)
        report.limited_on_other_server = status == 429 and RATE_LIMITED in body
        report.seconds["rate limit"] = time.perf_counter() - t

        t = time.perf_counter()
        addresses = [f"reader{i}@example.org" for i in range(readers)]
        sign_up_on_both_servers(report, servers, addresses)
        report.seconds["sign-ups"] = time.perf_counter() - t

        t = time.perf_counter()
        wait_for_the_worker()
        report.seconds["emails"] = time.perf_counter() - t
        winners = set()
        booked = Booking.objects.filter(start__in=[slot.start for slot in times])
        for booking in booked.order_by("start"):
            winners.add(booking.patient_email)
            report.messages_per_booking.append(
                sum(m["Subject"] == BOOKED for m in smtp.received_by(booking.patient_email))
            )
        # Everyone else who got a message: the clients who lost, and nobody else.
        report.messages_to_losers = sum(
            m["To"] not in winners and not m["Subject"].startswith(PLEASE_CONFIRM)
            for m in smtp.messages
        )
        report.confirmations_per_reader = [
            sum(m["Subject"].startswith(PLEASE_CONFIRM) for m in smtp.received_by(address))
            for address in addresses
        ]
    finally:
        logs = {process.name: process.stop() for process in processes}
        smtp.stop()
        flush_redis(redis_url)
    report.tracebacks = [name for name, log in logs.items() if "Traceback" in log]
    report.seconds["total"] = time.perf_counter() - started
    return report
