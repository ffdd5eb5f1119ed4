from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "scheduling"

    def ready(self):
        from scheduling import checks  # noqa: F401 (registers the deploy checks)
