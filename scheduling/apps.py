from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "scheduling"

    def ready(self):
        # Registers the booking emails' kinds with the outbox.
        from scheduling.services import emails  # noqa: F401
