"""Officeholders: names and titles resolved to office holders on the article's date."""

from __future__ import annotations

from datetime import date

import pytest

from entities.extract.analysis import analyse, article_text
from entities.extract.officeholders import Officeholders, date_bounds, officeholders

ELI_COHEN = "Q19634024"
TRUMP = "Q22686"


def people(body: str, *, day: date | None, title: str = "News") -> dict[str, object]:
    doc = analyse(
        article_text(
            title=title, body=body, standfirst=None, captions=[], byline=[], outlet=None,
            published=day,
        )
    )  # fmt: skip
    return {p.name: p for p in doc.people}


def row(qid, name, country, office, office_type, start, end="", host="", aliases=""):
    return {
        "person_qid": qid, "name": name, "aliases": aliases, "country": country,
        "scope": "national", "office": office, "office_type": office_type,
        "host_country": host, "start": start, "end": end,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("text", "last", "expected"),
    [
        ("2022-12-29", False, date(2022, 12, 29)),
        ("2023-02", True, date(2023, 2, 28)),
        ("2019", False, date(2019, 1, 1)),
        ("1990s", True, date(1999, 12, 31)),
        ("", True, None),
    ],
)
def test_date_bounds_keep_the_precision_of_the_table(text, last, expected):
    assert date_bounds(text, last=last) == expected


def test_holders_on_a_day_and_namesakes_told_apart_by_date():
    kb = Officeholders.from_rows(
        [
            row("Q1", "Anna Berg", "SE", "Minister for Foreign Affairs", "foreign_minister",
                "2019-01-01", "2021-06-30"),
            row("Q2", "Carl Dahl", "SE", "Minister for Foreign Affairs", "foreign_minister",
                "2021-07"),
            row("Q3", "Anna Berg", "NO", "Minister of Justice", "justice_minister", "2010",
                "2012"),
        ]
    )  # fmt: skip
    assert kb.holders("SE", ("foreign_minister",), date(2021, 6, 30)) == ["Q1"]
    assert kb.holders("SE", ("foreign_minister",), date(2021, 7, 1)) == ["Q2"]
    assert kb.people_named("Anna Berg") == ("Q1", "Q3")
    assert kb.person_for("Anna Berg", day=date(2020, 5, 1), country=None) == "Q1"
    assert kb.person_for("Anna Berg", day=None, country="NO") == "Q3"
    assert kb.person_for("Anna Berg", day=None, country=None) is None


def test_shipped_table_answers_the_readme_checks():
    kb = officeholders()
    assert kb.holders("IL", ("foreign_minister",), date(2023, 2, 16)) == [ELI_COHEN]
    assert kb.person_for("Yoav Galant", day=None, country=None) == kb.person_for(
        "Yoav Gallant", day=None, country=None
    )
    assert [kb.names[q] for q in kb.holders("RU", ("defence_minister",), date(2024, 6, 1))] == [
        "Andrey Belousov"
    ]


def test_known_name_gets_wikidata_id_and_office_on_the_article_date():
    found = people("Eli Cohen met reporters in Jerusalem on Thursday.", day=date(2023, 2, 16))
    cohen = found["Eli Cohen"]
    assert (cohen.wikidata_id, cohen.role, cohen.country) == (
        ELI_COHEN, "Minister of Foreign Affairs", "IL",
    )  # fmt: skip


def test_office_of_the_text_wins_and_no_date_gives_no_office():
    found = people("Eli Cohen met reporters in Jerusalem.", day=None)
    assert (found["Eli Cohen"].wikidata_id, found["Eli Cohen"].role) == (ELI_COHEN, None)
    titled = people("Economy Minister Eli Cohen met reporters.", day=date(2023, 2, 16))
    assert titled["Eli Cohen"].role == "Economy Minister"


@pytest.mark.parametrize(
    ("body", "day", "name"),
    [
        ("The Israeli foreign minister said talks would go on.", date(2023, 2, 16), "Eli Cohen"),
        ("Ukraine's defense minister visited the front.", date(2023, 2, 16), "Oleksii Reznikov"),
        ("The French president said Paris would help.", date(2024, 3, 1), "Emmanuel Macron"),
        ("The president of France spoke in Brussels.", date(2024, 3, 1), "Emmanuel Macron"),
    ],
)
def test_titles_resolve_to_the_holder_on_the_article_date(body, day, name):
    found = people(body, day=day)
    assert list(found) == [name]
    assert found[name].wikidata_id is not None


def test_a_former_holder_is_not_the_current_one():
    found = people("The French president said Paris would help.", day=date(2016, 3, 1))
    assert list(found) == ["François Hollande"]


def test_bare_president_needs_one_country_in_the_article():
    one = people("The president said the economy of France was strong.", day=date(2024, 3, 1))
    assert list(one) == ["Emmanuel Macron"]
    two = people("The president said France and Germany were strong.", day=date(2024, 3, 1))
    assert two == {}


def test_president_of_an_organisation_is_not_a_head_of_state():
    found = people(
        "President Donald Trump spoke on trade. The president of the American Farm Bureau "
        "said farmers were worried.",
        day=date(2018, 5, 1),
    )
    trump = found["Donald Trump"]
    assert trump.wikidata_id == TRUMP
    assert all("Bureau" not in m.text for m in trump.mentions)
    assert [m.text for m in trump.mentions] == ["Donald Trump"]


def test_titled_surname_resolves_to_the_holder():
    found = people("President Trump said tariffs work.", day=date(2018, 5, 1))
    assert found["Donald Trump"].wikidata_id == TRUMP


def test_envoy_country_is_the_sending_state():
    found = people(
        "David Friedman, the ambassador to Israel, said the embassy would move.",
        day=date(2018, 5, 1),
    )
    assert found["David Friedman"].country == "US"


def test_spelling_variant_needs_the_article_to_back_it():
    kb = officeholders()
    zelenskyy = kb.person_for("Volodymyr Zelenskyy", day=None, country=None)
    assert kb.person_for("Volodymyr Zelensky", day=date(2023, 2, 16), country=None) == zelenskyy
    assert kb.person_for("Volodymyr Zelensky", day=None, country="UA") == zelenskyy
    assert kb.person_for("Volodymyr Zelensky", day=None, country=None) is None
