"""The manage link from the email: view, cancel or move one booking."""

from datetime import date, datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.cache import never_cache

from hwypt.http import allow
from scheduling import forms, selectors
from scheduling.models import Booking, BookingRules
from scheduling.services.booking import (
    ChangeClosed,
    SlotNotOffered,
    SlotTaken,
    booking_cancel,
    booking_reschedule,
    can_change,
    change_deadline,
)
from scheduling.views.zone import render_at


def booking_for(token: str) -> Booking:
    booking = (
        Booking.objects.for_token(token).select_related("service", "therapist", "location").first()
    )
    if booking is None:
        raise Http404("No booking for this link.")
    return booking


@allow("GET")
@never_cache
def manage(request, token: str):
    booking = booking_for(token)
    tz = booking.location.zone
    return render_at(
        request,
        booking.location,
        "scheduling/manage/detail.html",
        {
            "booking": booking,
            "start": booking.start.astimezone(tz),
            "can_change": can_change(booking=booking),
            "window_hours": BookingRules.current().cancellation_window_hours,
            "token": token,
        },
    )


@allow("GET", "POST")
@never_cache
def cancel(request, token: str):
    booking = booking_for(token)
    if not can_change(booking=booking):
        return redirect("scheduling:manage", token=token)
    if request.method == "POST":
        try:
            booking_cancel(booking=booking)
        except ChangeClosed:
            pass
        else:
            messages.success(request, "Your booking is cancelled. We have sent you an email.")
        return redirect("scheduling:manage", token=token)
    tz = booking.location.zone
    return render_at(
        request,
        booking.location,
        "scheduling/manage/cancel.html",
        {"booking": booking, "start": booking.start.astimezone(tz), "token": token},
    )


@allow("GET", "POST")
@never_cache
def move(request, token: str):
    """Pick a new time with the same therapist: days as links, times as radios."""
    booking = booking_for(token)
    if not can_change(booking=booking):
        return redirect("scheduling:manage", token=token)
    tz = booking.location.zone
    slots = selectors.free_slots(
        service=booking.service,
        location=booking.location,
        therapist_id=booking.therapist_id,
        exclude_booking_id=booking.pk,
    )
    days = sorted({slot.start.astimezone(tz).date() for slot in slots})
    try:
        day = date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = days[0] if days else None
    form = forms.TimeForm(request.POST or None, starts=[s.start.isoformat() for s in slots])
    if request.method == "POST" and form.is_valid():
        start = datetime.fromisoformat(form.cleaned_data["start"])
        try:
            booking_reschedule(booking=booking, start=start)
        except (SlotTaken, SlotNotOffered):
            form.add_error("start", "That time was just taken. Please choose another time.")
        except ChangeClosed:
            return redirect("scheduling:manage", token=token)
        else:
            messages.success(request, "Your booking has moved. We have sent you an email.")
            return redirect("scheduling:manage", token=token)
    # A time inside the change window is said so before it is chosen, as in the flow:
    # once moved there, the booking could not be changed online again.
    now = timezone.now()
    rules = BookingRules.current()
    times = [
        {
            "value": slot.start.isoformat(),
            "local": slot.start.astimezone(tz),
            "fixed": change_deadline(start=slot.start, rules=rules) < now,
        }
        for slot in slots
        if slot.start.astimezone(tz).date() == day
    ]
    return render_at(
        request,
        booking.location,
        "scheduling/manage/move.html",
        {
            "booking": booking,
            "start": booking.start.astimezone(tz),
            "form": form,
            "days": days[:14],
            "day": day,
            "times": times,
            "any_fixed": any(time["fixed"] for time in times),
            "window_hours": rules.cancellation_window_hours,
            "token": token,
        },
    )
