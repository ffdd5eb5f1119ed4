"""The patient records screen: find everything held about a person, export it, erase it.

The screen is the admin's page for `RecordRequest` ("Patient records" on the admin
index); the log of what staff did here is at log/, for administrators. Searches are
POSTed, so no address or phone number ends up in a URL or the request log.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from hwypt.admin_logs import AppendOnlyLogAdmin
from records import services
from records.forms import FindForm
from records.models import RecordRequest
from records.services import RecordChanged

VIEW = "records.view_patient_record"
ERASE = "records.erase_patient_record"


def _display(record) -> list[dict]:
    """Each source as a table the template can print: label, headings, rows of text."""
    now = timezone.now()
    rows = record.rows()
    return [
        {
            "label": part.source.label,
            "headings": list(rows[part.source.key][0]) if part.items else [],
            "rows": [
                [*map(services.as_text, row.values()), part.source.fate(item, now=now)]
                for item, row in zip(part.items, rows[part.source.key], strict=True)
            ],
        }
        for part in record.found
    ]


@admin.register(RecordRequest)
class PatientRecordAdmin(AppendOnlyLogAdmin):
    list_display = ["at", "user", "action", "searched_by", "with_intake", "summary"]
    list_filter = ["action", "user"]
    date_hierarchy = "at"

    def has_module_permission(self, request):
        return request.user.has_perm(VIEW)

    def has_view_permission(self, request, obj=None):
        # The log itself is for administrators; the screen checks VIEW on each request.
        return request.user.has_perm(VIEW)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("", wrap(self.find_view), name="records_recordrequest_changelist"),
            path("export/", wrap(self.export_view), name="records_recordrequest_export"),
            path("erase/", wrap(self.erase_view), name="records_recordrequest_erase"),
            path("log/", wrap(self.log_view), name="records_recordrequest_log"),
        ]

    def _context(self, request, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "may_erase": request.user.has_perm(ERASE),
            **extra,
        }

    def _require(self, request, permission):
        if not request.user.has_perm(permission):
            raise PermissionDenied

    def find_view(self, request):
        self._require(request, VIEW)
        form = FindForm(request.POST if request.method == "POST" else None)
        record = None
        if form.is_valid():
            record = services.patient_record_open(person=form.cleaned_data["q"], user=request.user)
        context = self._context(
            request,
            "Patient records",
            form=form,
            record=record,
            tables=_display(record) if record else [],
        )
        return TemplateResponse(request, "admin/records/find.html", context)

    def export_view(self, request):
        self._require(request, VIEW)
        form = FindForm(request.POST if request.method == "POST" else None)
        if not form.is_valid():
            return redirect("admin:records_recordrequest_changelist")
        person = form.cleaned_data["q"]
        bundle = services.patient_record_export(person=person, user=request.user)
        response = HttpResponse(bundle, content_type="application/zip")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="patient-record-{stamp}.zip"'
        return response

    def erase_view(self, request):
        self._require(request, ERASE)
        form = FindForm(request.POST if request.method == "POST" else None)
        if not form.is_valid():
            return redirect("admin:records_recordrequest_changelist")
        person = form.cleaned_data["q"]
        if request.POST.get("confirm") == "yes":
            try:
                erased = services.patient_record_erase(
                    person=person, user=request.user, fingerprint=request.POST.get("records", "")
                )
            except RecordChanged:
                messages.warning(
                    request,
                    "The records changed since the confirmation page was shown: nothing was "
                    "erased. Check the list below and confirm again.",
                )
            else:
                messages.success(request, f"Erased {erased.count} record(s): {erased.summary()}.")
                return redirect("admin:records_recordrequest_changelist")
        record = services.patient_record_find(person=person)
        context = self._context(
            request,
            "Erase this person's records?",
            form=form,
            record=record,
            tables=_display(record),
        )
        return TemplateResponse(request, "admin/records/erase_confirmation.html", context)

    def log_view(self, request):
        if not request.user.is_superuser:
            raise PermissionDenied
        return self.changelist_view(request)
