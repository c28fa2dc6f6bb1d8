"""Cities whose name several countries share go to the country the article is about."""

from __future__ import annotations

from entities.extract import gazetteer as gz
from entities.extract.countries import extract_countries
from entities.extract.types import ArticleText


def mentions(body: str, **kw) -> dict[str, list[str]]:
    article = ArticleText(title="", body=body, **kw)
    return {c.iso2: [m.text for m in c.mentions] for c in extract_countries(article, [])}


def test_namesakes_table_lists_other_countries_of_a_city_name():
    assert {"GB", "ZA"} <= set(gz.namesakes()["Newcastle"])
    assert "GB" in gz.namesakes()["Plymouth"]
    assert "Lisbon" not in gz.namesakes()


def test_shared_city_goes_to_the_country_the_story_names():
    found = mentions(
        "Flood barriers went up in Newcastle and Plymouth on Sunday. British ministers "
        "promised help to both cities, and the British army sent engineers."
    )
    assert found == {"GB": ["Newcastle", "Plymouth", "British", "British"]}


def test_shared_city_keeps_its_country_when_that_country_is_named():
    found = mentions(
        "Bushfires closed roads near Newcastle on Monday, and Australian officials "
        "told drivers to avoid the coast."
    )
    assert found == {"AU": ["Newcastle", "Australian"]}


def test_shared_city_without_context_keeps_todays_country():
    assert mentions("Police in Newcastle arrested two men after the match.") == {
        "AU": ["Newcastle"]
    }


def test_region_names_are_context_for_a_shared_city():
    found = mentions("The trial in Athens ended after the suspect was moved to Wisconsin.")
    assert found == {"US": ["Athens"]}


def test_region_abbreviation_after_a_comma_is_context():
    found = mentions("Fans drove to the Birmingham festival from Gainesville, Va. on Friday.")
    assert found == {"US": ["Birmingham"]}


def test_given_name_that_is_a_region_is_not_context():
    found = mentions("Virginia Hale wrote a memoir about her years in Athens.")
    assert found == {"GR": ["Athens"]}


def test_outlet_home_country_is_context():
    body = "Police in Plymouth said the harbour would reopen on Tuesday."
    assert mentions(body, outlet="The Washington Post") == {"US": ["Plymouth"]}
    assert mentions(body) == {"MS": ["Plymouth"]}


def test_large_capital_is_never_moved_to_a_namesake():
    found = mentions("Canadian farmers met in London, where Canadian officials spoke.")
    assert found == {"CA": ["Canadian", "Canadian"], "GB": ["London"]}


def test_tie_between_namesake_countries_keeps_todays_country():
    found = mentions(
        "Storms hit Newcastle. British and South African forecasters had warned of them."
    )
    assert "Newcastle" in found["AU"]
