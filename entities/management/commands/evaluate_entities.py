"""`manage.py evaluate_entities {gum|geowebnews} PATH`: people/country P/R/F1 on a dataset."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from entities.evaluation import DATASETS


class Command(BaseCommand):
    help = "Measure the people and country extractors on a public annotated dataset folder."

    def add_arguments(self, parser):
        parser.add_argument("dataset", choices=sorted(DATASETS))
        parser.add_argument("path")

    def handle(self, *args, dataset, path, **options):
        try:
            scores = DATASETS[dataset](path)
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        for name, s in scores.items():
            self.stdout.write(f"{name:18} " + " ".join(f"{k}={v}" for k, v in s.items()))
