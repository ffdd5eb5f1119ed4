"""The waitlist: patients who want a full day, and the one-at-a-time offers of freed times.

Imported by scheduling.models, so these are the scheduling app's models; they live here
to keep that file readable in one sitting.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TokenLink(models.Model):
    """A link in an email, the way booking manage links are made: a random salt and the
    secret key make the token; only its hash is stored, for the lookup."""

    salt = models.CharField(max_length=64, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)

    purpose = ""

    class Meta:
        abstract = True

    def make_token(self) -> str:
        key = settings.SECRET_KEY.encode()
        return hmac.new(key, f"{self.purpose}:{self.salt}".encode(), "sha256").hexdigest()

    def set_token(self) -> None:
        self.salt = secrets.token_hex(16)
        self.token_hash = hash_token(self.make_token())


class WaitlistEntryQuerySet(models.QuerySet):
    def ended(self, *, before):
        """Entries whose last day is before `before`: kept no longer than that."""
        return self.filter(last_day__lt=before)

    def waiting(self, *, today):
        """Still wanting a time: not booked, not left, and a wanted day not yet past."""
        return self.filter(booking__isnull=True, left_at__isnull=True, last_day__gte=today)

    def in_joining_order(self):
        return self.order_by("created_at", "pk")

    def for_token(self, token: str):
        return self.filter(token_hash=hash_token(token))


class WaitlistEntry(TokenLink):
    """One person waiting for a time on some days; their contact details, no intake."""

    class PartOfDay(models.TextChoices):
        ANY = "any", "Any time"
        MORNING = "Morning", "Morning (before noon)"
        AFTERNOON = "Afternoon", "Afternoon (noon to 5 PM)"
        EVENING = "Evening", "Evening (after 5 PM)"

    service = models.ForeignKey("scheduling.Service", on_delete=models.CASCADE)
    therapist = models.ForeignKey(
        "scheduling.Therapist",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text="Empty: any therapist.",
    )
    location = models.ForeignKey("scheduling.Location", on_delete=models.CASCADE)
    first_day = models.DateField()
    last_day = models.DateField(help_text="The entry ends after this day.")
    part_of_day = models.CharField(max_length=20, choices=PartOfDay, default=PartOfDay.ANY)
    name = models.CharField(max_length=100)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=30)
    created_at = models.DateTimeField(db_index=True)  # the joining order
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The staff member who added a caller; empty when the patient joined online.",
    )
    left_at = models.DateTimeField(null=True, blank=True)
    booking = models.OneToOneField(
        "scheduling.Booking",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="waitlist_entry",
    )
    emails = GenericRelation(
        "outbox.OutgoingEmail",
        content_type_field="about_type",
        object_id_field="about_id",
        related_query_name="waitlist_entry",
    )

    purpose = "waitlist-leave"
    objects = WaitlistEntryQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "waitlist entries"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")),
                name="waitlist_days_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.first_day} to {self.last_day}"

    def leave_url(self) -> str:
        return reverse("scheduling:waitlist-leave", kwargs={"token": self.make_token()})


class WaitlistOfferQuerySet(models.QuerySet):
    def holding(self, *, now):
        """Offers still holding their time for their person."""
        return self.filter(status=WaitlistOffer.Status.OPEN, expires_at__gt=now)

    def for_token(self, token: str):
        return self.filter(token_hash=hash_token(token))


class WaitlistOffer(TokenLink):
    """A freed time offered to one waiting person, held for them until `expires_at`.

    One offer per person per time, ever (the unique constraint), so a time that lapses
    goes to the next person, and a worker that offers twice makes no second offer. On
    PostgreSQL an exclusion constraint also refuses two open offers of one therapist's
    overlapping times (migration 0014), so one time is held for one person at a time.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Offered"  # no longer held once expires_at passes
        BOOKED = "booked", "Booked"
        LAPSED = "lapsed", "Lapsed"  # marked by the next offer run

    entry = models.ForeignKey(WaitlistEntry, on_delete=models.CASCADE, related_name="offers")
    therapist = models.ForeignKey("scheduling.Therapist", on_delete=models.CASCADE)
    start = models.DateTimeField()
    blocked_until = models.DateTimeField()  # the end plus the service's buffer
    expires_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status, default=Status.OPEN)
    created_at = models.DateTimeField()
    emails = GenericRelation(
        "outbox.OutgoingEmail",
        content_type_field="about_type",
        object_id_field="about_id",
        related_query_name="waitlist_offer",
    )

    purpose = "waitlist-offer"
    objects = WaitlistOfferQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "therapist", "start"], name="waitlist_one_offer_per_time"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry.name}: {self.start:%Y-%m-%d %H:%M} UTC"

    def book_url(self) -> str:
        return reverse("scheduling:waitlist-offer", kwargs={"token": self.make_token()})
