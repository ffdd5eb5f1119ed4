"""The waitlist in the admin: the front desk sees who waits, adds callers, takes people off.

Adding goes through `waitlist_join` and taking off through `waitlist_leave`, so the
emails, the checks and the offers are the same as online.
"""

from django.contrib import admin, messages
from django.utils import timezone

from scheduling.models import WaitlistEntry, WaitlistOffer
from scheduling.services.waitlist import waitlist_join, waitlist_leave
from scheduling.services.waitlist_booking import offer_state
from scheduling.waitlist_forms import StaffEntryForm


class OfferInline(admin.TabularInline):
    model = WaitlistOffer
    fields = ["therapist", "start", "expires_at", "state"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="State")
    def state(self, offer):
        return {
            "open": "Held for them",
            "booked": "Booked",
            "lapsed": "Lapsed",
            "left": "Left the list",
        }[offer_state(offer=offer, now=timezone.now())]


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(admin.ModelAdmin):
    list_display = ["name", "service", "therapist", "first_day", "last_day", "part_of_day", "state"]
    list_filter = ["location", "service", "therapist", "part_of_day"]
    search_fields = ["name", "email", "phone"]
    date_hierarchy = "first_day"
    list_select_related = ["location", "service", "therapist", "booking"]
    actions = ["take_off"]
    inlines = [OfferInline]
    shown = [
        "location", "service", "therapist", "first_day", "last_day", "part_of_day", "name", "email",
        "phone", "created_at", "added_by", "left_at", "booking",
    ]  # fmt: skip

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = StaffEntryForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return StaffEntryForm._meta.fields if obj is None else self.shown

    def get_readonly_fields(self, request, obj=None):
        # An entry is kept as it was made; to change it, take it off and add another.
        return () if obj is None else self.shown

    def save_model(self, request, obj, form, change):
        if change:
            return
        data = form.cleaned_data
        entry = waitlist_join(
            service=data["service"],
            therapist=data["therapist"],
            location=data["location"],
            first_day=data["first_day"],
            last_day=data["last_day"],
            part_of_day=data["part_of_day"],
            contact=form.instance_contact(),
            added_by=request.user,
        )
        obj.pk, obj.created_at = entry.pk, entry.created_at  # for the admin's history and redirect

    @admin.display(description="State")
    def state(self, entry):
        if entry.booking_id:
            return "Booked"
        if entry.left_at:
            return "Left the list"
        today = timezone.now().astimezone(entry.location.zone).date()
        return "Ended" if entry.last_day < today else "Waiting"

    @admin.action(description="Take the selected people off the waitlist", permissions=["change"])
    def take_off(self, request, queryset):
        entries = list(queryset.filter(left_at__isnull=True))
        for entry in entries:
            waitlist_leave(entry=entry, actor=request.user)
        messages.success(request, f"Took {len(entries)} person(s) off the waitlist.")
