"""`manage.py extract`: the extraction contract, printed as JSON, without database writes."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, RawDocument

ROOT = Path(__file__).resolve().parents[2]
FIRST = ROOT / "articles" / "sample_data" / "000_27024b9a8a95804f.txt"
SECOND = ROOT / "articles" / "sample_data" / "003_1dca181fe05a6f0c.txt"
CONTRACT_KEYS = {
    "source", "title", "standfirst", "byline", "published", "published_source", "body",
    "captions", "people", "countries", "claims",
}  # fmt: skip


def extract(*paths) -> object:
    out = StringIO()
    call_command("extract", *[str(p) for p in paths], stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_one_file_gives_one_object_with_the_contract_and_writes_nothing():
    result = extract(FIRST)

    assert set(result) >= CONTRACT_KEYS
    assert result["title"] == "Zelensky seeking Netanyahu visit to Kyiv, Israeli official says"
    assert result["byline"] == ["Lazar Berman"]
    assert result["published_source"] == "inferred"
    assert "2023-02-20" <= result["published"] <= "2023-02-28"
    assert (Article.objects.count(), RawDocument.objects.count()) == (0, 0)


def test_several_files_give_a_list_in_order():
    result = extract(FIRST, SECOND)
    assert [Path(r["source"]).name for r in result] == [FIRST.name, SECOND.name]


def test_claim_offsets_point_into_the_body():
    for result in extract(FIRST, SECOND):
        body_claims = [c for c in result["claims"] if c["location"] == "body"]
        assert body_claims
        for claim in body_claims:
            assert result["body"][claim["start"] : claim["end"]] == claim["text"]


def test_people_and_countries_are_listed_with_their_counts():
    result = extract(SECOND)
    assert result["contributors"] == ["The Associated Press"]
    assert "contributed to this report" not in result["body"]
    people = {p["name"]: p for p in result["people"]}
    assert people["Yoav Gallant"]["country"] == "IL"
    assert people["Lazar Berman"]["locations"] == ["byline"]
    countries = {c["iso2"] for c in result["countries"]}
    assert {"UA", "IL", "RU"} <= countries


def test_bad_file_gives_an_error_entry_not_a_crash(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    result = extract(bad)
    assert result["source"] == str(bad)
    assert result["error"]


def test_missing_file_is_a_command_error():
    result = subprocess.run(
        [sys.executable, "manage.py", "extract", "no/such/file.txt"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode != 0
    assert "no such file" in result.stderr
