"""The clinic's schedule: where, who, what, when, and the bookings patients make."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from scheduling import link_tokens
from scheduling.timezones import is_time_zone


def validate_time_zone(value: str) -> None:
    if not is_time_zone(value):
        raise ValidationError(
            "“%(value)s” is not a time zone name we know. Enter one from the IANA time "
            "zone database, such as America/Los_Angeles, America/Boise or America/New_York "
            "(capital letters and the slash matter).",
            code="invalid_time_zone",
            params={"value": value},
        )


class LocationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Location(models.Model):
    """Where patients come: its address, its time zone, its therapists' hours.

    `time_zone` is the one source of truth for when a visit here happens: every
    page, email and calendar file shows a booking in its location's zone.
    """

    name = models.CharField(max_length=100)
    street = models.CharField(max_length=200)
    locality = models.CharField(max_length=100)
    region = models.CharField(max_length=50, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    time_zone = models.CharField(
        max_length=64,
        default="America/Los_Angeles",
        validators=[validate_time_zone],
        help_text="The IANA name of the zone the clinic's clocks show, for example "
        "America/Los_Angeles or America/Boise. Opening times here are in this zone.",
    )
    is_active = models.BooleanField(
        default=True, help_text="Patients can book here. Untick to close it for good."
    )

    objects = LocationQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name")]  # the same order on every database

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def address(self) -> str:
        return f"{self.street}, {self.locality}, {self.region} {self.postal_code}".strip()


class TherapistQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def working_at(self, location: "Location"):
        """Those with working hours at this location, on any day."""
        return self.filter(hours__location=location).distinct()


class Therapist(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(unique=True)
    credentials = models.CharField(max_length=100, help_text="For example: PT, DPT, OCS")
    bio = models.TextField(max_length=1500, blank=True)
    photo = models.ImageField(upload_to="therapists/", blank=True)
    techniques = models.TextField(blank=True, help_text="One technique per line.")
    conditions = models.TextField(
        blank=True, help_text="Conditions they have experience with, one per line."
    )
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)  # the sitemap's lastmod
    is_demo = models.BooleanField(
        "sample therapist",
        default=False,
        help_text="A made-up therapist for the demo site. Patients are told, and "
        "`check --deploy` fails while they are active.",
    )

    objects = TherapistQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.credentials}"

    def get_absolute_url(self) -> str:
        return reverse("scheduling:therapist-detail", kwargs={"slug": self.slug})

    @property
    def technique_list(self) -> list[str]:
        return [line.strip() for line in self.techniques.splitlines() if line.strip()]

    @property
    def condition_list(self) -> list[str]:
        return [line.strip() for line in self.conditions.splitlines() if line.strip()]


class ServiceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Service(models.Model):
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    duration_minutes = models.PositiveSmallIntegerField()
    buffer_minutes = models.PositiveSmallIntegerField(
        default=0, help_text="Time kept free after the visit for notes and cleaning."
    )
    for_new_patients = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.duration_minutes} minutes)"

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)

    @property
    def buffer(self) -> timedelta:
        return timedelta(minutes=self.buffer_minutes)


class WorkingHours(models.Model):
    WEEKDAYS = [
        (0, "Monday"),
        (1, "Tuesday"),
        (2, "Wednesday"),
        (3, "Thursday"),
        (4, "Friday"),
        (5, "Saturday"),
        (6, "Sunday"),
    ]
    therapist = models.ForeignKey(Therapist, on_delete=models.CASCADE, related_name="hours")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS)
    start_time = models.TimeField()
    end_time = models.TimeField()

    class Meta:
        ordering = ["weekday", "start_time"]
        verbose_name_plural = "working hours"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="working_hours_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}-{self.end_time:%H:%M}"


class TimeOff(models.Model):
    therapist = models.ForeignKey(Therapist, on_delete=models.CASCADE, related_name="time_off")
    start = models.DateTimeField()
    end = models.DateTimeField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["start"]
        verbose_name_plural = "time off"

    def __str__(self) -> str:
        return f"{self.therapist.name}: {self.start:%Y-%m-%d %H:%M} to {self.end:%Y-%m-%d %H:%M}"


class CalendarFeedQuerySet(models.QuerySet):
    def for_token(self, token: str):
        return self.filter(token_hash=link_tokens.digest(token))


class CalendarFeed(models.Model):
    """A therapist's private calendar subscription (scheduling/calendar_feed.py).

    The token works like a booking's manage link (scheduling/link_tokens.py): only its
    hash is stored, yet the admin can show the link again. Regenerating gives a new
    salt; revoking deletes the row; either way the old link answers 404.
    """

    therapist = models.OneToOneField(
        Therapist, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    salt = models.CharField(max_length=64, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    issued_at = models.DateTimeField(default=timezone.now)

    objects = CalendarFeedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Calendar feed of {self.therapist.name}"

    def token(self) -> str:
        return link_tokens.derive(purpose="therapist-calendar", salt=self.salt)

    def url(self) -> str:
        return reverse("scheduling:therapist-calendar", kwargs={"token": self.token()})


class Closure(models.Model):
    """A day (or days) the whole clinic is closed, such as a public holiday."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="closures")
    first_day = models.DateField()
    last_day = models.DateField()
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["first_day"]

    def __str__(self) -> str:
        return f"{self.reason} ({self.first_day} to {self.last_day})"


class BookingRules(models.Model):
    """One row of rules staff can change in the admin without a deploy."""

    min_notice_hours = models.PositiveSmallIntegerField(default=12)
    horizon_days = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(1)], help_text="At least 1."
    )
    slot_step_minutes = models.PositiveSmallIntegerField(
        default=30, validators=[MinValueValidator(5)], help_text="At least 5."
    )
    cancellation_window_hours = models.PositiveSmallIntegerField(
        default=24, help_text="Patients can cancel or move online until this long before."
    )

    class Meta:
        verbose_name = verbose_name_plural = "booking rules"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(slot_step_minutes__gte=5, horizon_days__gte=1),
                name="booking_rules_step_and_horizon",
                violation_error_message="The slot step must be at least 5 minutes "
                "and the horizon at least 1 day.",
            )
        ]

    def __str__(self) -> str:
        return "Booking rules"

    @classmethod
    def current(cls) -> "BookingRules":
        rules, _ = cls.objects.get_or_create(pk=1)
        return rules


class BookingQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Booking.Status.CANCELLED)

    def confirmed(self):
        return self.filter(status=Booking.Status.CONFIRMED)

    def upcoming(self):
        return self.confirmed().filter(start__gte=timezone.now())

    def overlapping(self, *, therapist_id: int, start, blocked_until):
        return self.active().filter(
            therapist_id=therapist_id, start__lt=blocked_until, blocked_until__gt=start
        )

    def for_token(self, token: str):
        return self.filter(manage_token_hash=Booking.hash_token(token))


class Booking(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        CANCELLED = "cancelled", "Cancelled"
        COMPLETED = "completed", "Completed"
        NO_SHOW = "no_show", "No-show"

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="bookings")
    therapist = models.ForeignKey(Therapist, on_delete=models.PROTECT, related_name="bookings")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="bookings")
    # Stored in UTC (USE_TZ); `blocked_until` is the end plus the service's buffer,
    # what the no-overlap constraint compares.
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField()
    blocked_until = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status, default=Status.CONFIRMED)
    patient_name = models.CharField(max_length=100)
    # Optional: a caller booked by phone may have none, and then gets no email.
    patient_email = models.EmailField(max_length=254, blank=True)
    patient_phone = models.CharField(max_length=30)
    intake = models.JSONField(default=dict, blank=True)
    screening_flags = models.JSONField(default=list, blank=True)
    needs_review = models.BooleanField(default=False, help_text="A screening answer was yes.")
    consent_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0, help_text="Raised on every change (.ics).")
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # Every email about the booking, in the outbox; they go when the booking does.
    emails = GenericRelation(
        "outbox.OutgoingEmail",
        content_type_field="about_type",
        object_id_field="about_id",
        related_query_name="booking",
    )
    manage_salt = models.CharField(max_length=64, editable=False)
    manage_token_hash = models.CharField(max_length=64, unique=True, editable=False)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        permissions = [("view_intake", "Can view a booking's health intake")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start"))
                & models.Q(blocked_until__gte=models.F("end")),
                name="booking_times_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.patient_name}, {self.start:%Y-%m-%d %H:%M} UTC"

    # The manage token is derived from a random salt and the secret key, so the
    # database alone holds neither the token nor enough to make one; only its
    # hash is stored for the lookup. Emails can rebuild the same link later.
    @staticmethod
    def hash_token(token: str) -> str:
        return link_tokens.digest(token)

    def make_token(self) -> str:
        return link_tokens.derive(purpose="booking-manage", salt=self.manage_salt)

    @property
    def asks_about_visit(self) -> bool:
        """Booked without the intake ("about your visit"), from a waitlist offer or a
        call: the clinic asks about the visit when the patient comes."""
        return "reason" not in self.intake

    def manage_url(self) -> str:
        return reverse("scheduling:manage", kwargs={"token": self.make_token()})

    @property
    def uid(self) -> str:
        """The calendar event's UID: stable for the booking's whole life."""
        return f"booking-{self.pk}-{self.manage_salt[:12]}@hwypt"


class IntakeRead(models.TextChoices):
    CHANGE_PAGE = "change_page", "Change page"
    SEARCH = "search", "Search (words not kept)"
    FILTER = "filter", "List filter on intake"
    CSV_EXPORT = "csv_export", "CSV export"
    PATIENT_RECORD = "patient_record", "Patient record"
    PATIENT_RECORD_EXPORT = "patient_record_export", "Patient record export"


class IntakeAccess(models.Model):
    """Who opened which booking's health intake, and when.

    The log outlives the booking: deleting a booking clears the link but keeps its
    number and the patient's name, so the trail of who read whose intake stays whole
    (erasing the person's records blanks the name and keeps the number). Written only by
    `scheduling.services.intake_audit`; a search that matched nothing is one row with no
    booking, so the fact that it ran is still there.
    """

    booking = models.ForeignKey(
        Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="intake_views"
    )
    booking_number = models.PositiveIntegerField(
        null=True, blank=True, help_text="The booking's id, kept if deleted."
    )
    patient_name = models.CharField(max_length=100, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    viewed_at = models.DateTimeField(auto_now_add=True)
    # Which screen showed it. A search or filter is recorded as the fact that one ran
    # (and the bookings it matched), never the words typed: they may be health answers.
    how = models.CharField(max_length=30, choices=IntakeRead, default=IntakeRead.CHANGE_PAGE)

    class Meta:
        ordering = ["-viewed_at"]
        verbose_name = "intake access"
        verbose_name_plural = "intake access log"

    def __str__(self) -> str:
        when = f"{self.viewed_at:%Y-%m-%d %H:%M}"
        what = f"booking {self.booking_number}" if self.booking_number else "no booking"
        return f"{self.user} read intake ({self.get_how_display()}, {what}) at {when}"


# The waitlist's models, in their own module (see there).
from scheduling.waitlist_models import WaitlistEntry, WaitlistOffer  # noqa: E402, F401
