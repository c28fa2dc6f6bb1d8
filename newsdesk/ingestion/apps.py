from django.apps import AppConfig


class IngestionConfig(AppConfig):
    name = "newsdesk.ingestion"
    label = "ingestion"
    verbose_name = "Ingestion: sources, feeds, stages, tasks and commands"
