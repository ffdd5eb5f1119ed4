"""Write topics, people and articles back to files in the import format.

Import then export reproduces the files byte for byte.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from content.importing import DEFAULT_PATH, articles_export


class Command(BaseCommand):
    help = "Export articles, topics and people as markdown and YAML files."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)

    def handle(self, *args, path: Path, **options):
        written = articles_export(path=path)
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(written)} file(s) to {path}."))
