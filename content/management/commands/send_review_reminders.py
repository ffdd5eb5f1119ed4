"""Weekly: email the content editors the articles whose medical review is due soon.

Run from cron or the systemd timer in deploy/systemd (hwypt-review-reminders.timer).
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from content.services import REVIEW_NOTICE_DAYS, review_reminder_send


class Command(BaseCommand):
    help = f"Email the Content editors the articles due for review in {REVIEW_NOTICE_DAYS} days."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Count from this date (YYYY-MM-DD) instead of today.")
        parser.add_argument("--dry-run", action="store_true", help="List, send nothing.")

    def handle(self, *args, today, dry_run, **options):
        try:
            day = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as error:
            raise CommandError("--today must be a date like 2026-12-02.") from error
        reminder = review_reminder_send(today=day, dry_run=dry_run)
        articles, people = len(reminder.articles), len(reminder.recipients)
        if dry_run:
            self.stdout.write(f"Would email {people} editor(s) about {articles} article(s).")
        elif not articles or not people:
            self.stdout.write(f"Sent nothing: {articles} article(s) due, {people} editor(s).")
        else:
            self.stdout.write(f"Emailed {people} editor(s) about {articles} article(s).")
