"""The front desk in the Django admin: the schedule, bookings and their emails.

Health intake is shown only to users with `scheduling.view_intake`, and every
read of it (the change page, a search or filter that touches it, the CSV export with
intake) is recorded by `intake_access_record` in the log administrators can read.
"""

import csv
from datetime import date, datetime, time, timedelta

from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html_join

from hwypt.admin_logs import AppendOnlyLogAdmin
from hwypt.spreadsheets import safe_cell
from outbox.models import OutgoingEmail
from scheduling import screening, selectors
from scheduling.admin import front_desk
from scheduling.models import Booking, IntakeAccess, IntakeRead, Location
from scheduling.services.booking import (
    ChangeClosed,
    VisitNotStarted,
    booking_cancel,
    booking_mark,
    booking_update_contact,
)
from scheduling.services.intake_audit import INTAKE_LABELS, intake_access_record, may_read_intake
from scheduling.staff_forms import ContactForm

# Lookups on these read health answers: refused without the permission, audited with it.
INTAKE_LOOKUPS = {"intake", "screening_flags"}


class BookingEmailInline(GenericTabularInline):
    """The booking's emails; "Outgoing email" has them all, with Retry."""

    model = OutgoingEmail
    ct_field, ct_fk_field = "about_type", "about_id"
    fields = ["kind", "status", "attempts", "last_error", "created_at", "sent_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = [
        "local_start",
        "patient_name",
        "therapist",
        "service",
        "status",
        "needs_review",
    ]
    list_filter = [
        "location",
        "therapist",
        "status",
        ("start", admin.DateFieldListFilter),
        "needs_review",
    ]
    search_fields = ["patient_name", "patient_email"]
    date_hierarchy = "start"
    list_select_related = ["therapist", "service", "location"]
    actions = [
        "mark_completed",
        "mark_no_show",
        "cancel_bookings",
        "export_csv",
        "export_csv_with_intake",
    ]
    inlines = [BookingEmailInline]
    form = ContactForm
    base_fields = [
        "service",
        "therapist",
        "location",
        "local_start",
        "local_end",
        "status",
        "patient_name",
        "patient_email",
        "patient_phone",
        "needs_review",
        "consent_at",
        "created_at",
        "cancelled_at",
        "reminder_sent_at",
        "sequence",
    ]
    intake_fields = ["screening_answers", "intake_answers"]

    # What the front desk may filter on: the list filters and the date hierarchy.
    # Anything else (above all `intake__...` or `screening_flags__...`) would let
    # someone without `view_intake` recover health answers by guessing.
    desk_lookup_fields = {"location", "therapist", "status", "start", "needs_review"}

    def has_add_permission(self, request):
        return False  # bookings are made through the booking flow and its rules

    def lookup_allowed(self, lookup, value, request):
        field = lookup.split("__", 1)[0]
        if field not in self.desk_lookup_fields and not may_read_intake(request.user):
            return False
        return super().lookup_allowed(lookup, value, request)

    def has_intake_permission(self, request) -> bool:
        return may_read_intake(request.user)

    def get_search_fields(self, request):
        # Clinicians' searches also look in the intake; each such search is audited.
        if may_read_intake(request.user):
            return [*self.search_fields, "intake"]
        return self.search_fields

    def get_search_results(self, request, queryset, search_term):
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        # The change list calls this once, after its filters: `queryset` is what it shows.
        if request.method == "GET" and may_read_intake(request.user):
            filtered = any(key.split("__", 1)[0] in INTAKE_LOOKUPS for key in request.GET)
            how = IntakeRead.SEARCH if search_term.strip() else IntakeRead.FILTER
            if search_term.strip() or filtered:
                matched = queryset.distinct() if duplicates else queryset
                intake_access_record(user=request.user, bookings=matched, how=how)
        return queryset, duplicates

    def get_fields(self, request, obj=None):
        if may_read_intake(request.user):
            return self.base_fields + self.intake_fields
        return self.base_fields

    def get_readonly_fields(self, request, obj=None):
        editable = ContactForm._meta.fields if self.has_change_permission(request, obj) else []
        return [field for field in self.get_fields(request, obj) if field not in editable]

    def save_model(self, request, obj, form, change):
        booking_update_contact(booking=obj, changed=form.changed_data, actor=request.user)

    def log_change(self, request, obj, message):
        """booking_update_contact wrote the history entry; one per change is enough."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and may_read_intake(request.user):
            booking = self.get_object(request, object_id)
            if booking is not None:
                intake_access_record(
                    user=request.user, bookings=[booking], how=IntakeRead.CHANGE_PAGE
                )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="Start", ordering="start")
    def local_start(self, booking):
        return f"{timezone.localtime(booking.start, booking.location.zone):%a %b %d %Y, %I:%M %p}"

    @admin.display(description="End")
    def local_end(self, booking):
        return f"{timezone.localtime(booking.end, booking.location.zone):%I:%M %p}"

    @admin.display(description="Screening answers")
    def screening_answers(self, booking):
        answers = booking.intake.get("screening", {})
        return format_html_join(
            "",
            "<p>{}: <strong>{}</strong></p>",
            ((q.text, answers.get(q.key, "-")) for q in screening.questions()),
        )

    @admin.display(description="Intake")
    def intake_answers(self, booking):
        return format_html_join(
            "",
            "<p>{}: {}</p>",
            ((label, booking.intake.get(key, "")) for key, label in INTAKE_LABELS),
        )

    @admin.action(description="Mark selected bookings as completed")
    def mark_completed(self, request, queryset):
        for booking in queryset:
            booking_mark(booking=booking, status=Booking.Status.COMPLETED, actor=request.user)
        messages.success(request, f"Marked {queryset.count()} as completed.")

    @admin.action(description="Mark selected bookings as no-show")
    def mark_no_show(self, request, queryset):
        marked, early = 0, 0
        for booking in queryset:
            try:
                booking_mark(booking=booking, status=Booking.Status.NO_SHOW, actor=request.user)
                marked += 1
            except VisitNotStarted:
                early += 1
        messages.success(request, f"Marked {marked} as no-show.")
        if early:
            messages.warning(
                request,
                f"Not marked: {early} visit(s) have not started yet. A no-show can only be "
                "marked once the visit's start has passed.",
            )

    @admin.action(description="Cancel selected bookings (emails the patient)")
    def cancel_bookings(self, request, queryset):
        cancelled = 0
        for booking in queryset:
            try:
                booking_cancel(booking=booking, by_staff=True, actor=request.user)
                cancelled += 1
            except ChangeClosed:
                pass
        messages.success(request, f"Cancelled {cancelled} booking(s).")

    @admin.action(description="Export selected bookings as CSV")
    def export_csv(self, request, queryset):
        return bookings_csv(queryset, "bookings.csv")

    @admin.action(
        description="Export selected bookings with their intake as CSV", permissions=["intake"]
    )
    def export_csv_with_intake(self, request, queryset):
        intake_access_record(user=request.user, bookings=queryset, how=IntakeRead.CSV_EXPORT)
        return bookings_csv(queryset, "bookings-with-intake.csv", with_intake=True)

    def get_urls(self):
        return [
            path(
                "schedule/",
                self.admin_site.admin_view(self.schedule_view),
                name="scheduling_booking_schedule",
            ),
            path(
                "export-day/",
                self.admin_site.admin_view(self.export_day_view),
                name="scheduling_booking_export_day",
            ),
            *front_desk.urls(self),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        schedule_url = reverse("admin:scheduling_booking_schedule")
        extra_context = {**(extra_context or {}), "schedule_url": schedule_url}
        return super().changelist_view(request, extra_context)

    def schedule_view(self, request):
        """A day or week of bookings per therapist at one location, for the front desk."""
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        location = schedule_location(request)
        tz = location.zone if location else selectors.clinic_zone()
        try:
            day = date.fromisoformat(request.GET.get("date", ""))
        except ValueError:
            day = timezone.localdate(timezone=tz)
        week = request.GET.get("view") == "week"
        first = day - timedelta(days=day.weekday()) if week else day
        count = 7 if week else 1
        start = datetime.combine(first, time.min, tzinfo=tz)
        bookings = (
            Booking.objects.active()
            .filter(start__gte=start, start__lt=start + timedelta(days=count), location=location)
            .select_related("therapist", "service", "location")
            .order_by("therapist__name", "start")
        )
        # Read before the bookings (the loop reads those), as booking_create does: an
        # offer booked in between then shows as booked, not as neither.
        held = selectors.held_times(location=location, start=start, days=count)
        days = []
        for offset in range(count):
            current = first + timedelta(days=offset)
            rows = [b for b in bookings if timezone.localtime(b.start, tz).date() == current]
            holds = [o for o in held if timezone.localtime(o.start, tz).date() == current]
            days.append((current, rows, holds))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Schedule{f' at {location}' if location else ''}: "
            f"{'week of ' if week else ''}{first:%A, %B %d, %Y}",
            "location": location,
            "locations": Location.objects.all() if Location.objects.count() > 1 else [],
            "days": days,
            "tz": tz,
            "week": week,
            "day": day,
            "previous": first - timedelta(days=count),
            "next": first + timedelta(days=count),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/scheduling/booking/schedule.html", context)

    def export_day_view(self, request):
        """The day's bookings as CSV, or with `view=week` the whole week's (Monday first)."""
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        location = schedule_location(request)
        tz = location.zone if location else selectors.clinic_zone()
        try:
            day = date.fromisoformat(request.GET.get("date", ""))
        except ValueError:
            day = timezone.localdate(timezone=tz)
        week = request.GET.get("view") == "week"
        first = day - timedelta(days=day.weekday()) if week else day
        start = datetime.combine(first, time.min, tzinfo=tz)
        bookings = Booking.objects.active().filter(
            start__gte=start,
            start__lt=start + timedelta(days=7 if week else 1),
            location=location,
        )
        name = f"schedule-week-of-{first.isoformat()}" if week else f"schedule-{day.isoformat()}"
        return bookings_csv(bookings, f"{name}.csv")


def schedule_location(request) -> Location | None:
    """The location a schedule page shows: `?location=`, else the clinic's first."""
    wanted = request.GET.get("location", "")
    chosen = Location.objects.filter(pk=int(wanted)).first() if wanted.isdecimal() else None
    return chosen or selectors.clinic_location()


def bookings_csv(queryset, filename: str, *, with_intake: bool = False) -> HttpResponse:
    """The schedule as CSV: who, when (the location's clock), with whom; the intake only
    when asked (and audited by the caller)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    header = [
        "Start",
        "End",
        "Therapist",
        "Service",
        "Patient",
        "Phone",
        "Email",
        "Status",
        "Call",
        "Location",
    ]
    if with_intake:
        header += [label for _, label in INTAKE_LABELS] + ["Screening answers"]
    writer.writerow(header)
    for booking in queryset.select_related("therapist", "service", "location").order_by("start"):
        tz = booking.location.zone
        cells = [
            f"{timezone.localtime(booking.start, tz):%Y-%m-%d %H:%M}",
            f"{timezone.localtime(booking.end, tz):%H:%M}",
            booking.therapist.name,
            booking.service.name,
            booking.patient_name,
            booking.patient_phone,
            booking.patient_email,
            booking.get_status_display(),
            "yes" if booking.needs_review else "no",
            booking.location.name,
        ]
        if with_intake:
            cells += [str(booking.intake.get(key, "")) for key, _ in INTAKE_LABELS]
            screening_answers = booking.intake.get("screening", {})
            cells.append("; ".join(f"{k}: {v}" for k, v in sorted(screening_answers.items())))
        # Patients type their name, phone and email: none may run as a formula.
        writer.writerow([safe_cell(cell) for cell in cells])
    return response


@admin.register(IntakeAccess)
class IntakeAccessAdmin(AppendOnlyLogAdmin):
    """Read-only, for administrators: who opened which booking's intake."""

    list_display = ["viewed_at", "user", "how", "booking_number", "patient_name", "booking"]
    list_filter = ["user", "how"]
    date_hierarchy = "viewed_at"

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser
