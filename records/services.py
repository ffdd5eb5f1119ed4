"""Find, export and erase everything held about one person; each step is logged."""

import csv
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from hwypt.spreadsheets import safe_cell
from records.models import RecordRequest
from records.person import Person
from records.registry import Found, sources
from scheduling.models import IntakeRead
from scheduling.services.intake_audit import intake_access_record, may_read_intake


class RecordChanged(Exception):
    """What is held changed between the confirmation page and the erase."""


@dataclass
class PatientRecord:
    person: Person
    found: list[Found]
    with_intake: bool = False

    @property
    def count(self) -> int:
        return sum(len(part.items) for part in self.found)

    @property
    def fingerprint(self) -> str:
        """Names exactly the records the confirmation page listed."""
        keys = sorted(key for part in self.found for key in part.record_keys())
        return hashlib.sha256("\n".join(keys).encode()).hexdigest()

    def summary(self) -> str:
        parts = [
            f"{part.source.label}: " + ", ".join(str(item.pk) for item in part.items)
            for part in self.found
            if part.items
        ]
        return "; ".join(parts) or "nothing held"

    def rows(self) -> dict[str, list[dict]]:
        return {
            part.source.key: [part.source.row(i, with_intake=self.with_intake) for i in part.items]
            for part in self.found
        }


def patient_record_find(*, person: Person, with_intake: bool = False) -> PatientRecord:
    found = [Found(source=source, items=source.find(person)) for source in sources()]
    return PatientRecord(person=person, found=found, with_intake=with_intake)


def _log(*, record: PatientRecord, user, action: str, how: IntakeRead | None = None) -> None:
    RecordRequest.objects.create(
        user=user,
        action=action,
        searched_by=record.person.searched_by,
        summary=record.summary(),
        with_intake=record.with_intake,
    )
    if record.with_intake and how is not None:
        bookings = [b for part in record.found for b in part.source.intake_bookings(part.items)]
        if bookings:
            intake_access_record(user=user, bookings=bookings, how=how)


@transaction.atomic
def patient_record_open(*, person: Person, user) -> PatientRecord:
    """The record as the staff screen shows it; the intake only to those who may read it."""
    record = patient_record_find(person=person, with_intake=may_read_intake(user))
    _log(
        record=record, user=user, action=RecordRequest.Action.VIEWED, how=IntakeRead.PATIENT_RECORD
    )
    return record


@transaction.atomic
def patient_record_export(*, person: Person, user, now: datetime | None = None) -> bytes:
    """A zip of record.json and one CSV per source, for a right-of-access request."""
    record = patient_record_find(person=person, with_intake=may_read_intake(user))
    _log(
        record=record,
        user=user,
        action=RecordRequest.Action.EXPORTED,
        how=IntakeRead.PATIENT_RECORD_EXPORT,
    )
    rows = record.rows()
    document = {
        "generated_at": (now or timezone.now()).isoformat(),
        "searched_by": person.searched_by,
        "searched_for": person.shown_as,
        "includes_intake": record.with_intake,
        "records": {part.source.label: rows[part.source.key] for part in record.found},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("record.json", json.dumps(document, indent=2, ensure_ascii=False))
        for key, items in rows.items():
            bundle.writestr(f"{key}.csv", _csv(items))
    return buffer.getvalue()


def _csv(items: list[dict]) -> str:
    out = io.StringIO()
    if items:
        writer = csv.writer(out)
        writer.writerow(items[0].keys())
        for item in items:
            writer.writerow([safe_cell(as_text(value)) for value in item.values()])
    return out.getvalue()


def as_text(value) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


@transaction.atomic
def patient_record_erase(
    *, person: Person, user, fingerprint: str, now: datetime | None = None
) -> PatientRecord:
    """Erase what the confirmation page listed, source by source; log it, naming `user`.

    Raises RecordChanged (erasing nothing) if the records differ from that page's.
    """
    now = now or timezone.now()
    record = patient_record_find(person=person)
    if record.fingerprint != fingerprint:
        raise RecordChanged
    for part in record.found:
        if part.items:
            part.source.erase(part.items, user=user, now=now)
    _log(record=record, user=user, action=RecordRequest.Action.ERASED)
    return record
