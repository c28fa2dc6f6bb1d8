"""`manage.py extract FILE...`: the extraction contract, printed as JSON; no database writes."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.parsing.types import ParseError
from newsdesk.ingestion.contract import extract_path


class Command(BaseCommand):
    help = "Parse and extract files; print one JSON object per file (a list for several)."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")

    def handle(self, *args, files, **options):
        results = []
        for name in files:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"no such file: {name}")
            try:
                results.append(extract_path(path))
            except ParseError as exc:
                results.append({"source": str(path), "error": exc.reason})
        output = results[0] if len(results) == 1 else results
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
