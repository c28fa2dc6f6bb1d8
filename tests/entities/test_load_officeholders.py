"""`manage.py load_officeholders`: office terms as reference data, apart from the people."""

from __future__ import annotations

import csv
import gzip
import io
from datetime import date

import pytest
from django.core.management import call_command

from entities.models import OfficeTerm, Person
from entities.resolver import resolve_person

pytestmark = pytest.mark.django_db

COLUMNS = [
    "person_qid", "name", "aliases", "gender", "birth_date", "country", "jurisdiction",
    "scope", "office", "office_label", "office_type", "host_country", "start", "end",
    "start_basis", "end_basis", "observed_until", "enwiki", "source",
]  # fmt: skip


def write(path, rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS)
    writer.writeheader()
    for r in rows:
        writer.writerow({c: r.get(c, "") for c in COLUMNS})
    path.write_bytes(gzip.compress(buffer.getvalue().encode()))
    return path


TERMS = [
    {"person_qid": "Q1", "name": "Anna Berg", "aliases": "Ana Berg", "country": "SE",
     "jurisdiction": "Sweden", "scope": "national", "office": "Minister for Foreign Affairs",
     "office_label": "Minister for Foreign Affairs", "office_type": "foreign_minister",
     "start": "2019-01-01", "end": "2021-06"},
    {"person_qid": "Q1", "name": "Anna Berg", "country": "SE", "jurisdiction": "Sweden",
     "scope": "national", "office": "Prime Minister", "office_label": "Prime Minister",
     "office_type": "head_of_government", "start": "2021-07-01"},
    {"person_qid": "Q2", "name": "Carl Dahl", "country": "SE", "jurisdiction": "Sweden",
     "scope": "national", "office": "ambassador to Norway",
     "office_label": "ambassador of Sweden to Norway", "office_type": "ambassador",
     "host_country": "NO", "start": "2015", "observed_until": "2023-01-20"},
]  # fmt: skip


def load(path) -> str:
    out = io.StringIO()
    call_command("load_officeholders", str(path), stdout=out)
    return out.getvalue()


def test_load_is_idempotent_and_creates_no_people(tmp_path):
    path = write(tmp_path / "kb.csv.gz", TERMS)
    assert "3 office terms: 3 added, 0 removed" in load(path)
    first = list(OfficeTerm.objects.order_by("pk").values())
    assert "0 added, 0 removed" in load(path)
    assert list(OfficeTerm.objects.order_by("pk").values()) == first
    assert Person.objects.count() == 0


def test_reload_removes_terms_the_file_dropped(tmp_path):
    load(write(tmp_path / "kb.csv.gz", TERMS))
    assert "0 added, 1 removed" in load(write(tmp_path / "kb2.csv.gz", TERMS[:2]))
    assert set(OfficeTerm.objects.values_list("person_qid", flat=True)) == {"Q1"}


def test_dates_keep_precision_and_terms_are_read_by_day(tmp_path):
    load(write(tmp_path / "kb.csv.gz", TERMS))
    minister = OfficeTerm.objects.get(office_type="foreign_minister")
    assert (minister.start_date, minister.end_date, minister.aliases) == (
        date(2019, 1, 1), date(2021, 6, 30), ["Ana Berg"],
    )  # fmt: skip
    held = OfficeTerm.objects.filter(country="SE").held_on(date(2022, 1, 1))
    assert sorted(held.values_list("person_qid", "office")) == [
        ("Q1", "Prime Minister"), ("Q2", "ambassador to Norway"),
    ]  # fmt: skip


def test_person_pages_read_offices_through_the_wikidata_id(tmp_path):
    load(write(tmp_path / "kb.csv.gz", TERMS))
    person = resolve_person("Anna Berg", wikidata_id="Q1")
    assert [t.office for t in person.office_terms()] == [
        "Prime Minister", "Minister for Foreign Affairs",
    ]  # fmt: skip
    assert list(resolve_person("Someone Else").office_terms()) == []
