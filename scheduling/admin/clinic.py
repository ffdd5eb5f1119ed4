"""The clinic set-up in the admin: therapists with their hours, services, closures, rules."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.forms.models import BaseInlineFormSet
from django.utils.text import capfirst

from content.forms import PhotoFormMixin
from scheduling import selectors
from scheduling.models import (
    BookingRules,
    Closure,
    Location,
    Service,
    Therapist,
    TimeOff,
    WorkingHours,
)


class LabelledFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = "Delete this row"


class LabelledTabularInline(admin.TabularInline):
    """A table of rows whose inputs each carry their column's name.

    Django's tabular inline names its columns only in the table head, so a screen
    reader (and axe) meets unnamed boxes; each input gets its column as aria-label.
    """

    formset = LabelledFormSet
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            widget = field.widget
            if isinstance(widget, RelatedFieldWidgetWrapper):
                widget = widget.widget
            widget.attrs.setdefault("aria-label", capfirst(db_field.verbose_name))
        return field


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
class TherapistAdmin(admin.ModelAdmin):
    form = TherapistAdminForm
    list_display = ["name", "credentials", "is_active", "is_demo"]
    list_filter = ["is_active", "is_demo"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [WorkingHoursInline, TimeOffInline]


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
