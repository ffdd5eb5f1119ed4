"""The waitlist's pages: join when a day is full, book an offered time, leave the list.

The offer and leave links carry a token whose hash alone is stored, as the booking
manage links do; nothing the patient typed goes into a URL.
"""

from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited

from hwypt.http import allow
from scheduling.forms import ScreeningForm
from scheduling.models import BookingRules, Service, Therapist, WaitlistEntry, WaitlistOffer
from scheduling.services.waitlist import WaitlistDaysInvalid, waitlist_join, waitlist_leave
from scheduling.services.waitlist_booking import OfferGone, offer_state, waitlist_offer_book
from scheduling.views.confirm import DONE_KEY
from scheduling.views.flow import (
    SESSION_KEY,
    STARTED_AGAIN,
    flow_location,
    flow_summary,
    get_flow,
)
from scheduling.waitlist_forms import JoinForm

JOINED_KEY = "waitlist_joined"


def wanted_day(value: str, today: date) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return today
    return max(day, today)


@allow("GET", "POST")
@never_cache
def join(request):
    flow = get_flow(request)
    service = Service.objects.active().filter(pk=flow.get("service")).first()
    location = flow_location(request)
    if service is None or location is None:
        messages.info(request, STARTED_AGAIN)
        return redirect("scheduling:start")
    chosen = flow.get("therapist")
    therapist = None
    if chosen not in (None, "any"):
        therapist = Therapist.objects.active().filter(pk=chosen).first()
    today = timezone.now().astimezone(location.zone).date()
    days = [today + timedelta(days=n) for n in range(BookingRules.current().horizon_days + 1)]
    if request.method == "POST":
        # Each joining sends an email: limited per address like booking submissions.
        if is_ratelimited(
            request,
            group="scheduling:waitlist-join",
            key="ip",
            rate=settings.BOOKING_RATE_LIMIT,
            method="POST",
            increment=True,
        ):
            return render(request, "scheduling/flow/rate_limited.html", status=429)
        form = JoinForm(request.POST, days=days)
        if form.is_valid():
            if form.cleaned_data["website"]:  # a bot filled in the hidden field
                return render(request, "scheduling/flow/received.html")
            try:
                entry = waitlist_join(
                    service=service,
                    therapist=therapist,
                    location=location,
                    first_day=form.cleaned_data["first_day"],
                    last_day=form.cleaned_data["last_day"],
                    part_of_day=form.cleaned_data["part_of_day"],
                    contact=form.contact(),
                )
            except WaitlistDaysInvalid as problem:
                form.add_error("first_day", str(problem))
            else:
                request.session[JOINED_KEY] = entry.pk
                return redirect("scheduling:waitlist-joined")
    else:
        first_day = wanted_day(request.GET.get("day", ""), today)
        form = JoinForm(
            initial={**flow.get("details", {}), "first_day": first_day.isoformat()}, days=days
        )
    return render(
        request,
        "scheduling/waitlist/join.html",
        {
            "form": form,
            "service": service,
            "therapist": therapist,
            "so_far": [line for line in flow_summary(request) if line[0] != "When"],
            "back_url": reverse("scheduling:time"),
        },
    )


@allow("GET")
@never_cache
def joined(request):
    entry = WaitlistEntry.objects.filter(pk=request.session.get(JOINED_KEY)).first()
    if entry is None:
        return redirect("scheduling:start")
    # The booking flow's answers are not needed any more; the entry has what it needs.
    request.session.pop(SESSION_KEY, None)
    return render(request, "scheduling/waitlist/joined.html", {"entry": entry})


def not_found(request):
    return render(request, "scheduling/waitlist/not_found.html", status=404)


@allow("GET", "POST")
@never_cache
def leave(request, token: str):
    entry = WaitlistEntry.objects.for_token(token).select_related("service").first()
    if entry is None:
        return not_found(request)
    if request.method == "POST" and entry.left_at is None:
        entry = waitlist_leave(entry=entry)
        return render(request, "scheduling/waitlist/left.html", {"entry": entry, "now": True})
    template = "left.html" if entry.left_at else "leave.html"
    return render(request, f"scheduling/waitlist/{template}", {"entry": entry})


@allow("GET", "POST")
@never_cache
def offer(request, token: str):
    found = (
        WaitlistOffer.objects.for_token(token)
        .select_related("entry__service", "entry__location", "entry__booking", "therapist")
        .first()
    )
    if found is None:
        return not_found(request)
    state = offer_state(offer=found, now=timezone.now())
    # The booking flow's safety questions, on this one page; the hold stands meanwhile.
    form = ScreeningForm(request.POST if request.method == "POST" else None)
    if state == "open" and form.is_valid():
        try:
            booking = waitlist_offer_book(offer=found, screening_answers=form.answers())
        except OfferGone as gone:
            state = gone.reason
        else:
            request.session[DONE_KEY] = booking.pk
            return redirect("scheduling:done")
    tz = found.entry.location.zone
    return render(
        request,
        "scheduling/waitlist/offer.html",
        {
            "offer": found,
            "form": form if state == "open" else None,
            "entry": found.entry,
            "state": state,
            "start": found.start.astimezone(tz),
            "expires": found.expires_at.astimezone(tz),
            "leave_url": found.entry.leave_url(),
        },
        status={"open": 200, "booked": 200, "taken": 409}.get(state, 410),
    )
