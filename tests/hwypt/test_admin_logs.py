"""The audit logs in the admin can be read, never added to, changed or deleted, even
by a superuser: an audit trail anyone could edit would prove nothing."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from records.models import RecordRequest
from scheduling.models import IntakeAccess, IntakeRead
from tests.users import make_staff

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [IntakeAccess, RecordRequest])
def test_no_one_may_add_change_or_delete_a_log_row(model):
    request = RequestFactory().get("/admin/")
    request.user = make_staff("chief", superuser=True)
    model_admin = admin.site._registry[model]
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_a_superuser_reads_the_intake_log_and_cannot_edit_or_delete_a_row(client):
    chief = make_staff("chief", superuser=True)
    row = IntakeAccess.objects.create(
        user=chief, booking_number=7, patient_name="Pat", how=IntakeRead.CHANGE_PAGE
    )
    client.force_login(chief)
    assert client.get(reverse("admin:scheduling_intakeaccess_changelist")).status_code == 200
    assert client.get(reverse("admin:scheduling_intakeaccess_add")).status_code == 403
    change = reverse("admin:scheduling_intakeaccess_change", args=[row.pk])
    assert client.get(change).status_code == 200  # shown, read-only
    assert client.post(change, {"patient_name": "X"}).status_code == 403
    delete = reverse("admin:scheduling_intakeaccess_delete", args=[row.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    row.refresh_from_db()
    assert row.patient_name == "Pat"
