"""The clinic set-up in the admin: therapists with their hours, services, closures, rules."""

from django import forms
from django.contrib import admin

from content.forms import PhotoFormMixin
from hwypt.admin_inlines import LabelledTabularInline
from scheduling import selectors
from scheduling.admin.calendar_feeds import CalendarFeedAdminMixin
from scheduling.models import (
    BookingRules,
    Closure,
    Location,
    Service,
    Therapist,
    TimeOff,
    WorkingHours,
)


class WorkingHoursInline(LabelledTabularInline):
    model = WorkingHours


class TimeOffInline(LabelledTabularInline):
    model = TimeOff


class TherapistAdminForm(PhotoFormMixin, forms.ModelForm):
    class Meta:
        model = Therapist
        fields = [
            "name",
            "slug",
            "credentials",
            "bio",
            "photo",
            "techniques",
            "conditions",
            "is_active",
            "is_demo",
        ]


@admin.register(Therapist)
class TherapistAdmin(CalendarFeedAdminMixin, admin.ModelAdmin):
    form = TherapistAdminForm
    list_display = ["name", "credentials", "is_active", "is_demo"]
    list_filter = ["is_active", "is_demo"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [WorkingHoursInline, TimeOffInline]
    readonly_fields = ["calendar_feed_link"]
    actions = ["issue_calendar_feed", "revoke_calendar_feed"]


class LocationHoursInline(LabelledTabularInline):
    """Who works here on which days: the same rows as each therapist's hours."""

    model = WorkingHours
    verbose_name = "therapist's working hours here"
    verbose_name_plural = "therapists' working hours here (these make its opening hours)"


class ClosureInline(LabelledTabularInline):
    model = Closure


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "locality", "time_zone", "is_active"]
    list_filter = ["is_active"]
    readonly_fields = ["opening_hours"]
    inlines = [LocationHoursInline, ClosureInline]

    @admin.display(description="Opening hours (from the working hours below)")
    def opening_hours(self, location):
        lines = selectors.location_hours(location) if location.pk else []
        return "; ".join(f"{days} {times}" for days, times in lines) or "Nobody works here yet."


SERVICE_DESCRIPTION_HELP = (
    "Shown under the name where patients choose: what it is, who it is for, how long. "
    'For example: "A shorter check on your progress, for patients who have already had '
    'a consultation. 30 minutes."'
)


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = [
        "name", "description", "duration_minutes", "buffer_minutes", "for_new_patients",
        "is_active",
    ]  # fmt: skip
    list_editable = ["is_active"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "description":
            # Without it a new patient cannot tell "Follow-up" from a first visit.
            field.required = True
            field.help_text = SERVICE_DESCRIPTION_HELP
        return field


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ["reason", "location", "first_day", "last_day"]
    list_filter = ["location"]


@admin.register(BookingRules)
class BookingRulesAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "min_notice_hours",
        "horizon_days",
        "slot_step_minutes",
        "cancellation_window_hours",
    ]

    def has_add_permission(self, request):
        return not BookingRules.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False
