"""Claims compared with other articles' claims at ingestion, through the real pipeline."""

from io import StringIO

import pytest
from django.core.management import call_command

from entities.models import Claim, Contradiction

pytestmark = pytest.mark.django_db

ASSERTED = """Ukraine expects Netanyahu in Kyiv
Officials in Kyiv describe preparations for a visit

A Ukrainian official said that Prime Minister Benjamin Netanyahu will visit Kyiv next month \
to discuss air defense systems with President Volodymyr Zelensky.
"""
DENIED = """Israel plays down talk of a Kyiv trip
Jerusalem says no plans have been made

An Israeli official denied that Prime Minister Benjamin Netanyahu will visit Kyiv next month \
to discuss air defense systems.
"""


def ingest(path, text: str) -> None:
    path.write_text(text)
    call_command("ingest", str(path), "--sync", stdout=StringIO(), stderr=StringIO())


def test_a_denial_in_a_later_article_contradicts_the_earlier_claim_about_the_same_person(
    tmp_path,
):
    ingest(tmp_path / "asserted.txt", ASSERTED)

    ingest(tmp_path / "denied.txt", DENIED)

    asserted = Claim.objects.get(speaker_label="A Ukrainian official")
    denied = Claim.objects.get(speaker_label="An Israeli official")
    # The earlier claim is read back with both its subjects and its speaker's country.
    assert sorted(asserted.subject_people.values_list("name", flat=True)) == [
        "Benjamin Netanyahu",
        "Volodymyr Zelensky",
    ]
    assert (denied.stance, asserted.article_id != denied.article_id) == ("deny", True)
    assert list(Contradiction.objects.values_list("claim", "other", "reason")) == [
        (
            asserted.pk,
            denied.pk,
            "An Israeli official denies what A Ukrainian official states "
            "(shared: air, benjam, contact, defens)",
        )
    ]
