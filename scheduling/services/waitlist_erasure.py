"""Erasing a person's waitlist entries on request (the patient records screen): nothing
about a wish for a time must be kept, so each goes whole, with its offers and emails."""

from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from outbox.models import OutgoingEmail
from scheduling.models import WaitlistEntry
from scheduling.services.erasure import ERASED_NAME
from scheduling.services.history import admin_history
from scheduling.services.waitlist import waitlist_times_may_have_freed


@transaction.atomic
def waitlist_entries_erase(*, entries: list[WaitlistEntry], user) -> int:
    """Delete the entries, their offers and their emails; a time held for them goes to
    the next person. Each writes a history entry naming `user`, titled without the
    person's name. A booking made from an entry is the booking's to keep or erase.
    Returns how many entries were deleted."""
    content_type = ContentType.objects.get_for_model(WaitlistEntry)
    for entry in entries:
        OutgoingEmail.objects.filter(waitlist_offer__entry=entry).delete()
        entry.emails.all().delete()
        entry.offers.all().delete()  # a held offer's time is free again
        entry.name = ERASED_NAME
        # Earlier history entries named the person in their title: not any more.
        LogEntry.objects.filter(content_type=content_type, object_id=str(entry.pk)).update(
            object_repr=str(entry)
        )
        admin_history(
            obj=entry, actor=user, flag=DELETION, message="Deleted on the person's request."
        )
    deleted = WaitlistEntry.objects.filter(pk__in=[e.pk for e in entries]).delete()
    waitlist_times_may_have_freed()
    return deleted[1].get(WaitlistEntry._meta.label, 0)
