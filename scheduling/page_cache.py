"""The booking pages shared from the page cache show locations and their opening hours:
any change to those rows makes a new content version, as an article edit does."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from content.caching import bump_content_version

SHOWN_ON_SHARED_PAGES = ("Location", "WorkingHours", "Therapist")


def _forget_shared_pages(**kwargs) -> None:
    # Now, and again after commit so no reader re-caches the old rows meanwhile.
    bump_content_version()
    transaction.on_commit(bump_content_version)


def connect(app_config) -> None:
    """A cache key's version, not a rule: so a signal sees every save, admin or service."""
    for name in SHOWN_ON_SHARED_PAGES:
        model = app_config.get_model(name)
        post_save.connect(_forget_shared_pages, sender=model, dispatch_uid=f"page-cache-{name}")
        post_delete.connect(_forget_shared_pages, sender=model, dispatch_uid=f"page-cache-{name}")
