"""The kinds of email the outbox sends, registered by the apps that own them.

A kind supplies only what differs: what the email is about, how its message is built,
when it no longer applies, and until when a failing send is worth retrying. Claiming,
sending, marking sent, retrying and giving up are the outbox's (outbox.delivery).

A new kind (a waitlist offer, say) is a few lines in the app that owns it:

    class WaitlistOfferKind(kinds.EmailKind):
        name, label = "waitlist_offer", "Waitlist offer"
        permission = "scheduling.view_booking"

        def no_longer_applies(self, email, offer, now):
            return offer.expires_at <= now

        def build(self, email, offer, run):
            return waitlist_offer_message(offer)

    kinds.register(WaitlistOfferKind())

and `outbox_queue(kind="waitlist_offer", about=offer, recipient=...)` where it is made.
"""

from datetime import datetime, timedelta

from django.core.mail import EmailMessage

# An email that has not gone out is retried (every `retry_emails` run) until it is this
# old, so an outage of a day or two loses nothing; then it is "failed for good", shown to
# staff in "Outgoing email", who can contact the person or press Retry.
GIVE_UP_AFTER = timedelta(days=3)


class EmailKind:
    """One kind of email. Subclass it, set `name` and `label`, and `register()` it."""

    name: str = ""
    label: str = ""
    # Staff see this kind in "Outgoing email" only with this permission.
    permission: str = ""
    # False: `retry_emails` leaves it alone; a person resumes it (a newsletter send that
    # staff stopped must stay stopped until they run it again).
    retry_automatically: bool = True

    def about(self, email, run: dict):
        """What the email is about, read afresh just before sending; None if it is gone.

        `run` lasts one sending run: a place to keep what every message of a batch shares.
        """
        return email.about

    def no_longer_applies(self, email, about, now: datetime) -> bool:
        return False

    def give_up_at(self, email, about) -> datetime:
        return email.queued_at + GIVE_UP_AFTER

    def build(self, email, about, run: dict) -> EmailMessage:
        raise NotImplementedError

    def after_sending(self, outgoing: list) -> None:
        """Called once a run has sent (or tried) these emails of this kind."""


_KINDS: dict[str, EmailKind] = {}


def register(kind: EmailKind) -> EmailKind:
    if not kind.name or kind.name in _KINDS:
        raise ValueError(f"An email kind needs a name of its own, not {kind.name!r}.")
    _KINDS[kind.name] = kind
    return kind


def get(name: str) -> EmailKind:
    return _KINDS[name]


def visible_to(user) -> list[str]:
    return [name for name, kind in _KINDS.items() if user.has_perm(kind.permission)]


def retried_automatically() -> list[str]:
    return [name for name, kind in _KINDS.items() if kind.retry_automatically]


def choices() -> list[tuple[str, str]]:
    return [(kind.name, kind.label) for kind in _KINDS.values()]
