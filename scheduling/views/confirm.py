"""The booking flow's last steps: check your answers, confirm, and the confirmation page."""

from datetime import datetime

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited

from hwypt.http import allow
from scheduling import availability, forms, screening
from scheduling.models import Booking, Service, Therapist
from scheduling.services.booking import Patient, SlotNotOffered, SlotTaken, booking_create
from scheduling.views.flow import (
    DONE_KEY,
    SESSION_KEY,
    Step,
    asks_location,
    flow_location,
    flow_slots,
    get_flow,
)
from scheduling.views.zone import render_at


class CheckStep(Step):
    template_name = "scheduling/flow/check.html"
    form_class = forms.CheckForm
    requires = ("service", "therapist", "start", "details", "intake", "screening")
    back = "scheduling:screening"
    next = "scheduling:done"

    def back_url(self):
        answers = get_flow(self.request)["screening"]
        return reverse("scheduling:safety" if screening.flags(answers) else self.back)

    def context(self, form):
        flow = get_flow(self.request)
        therapist = flow["therapist"]
        if therapist != "any":
            therapist = Therapist.objects.filter(pk=therapist).first()
        location = flow_location(self.request)
        return {
            "location": location,
            "can_change_location": asks_location(self.request),
            "service": Service.objects.filter(pk=flow["service"]).first(),
            "therapist": None if therapist == "any" else therapist,
            "start": datetime.fromisoformat(flow["start"]).astimezone(location.zone),
            "details": flow["details"],
            "intake": flow["intake"],
            "how_long": dict(forms.HOW_LONG).get(flow["intake"].get("how_long")),
            "applies": [
                q.text for q in screening.questions() if flow["screening"].get(q.key) == "yes"
            ],
            "advice": screening.advice(screening.flags(flow["screening"])),
        }

    def post(self, request):
        if is_ratelimited(
            request,
            group="scheduling:booking-submit",
            key="ip",
            rate=settings.BOOKING_RATE_LIMIT,
            method="POST",
            increment=True,
        ):
            return render(request, "scheduling/flow/rate_limited.html", status=429)
        return super().post(request)

    def save(self, form):
        flow = get_flow(self.request)
        service = get_object_or_404(Service.objects.active(), pk=flow["service"])
        therapist = None
        if flow["therapist"] != "any":
            therapist = get_object_or_404(Therapist.objects.active(), pk=flow["therapist"])
        start = datetime.fromisoformat(flow["start"])
        flags = screening.flags(flow["screening"])
        try:
            booking = booking_create(
                service=service,
                therapist=therapist,
                start=start,
                patient=Patient(**flow["details"]),
                intake={**flow["intake"], "screening": flow["screening"]},
                screening_flags=flags,
                consent_at=timezone.now(),
                location=flow_location(self.request),
            )
        except SlotTaken:
            return self.taken(start)
        except SlotNotOffered as problem:
            form.add_error(None, str(problem))
            return self.render_form(form)
        self.request.session.pop(SESSION_KEY, None)
        self.request.session[DONE_KEY] = booking.pk
        return None

    def taken(self, wanted: datetime) -> HttpResponse:
        location = flow_location(self.request)
        slots = availability.nearest(flow_slots(get_flow(self.request), location), wanted, count=4)
        tz = location.zone
        form = forms.TimeForm(starts=[slot.start.isoformat() for slot in slots])
        choices = [(slot.start.isoformat(), slot.start.astimezone(tz)) for slot in slots]
        return render_at(
            self.request,
            location,
            "scheduling/flow/taken.html",
            {"form": form, "choices": choices},
            status=409,
        )


@allow("GET")
@never_cache
def done(request):
    booking_id = request.session.get(DONE_KEY)
    if booking_id is None:
        return redirect("scheduling:start")
    booking = get_object_or_404(
        Booking.objects.select_related("service", "therapist", "location"), pk=booking_id
    )
    tz = booking.location.zone
    return render_at(
        request,
        booking.location,
        "scheduling/flow/done.html",
        {
            "booking": booking,
            "start": booking.start.astimezone(tz),
            "applies": screening.answered_yes(dict.fromkeys(booking.screening_flags, "yes")),
            "advice": screening.advice(booking.screening_flags),
            "manage_url": booking.manage_url(),
        },
    )
