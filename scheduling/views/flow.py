"""The booking flow: one question per page, state kept in the session.

Nothing the patient types goes into a URL; Back links are plain links to the
previous page, which shows what was entered from the session. The session ends
FLOW_MINUTES after the flow starts and no page is cached, so health answers do
not stay behind on a shared computer; a finished booking leaves none in it.

The usual path is short: which clinic (asked only when there are two or more
locations), what to book (skipped when the clinic offers one service, or chosen
on the home page), a time from a few suggestions, your details, about your visit,
the safety questions (after a "yes", a page on what it means), check and confirm.
Choosing a therapist or another day are links off the time page.
"""

from datetime import date, datetime, timedelta

from django.contrib import messages
from django.forms.models import ModelChoiceIteratorValue
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from scheduling import availability, forms, screening, selectors, suggestions
from scheduling.models import BookingRules, Location, Service, Therapist
from scheduling.views.zone import render_at

SESSION_KEY = "booking_flow"
DONE_KEY = "booking_done"
DAYS_PER_PAGE = 10
FLOW_MINUTES = 30
STARTED_AGAIN = (
    "For your privacy, answers are cleared 30 minutes after you start, so we could not "
    "find yours. Please start again: it only takes a few minutes."
)


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


def bookable_locations(request) -> list[Location]:
    """The active locations, read once per request."""
    if not hasattr(request, "_bookable_locations"):
        request._bookable_locations = selectors.bookable_locations()
    return request._bookable_locations


def asks_location(request) -> bool:
    return len(bookable_locations(request)) > 1


def flow_location(request) -> Location | None:
    """The location the patient chose, or the clinic's only one (then nobody is asked)."""
    locations = bookable_locations(request)
    if len(locations) == 1:
        return locations[0]
    chosen = get_flow(request).get("location")
    return next((location for location in locations if location.pk == chosen), None)


def choose_location(request, location: Location) -> None:
    """A new location clears the time, and a therapist who does not work there."""
    flow = get_flow(request)
    if flow.get("location") != location.pk:
        flow.pop("start", None)
        therapist = flow.get("therapist", "any")
        if therapist != "any" and not (
            Therapist.objects.working_at(location).filter(pk=therapist).exists()
        ):
            flow["therapist"] = "any"
    save_flow(request, location=location.pk)


def flow_slots(flow: dict, location: Location | None) -> list[availability.Slot]:
    service = Service.objects.active().filter(pk=flow.get("service")).first()
    if location is None or service is None:
        return []
    therapist = flow.get("therapist")
    return selectors.free_slots(
        service=service,
        location=location,
        therapist_id=None if therapist in (None, "any") else int(therapist),
    )


def flow_summary(request) -> list[tuple[str, str]]:
    """The choices so far, as short lines for the top of each page."""
    flow = get_flow(request)
    lines = []
    if not flow:
        return lines  # the first page, for a visitor who has answered nothing: no query
    location = flow_location(request)
    if location is not None and asks_location(request):
        lines.append(("Where", location.name))
    service = Service.objects.filter(pk=flow.get("service")).first()
    if service:
        lines.append(("What", f"{service.name} ({service.duration_minutes} minutes)"))
    therapist = flow.get("therapist")
    if therapist and therapist != "any":
        chosen = Therapist.objects.filter(pk=therapist).first()
        lines.append(("With", chosen.name if chosen else "No preference"))
    elif service:
        lines.append(("With", "No preference: the first therapist free"))
    if flow.get("start") and location is not None:
        local = datetime.fromisoformat(flow["start"]).astimezone(location.zone)
        lines.append(("When", f"{local:%A, %B} {local.day} at {local:%-I:%M %p}"))
    return lines


@method_decorator(never_cache, name="dispatch")
class FlowPage(View):
    """A page of the flow that needs the answers before it; without them, start again."""

    requires: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        flow = get_flow(request)
        if any(key not in flow for key in self.requires):
            messages.info(request, STARTED_AGAIN)
            return redirect("scheduling:start")
        if self.requires and flow_location(request) is None:
            return redirect("scheduling:location")  # a second location opened mid-flow
        return super().dispatch(request, *args, **kwargs)


class Step(FlowPage):
    """One page of the flow: show the form with what was entered, save, go on."""

    template_name = ""
    form_class = None
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

    def back_url(self) -> str | None:
        return reverse(self.back) if self.back else None

    def render_form(self, form, status=200) -> HttpResponse:
        flow = get_flow(self.request)
        context = {
            "form": form,
            "flow": flow,
            "so_far": flow_summary(self.request),
            "back_url": self.back_url(),
            **self.context(form),
        }
        location = flow_location(self.request)
        return render_at(self.request, location, self.template_name, context, status=status)

    def get(self, request):
        form = self.form_class(initial=self.initial(get_flow(request)), **self.form_kwargs())
        return self.render_form(form)

    def post(self, request):
        return self.answer(request.POST)

    def answer(self, data) -> HttpResponse:
        form = self.form_class(data, **self.form_kwargs())
        if not form.is_valid():
            return self.render_form(form)
        response = self.save(form)
        if response:
            return response
        if self.back_to_check and "screening" in get_flow(self.request):
            return redirect("scheduling:check")  # a change from "check your answers"
        return redirect(self.next)


def choose_service(request, service: Service) -> None:
    flow = get_flow(request)
    if flow.get("service") != service.pk:
        flow.pop("start", None)
    save_flow(request, service=service.pk, therapist=flow.get("therapist", "any"))


class LocationStep(Step):
    """Which clinic: the first question, asked only when there are two or more.

    A GET form (the choice is no secret and nothing typed): the bare page is the same
    for every visitor who has not started, so it is shared from the page cache
    (`scheduling/urls.py`) with no CSRF cookie and no session; the answer comes back as
    `?location=` and is saved, then the visitor is sent on. A POST still works.
    """

    template_name = "scheduling/flow/location.html"
    form_class = forms.LocationForm

    def form_kwargs(self):
        return {"locations": Location.objects.active()}

    def get(self, request):
        if not asks_location(request):
            return redirect("scheduling:start")
        if request.GET:
            return self.answer(request.GET)
        return super().get(request)

    def initial(self, flow):
        return {"location": flow.get("location")}

    def context(self, form):
        chosen = str(form["location"].value())
        return {
            "places": [
                {
                    "location": location,
                    "hours": selectors.location_hours(location),
                    "zone_name": zone_words(location),
                    "chosen": str(location.pk) == chosen,
                }
                for location in bookable_locations(self.request)
            ]
        }

    def save(self, form):
        choose_location(self.request, form.cleaned_data["location"])
        return redirect(
            "scheduling:time" if "service" in get_flow(self.request) else "scheduling:start"
        )


def zone_words(location: Location) -> str:
    """The zone as a clock there reads it today: "PST", "MDT"."""
    return timezone.now().astimezone(location.zone).tzname() or location.time_zone


class ServiceStep(Step):
    template_name = "scheduling/flow/service.html"
    form_class = forms.ServiceForm
    next = "scheduling:time"

    def back_url(self):
        return reverse("scheduling:location") if asks_location(self.request) else None

    def context(self, form):
        return {"bookable": bool(bookable_locations(self.request)), "services": self.services}

    def get(self, request):
        # From a therapist's page; an old or mistyped link just starts without a choice.
        slug = request.GET.get("therapist")
        therapist = Therapist.objects.active().filter(slug=slug).first() if slug else None
        if therapist is not None:
            save_flow(request, therapist=str(therapist.pk))
            places = [location for location, _ in selectors.therapist_places(therapist)]
            if len(places) == 1:  # where they work is the answer to "which clinic"
                choose_location(request, places[0])
            elif get_flow(request).get("location") not in [p.pk for p in places]:
                get_flow(request).pop("location", None)  # ask again: they work elsewhere
        self.services = services = list(Service.objects.active())
        # A question with one answer is not asked; a link from the home page answers it.
        wanted = request.GET.get("service", "")
        chosen = next((s for s in services if str(s.pk) == wanted), None)
        if chosen is None and len(services) == 1:
            chosen = services[0]
        if chosen is not None:
            choose_service(request, chosen)
        if flow_location(request) is None and asks_location(request):
            return redirect("scheduling:location")
        if chosen is not None:
            return redirect(self.next)
        return super().get(request)

    def initial(self, flow):
        return {"service": flow.get("service")}

    def render_form(self, form, status=200):
        # The services read once for the page (they are its only question), not again
        # for the radios and the "is booking open" test. A POST with an error reads them.
        if not hasattr(self, "services"):
            self.services = list(Service.objects.active())
        field = form.fields["service"]
        field.choices = [  # as ModelChoiceIterator makes them, for the radios' hints
            (ModelChoiceIteratorValue(field.prepare_value(s), s), field.label_from_instance(s))
            for s in self.services
        ]
        return super().render_form(form, status)

    def save(self, form):
        choose_service(self.request, form.cleaned_data["service"])


class TimeStep(Step):
    """Which time suits you: a few suggestions, a day's times, or all of a day's."""

    back_to_check = True
    template_name = "scheduling/flow/time.html"
    form_class = forms.TimeForm
    requires = ("service",)
    back = "scheduling:start"
    next = "scheduling:details"

    def back_url(self):
        if Service.objects.active().count() > 1:
            return reverse(self.back)
        return reverse("scheduling:location") if asks_location(self.request) else None

    def slots(self):
        if not hasattr(self, "_slots"):
            self._slots = flow_slots(get_flow(self.request), flow_location(self.request))
        return self._slots

    def form_kwargs(self):
        return {"starts": [slot.start.isoformat() for slot in self.slots()]}

    def initial(self, flow):
        return {"start": flow.get("start")}

    def context(self, form):
        location = flow_location(self.request)
        return {
            **suggestions.time_choices(
                slots=self.slots(),
                tz=location.zone,
                now=timezone.now(),
                window=timedelta(hours=BookingRules.current().cancellation_window_hours),
                wanted_day=self.request.GET.get("day", ""),
                show_all=self.request.GET.get("all") == "1",
                chosen=form["start"].value(),
            ),
            "query": self.request.GET.urlencode(),
            "can_choose_therapist": Therapist.objects.active().working_at(location).count() > 1,
            "location": location if asks_location(self.request) else None,
            "zone_name": zone_words(location),
        }

    def save(self, form):
        start = datetime.fromisoformat(form.cleaned_data["start"])
        save_flow(
            self.request,
            start=start.isoformat(),
            day=start.astimezone(flow_location(self.request).zone).date().isoformat(),
        )


class DayStep(FlowPage):
    """Every free day as a link to its times; one click, no form to get wrong."""

    requires = ("service",)

    def get(self, request):
        location = flow_location(request)
        slots = flow_slots(get_flow(request), location)
        days = sorted({slot.start.astimezone(location.zone).date() for slot in slots})
        try:
            after = date.fromisoformat(request.GET.get("after", ""))
        except ValueError:
            after = None
        shown = [d for d in days if after is None or d > after][:DAYS_PER_PAGE]
        later = shown and days[-1] > shown[-1]
        return render_at(
            request,
            location,
            "scheduling/flow/day.html",
            {
                "days": shown,
                "later_after": shown[-1].isoformat() if later else None,
                "back_url": reverse("scheduling:time"),
                "so_far": flow_summary(request),
            },
        )

    def post(self, request):
        # A day page from before this flow had links (or left open overnight):
        # the time page explains a day that has passed or filled up.
        day = request.POST.get("day", "")
        return redirect(f"{reverse('scheduling:time')}?day={date_or_empty(day)}")


def date_or_empty(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        return ""


class TherapistStep(Step):
    template_name = "scheduling/flow/therapist.html"
    form_class = forms.TherapistForm
    requires = ("service",)
    back = "scheduling:time"
    next = "scheduling:time"

    def form_kwargs(self):
        return {"therapists": Therapist.objects.active().working_at(flow_location(self.request))}

    def initial(self, flow):
        return {"therapist": flow.get("therapist")}

    def save(self, form):
        therapist = form.cleaned_data["therapist"]
        if get_flow(self.request).get("therapist") != therapist:
            get_flow(self.request).pop("start", None)
        save_flow(self.request, therapist=therapist)


class DetailsStep(Step):
    back_to_check = True
    template_name = "scheduling/flow/details.html"
    form_class = forms.DetailsForm
    requires = ("service", "therapist", "start")
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
        return forms.ScreeningForm.initial_from(flow.get("screening"))

    def save(self, form):
        answers = form.answers()
        save_flow(self.request, screening=answers)
        if screening.flags(answers):
            return redirect("scheduling:safety")  # what a "yes" means, before the check page
        return None


class SafetyAdvice(FlowPage):
    """What each "yes" means and when to get help now, and the ways on: book or call."""

    requires = (*ScreeningStep.requires, "screening")

    def get(self, request):
        flow = get_flow(request)
        applies = screening.answered_yes(flow["screening"])
        if not applies:
            return redirect("scheduling:check")
        context = {
            "applies": applies,
            "advice": screening.advice([condition.key for condition in applies]),
            "phone": flow["details"]["phone"],
            "back_url": reverse("scheduling:screening"),
            "so_far": flow_summary(request),
        }
        return render_at(request, flow_location(request), "scheduling/flow/safety.html", context)
