"""The sign-up confirmation email: queued in the outbox with the sign-up, which claims
it before it is sent and retries it (`retry_emails`) while the mail server is down.

The link in it works for NEWSLETTER_CONFIRM_MAX_AGE (a week by default); the outbox
keeps retrying for its usual three days, so an outage of a weekend loses nothing.
"""

from datetime import datetime

from newsletter import emails
from newsletter.models import Subscriber
from outbox import kinds
from outbox.services import outbox_queue

CONFIRMATION = "newsletter_confirmation"


def confirmation_queue(*, subscriber: Subscriber, now: datetime) -> None:
    """Record that a confirmation must go out, and hand it to the worker after commit.

    Call inside the transaction that saves the sign-up, so the email is recorded
    exactly when the sign-up is. An earlier one not sent yet is not needed any more.
    """
    subscriber.last_confirmation_sent_at = now
    subscriber.save(update_fields=["last_confirmation_sent_at"])
    outbox_queue(kind=CONFIRMATION, about=subscriber, recipient=subscriber.email, supersede=True)


class ConfirmationKind(kinds.EmailKind):
    name = CONFIRMATION
    label = "Newsletter confirmation"
    permission = "newsletter.view_subscriber"

    def about(self, email, run):
        return Subscriber.objects.filter(pk=email.about_id).first()

    def no_longer_applies(self, email, about, now):
        # The person confirmed or left (an erased one has no row: about is None).
        return about.status != Subscriber.Status.PENDING

    def build(self, email, about, run):
        return emails.confirmation_email(about)


kinds.register(ConfirmationKind())
