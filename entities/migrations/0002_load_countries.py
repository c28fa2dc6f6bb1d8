"""Load every ISO 3166-1 country from pycountry."""

from django.db import migrations


def load_countries(apps, schema_editor):
    import pycountry

    Country = apps.get_model("entities", "Country")
    for record in pycountry.countries:
        name = getattr(record, "common_name", None) or record.name
        Country.objects.update_or_create(
            iso2=record.alpha_2,
            defaults={
                "iso3": record.alpha_3,
                "name": name,
                "official_name": getattr(record, "official_name", "") or "",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("entities", "0001_initial")]

    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
