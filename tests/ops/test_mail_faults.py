"""Mail faults, with real processes: the mail server down, a worker killed mid-send.

How a booking email survives them (see scheduling.services.emails.email_deliver):
the worker claims it, sends it, marks it sent; a send that fails is marked failed, and
`send_reminders` (cron, every few minutes in production) queues failed emails, and those
whose worker died mid-send, again. django-tasks-db itself never retries a task.
A newsletter confirmation goes the same way, retried by `retry_confirmations` (cron).
"""

from datetime import timedelta

from django.utils import timezone

from newsletter.models import Subscriber
from scheduling.models import Booking, BookingEmail
from scheduling.services.reminders import REMINDER_AHEAD
from tests.ops.conftest import POSTGRES_STACK
from tests.scale_out import (
    BOOKED,
    PLEASE_CONFIRM,
    SIGNED_UP,
    booking_flow,
    patient_at_check,
    reader_at_form,
    separate_slots,
)
from tests.stack import (
    AppServer,
    SmtpServer,
    TaskWorker,
    manage,
    stack_env,
    wait_until,
)

pytestmark = POSTGRES_STACK


def book(server: str, service, therapist, slot, email: str) -> None:
    patient = patient_at_check(server, booking_flow(service, therapist, slot.start, email))
    status, body = patient.confirm()
    assert status == 200 and BOOKED in body


def slots_beyond_reminders(service, therapist) -> list:
    """Two visits too far off for a day-before reminder, so the only email is the
    confirmation, whatever the hour the test runs at."""
    after = timezone.now() + REMINDER_AHEAD + timedelta(hours=2)
    return separate_slots(service, therapist, 2, after=after)


def messages_per_booking(smtp: SmtpServer) -> list[int]:
    return [
        len(smtp.received_by(booking.patient_email))
        for booking in Booking.objects.order_by("start")
    ]


def emails_with(status: str) -> int:
    return BookingEmail.objects.filter(status=status).count()


def test_with_the_mail_server_down_bookings_succeed_and_emails_go_out_when_it_is_back(
    service, therapist, db_url
):
    smtp = SmtpServer()  # its port is chosen, but nothing listens there yet
    env = stack_env(DATABASE_URL=db_url, DJANGO_TASKS_BACKEND="database", **smtp.env())
    server, worker = AppServer(env), TaskWorker(env)
    try:
        for i, slot in enumerate(slots_beyond_reminders(service, therapist)):
            book(server.url, service, therapist, slot, f"patient{i}@example.com")
        wait_until(lambda: emails_with(BookingEmail.Status.FAILED) == 2, what="failed sends")
        assert "ConnectionRefusedError" in BookingEmail.objects.first().last_error

        smtp.start()
        output = manage(env, "send_reminders")  # what cron runs every few minutes
        assert "Failed emails retried: 2" in output
        wait_until(lambda: emails_with(BookingEmail.Status.SENT) == 2, what="the resends")
        assert messages_per_booking(smtp) == [1, 1]
        assert all(m["Subject"] == BOOKED for m in smtp.messages)
        assert list(BookingEmail.objects.values_list("attempts", flat=True)) == [2, 2]
    finally:
        logs = server.stop() + worker.stop()
        smtp.stop()
    assert "Traceback" not in logs, logs


def confirmations(status: str) -> int:
    return Subscriber.objects.filter(confirmation_status=status).count()


def test_with_the_mail_server_down_sign_ups_succeed_and_confirmations_go_out_when_it_is_back(
    db_url,
):
    smtp = SmtpServer()  # its port is chosen, but nothing listens there yet
    env = stack_env(DATABASE_URL=db_url, DJANGO_TASKS_BACKEND="database", **smtp.env())
    server, worker = AppServer(env), TaskWorker(env)
    readers = ["ann@example.org", "bob@example.org"]
    try:
        for address in readers:
            status, body = reader_at_form(server.url).sign_up(address)
            assert status == 200 and SIGNED_UP in body
        failed = Subscriber.ConfirmationStatus.FAILED
        wait_until(lambda: confirmations(failed) == 2, what="failed sends")
        assert "ConnectionRefusedError" in Subscriber.objects.first().confirmation_error

        smtp.start()
        output = manage(env, "retry_confirmations")  # what cron runs every few minutes
        assert "Confirmation emails retried: 2." in output
        sent = Subscriber.ConfirmationStatus.SENT
        wait_until(lambda: confirmations(sent) == 2, what="the resends")
        assert "retried: 0." in manage(env, "retry_confirmations")  # nothing left to do
        assert [len(smtp.received_by(address)) for address in readers] == [1, 1]
        assert all(m["Subject"].startswith(PLEASE_CONFIRM) for m in smtp.messages)
        attempts = Subscriber.objects.values_list("confirmation_attempts", flat=True)
        assert list(attempts) == [2, 2]
    finally:
        logs = server.stop() + worker.stop()
        smtp.stop()
    assert "Traceback" not in logs, logs


def test_a_worker_killed_mid_send_loses_no_email_and_sends_none_twice(service, therapist, db_url):
    """SIGKILL while the SMTP server holds the message before accepting it: the email
    stays "sending"; a new worker sends the rest; after the lease, cron's retry sends it."""
    smtp = SmtpServer(data_delay=60).start()
    env = stack_env(
        DATABASE_URL=db_url,
        DJANGO_TASKS_BACKEND="database",
        DJANGO_EMAIL_SEND_LEASE="2",  # production: 600, well above the SMTP timeout
        **smtp.env(),
    )
    server, worker = AppServer(env), TaskWorker(env)
    logs = ""
    try:
        for i, slot in enumerate(slots_beyond_reminders(service, therapist)):
            book(server.url, service, therapist, slot, f"patient{i}@example.com")
        assert smtp.data_received.wait(30), "the worker never reached DATA"
        worker.kill()
        logs += worker.stop()
        assert emails_with(BookingEmail.Status.SENDING) == 1
        wait_until(lambda: smtp.dropped == 1, what="the server to see the client go")
        assert smtp.messages == []  # it never accepted the message: the client went away

        smtp.data_delay = 0
        worker = TaskWorker(env)
        wait_until(lambda: emails_with(BookingEmail.Status.SENT) == 1, what="the other email")
        assert emails_with(BookingEmail.Status.SENDING) == 1  # the new worker left it alone

        wait_until(lambda: "retried: 1" in manage(env, "send_reminders"), what="the lease")
        wait_until(lambda: emails_with(BookingEmail.Status.SENT) == 2, what="the resend")
        assert messages_per_booking(smtp) == [1, 1]
        assert sorted(BookingEmail.objects.values_list("attempts", flat=True)) == [1, 2]
    finally:
        logs += server.stop() + worker.stop()
        smtp.stop()
    assert "Traceback" not in logs, logs
