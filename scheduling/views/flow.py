"""The booking flow: one question group per page, state kept in the session.

Nothing the patient types goes into a URL; Back links are plain links to the
previous page, which shows what was entered from the session. The session ends
FLOW_MINUTES after the flow starts and no page is cached, so health answers do
not stay behind on a shared computer; a finished booking leaves none in it.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from scheduling import availability, forms, selectors
from scheduling.models import Service, Therapist

SESSION_KEY = "booking_flow"
DONE_KEY = "booking_done"
DAYS_PER_PAGE = 10
FLOW_MINUTES = 30


def get_flow(request) -> dict:
    """What the visitor answered so far. Reading writes nothing: a visitor who only
    looks at the first page leaves no session row behind."""
    return request.session.get(SESSION_KEY, {})


def save_flow(request, **values) -> None:
    if SESSION_KEY not in request.session:
        # A fixed end, not a sliding one: answers left on a shared computer go away.
        request.session.set_expiry(timezone.now() + timedelta(minutes=FLOW_MINUTES))
        request.session[SESSION_KEY] = {}
    request.session[SESSION_KEY].update(values)
    request.session.modified = True


def flow_slots(flow: dict) -> list[availability.Slot]:
    location = selectors.clinic_location()
    service = Service.objects.active().filter(pk=flow.get("service")).first()
    if location is None or service is None:
        return []
    therapist = flow.get("therapist")
    return selectors.free_slots(
        service=service,
        location=location,
        therapist_id=None if therapist in (None, "any") else int(therapist),
    )


@method_decorator(never_cache, name="dispatch")
class Step(View):
    """One page of the flow: show the form with what was entered, save, go on."""

    template_name = ""
    form_class = None
    requires: tuple[str, ...] = ()
    back: str | None = None
    next: str = ""
    back_to_check = False

    def form_kwargs(self) -> dict:
        return {}

    def initial(self, flow: dict) -> dict:
        return {}

    def save(self, form) -> None:
        save_flow(self.request, **form.cleaned_data)

    def context(self, form) -> dict:
        return {}

    def dispatch(self, request, *args, **kwargs):
        flow = get_flow(request)
        if any(key not in flow for key in self.requires):
            return redirect("scheduling:start")
        return super().dispatch(request, *args, **kwargs)

    def render_form(self, form, status=200) -> HttpResponse:
        context = {
            "form": form,
            "flow": get_flow(self.request),
            "back_url": reverse(self.back) if self.back else None,
            **self.context(form),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        form = self.form_class(initial=self.initial(get_flow(request)), **self.form_kwargs())
        return self.render_form(form)

    def post(self, request):
        form = self.form_class(request.POST, **self.form_kwargs())
        if not form.is_valid():
            return self.render_form(form)
        response = self.save(form)
        if response:
            return response
        if self.back_to_check and "screening" in get_flow(request):
            return redirect("scheduling:check")  # a change from "check your answers"
        return redirect(self.next)


class ServiceStep(Step):
    template_name = "scheduling/flow/service.html"
    form_class = forms.ServiceForm
    next = "scheduling:therapist"

    def get(self, request):
        # From a therapist's page; an old or mistyped link just starts without a choice.
        slug = request.GET.get("therapist")
        therapist = Therapist.objects.active().filter(slug=slug).first() if slug else None
        if therapist is not None:
            save_flow(request, therapist=str(therapist.pk))
        return super().get(request)

    def initial(self, flow):
        return {"service": flow.get("service")}

    def save(self, form):
        service = form.cleaned_data["service"].pk
        if get_flow(self.request).get("service") != service:
            get_flow(self.request).pop("start", None)
        save_flow(self.request, service=service)


class TherapistStep(Step):
    template_name = "scheduling/flow/therapist.html"
    form_class = forms.TherapistForm
    requires = ("service",)
    back = "scheduling:start"
    next = "scheduling:day"

    def form_kwargs(self):
        return {"therapists": Therapist.objects.active()}

    def initial(self, flow):
        return {"therapist": flow.get("therapist")}

    def save(self, form):
        therapist = form.cleaned_data["therapist"]
        if get_flow(self.request).get("therapist") != therapist:
            get_flow(self.request).pop("start", None)
        save_flow(self.request, therapist=therapist)


class DayStep(Step):
    template_name = "scheduling/flow/day.html"
    form_class = forms.DayForm
    requires = ("service", "therapist")
    back = "scheduling:therapist"
    next = "scheduling:time"

    def all_days(self) -> list[date]:
        if not hasattr(self, "_days"):
            tz = selectors.clinic_zone()
            self._days = sorted(
                {slot.start.astimezone(tz).date() for slot in flow_slots(get_flow(self.request))}
            )
        return self._days

    def shown_days(self) -> list[date]:
        after = self.request.GET.get("after", "")
        days = self.all_days()
        try:
            after_day = date.fromisoformat(after)
        except ValueError:
            after_day = None
        if after_day:
            days = [d for d in days if d > after_day]
        return days[:DAYS_PER_PAGE]

    def form_kwargs(self):
        # A POST may choose any offered day, not only those on this page.
        days = self.all_days() if self.request.method == "POST" else self.shown_days()
        return {"days": days}

    def initial(self, flow):
        return {"day": flow.get("day")}

    def context(self, form):
        shown = self.shown_days()
        later = shown and self.all_days()[-1] > shown[-1]
        return {"later_after": shown[-1].isoformat() if later else None}


class TimeStep(Step):
    back_to_check = True
    template_name = "scheduling/flow/time.html"
    form_class = forms.TimeForm
    requires = ("service", "therapist", "day")
    back = "scheduling:day"
    next = "scheduling:details"

    def slots(self):
        if not hasattr(self, "_slots"):
            self._slots = flow_slots(get_flow(self.request))
        return self._slots

    def form_kwargs(self):
        return {"starts": [slot.start.isoformat() for slot in self.slots()]}

    def initial(self, flow):
        return {"start": flow.get("start")}

    def context(self, form):
        tz = selectors.clinic_zone()
        day = date.fromisoformat(get_flow(self.request)["day"])
        groups = defaultdict(list)
        for slot in self.slots():
            local = slot.start.astimezone(tz)
            if local.date() == day:
                groups[availability.part_of_day(slot.start, tz)].append(
                    (slot.start.isoformat(), local)
                )
        return {"day": day, "groups": [(name, groups[name]) for name in PARTS if groups[name]]}

    def save(self, form):
        start = datetime.fromisoformat(form.cleaned_data["start"])
        save_flow(
            self.request,
            start=start.isoformat(),
            day=start.astimezone(selectors.clinic_zone()).date().isoformat(),
        )


PARTS = ["Morning", "Afternoon", "Evening"]


class DetailsStep(Step):
    back_to_check = True
    template_name = "scheduling/flow/details.html"
    form_class = forms.DetailsForm
    requires = ("service", "therapist", "day", "start")
    back = "scheduling:time"
    next = "scheduling:intake"

    def initial(self, flow):
        return flow.get("details", {})

    def save(self, form):
        if form.cleaned_data["website"]:
            # A bot filled in the hidden field: thank it and keep nothing.
            self.request.session.pop(SESSION_KEY, None)
            return render(self.request, "scheduling/flow/received.html")
        details = {k: form.cleaned_data[k] for k in ("name", "email", "phone")}
        save_flow(self.request, details=details)
        return None


class IntakeStep(Step):
    back_to_check = True
    template_name = "scheduling/flow/intake.html"
    form_class = forms.IntakeForm
    requires = ("service", "therapist", "start", "details")
    back = "scheduling:details"
    next = "scheduling:screening"

    def initial(self, flow):
        return flow.get("intake", {})

    def save(self, form):
        save_flow(self.request, intake=form.cleaned_data)


class ScreeningStep(Step):
    back_to_check = True
    template_name = "scheduling/flow/screening.html"
    form_class = forms.ScreeningForm
    requires = ("service", "therapist", "start", "details", "intake")
    back = "scheduling:intake"
    next = "scheduling:check"

    def initial(self, flow):
        return flow.get("screening", {})

    def save(self, form):
        save_flow(self.request, screening=form.cleaned_data)
