"""What the site holds about a person, source by source.

Each source finds one kind of record for a `Person`, turns it into plain rows for the
screen and the export, says what erasing will do to each record, and erases. A new
source (the waitlist, say) is a class and one `register()` call in records/sources.py:

    class WaitlistSource(RecordSource):
        key, label = "waitlist", "Waitlist entries"

        def find(self, person):
            return list(WaitlistEntry.objects.filter(email__iexact=person.email)) if ...

        def row(self, entry, *, with_intake):
            return {"Number": entry.pk, "Days": ..., "Email": entry.email}

        def fate(self, entry, *, now):
            return "Deleted."

        def erase(self, entries, *, user, now):
            entries_delete(...)  # the owning app's service

    register(WaitlistSource())
"""

from dataclasses import dataclass, field


class RecordSource:
    key: str = ""
    label: str = ""
    # Sources erase in registration order: emails go before what they are about.

    def find(self, person) -> list:
        raise NotImplementedError

    def row(self, item, *, with_intake: bool) -> dict:
        """The record as plain values (str, int, dict, list), labelled for staff."""
        raise NotImplementedError

    def fate(self, item, *, now) -> str:
        """What erasing does to this record, in a sentence for the confirmation page."""
        return "Deleted."

    def erase(self, items: list, *, user, now) -> None:
        raise NotImplementedError

    def intake_bookings(self, items: list) -> list:
        """The bookings whose intake `row(..., with_intake=True)` shows (for the audit)."""
        return []


@dataclass
class Found:
    source: RecordSource
    items: list = field(default_factory=list)

    def record_keys(self) -> list[str]:
        return [f"{self.source.key}:{item.pk}" for item in self.items]


_SOURCES: dict[str, RecordSource] = {}


def register(source: RecordSource) -> RecordSource:
    if not source.key or source.key in _SOURCES:
        raise ValueError(f"A record source needs a key of its own, not {source.key!r}.")
    _SOURCES[source.key] = source
    return source


def sources() -> list[RecordSource]:
    return list(_SOURCES.values())
