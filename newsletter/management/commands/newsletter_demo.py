"""Demo data for `make run`: one sent issue in the public archive, featuring up to three of
the home page's articles (`import_articles` runs first). Safe to run again."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from content.models import Article
from newsletter.models import FeaturedArticle, Issue
from newsletter.services import issue_save

DEMO_SUBJECT = "Welcome to the HWY Senior Community newsletter"
DEMO_BODY = """Hello, and welcome!

Each week we share one small habit that helps you stay active and independent.

## This week: stand up tall

Three times a day, stand with your back against a wall, heels a hand's width away,
and breathe slowly five times. It wakes up the muscles that keep you upright.

!!! help "Get help"
    If standing still makes you dizzy, sit down and call us before you try again.

See you next week,
the HWY PT team
"""


class Command(BaseCommand):
    help = "Create one sent demo issue for the newsletter archive, if there is none."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would be created.")

    def handle(self, *args, dry_run, **options):
        issue = Issue.objects.filter(subject=DEMO_SUBJECT).first()
        articles = list(Article.objects.published().featured().for_cards()[:3])
        if issue is not None and (issue.featured_articles.exists() or not articles):
            self.stdout.write("Newsletter demo issue already there; nothing to do.")
            return
        if dry_run:
            what = "feature" if issue else "create 1 sent newsletter demo issue featuring"
            self.stdout.write(f"Would {what} {len(articles)} article(s).")
            return
        if issue is None:
            issue = issue_save(issue=Issue(subject=DEMO_SUBJECT, body=DEMO_BODY))
            # Demo only: shown as sent without emailing anyone.
            Issue.objects.filter(pk=issue.pk).update(
                status=Issue.Status.SENT, sent_at=timezone.now()
            )
            self.stdout.write("Created 1 sent newsletter demo issue.")
        FeaturedArticle.objects.bulk_create(
            FeaturedArticle(issue=issue, article=article, position=position)
            for position, article in enumerate(articles)
        )
        self.stdout.write(f"Featured {len(articles)} article(s) in it.")
