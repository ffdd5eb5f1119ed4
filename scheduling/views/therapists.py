"""Our therapists: who they are, what they offer, and a way to book with them."""

import json

from django.conf import settings
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, ListView

from content.structured_data import postal_address
from scheduling import selectors
from scheduling.models import Location, Therapist


def place_json_ld(location: Location) -> dict:
    """A location as schema.org Place, its address in the clinic's country."""
    fields = ("street", "locality", "region", "postal_code")
    address = {key: getattr(location, key) for key in fields}
    return {
        "@type": "Place",
        "name": location.name,
        "address": postal_address({**address, "country": settings.CLINIC["country"]}),
    }


def therapist_json_ld(therapist: Therapist, places: list[Location]) -> str:
    clinic = settings.CLINIC
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": therapist.name,
        "honorificSuffix": therapist.credentials,
        "description": therapist.bio,
        "knowsAbout": therapist.technique_list + therapist.condition_list,
        "url": settings.SITE_URL + therapist.get_absolute_url(),
        "worksFor": {
            "@type": "Physiotherapy",
            "name": clinic["name"],
            "telephone": clinic["phone"],
            "address": postal_address(clinic),
        },
        "workLocation": [place_json_ld(location) for location in places],
    }
    # Escape "<" so no text can close the script element.
    return mark_safe(json.dumps(data).replace("<", "\\u003c"))  # noqa: S308


class TherapistListView(ListView):
    queryset = Therapist.objects.active()
    template_name = "scheduling/therapist_list.html"
    context_object_name = "therapists"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["any_demo"] = any(therapist.is_demo for therapist in context["therapists"])
        return context


class TherapistDetailView(DetailView):
    queryset = Therapist.objects.active()
    template_name = "scheduling/therapist_detail.html"
    context_object_name = "therapist"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["places"] = selectors.therapist_places(self.object)
        # A made-up therapist is never described to search engines as a real person.
        if not self.object.is_demo:
            places = [location for location, _ in context["places"]]
            context["json_ld"] = therapist_json_ld(self.object, places)
        return context
