"""Attempts on raw documents and re-sent analyses (the sweeper), and why a run failed."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_minhash_band_lookup_in_article_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="analysis_resent",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="article",
            name="analysis_resent_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="ingestionrun",
            name="reason",
            field=models.TextField(blank=True, help_text="why the run was closed as failed"),
        ),
        migrations.AddField(
            model_name="rawdocument",
            name="attempted_at",
            field=models.DateTimeField(
                blank=True,
                help_text="when processing last started or was last sent again",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="rawdocument",
            name="attempts",
            field=models.PositiveSmallIntegerField(
                default=0, help_text="how many times processing started on it"
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("analysed_at__isnull", True)),
                fields=["created_at"],
                name="article_unanalysed",
            ),
        ),
    ]
