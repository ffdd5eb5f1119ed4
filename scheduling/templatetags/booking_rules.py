"""The booking rules as pages and emails quote them, so every wording agrees."""

from datetime import datetime

from django import template

from scheduling import selectors
from scheduling.models import Service
from scheduling.services.booking import can_change, change_deadline

register = template.Library()


@register.filter
def changeable_until(start: datetime) -> datetime:
    """The last moment a visit at `start` can be moved or cancelled online, clinic time."""
    return change_deadline(start=start).astimezone(selectors.clinic_zone())


@register.filter
def changeable_online(booking) -> bool:
    """Whether the patient can still move or cancel this booking online, now."""
    return can_change(booking=booking)


@register.simple_tag
def bookable_services():
    """The services a page can link straight to, answering the flow's first question."""
    return list(Service.objects.active())
