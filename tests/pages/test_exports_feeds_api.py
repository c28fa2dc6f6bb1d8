"""CSV, JSON Lines and Atom with the list filters, and the read-only JSON API."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def streamed(response) -> str:
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def test_articles_csv_has_a_header_and_one_row_per_article(client, world):
    response = client.get("/articles/export.csv?country=UA")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(streamed(response))))
    assert rows[0][:3] == ["id", "url", "title"]
    assert len(rows) == 3
    records = list(
        csv.DictReader(io.StringIO(streamed(client.get("/articles/export.csv?country=UA"))))
    )
    assert [r["title"] for r in records] == [world.second.title, world.first.title]
    assert records[1]["published"] == "2023-02-22"
    assert records[1]["published_source"] == "inferred"
    assert records[1]["countries"] == "DE; FR; IL; IR; RU; SY; UA"
    assert "lazar-berman" not in records[1]["people"]
    assert records[1]["page"] == f"http://testserver/articles/{world.first.pk}/"


def test_articles_jsonl_has_one_line_per_article_with_the_body(client, world):
    response = client.get("/articles/export.jsonl?person=yoav-gallant")

    lines = streamed(response).splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["id"] == world.second.pk
    assert record["people"] == ["eli-cohen", "oleksii-reznikov", "yoav-gallant"]
    assert record["body"] == world.second.body
    assert record["published"] == "2023-06-11"


def test_exports_with_invalid_filters_are_a_400_naming_the_field(client, world):
    for path in (
        "/articles/export.csv",
        "/articles/export.jsonl",
        "/articles/feed/",
        "/claims/export.csv",
        "/claims/export.jsonl",
        "/claims/feed/",
    ):
        response = client.get(f"{path}?date_from=02/01/2023")
        assert response.status_code == 400, path
        assert b"date_from: Enter a date as YYYY-MM-DD." in response.content


def test_article_feed_is_atom_with_the_same_filters(client, world):
    response = client.get("/articles/feed/?q=Netanyahu")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [world.first.title]
    assert entries[0].find(f"{ATOM}link").get("href").endswith(f"/articles/{world.first.pk}/")
    assert entries[0].find(f"{ATOM}published").text.startswith("2023-02-22")
    assert "q=Netanyahu" in feed.find(f"{ATOM}title").text


def test_claims_exports_and_feed(client, world):
    rows = list(csv.DictReader(io.StringIO(streamed(client.get("/claims/export.csv?stance=deny")))))
    assert len(rows) == 1
    assert rows[0]["speaker_label"] == "a Defense Ministry official"
    assert rows[0]["speaker_country"] == "IL"
    assert rows[0]["subject_countries"] == "UA"
    assert rows[0]["contradicts"] == str(world.claims["unable_to_arrange"].pk)

    lines = streamed(client.get("/claims/export.jsonl?speaker=eli-cohen")).splitlines()
    assert [json.loads(line)["text"] for line in lines] == [
        "it would take between 3-6 months for the system to arrive"
    ]

    feed = ET.fromstring(client.get("/claims/feed/?stance=deny").content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    assert entries[0].find(f"{ATOM}title").text.startswith("a Defense Ministry official denied")


def test_api_articles_use_the_same_filters(client, world):
    response = client.get("/api/articles/?person=yoav-gallant")

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    assert data["results"][0]["id"] == world.second.pk
    assert data["results"][0]["countries"] == ["IL", "RU", "SY", "UA", "US"]
    assert client.get("/api/articles/?date_from=nope").status_code == 400


def test_api_article_detail_person_country_and_claims(client, world):
    article = client.get(f"/api/articles/{world.first.pk}/").json()
    assert article["body"] == world.first.body
    assert article["published_source"] == "inferred"

    person = client.get("/api/people/volodymyr-zelensky/").json()
    assert person["role"] == "President"
    assert person["country"] == "UA"
    assert "Volodymr Zelensky" in person["aliases"]

    assert client.get("/api/countries/ua/").json()["name"] == "Ukraine"

    claims = client.get("/api/claims/?stance=deny").json()["results"]
    assert [c["contradicts"] for c in claims] == [[world.claims["unable_to_arrange"].pk]]


def test_api_schema_is_openapi(client, world):
    response = client.get("/api/schema/?format=json")

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/articles/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/articles/"]["get"]["parameters"]}
    assert {"q", "country", "person", "date_from", "date_to", "stance"} <= parameters
