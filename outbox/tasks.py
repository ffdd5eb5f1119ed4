"""The outbox's one background task, run by `manage.py db_worker` (at once in development)."""

from django.tasks import task

from outbox.delivery import outbox_send
from outbox.models import OutgoingEmail


@task
def send_emails(email_ids: list[int]) -> int:
    """Send these emails unless they went out already; returns how many went out now.

    A failure is recorded on the email and retried by `retry_emails` (cron):
    django-tasks-db never retries a task itself.
    """
    return outbox_send(emails=OutgoingEmail.objects.filter(pk__in=email_ids)).sent
