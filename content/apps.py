from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"

    def ready(self):
        from content import checks  # noqa: F401 (registers the deploy checks)
