"""Print extraction quality figures for one system on one public gold dataset."""

from django.core.management.base import BaseCommand, CommandError

from articles.evaluation import SYSTEMS, evaluate, format_figures


class Command(BaseCommand):
    help = (
        "Measure body/title/author/date extraction on a dataset folder (scrapinghub "
        "benchmark, trafilatura or htmldate evaluation) for our parser or a baseline."
    )

    def add_arguments(self, parser):
        parser.add_argument("system", choices=SYSTEMS)
        parser.add_argument("path", help="dataset folder holding the gold file and html/")

    def handle(self, *args, system, path, **options):
        try:
            figures = evaluate(system, path)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(format_figures(system, path, figures))
