"""Background work: emails are sent by the task worker, after the booking commits."""

from django.tasks import task

from scheduling.services.emails import email_deliver


@task
def send_booking_email(email_id: int) -> bool:
    return email_deliver(email_id=email_id)
