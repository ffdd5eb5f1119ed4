"""The sources the patient records screen searches, in the order erasure runs.

Each one reads through its app's models and erases through its app's services; a new
source is a class and a `register()` line here (see records/registry.py).
"""

from django.db.models import Q
from django.utils import timezone

from newsletter import services as newsletter_services
from newsletter.models import Subscriber
from outbox.models import OutgoingEmail
from records.person import Person, phone_digits
from records.registry import RecordSource, register
from scheduling import selectors
from scheduling.models import Booking, WaitlistEntry
from scheduling.services.erasure import booking_erase, booking_was_visit
from scheduling.services.intake_audit import INTAKE_LABELS
from scheduling.services.waitlist_erasure import waitlist_entries_erase


def _when(value, zone=None) -> str:
    if value is None:
        return ""
    return f"{timezone.localtime(value, zone or selectors.clinic_zone()):%Y-%m-%d %H:%M}"


def held_about(person: Person, queryset, *, email: str, phone: str):
    """The rows whose `email` field is the person's address (in any case), or whose
    `phone` field has exactly the person's digits, however it was typed.

    Phones are stored as typed: the database narrows them down by their digits in order
    (any punctuation between), and the exact rule is checked here.
    """
    if person.email:
        return queryset.filter(**{f"{email}__iexact": person.email})
    digits = person.phone_digits
    pattern = r"^\D*(1\D*)?" + r"\D*".join(digits) + r"\D*$"
    candidates = queryset.filter(**{f"{phone}__regex": pattern}).values_list("pk", phone)
    return queryset.filter(pk__in=[pk for pk, typed in candidates if phone_digits(typed) == digits])


def bookings_of(person: Person) -> list[Booking]:
    found = held_about(person, Booking.objects.all(), email="patient_email", phone="patient_phone")
    return list(found.select_related("service", "therapist", "location").order_by("start"))


def waitlist_entries_of(person: Person) -> list[WaitlistEntry]:
    found = held_about(person, WaitlistEntry.objects.all(), email="email", phone="phone")
    return list(found.select_related("service", "therapist", "location").prefetch_related("offers"))


class EmailSource(RecordSource):
    """Every email to the address, and every email about the person's bookings and
    waitlist entries (and the offers made to them)."""

    key, label = "emails", "Emails sent or waiting"

    def find(self, person):
        entries = [e.pk for e in waitlist_entries_of(person)]
        about = (
            Q(booking__in=[b.pk for b in bookings_of(person)])
            | Q(waitlist_entry__in=entries)
            | Q(waitlist_offer__entry__in=entries)
        )
        to = Q(recipient__iexact=person.email) if person.email else Q(pk__in=[])
        return list(OutgoingEmail.objects.filter(about | to).distinct().order_by("created_at"))

    def row(self, email, *, with_intake):
        return {
            "Number": email.pk,
            "Kind": email.get_kind_display(),
            "To": email.recipient,
            "Status": email.get_status_display(),
            "Queued": _when(email.created_at),
            "Sent": _when(email.sent_at),
        }

    def fate(self, email, *, now):
        # Emails are built when they are sent: only this record of them is stored.
        return "Deleted (the address and the record that it was sent)."

    def erase(self, emails, *, user, now):
        OutgoingEmail.objects.filter(pk__in=[e.pk for e in emails]).delete()


class BookingSource(RecordSource):
    key, label = "bookings", "Bookings"

    def find(self, person):
        return bookings_of(person)

    def row(self, booking, *, with_intake):
        row = {
            "Number": booking.pk,
            "Start": _when(booking.start, booking.location.zone),
            "Service": booking.service.name,
            "Therapist": booking.therapist.name,
            "Location": booking.location.name,
            "Status": booking.get_status_display(),
            "Name": booking.patient_name,
            "Email": booking.patient_email,
            "Phone": booking.patient_phone,
            "Consent given": _when(booking.consent_at),
            "Booked": _when(booking.created_at),
        }
        if with_intake:
            row |= {label: booking.intake.get(key, "") for key, label in INTAKE_LABELS}
            row["Screening answers"] = booking.intake.get("screening", {})
        return row

    def fate(self, booking, *, now):
        if booking_was_visit(booking=booking, now=now):
            return (
                "Kept as a visit (date, service, therapist, location, outcome); "
                "name, email, phone and intake erased."
            )
        if booking.status == Booking.Status.CANCELLED:
            return "Deleted (cancelled, never a visit)."
        return "Deleted: the upcoming visit is cancelled and its time freed; no email is sent."

    def erase(self, bookings, *, user, now):
        booking_erase(bookings=bookings, user=user, now=now)

    def intake_bookings(self, bookings):
        return bookings


class SubscriberSource(RecordSource):
    key, label = "subscribers", "Newsletter subscriptions"

    def find(self, person):
        if not person.email:
            return []  # subscribers give an email only
        return list(Subscriber.objects.filter(email__iexact=person.email))

    def row(self, subscriber, *, with_intake):
        return {
            "Number": subscriber.pk,
            "Email": subscriber.email,
            "First name": subscriber.first_name,
            "Status": subscriber.get_status_display(),
            "Signed up": _when(subscriber.signed_up_at),
            "Page": subscriber.source,
            "Consent wording": subscriber.consent_wording,
            "Confirmed": _when(subscriber.confirmed_at),
            "Unsubscribed": _when(subscriber.unsubscribed_at),
        }

    def fate(self, subscriber, *, now):
        return "Deleted, with the consent record (nothing about a newsletter must be kept)."

    def erase(self, subscribers, *, user, now):
        for subscriber in subscribers:
            newsletter_services.subscriber_erase(subscriber=subscriber, user=user)


class WaitlistSource(RecordSource):
    key, label = "waitlist", "Waitlist entries"

    def find(self, person):
        return waitlist_entries_of(person)

    def row(self, entry, *, with_intake):
        zone = entry.location.zone
        return {
            "Number": entry.pk,
            "Service": entry.service.name,
            "Therapist": entry.therapist.name if entry.therapist else "Any therapist",
            "Location": entry.location.name,
            "Days": f"{entry.first_day} to {entry.last_day}",
            "Time of day": entry.get_part_of_day_display(),
            "Name": entry.name,
            "Email": entry.email,
            "Phone": entry.phone,
            "Joined": _when(entry.created_at),
            "Added by staff": bool(entry.added_by_id),
            "Left": _when(entry.left_at),
            "Booking": entry.booking_id or "",
            "Offers": [
                {
                    "Start": _when(offer.start, zone),
                    "Held until": _when(offer.expires_at, zone),
                    "Status": offer.get_status_display(),
                }
                for offer in entry.offers.all()
            ],
        }

    def fate(self, entry, *, now):
        return "Deleted, with the times offered to it."

    def erase(self, entries, *, user, now):
        waitlist_entries_erase(entries=entries, user=user)


# Emails first: they are about the bookings, entries and subscribers erased after them.
register(EmailSource())
register(BookingSource())
register(WaitlistSource())
register(SubscriberSource())
