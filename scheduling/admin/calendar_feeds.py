"""The therapist's private calendar link in the admin: shown on their page, made,
replaced and revoked by admin actions (the services write the history entry)."""

from django.conf import settings
from django.contrib import admin, messages
from django.utils.html import format_html

from scheduling.models import CalendarFeed
from scheduling.services.calendar_feeds import calendar_feed_issue, calendar_feed_revoke

HOW_TO_SUBSCRIBE = (
    "Give this link to the therapist only: anyone with it sees their visits (first names "
    "and initials, no health details). In Google Calendar: Other calendars, From URL; "
    "Apple Calendar: File, New Calendar Subscription; Outlook: Add calendar, Subscribe "
    "from web."
)


class CalendarFeedAdminMixin:
    """For TherapistAdmin: list `calendar_feed_link` in readonly_fields and the two
    actions in `actions`."""

    @admin.display(description="Calendar feed")
    def calendar_feed_link(self, therapist):
        feed = CalendarFeed.objects.filter(therapist=therapist).first() if therapist.pk else None
        if feed is None:
            return (
                "None. Select the therapist in the list and run "
                '"Create or replace the calendar feed link".'
            )
        return format_html(
            "<code>{}{}</code><br>Made {}. {}",
            settings.SITE_URL,
            feed.url(),
            f"{feed.issued_at:%Y-%m-%d %H:%M} UTC",
            HOW_TO_SUBSCRIBE,
        )

    @admin.action(description="Create or replace the calendar feed link", permissions=["change"])
    def issue_calendar_feed(self, request, queryset):
        for therapist in queryset:
            calendar_feed_issue(therapist=therapist, by=request.user)
        self.message_user(
            request,
            f"New calendar feed link for {queryset.count()} therapist(s); any old link no "
            "longer works. The link is on each therapist's page.",
            messages.SUCCESS,
        )

    @admin.action(description="Revoke the calendar feed link", permissions=["change"])
    def revoke_calendar_feed(self, request, queryset):
        revoked = sum(calendar_feed_revoke(therapist=t, by=request.user) for t in queryset)
        self.message_user(request, f"Revoked {revoked} calendar feed link(s).", messages.SUCCESS)
