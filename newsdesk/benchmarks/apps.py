from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    name = "newsdesk.benchmarks"
    label = "benchmarks"
    verbose_name = "Benchmarks"
