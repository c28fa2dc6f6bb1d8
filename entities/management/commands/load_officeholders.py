"""`manage.py load_officeholders [PATH]`: the officeholders table into OfficeTerm rows.

Thin wrapper over `entities.services.office_terms_load`; re-runnable (an upsert that also
removes terms the file no longer lists). PATH defaults to the project's copy,
`entities/extract/lexicon/kb/officeholders.csv.gz`.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from entities.services import office_terms_load


class Command(BaseCommand):
    help = "Load office terms (Wikidata P39, CC0) as reference data; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, default=None)

    def handle(self, *args, path, **options):
        counts = office_terms_load(path)
        self.stdout.write(
            f"{counts['terms']} office terms: {counts['added']} added, "
            f"{counts['removed']} removed, the rest updated in place"
        )
