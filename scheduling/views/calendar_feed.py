"""A therapist's private calendar subscription (`/book/calendar/<token>.ics`).

Calendar clients poll it; ConditionalGetMiddleware gives the bytes an ETag and
answers a repeat poll with 304, which works because an unchanged feed is
byte-identical (scheduling/calendar_feed.py). The token is blanked in the logs
(hwypt/logs.py) and the response is private and kept out of search engines.
"""

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from hwypt.http import allow
from scheduling.calendar_feed import feed_file
from scheduling.models import CalendarFeed


@allow("GET")
def therapist_calendar(request, token: str):
    feed = CalendarFeed.objects.for_token(token).select_related("therapist").first()
    if feed is None:
        raise Http404("No calendar for this link.")
    response = HttpResponse(
        feed_file(therapist=feed.therapist, now=timezone.now()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="hwypt-bookings.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    patch_cache_control(response, private=True, max_age=300)
    return response
