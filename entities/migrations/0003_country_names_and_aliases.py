"""Common short names ("Russia", "Iran"), aliases and demonyms from the knowledge base."""

from django.db import migrations


def sync(apps, schema_editor):
    from entities.services import countries_sync

    countries_sync(apps.get_model("entities", "Country"))


class Migration(migrations.Migration):
    dependencies = [("entities", "0002_load_countries")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
