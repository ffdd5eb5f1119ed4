"""The front desk's own admin pages: book a caller into a free time, read the
booking back, move it and cancel it. Every rule is the booking services'; these
pages only ask and answer, and pass the staff member as the history's `actor`.
"""

from datetime import date, datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from scheduling import availability, screening, selectors
from scheduling.models import Booking, BookingRules, Location, Service
from scheduling.services.booking import (
    ChangeClosed,
    Patient,
    SlotNotOffered,
    SlotTaken,
    booking_cancel,
    booking_create,
    booking_reschedule,
)
from scheduling.staff_forms import CallerForm, FindTimesForm, MoveForm, StartForm

TAKEN = "That time was just taken by another booking. Choose another time."
TEMPLATES = "admin/scheduling/booking/front_desk/"


def urls(model_admin) -> list:
    site = model_admin.admin_site

    def view(function):
        return site.admin_view(lambda request, **kwargs: function(model_admin, request, **kwargs))

    return [
        path("phone/", view(phone_booking), name="scheduling_booking_phone"),
        path("<int:pk>/summary/", view(summary), name="scheduling_booking_summary"),
        path("<int:pk>/move/", view(move), name="scheduling_booking_move"),
        path("<int:pk>/cancel/", view(cancel), name="scheduling_booking_cancel"),
    ]


def day_slots(
    *,
    service: Service,
    location: Location,
    therapist_id: int | None,
    day: date,
    override: bool,
    exclude_booking_id: int | None = None,
) -> list[availability.Slot]:
    """The free times on one day at a location: the list the patient sees, or with the
    notice and horizon lifted; the engine never lists a time that overlaps a booking."""
    rules = BookingRules.current()
    slots = selectors.free_slots(
        service=service,
        location=location,
        therapist_id=therapist_id,
        rules=selectors.staff_rules(rules) if override else rules,
        exclude_booking_id=exclude_booking_id,
    )
    return [slot for slot in slots if slot.start.astimezone(location.zone).date() == day]


def start_choices(slots: list[availability.Slot], location: Location) -> list[tuple[str, str]]:
    tz = location.zone
    return [(slot.start.isoformat(), f"{slot.start.astimezone(tz):%I:%M %p}") for slot in slots]


def page(
    model_admin,
    request,
    template: str,
    title: str,
    status: int = 200,
    location: Location | None = None,
    **context,
):
    """The page, rendered now with the location's zone active: the `date` filter shows
    the time on that location's clock (the site's zone when none is known yet)."""
    forms_shown = [context.get("find"), context.get("form")]
    context = {
        "has_errors": any(form is not None and form.errors for form in forms_shown),
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        **context,
    }
    response = TemplateResponse(request, TEMPLATES + template, context, status=status)
    with timezone.override(location.zone if location else None):
        return response.render()


def _require(request, permission: str) -> None:
    if not request.user.has_perm(f"scheduling.{permission}"):
        raise PermissionDenied


def phone_booking(model_admin, request):
    """Find a free time for a caller and book it, in one page."""
    _require(request, "add_booking")
    today = timezone.localdate(timezone=selectors.clinic_zone())
    find = FindTimesForm(request.GET or None, initial={"day": today})
    form, slots, status, location = None, [], 200, None
    if find.is_valid():
        values = find.cleaned_data
        therapist = find.chosen_therapist()
        location = find.chosen_location()
        slots = day_slots(
            service=values["service"],
            location=location,
            therapist_id=therapist.pk if therapist else None,
            day=values["day"],
            override=values["override"],
        )
        form = CallerForm(request.POST or None, starts=start_choices(slots, location))
        if request.method == "POST" and form.is_valid():
            try:
                booking = booking_create(
                    service=values["service"],
                    therapist=therapist,
                    start=datetime.fromisoformat(form.cleaned_data["start"]),
                    patient=Patient(
                        name=form.cleaned_data["name"],
                        email=form.cleaned_data["email"],
                        phone=form.cleaned_data["phone"],
                    ),
                    intake=form.intake(),
                    screening_flags=form.flags(),
                    consent_at=timezone.now(),
                    location=location,
                    by_staff=True,
                    override_notice=values["override"],
                    actor=request.user,
                )
            except SlotTaken:
                form.add_error("start", TAKEN)
                status = 409
            except SlotNotOffered as problem:
                form.add_error("start", str(problem))
            else:
                return redirect("admin:scheduling_booking_summary", pk=booking.pk)
        elif request.method == "POST":
            status = 400
    return page(
        model_admin,
        request,
        "phone.html",
        "Book for a caller",
        status=status,
        location=location,
        find=find,
        form=form,
        slots=slots,
        questions=screening.questions(),
    )


def summary(model_admin, request, pk: int):
    """What to read back to the caller, or print: never the intake."""
    _require(request, "view_booking")
    booking = get_object_or_404(
        Booking.objects.select_related("service", "therapist", "location"), pk=pk
    )
    return page(
        model_admin,
        request,
        "summary.html",
        f"Booking for {booking.patient_name}",
        location=booking.location,
        booking=booking,
        start=booking.start.astimezone(booking.location.zone),
        advice=screening.advice(booking.screening_flags),
    )


def move(model_admin, request, pk: int):
    """Move a booking to another free time with the same therapist."""
    _require(request, "change_booking")
    booking = get_object_or_404(
        Booking.objects.select_related("service", "therapist", "location"), pk=pk
    )
    current = booking.start.astimezone(booking.location.zone)
    find = MoveForm(request.GET or {"day": current.date().isoformat()})  # the booking's day first
    form, status = None, 200
    if booking.status != Booking.Status.CONFIRMED:
        messages.error(request, "Only a confirmed booking can be moved.")
        return redirect("admin:scheduling_booking_change", booking.pk)
    if find.is_valid():
        override = find.cleaned_data["override"]
        slots = day_slots(
            service=booking.service,
            location=booking.location,
            therapist_id=booking.therapist_id,
            day=find.cleaned_data["day"],
            override=override,
            exclude_booking_id=booking.pk,
        )
        form = StartForm(request.POST or None, starts=start_choices(slots, booking.location))
        if request.method == "POST" and form.is_valid():
            try:
                booking_reschedule(
                    booking=booking,
                    start=datetime.fromisoformat(form.cleaned_data["start"]),
                    by_staff=True,
                    override_notice=override,
                    actor=request.user,
                )
            except SlotTaken:
                form.add_error("start", TAKEN)
                status = 409
            except SlotNotOffered as problem:
                form.add_error("start", str(problem))
            except ChangeClosed:
                messages.error(request, "Only a confirmed booking can be moved.")
                return redirect("admin:scheduling_booking_change", booking.pk)
            else:
                messages.success(request, f"Moved the booking for {booking.patient_name}.")
                return redirect("admin:scheduling_booking_summary", pk=booking.pk)
        elif request.method == "POST":
            status = 400
    return page(
        model_admin,
        request,
        "move.html",
        f"Move the booking for {booking.patient_name}",
        status=status,
        location=booking.location,
        booking=booking,
        current=current,
        find=find,
        form=form,
    )


def cancel(model_admin, request, pk: int):
    """Ask once, then cancel: the patient is emailed when they gave an address."""
    _require(request, "change_booking")
    booking = get_object_or_404(
        Booking.objects.select_related("service", "therapist", "location"), pk=pk
    )
    if request.method == "POST":
        try:
            booking_cancel(booking=booking, by_staff=True, actor=request.user)
        except ChangeClosed:
            messages.error(request, "This booking is not confirmed, so it cannot be cancelled.")
        else:
            messages.success(request, f"Cancelled the booking for {booking.patient_name}.")
        return redirect(reverse("admin:scheduling_booking_change", args=[booking.pk]))
    return page(
        model_admin,
        request,
        "cancel.html",
        f"Cancel the booking for {booking.patient_name}?",
        location=booking.location,
        booking=booking,
        start=booking.start.astimezone(booking.location.zone),
    )
