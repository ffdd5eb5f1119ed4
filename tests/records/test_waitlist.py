"""The waitlist in one person's record: found by email and by the phone's digits,
exported, and erased with its offers and emails; and an erased upcoming visit's time
goes to the waitlist, as a cancelled one's does."""

import io
import json
import zipfile

import pytest
from django.contrib.admin.models import DELETION, LogEntry

from outbox.models import OutgoingEmail
from records import services
from records.person import person_from
from scheduling.models import Booking, WaitlistEntry, WaitlistOffer
from scheduling.services.waitlist_emails import Kind
from tests.records.conftest import SAM
from tests.scheduling.conftest import PATIENT
from tests.scheduling.waitlist_helpers import fill_day, join, local_day
from tests.users import make_staff

pytestmark = pytest.mark.django_db

PAT_EMAIL = person_from("pat@example.com")
PAT_PHONE = person_from("541 555 0100")


def numbers(record, key):
    [part] = [part for part in record.found if part.source.key == key]
    return sorted(item.pk for item in part.items)


def waitlist_emails(entry):
    return sorted(
        OutgoingEmail.objects.filter(kind__startswith="waitlist_", recipient=entry.email)
        .filter(about_id__in=[entry.pk, *entry.offers.values_list("pk", flat=True)])
        .values_list("pk", flat=True)
    )


@pytest.mark.parametrize("person", [PAT_EMAIL, PAT_PHONE], ids=["email", "phone"])
def test_the_entry_and_its_emails_are_found_by_email_and_by_the_phones_digits(waiting, person):
    entry = waiting["entry"]
    record = services.patient_record_find(person=person)
    assert numbers(record, "waitlist") == [entry.pk]
    emails = waitlist_emails(entry)
    assert len(emails) == 2  # "you are on the waitlist" and the offer
    assert set(emails) <= set(numbers(record, "emails"))
    assert numbers(record, "bookings") == []  # the day is Sam's
    sams = services.patient_record_find(person=person_from(SAM.phone))
    assert numbers(sams, "waitlist") == []


def test_the_export_holds_the_entry_with_its_offer(waiting):
    bundle = zipfile.ZipFile(
        io.BytesIO(services.patient_record_export(person=PAT_PHONE, user=make_staff("desk")))
    )
    [entry] = json.loads(bundle.read("record.json"))["records"]["Waitlist entries"]
    assert (entry["Number"], entry["Name"], entry["Phone"]) == (
        waiting["entry"].pk, "Pat Example", "+1 (541) 555-0100",
    )  # fmt: skip
    assert [offer["Status"] for offer in entry["Offers"]] == ["Offered"]
    assert "Pat Example" in bundle.read("waitlist.csv").decode()


def test_erasing_deletes_the_entry_its_offer_and_emails_and_names_the_staff_member(
    waiting, django_capture_on_commit_callbacks
):
    entry, offer = waiting["entry"], waiting["offer"]
    ben = join(entry.service, None, entry.first_day, "Ben Later")  # next in line
    emails = waitlist_emails(entry)
    eraser = make_staff("dpo")
    record = services.patient_record_find(person=PAT_PHONE)
    with django_capture_on_commit_callbacks(execute=True):
        services.patient_record_erase(person=PAT_PHONE, user=eraser, fingerprint=record.fingerprint)
    assert not WaitlistEntry.objects.filter(pk=entry.pk).exists()
    assert not WaitlistOffer.objects.filter(pk=offer.pk).exists()
    assert not OutgoingEmail.objects.filter(pk__in=emails).exists()
    [history] = LogEntry.objects.filter(user=eraser)
    assert (history.object_id, history.action_flag) == (str(entry.pk), DELETION)
    assert "Pat" not in history.object_repr
    # The time that was held for Pat is offered to the next person.
    assert list(ben.offers.values_list("start", flat=True)) == [offer.start]
    assert services.patient_record_find(person=PAT_EMAIL).count == 0


def test_an_erased_upcoming_visit_is_offered_to_the_waitlist(
    service, therapist, django_capture_on_commit_callbacks
):
    booked = fill_day(service, therapist, patient=PATIENT)  # Pat's whole day
    sam = join(service, therapist, local_day(booked[0].start), "Sam Other", email=SAM.email)
    assert not sam.offers.exists()
    record = services.patient_record_find(person=PAT_EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        services.patient_record_erase(
            person=PAT_EMAIL, user=make_staff("dpo"), fingerprint=record.fingerprint
        )
    assert not Booking.objects.filter(pk__in=[b.pk for b in booked]).exists()
    assert sam.offers.get().start == booked[0].start
    assert OutgoingEmail.objects.filter(kind=Kind.OFFER, recipient=SAM.email).count() == 1
