from django.db import migrations

# The subject links of an auto-created many-to-many table cannot declare Meta indexes, hence
# SQL. With (person_id, claim_id) a person's newest claims are read newest first and cut at
# a limit (cross-article contradiction candidates), however many claims are about them.


class Migration(migrations.Migration):
    dependencies = [
        ("entities", "0004_read_side_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX claim_subject_people_person_claim "
            "ON entities_claim_subject_people (person_id, claim_id)",
            reverse_sql="DROP INDEX claim_subject_people_person_claim",
        ),
    ]
