"""Our therapists: who they are, what they offer, and a way to book with them."""

import json

from django.conf import settings
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, ListView

from content.structured_data import postal_address
from scheduling.models import Therapist


def therapist_json_ld(therapist: Therapist) -> str:
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
        # A made-up therapist is never described to search engines as a real person.
        if not self.object.is_demo:
            context["json_ld"] = therapist_json_ld(self.object)
        return context
