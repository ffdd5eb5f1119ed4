"""Load the article files (topics, people, articles) into the database.

Every file is checked first; a set with any problem imports nothing. Upserts
by slug, so running it again changes nothing and says so.
"""

from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.importing import DEFAULT_PATH, articles_import

# The report labels each item "<kind> <slug>"; the kinds, in the order people read them.
KINDS = (("article", "articles"), ("topic", "topics"), ("person", "people"))


def per_kind(labels: list[str]) -> str:
    """ "28 articles, 8 topics and 3 people", or "nothing"."""
    counts = Counter(label.split(" ", 1)[0] for label in labels)
    parts = [
        f"{counts[kind]} {kind if counts[kind] == 1 else plural}"
        for kind, plural in KINDS
        if counts[kind]
    ]
    if not parts:
        return "nothing"
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


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
            self.stdout.write(f"Nothing changed: {per_kind(report.unchanged)} already up to date.")
            return
        for label in report.created:
            self.stdout.write(f"  created {label}")
        for label in report.updated:
            self.stdout.write(f"  updated {label}")
        summary = (
            f"created {per_kind(report.created)}, updated {per_kind(report.updated)}; "
            f"{per_kind(report.unchanged)} unchanged."
        )
        self.stdout.write(
            self.style.SUCCESS(prefix + summary if prefix else summary[0].upper() + summary[1:])
        )
