"""The waitlist's emails: "you are on the list" and "a time is free for you".

Both carry the link to leave the list; neither carries anything about health. The
outbox sends them (claimed, retried, given up); these kinds supply what differs.
"""

from datetime import datetime
from enum import StrEnum

from django.conf import settings
from django.template.loader import render_to_string

from hwypt.mail import AutomaticEmail
from outbox import kinds
from scheduling.models import WaitlistEntry, WaitlistOffer


class Kind(StrEnum):
    JOINED = "waitlist_joined"
    OFFER = "waitlist_offer"


SUBJECTS = {
    Kind.JOINED: "You are on our waitlist",
    Kind.OFFER: "A time is free for you: book it within {minutes} minutes",
}


def waitlist_message(*, kind: Kind, entry: WaitlistEntry, offer: WaitlistOffer | None):
    tz = entry.location.zone
    context = {
        "kind": kind.removeprefix("waitlist_"),
        "entry": entry,
        "offer": offer,
        "local_start": offer.start.astimezone(tz) if offer else None,
        "local_expiry": offer.expires_at.astimezone(tz) if offer else None,
        "book_url": f"{settings.SITE_URL}{offer.book_url()}" if offer else "",
        "leave_url": f"{settings.SITE_URL}{entry.leave_url()}",
        "clinic": settings.CLINIC,
    }
    text = render_to_string("scheduling/waitlist/email.txt", context)
    html = render_to_string("scheduling/waitlist/email.html", context)
    subject = SUBJECTS[kind].format(minutes=settings.WAITLIST_HOLD_MINUTES)
    message = AutomaticEmail(subject=subject, body=text, to=[entry.email])
    message.attach_alternative(html, "text/html")
    return message


class JoinedKind(kinds.EmailKind):
    name, label = Kind.JOINED.value, "Waitlist: joined"
    permission = "scheduling.view_waitlistentry"

    def about(self, email, run):
        related = WaitlistEntry.objects.select_related("service", "therapist", "location")
        return related.filter(pk=email.about_id).first()

    def no_longer_applies(self, email, entry, now):
        return entry.left_at is not None or entry.booking_id is not None

    def build(self, email, entry, run):
        return waitlist_message(kind=Kind.JOINED, entry=entry, offer=None)


class OfferKind(kinds.EmailKind):
    name, label = Kind.OFFER.value, "Waitlist: time offered"
    permission = "scheduling.view_waitlistentry"

    def about(self, email, run):
        related = WaitlistOffer.objects.select_related(
            "entry__service", "entry__location", "therapist"
        )
        return related.filter(pk=email.about_id).first()

    def no_longer_applies(self, email, offer, now: datetime):
        # An offer that lapsed, was booked, or whose person left: no use any more.
        return (
            offer.status != WaitlistOffer.Status.OPEN
            or offer.expires_at <= now
            or offer.entry.left_at is not None
        )

    def give_up_at(self, email, offer):
        return min(super().give_up_at(email, offer), offer.expires_at)

    def build(self, email, offer, run):
        return waitlist_message(kind=Kind.OFFER, entry=offer.entry, offer=offer)


kinds.register(JoinedKind())
kinds.register(OfferKind())
