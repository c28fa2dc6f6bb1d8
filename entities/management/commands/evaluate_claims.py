"""`manage.py evaluate_claims polnear PATH [--split dev|train]` / `evaluate_claims plover PATH`.

Thin wrapper over entities.evaluation_claims; prints the scores as JSON.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from entities.evaluation_claims import evaluate_plover, evaluate_polnear


class Command(BaseCommand):
    help = "Measure claim extraction on PolNeAR or event typing on PLOVER-GSR."
    # Reads files only: no database, so the project's system checks are not its concern.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("dataset", choices=["polnear", "plover"])
        parser.add_argument("path", type=Path)
        parser.add_argument("--split", default="dev", choices=["dev", "train"])
        parser.add_argument("--limit", type=int, default=None)

    def handle(self, *args, dataset, path, split, limit, **options):
        if dataset == "polnear":
            result = evaluate_polnear(path, split, limit)
        else:
            result = evaluate_plover(path)
        self.stdout.write(json.dumps(result, indent=2))
