"""Load the article files (topics, people, articles) into the database.

Every file is checked first; a set with any problem imports nothing. Upserts
by slug, so running it again changes nothing and says so.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.importing import DEFAULT_PATH, articles_import


class Command(BaseCommand):
    help = "Import articles from markdown files with YAML front matter (upsert by slug)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
        parser.add_argument("--dry-run", action="store_true", help="Check and report only.")

    def handle(self, *args, path: Path, dry_run: bool, **options):
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        report = articles_import(path=path, dry_run=dry_run)
        if report.problems:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Nothing imported: {len(report.problems)} problem(s) in {path}. "
                "Fix them and run again."
            )
        prefix = "Dry run, nothing saved: would have " if dry_run else ""
        if not report.changed:
            self.stdout.write(
                f"Nothing changed: {len(report.unchanged)} item(s) already up to date."
            )
            return
        for label in report.created:
            self.stdout.write(f"  created {label}")
        for label in report.updated:
            self.stdout.write(f"  updated {label}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.unchanged)} unchanged."
            )
        )
