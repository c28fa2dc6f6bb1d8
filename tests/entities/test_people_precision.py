"""Only people become people: things named like people are left out by word tables."""

from __future__ import annotations

import pytest

from entities.extract.analysis import analyse, article_text


def names(body: str, title: str = "News") -> list[str]:
    doc = analyse(
        article_text(title=title, body=body, standfirst=None, captions=[], byline=[], outlet=None)
    )
    return [p.name for p in doc.people]


def test_hyphenated_title_is_stripped_from_the_name():
    assert names("Vice-President Mike Pence said the virus was contagious.") == ["Mike Pence"]


def test_names_run_together_by_markup_are_no_person():
    assert names("Alexandria Ocasio-CortezAlexandria Ocasio-CortezSanders said it was bold.") == []


@pytest.mark.parametrize(
    "body",
    [
        "Visitors to Crystal Cave said it was cold.",
        "Doctors at Mayo Clinic said the drug worked.",
        "Moon Express said it would launch next year.",
        "Tory MPs said the plan was wrong.",
        "Brent Crude said nothing, but prices rose.",
        "Manchester United said the striker would stay.",
    ],
)
def test_places_firms_teams_and_commodities_are_not_people(body):
    assert names(body) == []


def test_a_word_before_a_known_surname_is_no_given_name():
    found = names("Make Trump pay, the sign said. President Donald Trump said tariffs work.")
    assert found == ["Donald Trump"]


def test_real_people_stay():
    found = names("Jim Smith, a farmer, said the harvest was poor. Anna Lee agreed.")
    assert found == ["Jim Smith", "Anna Lee"]


def speakers(body: str) -> list[tuple[str, str, str | None]]:
    doc = analyse(
        article_text(title="News", body=body, standfirst=None, captions=[], byline=[], outlet=None)
    )
    return [(c.speaker.label, c.speaker.kind, c.speaker.person) for c in doc.claims]


def test_named_economist_is_a_person_speaker():
    assert speakers("Economist Jane Roe said inflation would fall.") == [
        ("Economist Jane Roe", "person", "Jane Roe")
    ]


def test_spokesman_for_a_person_is_not_that_person():
    assert speakers("A spokesman for Benjamin Netanyahu said the talks had ended.") == [
        ("A spokesman for Benjamin Netanyahu", "anonymous", None)
    ]


def test_compound_title_is_not_part_of_the_name():
    assert names("Hong Kong Chief Executive Carrie Lam said the law would stay.") == ["Carrie Lam"]


def test_ship_named_after_a_person_is_no_person():
    assert names("The USS Gerald Ford sailed into the Mediterranean on Monday.") == []


def test_a_country_speaking_is_its_government():
    assert speakers("The US said it would act.") == [("The US", "government", None)]
