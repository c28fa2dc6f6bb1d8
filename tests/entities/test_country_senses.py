"""Countries: place names and other senses of a demonym are not the country."""

from __future__ import annotations

from entities.extract.analysis import analyse, article_text


def countries(body: str) -> dict[str, list[str]]:
    doc = analyse(
        article_text(title="News", body=body, standfirst=None, captions=[], byline=[], outlet=None)
    )
    return {c.iso2: [m.text for m in c.mentions] for c in doc.countries}


def test_demonym_inside_a_place_name_is_not_the_country():
    assert countries("Police in Spanish Town, Jamaica, arrested two men.") == {"JM": ["Jamaica"]}


def test_native_american_sense_of_indian_is_not_india():
    found = countries(
        "Leaders of Indian tribes met on the reservation. American Indian groups agreed."
    )
    assert "IN" not in found
    assert countries("The Indian government said India would respond.") == {
        "IN": ["Indian", "India"]
    }


def test_a_city_name_shared_by_several_countries_goes_to_the_storys_country():
    found = countries(
        "Fans in Newcastle and Plymouth cheered as Britain won. British ministers praised it."
    )
    assert found == {"GB": ["Newcastle", "Plymouth", "Britain", "British"]}


def test_city_of_the_story_country_still_counts():
    found = countries("Kherson was shelled. Ukraine said Ukrainian forces held.")
    assert found == {"UA": ["Kherson", "Ukraine", "Ukrainian"]}
