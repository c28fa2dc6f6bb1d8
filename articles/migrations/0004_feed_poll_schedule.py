"""Beat polls the due feeds every minute through django-celery-beat's database scheduler."""

from django.db import migrations


def create_schedule(apps, schema_editor):
    from articles.services import feed_poll_schedule_ensure

    feed_poll_schedule_ensure(
        apps.get_model("django_celery_beat", "IntervalSchedule"),
        apps.get_model("django_celery_beat", "PeriodicTask"),
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name="Poll due feeds"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_dedupe_bands_and_politeness"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
