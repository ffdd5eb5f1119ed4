"""The clinic set-up in the admin: therapists with their hours, services, closures, rules."""

from django import forms
from django.contrib import admin

from content.forms import PhotoFormMixin
from scheduling.models import (
    BookingRules,
    Closure,
    Location,
    Service,
    Therapist,
    TimeOff,
    WorkingHours,
)


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    extra = 0


class TimeOffInline(admin.TabularInline):
    model = TimeOff
    extra = 0


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
class TherapistAdmin(admin.ModelAdmin):
    form = TherapistAdminForm
    list_display = ["name", "credentials", "is_active", "is_demo"]
    list_filter = ["is_active", "is_demo"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [WorkingHoursInline, TimeOffInline]


class LocationHoursInline(admin.TabularInline):
    """Who works here on which days: the same rows as each therapist's hours."""

    model = WorkingHours
    extra = 0
    verbose_name = "therapist's working hours here"
    verbose_name_plural = "therapists' working hours here (these make its opening hours)"


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "locality", "time_zone", "is_active"]
    list_filter = ["is_active"]
    inlines = [LocationHoursInline, ClosureInline]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "duration_minutes", "buffer_minutes", "for_new_patients", "is_active"]
    list_editable = ["is_active"]


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
