"""Staff tools: write, preview, test and send issues; look after subscribers' data."""

import csv
import json

from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.csp import csp_override

from hwypt.admin_inlines import LabelledTabularInline
from hwypt.spreadsheets import safe_cell
from newsletter import emails, services
from newsletter.models import FeaturedArticle, Issue, Subscriber
from newsletter.services.issues import deliveries
from outbox.models import OutgoingEmail

# The preview shows the email's own HTML, whose styles are in the message; the
# body is sanitised, so allowing inline styles and remote images here is safe.
EMAIL_PREVIEW_CSP = {
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["https:", "http:", "data:"],
    "frame-ancestors": ["'none'"],
}


class FeaturedArticleInline(LabelledTabularInline):
    """Pick published articles by title (the choices are limited on the model field)."""

    model = FeaturedArticle
    extra = 1
    fields = ["position", "article"]
    autocomplete_fields = ["article"]

    # Once sending starts, the issue (and what it features) is what readers got.
    def has_add_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_delete_permission(request, obj)


def _is_draft(issue) -> bool:
    return issue is None or issue.status == Issue.Status.DRAFT


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["subject", "status", "created_at", "sent_at", "delivery_progress"]
    list_filter = ["status"]
    search_fields = ["subject", "body"]
    inlines = [FeaturedArticleInline]
    actions = ["send_test_to_me", "send_issue"]
    readonly_fields = ["status", "sending_started_at", "sent_at", "preview_links"]
    fields = ["subject", "body", "preview_links", "status", "sending_started_at", "sent_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj and obj.status != Issue.Status.DRAFT:
            return [*self.readonly_fields, "subject", "body"]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if _is_draft(obj):
            services.issue_save(issue=obj)

    @admin.display(description="Preview")
    def preview_links(self, obj):
        if not obj.pk:
            return "Save the draft first to preview it."
        return format_html(
            '<a href="{}" target="_blank">Preview the email</a> · '
            '<a href="{}" target="_blank">Plain-text version</a>',
            reverse("admin:newsletter_issue_preview", args=[obj.pk]),
            reverse("admin:newsletter_issue_preview_text", args=[obj.pk]),
        )

    @admin.display(description="Delivered")
    def delivery_progress(self, obj):
        total = deliveries(obj).count()
        if not total:
            return "none yet"
        return f"{deliveries(obj).sent().count()} of {total}"

    def get_urls(self):
        return [
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="newsletter_issue_preview",
            ),
            path(
                "<int:pk>/preview.txt",
                self.admin_site.admin_view(self.preview_text_view),
                name="newsletter_issue_preview_text",
            ),
            *super().get_urls(),
        ]

    def _preview_message(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        issue = get_object_or_404(Issue.objects.with_featured(), pk=pk)
        to = request.user.email or "staff@example.com"
        return emails.issue_email(issue, to=to, subscriber_id=None)

    @csp_override(EMAIL_PREVIEW_CSP)
    def preview_view(self, request, pk):
        """The issue exactly as the HTML part of the email."""
        message = self._preview_message(request, pk)
        return HttpResponse(message.alternatives[0].content, content_type="text/html")

    def preview_text_view(self, request, pk):
        message = self._preview_message(request, pk)
        return HttpResponse(message.body, content_type="text/plain; charset=utf-8")

    @admin.action(description="Send a test copy to me", permissions=["view"])
    def send_test_to_me(self, request, queryset):
        if not request.user.email:
            self.message_user(
                request, "Add an email address to your staff account first.", messages.ERROR
            )
            return
        for issue in queryset:
            services.issue_send_test(issue=issue, to=request.user.email)
        self.message_user(request, f"Test copy sent to {request.user.email}.")

    def has_send_permission(self, request) -> bool:
        return request.user.has_perm("newsletter.send_issue")

    @admin.action(description="Send to all subscribers", permissions=["send"])
    def send_issue(self, request, queryset):
        for issue in queryset.exclude(status=Issue.Status.SENT):
            services.issue_enqueue_send(issue=issue)
            self.message_user(request, f"“{issue}” is being sent to all confirmed subscribers.")


class EmailInline(GenericTabularInline):
    """The person's confirmation and issues; "Outgoing email" has them all, with Retry."""

    model = OutgoingEmail
    ct_field, ct_fk_field = "about_type", "about_id"
    extra = 0
    can_delete = False
    fields = ["kind", "batch", "status", "sent_at", "attempts", "last_error"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "first_name", "status", "source", "signed_up_at", "confirmed_at"]
    list_filter = ["status", "source"]
    search_fields = ["email", "first_name"]
    date_hierarchy = "signed_up_at"
    actions = ["export_csv", "export_person", "erase_person"]
    inlines = [EmailInline]
    readonly_fields = [
        "email", "status", "signed_up_at", "source", "consent_wording", "ip_hash",
        "confirmed_at", "unsubscribed_at", "last_confirmation_sent_at",
    ]  # fmt: skip

    def has_add_permission(self, request):
        # People join through the double opt-in form, never by staff typing them in.
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # "Erase this person's data" does it, through the service.

    @admin.action(description="Export the selected list as CSV")
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="subscribers.csv"'
        writer = csv.writer(response)
        writer.writerow(["email", "first_name", "status", "source", "signed_up_at", "confirmed_at"])
        for s in queryset.order_by("pk"):
            row = [s.email, s.first_name, s.status, s.source, s.signed_up_at, s.confirmed_at]
            writer.writerow([safe_cell(value) for value in row])
        return response

    @admin.action(description="Export one person's data (JSON)")
    def export_person(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one person to export.", messages.ERROR)
            return None
        subscriber = queryset.get()
        response = HttpResponse(
            json.dumps(services.subscriber_export(subscriber=subscriber), indent=2),
            content_type="application/json",
        )
        response["Content-Disposition"] = f'attachment; filename="subscriber-{subscriber.pk}.json"'
        return response

    @admin.action(description="Erase the selected people's data…")
    def erase_person(self, request, queryset):
        """A confirmation page naming who and what goes; the erase on "Yes"."""
        if request.POST.get("confirm") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": "Erase these people's data?",
                "opts": self.model._meta,
                "subscribers": queryset.annotate(email_count=Count("emails")).order_by("pk"),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(
                request, "admin/newsletter/subscriber/erase_confirmation.html", context
            )
        count = 0
        for subscriber in queryset:
            services.subscriber_erase(subscriber=subscriber, user=request.user)
            count += 1
        self.message_user(request, f"Erased {count} person(s) and the record of their emails.")
        return None
