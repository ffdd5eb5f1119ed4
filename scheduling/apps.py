from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "scheduling"

    def ready(self):
        from scheduling import (
            checks,  # noqa: F401 (registers the deploy checks)
            page_cache,
        )

        page_cache.connect(self)

        # Registers the booking and waitlist emails' kinds with the outbox.
        from scheduling.services import emails, waitlist_emails  # noqa: F401
