"""The waitlist with real processes on PostgreSQL: two app servers, the task worker
killed mid-offer, cron's runs at the same moment, and everyone pressing at once.

Proved here: one offer per person per freed time (a unique constraint, and offer runs
that take turns); the offer email sent once though its worker died mid-send (the
outbox's claim and `retry_emails`); a lapsed hold offered to the next person once;
exactly one booking for the time, whoever presses on whichever server.
"""

import http.cookiejar
import urllib.error
import urllib.request
from dataclasses import dataclass
from email import message_from_bytes
from functools import partial

from django.utils import timezone

from outbox.models import OutgoingEmail
from scheduling.models import Booking, WaitlistOffer
from tests.ops.conftest import POSTGRES_STACK
from tests.scale_out import BOOKED, all_at_once, booking_flow, csrf_token, patient_at_check, post
from tests.scheduling.waitlist_helpers import fill_day, join, local_day
from tests.stack import AppServer, SmtpServer, TaskWorker, manage, stack_env, wait_until

pytestmark = POSTGRES_STACK
OFFERED = "A time is free for you"
NONE_OF_THESE = {"applies": "none"}  # the offer page's safety questions


@dataclass
class SlowFor(SmtpServer):
    """Holds messages to one address before accepting them (`data_delay`); others pass."""

    slow_for: str = ""

    async def handle_DATA(self, server, session, envelope):
        if self.slow_for not in envelope.rcpt_tos:
            self.raw.append(envelope.original_content)
            self.messages.append(message_from_bytes(envelope.original_content))
            return "250 Message accepted for delivery"
        return await super().handle_DATA(server, session, envelope)


def open_page(opener, url: str) -> tuple[int, str]:
    try:
        with opener.open(url, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:  # a lapsed offer's page says so with 410
        return error.code, error.read().decode()


def browser(base: str, path: str) -> tuple:
    """A client with the page at `path` open: its opener and the page's CSRF token."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    return opener, csrf_token(open_page(opener, base + path)[1])


def press(base: str, path: str, fields: dict | None = None):
    opener, token = browser(base, path)
    return partial(post, opener, base + path, {"csrfmiddlewaretoken": token, **(fields or {})})


def offer_emails(address: str):
    return OutgoingEmail.objects.filter(kind="waitlist_offer", recipient=address)


def runs_at_once(env, count: int = 3) -> int:
    """Cron's offer run started `count` times at the same moment; offers made in all."""
    outputs = all_at_once([partial(manage, env, "offer_waitlist_times")] * count)
    return sum(int(out.split("made: ")[1].split(";")[0]) for out in outputs)


def test_a_freed_time_is_offered_once_per_person_and_booked_once(service, therapist, db_url):
    booked = fill_day(service, therapist, ahead=4)
    day = local_day(booked[0].start)
    ann = join(service, therapist, day, "Ann First")
    bob = join(service, therapist, day, "Bob Next")
    cy = join(service, therapist, day, "Cy Third")
    smtp = SlowFor(data_delay=60, slow_for=ann.email).start()
    env = stack_env(
        DATABASE_URL=db_url,
        DJANGO_TASKS_BACKEND="database",
        DJANGO_EMAIL_SEND_LEASE="2",  # production: 600
        **smtp.env(),
    )
    servers = [AppServer(env), AppServer(env)]
    worker = TaskWorker(env)
    logs = ""
    try:
        freed = booked[0]
        # The patient cancels on one server; the worker offers the time to Ann and is
        # killed while her email is at the mail server, before it is accepted.
        cancel = f"/book/manage/{freed.make_token()}/cancel/"
        status, _ = press(servers[0].url, cancel)()
        assert status == 200
        assert smtp.data_received.wait(30), "the worker never sent Ann's offer"
        worker.kill()
        logs += worker.stop()
        (offer,) = WaitlistOffer.objects.all()
        assert (offer.entry_id, offer.start) == (ann.pk, freed.start)
        assert offer_emails(ann.email).get().status == OutgoingEmail.Status.SENDING

        # Cron's runs, three at once: Ann's hold stands, nobody else is offered it.
        assert runs_at_once(env) == 0
        assert WaitlistOffer.objects.count() == 1

        # A new worker; after the lease, cron's retry sends Ann's email, once.
        smtp.slow_for = ""
        worker = TaskWorker(env)
        wait_until(lambda: "retried: 1;" in manage(env, "retry_emails"), what="the lease")
        wait_until(lambda: offer_emails(ann.email).get().status == "sent", what="the resend")
        assert [m["Subject"].startswith(OFFERED) for m in smtp.received_by(ann.email)] == [True]

        # Ann lets it lapse (the clock of real processes cannot be moved: the hold is
        # ended as time would end it); cron's runs at once offer it to Bob, once, and
        # to nobody else while Bob's hold stands.
        WaitlistOffer.objects.filter(pk=offer.pk).update(expires_at=timezone.now())
        assert runs_at_once(env) == 1
        bobs = WaitlistOffer.objects.get(entry=bob)
        assert bobs.start == freed.start
        assert WaitlistOffer.objects.filter(entry=ann).count() == 1
        assert not WaitlistOffer.objects.filter(entry=cy).exists()
        wait_until(lambda: offer_emails(bob.email).filter(status="sent").exists(), what="Bob's")

        # Bob presses on both servers at once, as Ann opens her old link and a patient
        # who had the time on their check page presses too: one booking, Bob's.
        flow = booking_flow(service, therapist, freed.start, "late@example.com")
        presses = [
            press(servers[0].url, bobs.book_url(), NONE_OF_THESE),
            press(servers[1].url, bobs.book_url(), NONE_OF_THESE),
            partial(open_page, urllib.request.build_opener(), servers[1].url + offer.book_url()),
            partial(patient_at_check(servers[0].url, flow).confirm),
        ]
        (bob_a, bob_b, ann_late, public) = all_at_once(presses)
        at_the_time = Booking.objects.active().filter(therapist=therapist, start=freed.start)
        assert list(at_the_time.values_list("patient_email", flat=True)) == [bob.email]
        pages = sorted([bob_a[1], bob_b[1]], key=lambda page: BOOKED in page)
        assert BOOKED in pages[1] and "You booked this time" in pages[0]
        assert ann_late[0] == 410 and "This offer has ended" in ann_late[1]
        assert public[0] == 409 and "that time was just taken" in public[1]
        wait_until(lambda: len(smtp.received_by(bob.email)) == 2, what="Bob's confirmation")
        assert [m["Subject"] for m in smtp.received_by(bob.email)][1] == BOOKED
        assert len(smtp.received_by(ann.email)) == 1
    finally:
        for process in [*servers, worker]:
            logs += process.stop()
        smtp.stop()
    assert "Traceback" not in logs, logs
