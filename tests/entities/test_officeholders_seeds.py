"""The seed articles through the pipeline: known officeholders carry their Wikidata id."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from entities.models import Person

SAMPLES = Path(__file__).resolve().parents[2] / "articles" / "sample_data"

pytestmark = pytest.mark.django_db


def test_seed_people_are_linked_to_wikidata_and_only_the_named_ones_exist():
    call_command("ingest", str(SAMPLES), "--sync", stdout=StringIO(), stderr=StringIO())
    people = {p.slug: p for p in Person.objects.active().select_related("country")}
    cohen = people["eli-cohen"]
    assert (cohen.wikidata_id, cohen.country.iso2) == ("Q19634024", "IL")
    assert people["yoav-gallant"].wikidata_id is not None
    assert people["volodymyr-zelensky"].wikidata_id is not None
    # Officeholders the articles never name are not people.
    assert not Person.objects.filter(name="Andrey Belousov").exists()
