"""Country extractor: seed articles read carefully, plus the context rules on strings."""

from __future__ import annotations

from entities.extract.countries import extract_countries
from entities.extract.people import extract_people
from entities.extract.types import ArticleText, CountryResult
from tests.entities.test_people import seed_article


def countries_of(article: ArticleText) -> list[CountryResult]:
    return extract_countries(article, extract_people(article))


def codes(title: str, body: str = "", **kw) -> set[str]:
    return {c.iso2 for c in countries_of(ArticleText(title=title, body=body, **kw))}


def test_seed000_countries():
    result = {c.iso2: c for c in countries_of(seed_article("000"))}
    assert set(result) == {"UA", "IL", "RU", "FR", "DE", "SY", "IR"}
    assert result["UA"].name == "Ukraine"
    forms = {m.text for m in result["IL"].mentions}
    assert {"Israel", "Israeli", "Jerusalem", "Knesset"} <= forms
    assert "Kherson" in {m.text for m in result["UA"].mentions}


def test_seed003_countries_exclude_groupings():
    assert {c.iso2 for c in countries_of(seed_article("003"))} == {
        "UA", "IL", "RU", "SY", "US",
    }  # fmt: skip


def test_caption_mentions_count():
    article = ArticleText(title="Talks", body="Talks went on.", captions=["Leaders in Berlin."])
    (germany,) = countries_of(article)
    assert germany.iso2 == "DE" and germany.mentions[0].location == "caption"


def test_names_aliases_and_metonyms():
    body = "The U.S. and Britain spoke; the Kremlin and Washington disagreed with the UK."
    assert codes("x", body) == {"US", "GB", "RU"}


def test_language_is_not_a_country():
    assert codes("Meeting", "The meeting was conducted in Russian.") == set()


def test_people_named_like_countries_are_not_countries():
    body = "Jordan Peterson spoke. George Washington was president. Washington Post reported."
    assert codes("x", body) == set()


def test_georgia_the_us_state():
    body = "Voters in Georgia chose a new governor in Atlanta and in Alabama."
    assert "GE" not in codes("x", body)
    assert codes("x", "Georgia and Russia fought in 2008 near Tbilisi.") == {"GE", "RU"}


def test_regions_and_groupings_are_not_countries():
    body = "The West and European countries joined Latin American states at the UN."
    assert codes("x", body) == set()


def test_demonyms_and_plurals():
    assert codes("x", "Ukrainians and Israelis met Iranian and Syrian envoys.") == {
        "UA", "IL", "IR", "SY",
    }  # fmt: skip


def test_outlet_named_after_a_city_is_not_a_mention():
    assert codes("x", "The Kyiv Independent reported on the vote.") == set()


def test_offsets_point_at_the_text():
    article = seed_article("003")
    fields = {"headline": article.title, "standfirst": article.standfirst, "body": article.body}
    for country in countries_of(article):
        for m in country.mentions:
            assert fields[m.location][m.start : m.end] == m.text


def test_outlet_named_after_a_country_is_not_a_mention():
    body = "He told The Times of Israel on Sunday that the talks in Cairo had failed."
    assert codes("Talks", body) == {"EG"}


def test_demonym_describing_an_actor_counts_but_a_language_does_not():
    assert codes("x", "Israeli officials met the Ukrainian president in the capital.") == {
        "IL", "UA",
    }  # fmt: skip
    assert codes("x", "She answered in Spanish after the match and thanked the fans.") == set()
    assert codes("x", "He has been studying Portuguese at an evening school for a year.") == set()
    assert codes("x", "The interview was published online (English version) on the site.") == set()


def test_currency_and_ancient_civilisations_are_not_countries():
    assert codes("x", "The projects are worth 6.5 billion US dollars over three years.") == set()
    assert codes("x", "The court ruled the worship of ancient Greek deities legal.") == set()


def test_surname_that_is_a_demonym_or_a_country_name():
    assert codes("x", "They stayed at the Percy French Hotel near the lake for a week.") == set()
    body = (
        "The reporter Bill Holland said the case was unusual. Holland covered it for a "
        "number of years and wrote about the family."
    )
    assert codes("x", body) == set()


def test_regions_named_after_another_country():
    body = "Floods hit New South Wales while fires burned in New Mexico and in the north."
    assert codes("x", body) == {"AU", "US"}
