"""Background work: run by `manage.py db_worker` in production, at once in development."""

from django.tasks import task


@task
def send_confirmation(subscriber_id: int) -> bool:
    """Send a sign-up's confirmation; a failure is recorded and retried by cron."""
    from newsletter.services import confirmation_deliver

    return confirmation_deliver(subscriber_id=subscriber_id)


@task
def send_issue(issue_id: int) -> int:
    """Send (or carry on sending) an issue; returns how many emails went out."""
    from newsletter.models import Issue
    from newsletter.services import issue_send

    return issue_send(issue=Issue.objects.get(pk=issue_id)).sent
