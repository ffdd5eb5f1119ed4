"""Pages about a booking or a location show the clock on that location's wall.

Django's `date` filter turns every aware time into the active time zone (the
site's `TIME_ZONE` unless told otherwise), so converting a time before rendering
is not enough: the location's zone must be the active one while the page renders.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from scheduling.models import Location


def render_at(
    request, location: Location | None, template_name: str, context: dict, status: int = 200
) -> HttpResponse:
    """`render`, with the location's zone active (the site's default without one)."""
    with timezone.override(location.zone if location else None):
        return render(request, template_name, context, status=status)
