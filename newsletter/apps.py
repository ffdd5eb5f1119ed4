from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"

    def ready(self):
        # Registers the confirmation and issue emails' kinds with the outbox.
        from newsletter import services  # noqa: F401
