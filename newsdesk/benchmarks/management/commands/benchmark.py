"""`manage.py benchmark`: the figures behind DESIGN.md's budgets (newsdesk/benchmarks/runs.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsdesk.benchmarks import runs as benchmarks


class Command(BaseCommand):
    help = "Measure pages, ingestion, extraction and exports; prints figures."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        seed = sub.add_parser("seed", help="insert a synthetic data set")
        seed.add_argument("--articles", type=int, default=100_000)
        seed.add_argument("--seed", type=int, default=7, help="the same seed, the same rows")
        seed.add_argument("--yes", action="store_true", help="do not ask for confirmation")
        pages = sub.add_parser(
            "pages", help="latency and queries per page, and their ratio to a stock ListView"
        )
        pages.add_argument("--repeat", type=int, default=30)
        pages.add_argument("urls", nargs="*")
        ingest = sub.add_parser("ingest", help="documents per second, end to end")
        ingest.add_argument("--docs", type=int, default=300)
        ingest.add_argument(
            "--workers", type=int, default=0, help="Celery worker processes (0: in-process)"
        )
        ingest.add_argument(
            "--source",
            type=Path,
            help="a folder of real HTML pages, repeated with varied text (default: the samples)",
        )
        extract = sub.add_parser("extract", help="ms per HTML page vs trafilatura alone")
        extract.add_argument("folder", type=Path)
        export = sub.add_parser("export", help="peak memory while streaming an export")
        export.add_argument("--url", default="/articles/export.csv")

    def handle(self, *args, what, **options):
        out = self.stdout.write
        if what == "seed":
            if not options["yes"]:
                answer = input(
                    f"Insert {options['articles']} synthetic articles into this database? [y/N] "
                )
                if answer.strip().lower() != "y":
                    raise CommandError("cancelled")
            benchmarks.seed(articles=options["articles"], rng_seed=options["seed"], out=out)
        elif what == "pages":
            benchmarks.pages(
                options["urls"] or benchmarks.default_urls(), repeat=options["repeat"], out=out
            )
        elif what == "ingest":
            benchmarks.ingest(
                docs=options["docs"], workers=options["workers"], source=options["source"], out=out
            )
        elif what == "extract":
            benchmarks.extract(options["folder"], out=out)
        elif what == "export":
            benchmarks.export(options["url"], out=out)
