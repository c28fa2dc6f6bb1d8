"""Autocomplete ranking, extractor precision, names and the index of the editors' desk."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from entities.extract import EXTRACTOR_VERSION
from entities.models import Claim, Person
from tests.admin.conftest import make_person


def autocomplete(client, model: str, field: str, term: str) -> list[str]:
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": term, "app_label": "entities", "model_name": model, "field_name": field},
    )
    return [row["text"] for row in response.json()["results"]]


def test_country_autocomplete_offers_the_exact_name_first(desk_editor, db):
    found = autocomplete(desk_editor, "claim", "speaker_country", "United States")
    assert found[0] == "United States"
    assert "Mexico" not in found[:1]
    assert autocomplete(desk_editor, "claim", "speaker_country", "UA")[0] == "Ukraine"


def test_person_autocomplete_offers_the_exact_then_the_most_mentioned(desk_editor, newsroom):
    make_person("Volodymyr Zelensky Jr", "volodymyr-zelensky-jr")
    make_person("Olena Zelenska", "olena-zelenska")
    found = autocomplete(desk_editor, "claim", "speaker_person", "Volodymyr Zelensky")
    assert found[:2] == ["Volodymyr Zelensky", "Volodymyr Zelensky Jr"]


def test_extractor_precision_page_and_command(desk_editor, newsroom):
    Claim.objects.filter(pk=newsroom.claim.pk).update(review_status="verified")
    Claim.objects.filter(pk=newsroom.denial.pk).update(
        review_status="verified", editor_fields=["text"]
    )
    make_person("Kyiv Post", "kyiv-post").__class__.objects.filter(slug="kyiv-post").update(
        status=Person.Status.NOT_A_PERSON
    )
    page = desk_editor.get(reverse("admin_extractor_precision"))
    rows = {(r.version, r.kind): r for r in page.context["rows"]}
    claims = rows[(EXTRACTOR_VERSION, "claims")]
    assert (claims.total, claims.verified, claims.corrected, claims.rejected) == (2, 1, 1, 0)
    people = rows[(EXTRACTOR_VERSION, "people")]
    assert (people.total, people.verified, people.rejected) == (2, 1, 1)
    assert "Extractor precision" in page.content.decode()

    out = StringIO()
    call_command("extractor_precision", "--json", stdout=out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    by_kind = {r["kind"]: r for r in records}
    assert (by_kind["claims"]["verified"], by_kind["claims"]["precision"]) == (1, 0.5)


def test_researcher_sees_precision_and_recent_changes(researcher, db):
    assert researcher.get(reverse("admin_extractor_precision")).status_code == 200
    assert researcher.get(reverse("admin_recent_changes")).status_code == 200


def test_names_read_right(desk_editor, newsroom):
    index = desk_editor.get(reverse("admin:index")).content.decode()
    for name in ("People", "Feed entries", "Countries", "Re-extraction reports"):
        assert f">{name}<" in index, name
    assert "Claim review queue" in index and "Recent changes" in index
    claim = desk_editor.get(reverse("admin:entities_claim_change", args=[newsroom.denial.pk]))
    assert "Contradicting claim (earlier)" in claim.content.decode()
