from django.urls import path

from content.caching import shared_page
from scheduling.views import calendar_feed, confirm, flow, manage, therapists, waitlist

app_name = "scheduling"

urlpatterns = [
    path("", flow.ServiceStep.as_view(), name="start"),
    # Shared from the page cache for visitors who have not started (see the view).
    path("location/", shared_page(flow.LocationStep.as_view()), name="location"),
    path("therapist/", flow.TherapistStep.as_view(), name="therapist"),
    path("day/", flow.DayStep.as_view(), name="day"),
    path("time/", flow.TimeStep.as_view(), name="time"),
    path("details/", flow.DetailsStep.as_view(), name="details"),
    path("intake/", flow.IntakeStep.as_view(), name="intake"),
    path("screening/", flow.ScreeningStep.as_view(), name="screening"),
    path("safety/", flow.SafetyAdvice.as_view(), name="safety"),
    path("check/", confirm.CheckStep.as_view(), name="check"),
    path("done/", confirm.done, name="done"),
    path("manage/<str:token>/", manage.manage, name="manage"),
    path("manage/<str:token>/cancel/", manage.cancel, name="manage-cancel"),
    path("manage/<str:token>/move/", manage.move, name="manage-move"),
    path("waitlist/", waitlist.join, name="waitlist-join"),
    path("waitlist/joined/", waitlist.joined, name="waitlist-joined"),
    path("waitlist/offer/<str:token>/", waitlist.offer, name="waitlist-offer"),
    path("waitlist/leave/<str:token>/", waitlist.leave, name="waitlist-leave"),
    path(
        "calendar/<str:token>.ics",
        calendar_feed.therapist_calendar,
        name="therapist-calendar",
    ),
    path("therapists/", therapists.TherapistListView.as_view(), name="therapist-list"),
    path(
        "therapists/<slug:slug>/",
        therapists.TherapistDetailView.as_view(),
        name="therapist-detail",
    ),
]
