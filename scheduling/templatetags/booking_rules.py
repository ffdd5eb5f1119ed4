"""The booking rules as pages and emails quote them, so every wording agrees."""

from datetime import datetime

from django import template

from scheduling import selectors
from scheduling.models import Booking, Service
from scheduling.services.booking import can_change, change_deadline

register = template.Library()


@register.filter
def changeable_until(visit: Booking | datetime) -> datetime:
    """The last moment a booking can be moved or cancelled online, in its location's
    zone; given only a start time (no location known), in the clinic's first zone."""
    if isinstance(visit, Booking):
        return change_deadline(start=visit.start).astimezone(visit.location.zone)
    return change_deadline(start=visit).astimezone(selectors.clinic_zone())


@register.filter
def changeable_online(booking) -> bool:
    """Whether the patient can still move or cancel this booking online, now."""
    return can_change(booking=booking)


@register.simple_tag
def bookable_services():
    """The services a page can link straight to, answering the flow's first question."""
    return list(Service.objects.active())
