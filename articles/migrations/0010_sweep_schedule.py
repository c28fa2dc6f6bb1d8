"""Beat runs the sweeper every minute through django-celery-beat's database scheduler."""

from django.db import migrations


def create_schedule(apps, schema_editor):
    from articles.services import sweep_schedule_ensure

    sweep_schedule_ensure(
        apps.get_model("django_celery_beat", "IntervalSchedule"),
        apps.get_model("django_celery_beat", "PeriodicTask"),
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name="Sweep stuck ingestion work"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_ingestion_attempts"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
