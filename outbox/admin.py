""" "Outgoing email": every email the site sends, what became of it, and Retry."""

from django.contrib import admin, messages

from outbox import kinds
from outbox.models import OutgoingEmail
from outbox.services import outbox_retry


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["kind", "recipient", "status", "attempts", "last_error", "queued_at", "sent_at"]
    list_filter = ["kind", "status"]
    search_fields = ["recipient"]
    date_hierarchy = "queued_at"
    fields = [
        "kind", "recipient", "about_type", "about_id", "batch", "status", "attempts",
        "last_error", "created_at", "queued_at", "claimed_at", "sent_at",
    ]  # fmt: skip
    readonly_fields = fields
    actions = ["retry"]

    def get_queryset(self, request):
        # Each kind is seen by the staff who look after what it is about.
        return super().get_queryset(request).filter(kind__in=kinds.visible_to(request.user))

    def has_add_permission(self, request):
        return False

    @admin.action(description="Retry the selected emails now", permissions=["change"])
    def retry(self, request, queryset):
        chosen = list(queryset.values_list("pk", flat=True))
        queued = outbox_retry(email_ids=chosen)
        skipped = len(chosen) - queued  # counted first: the retry changes what the filter shows
        note = f" ({skipped} sent, not needed or being sent: left alone)" if skipped else ""
        messages.success(request, f"Queued {queued} email(s) again{note}.")
