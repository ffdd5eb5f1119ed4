"""Find, export and erase one person's records: exactly theirs, intake only with the
permission (and audited), what the law keeps kept, and every step logged."""

import io
import json
import zipfile

import pytest
from django.contrib.admin.models import CHANGE, LogEntry

from newsletter.models import Subscriber
from outbox.models import OutgoingEmail
from records import registry, services
from records.models import RecordRequest
from records.person import Person, person_from
from scheduling.models import Booking, IntakeAccess, IntakeRead
from scheduling.services.booking import Patient
from scheduling.services.intake_audit import intake_access_record
from tests.scheduling.conftest import book, first_slot
from tests.users import make_staff

pytestmark = pytest.mark.django_db

PAT_EMAIL = person_from("pat@example.com")
PAT_PHONE = person_from("541 555 0100")
RECORDS = "records.view_patient_record"


def numbers(record, key):
    [part] = [part for part in record.found if part.source.key == key]
    return sorted(item.pk for item in part.items)


def test_by_email_it_finds_every_booking_email_and_subscription_and_nothing_of_others(held):
    record = services.patient_record_find(person=PAT_EMAIL)
    assert numbers(record, "bookings") == sorted([held["first"].pk, held["later"].pk])
    assert numbers(record, "subscribers") == [held["subscriber"].pk]
    pats_emails = OutgoingEmail.objects.filter(recipient__iexact="pat@example.com")
    assert numbers(record, "emails") == sorted(pats_emails.values_list("pk", flat=True))
    assert pats_emails.count() == 3  # two booking confirmations, one newsletter confirmation
    assert held["sam"].pk not in numbers(record, "bookings")


def test_by_phone_it_matches_the_digits_however_they_were_typed(held):
    record = services.patient_record_find(person=PAT_PHONE)
    assert numbers(record, "bookings") == sorted([held["first"].pk, held["later"].pk])
    assert numbers(record, "subscribers") == []  # subscribers give no phone
    assert len(numbers(record, "emails")) == 2  # the bookings' emails


def test_by_phone_any_punctuation_matches_and_near_misses_do_not(held, service, therapist):
    after = held["sam"].blocked_until
    odd = book(
        service,
        therapist,
        first_slot(service, therapist, after=after).start,
        patient=Patient(name="Pat Example", email="", phone="541 555 01 00"),
    )
    near = book(
        service,
        therapist,
        first_slot(service, therapist, after=odd.blocked_until).start,
        patient=Patient(name="Someone", email="", phone="2 541 555 0100"),
    )
    found = numbers(services.patient_record_find(person=PAT_PHONE), "bookings")
    assert odd.pk in found and near.pk not in found


def test_the_export_leaves_out_the_intake_without_the_permission(held):
    desk = make_staff("desk", "Front desk", permissions=(RECORDS,))
    bundle = zipfile.ZipFile(
        io.BytesIO(services.patient_record_export(person=PAT_EMAIL, user=desk))
    )
    assert sorted(bundle.namelist()) == [
        "bookings.csv", "emails.csv", "record.json", "subscribers.csv", "waitlist.csv",
    ]  # fmt: skip
    document = json.loads(bundle.read("record.json"))
    assert [b["Name"] for b in document["records"]["Bookings"]] == ["Pat Example"] * 2
    assert document["includes_intake"] is False
    everything = b"".join(bundle.read(name) for name in bundle.namelist())
    assert b"Sore back" not in everything and b"Stiff knee" not in everything
    assert not IntakeAccess.objects.exists()
    assert RecordRequest.objects.get().action == RecordRequest.Action.EXPORTED


def test_the_export_includes_the_intake_for_clinicians_and_audits_it(held):
    clinician = make_staff("clin", "Clinicians", permissions=(RECORDS,))
    bundle = zipfile.ZipFile(
        io.BytesIO(services.patient_record_export(person=PAT_EMAIL, user=clinician))
    )
    document = json.loads(bundle.read("record.json"))
    assert sorted(b["Reason"] for b in document["records"]["Bookings"]) == [
        "Sore back", "Stiff knee",
    ]  # fmt: skip
    assert "Stiff knee" in bundle.read("bookings.csv").decode()
    log = IntakeAccess.objects.values_list("how", "booking_number", "user__username")
    assert sorted(log) == sorted(
        (IntakeRead.PATIENT_RECORD_EXPORT, held[key].pk, "clin") for key in ["first", "later"]
    )


def test_opening_the_record_is_logged_without_the_persons_details(held):
    clinician = make_staff("clin", "Clinicians", permissions=(RECORDS,))
    services.patient_record_open(person=PAT_PHONE, user=clinician)
    entry = RecordRequest.objects.get()
    assert (entry.action, entry.searched_by, entry.user, entry.with_intake) == (
        "viewed", "phone", clinician, True,
    )  # fmt: skip
    assert "5415550100" not in entry.summary and "Pat" not in entry.summary
    assert IntakeAccess.objects.filter(how=IntakeRead.PATIENT_RECORD).count() == 2


def test_erasing_keeps_the_past_visit_anonymised_and_removes_everything_else(held, visit_over):
    first, later, sam = held["first"], held["later"], held["sam"]
    clinician = make_staff("clin", "Clinicians")
    intake_access_record(user=clinician, bookings=[first], how=IntakeRead.CHANGE_PAGE)
    old_token = first.make_token()
    LogEntry.objects.log_actions(
        user_id=clinician.pk, queryset=[first], action_flag=CHANGE, change_message="Moved"
    )  # an earlier history entry, titled with the patient's name
    assert "Pat Example" in LogEntry.objects.get().object_repr
    eraser = make_staff("dpo", permissions=("records.erase_patient_record", RECORDS))
    record = services.patient_record_find(person=PAT_EMAIL)
    services.patient_record_erase(
        person=PAT_EMAIL, user=eraser, fingerprint=record.fingerprint, now=visit_over
    )
    kept = Booking.objects.get(pk=first.pk)
    assert (kept.start, kept.service_id, kept.therapist_id, kept.status) == (
        first.start, first.service_id, first.therapist_id, first.status,
    )  # fmt: skip
    assert (kept.patient_email, kept.patient_phone, kept.intake) == ("", "", {})
    assert "Pat" not in kept.patient_name
    assert not Booking.objects.for_token(old_token).exists()
    assert not Booking.objects.filter(pk=later.pk).exists()  # never a visit: deleted
    assert not Subscriber.objects.exists()
    assert not OutgoingEmail.objects.filter(recipient__iexact="pat@example.com").exists()
    assert Booking.objects.filter(pk=sam.pk, patient_name="Sam Other").exists()
    assert sam.emails.count() == 1
    # The intake access trail stays, by number, without the name.
    trail = IntakeAccess.objects.get()
    assert (trail.booking_number, trail.patient_name, trail.user) == (first.pk, "", clinician)
    # The audit names the staff member and not the patient.
    assert LogEntry.objects.filter(user=clinician, object_id=str(first.pk)).exists()
    entries = LogEntry.objects.filter(user=eraser)
    assert sorted(e.object_id for e in entries) == sorted(
        str(pk) for pk in [first.pk, later.pk, held["subscriber"].pk]
    )
    assert not any(
        "Pat" in e.object_repr or "pat@" in e.object_repr for e in LogEntry.objects.all()
    )
    assert RecordRequest.objects.get(action="erased").user == eraser
    assert services.patient_record_find(person=PAT_EMAIL).count == 0


def test_nothing_is_erased_when_the_records_changed_since_the_confirmation(held, visit_over):
    record = services.patient_record_find(person=PAT_PHONE)
    held["later"].delete()
    with pytest.raises(services.RecordChanged):
        services.patient_record_erase(
            person=PAT_PHONE, user=make_staff("dpo"), fingerprint=record.fingerprint
        )
    assert Booking.objects.get(pk=held["first"].pk).patient_name == "Pat Example"
    assert not RecordRequest.objects.exists()


def test_a_new_source_is_a_class_and_one_register_call(held, monkeypatch):
    """What the waitlist will do: its records appear, export and erase with the rest."""
    erased = []

    class Notes(registry.RecordSource):
        key, label = "notes", "Front desk notes"

        def find(self, person):
            return [Subscriber.objects.get()] if person.email else []

        def row(self, item, *, with_intake):
            return {"Number": item.pk, "Note": "Prefers mornings"}

        def erase(self, items, *, user, now):
            erased.extend(items)

    monkeypatch.setattr(registry, "_SOURCES", dict(registry._SOURCES))
    registry.register(Notes())
    record = services.patient_record_find(person=PAT_EMAIL)
    assert record.rows()["notes"] == [{"Number": held["subscriber"].pk, "Note": "Prefers mornings"}]
    services.patient_record_erase(
        person=PAT_EMAIL, user=make_staff("dpo"), fingerprint=record.fingerprint
    )
    assert erased == [held["subscriber"]]
    with pytest.raises(ValueError):
        registry.register(Notes())


def test_a_search_for_someone_unknown_finds_nothing(held):
    assert services.patient_record_find(person=Person(email="nobody@example.org")).count == 0
