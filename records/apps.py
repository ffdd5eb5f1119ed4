from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = "Privacy"

    def ready(self):
        # Registers what the site holds about a person: bookings, emails, subscribers.
        from records import sources  # noqa: F401
