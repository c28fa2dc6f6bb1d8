"""Country knowledge base built from pycountry and the curated tables."""

from __future__ import annotations

import pycountry

from entities.extract.gazetteer import country_records, lexicon
from entities.extract.tokens import word_key


def test_every_iso_country_has_a_record():
    records = {r["iso2"]: r for r in country_records()}
    assert {c.alpha_2 for c in pycountry.countries} <= set(records)
    for r in records.values():
        assert set(r) == {"iso2", "iso3", "name", "official_name", "aliases", "demonyms", "capital"}
        assert r["name"] and r["name"] not in r["aliases"]


def test_common_short_names_and_aliases():
    records = {r["iso2"]: r for r in country_records()}
    assert records["US"]["name"] == "United States"
    assert {"US", "U.S.", "America"} <= set(records["US"]["aliases"])
    assert records["RU"]["name"] == "Russia" and records["RU"]["capital"] == "Moscow"
    assert records["UA"]["capital"] == "Kyiv" and "Ukrainian" in records["UA"]["demonyms"]
    assert records["KR"]["name"] == "South Korea"


def test_lexicon_forms():
    lex = lexicon()
    assert lex[word_key("Israelis")].iso2 == "IL"
    assert lex[word_key("the Kremlin".removeprefix("the "))].iso2 == "RU"
    assert lex[word_key("Knesset")].iso2 == "IL"
    assert lex[word_key("London")].iso2 == "GB"
    assert lex[word_key("Paris")].iso2 == "FR"
    assert word_key("West") not in lex and word_key("European") not in lex
