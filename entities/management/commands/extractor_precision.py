"""`manage.py extractor_precision [--json]`: editors' verdicts per extractor version.

The figures of the admin's "Extractor precision" page, for scripts.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from entities.desk import extractor_precision


class Command(BaseCommand):
    help = "Per extractor version: claims and people editors verified, corrected or rejected."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="one JSON object a line")

    def handle(self, *args, **options):
        rows = extractor_precision()
        if options["json"]:
            for row in rows:
                record = {
                    "version": row.version,
                    "kind": row.kind,
                    "found": row.total,
                    "verified": row.verified,
                    "corrected": row.corrected,
                    "merged": row.merged,
                    "rejected": row.rejected,
                    "precision": row.precision,
                }
                self.stdout.write(json.dumps(record))
            return
        self.stdout.write(
            f"{'version':12} {'what':7} {'found':>7} {'verified':>8} {'corrected':>9} "
            f"{'merged':>6} {'rejected':>8} {'precision':>9}"
        )
        for row in rows:
            precision = "—" if row.precision is None else f"{row.precision:.1%}"
            self.stdout.write(
                f"{row.version:12} {row.kind:7} {row.total:>7} {row.verified:>8} "
                f"{row.corrected:>9} {row.merged:>6} {row.rejected:>8} {precision:>9}"
            )
