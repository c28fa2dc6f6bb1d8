"""People extractor: seed articles read carefully, plus the rules on small strings."""

from __future__ import annotations

from pathlib import Path

import pytest

from entities.extract.name_words import first_names
from entities.extract.people import extract_people
from entities.extract.types import ArticleText

SAMPLES = Path(__file__).resolve().parents[2] / "articles" / "sample_data"


def seed_article(prefix: str) -> ArticleText:
    """Split a scraped seed into fields by its visible layout (no project parser involved)."""
    path = next(SAMPLES.glob(f"{prefix}_*.txt"))
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    lines = lines[1:] if lines[0] == "search" else lines
    end = lines.index("read more:") if "read more:" in lines else len(lines)
    title, standfirst, rest = lines[0], lines[1], lines[2:end]
    byline, captions, body = [], [], []
    for line in rest:
        if " is The Times of Israel" in line:
            byline.append(line.split(" is ", 1)[0])
        elif line.endswith(")") and "(" in line and not line.endswith("(L)"):
            if line not in captions:
                captions.append(line)
        else:
            body.append(line)
    return ArticleText(title, "\n\n".join(body), standfirst, captions, byline)


def by_name(people):
    return {p.name: p for p in people}


@pytest.fixture(scope="module")
def seed000():
    return by_name(extract_people(seed_article("000")))


@pytest.fixture(scope="module")
def seed003():
    return by_name(extract_people(seed_article("003")))


def test_seed000_people_roles_and_countries(seed000):
    expected = {
        "Volodymyr Zelensky": ("President", "UA"),
        "Benjamin Netanyahu": ("Prime Minister", "IL"),
        "Eli Cohen": ("Foreign Minister", "IL"),
        "Yuli Edelstein": ("MK", "IL"),
        "Ze’ev Elkin": ("MK", "IL"),
        "Emmanuel Macron": ("President", "FR"),
        "Olaf Scholz": ("Chancellor", "DE"),
    }
    got = {n: (p.role, p.country) for n, p in seed000.items() if n != "Lazar Berman"}
    assert got == expected


def test_seed000_byline_author_only_in_byline(seed000):
    assert seed000["Lazar Berman"].locations == ["byline"]


def test_seed000_photo_credits_are_not_people(seed000):
    names = " ".join(seed000)
    for credit in ("Efrem Lukatsky", "Shlomi Amsalem", "SARAH MEYSSONNIER", "GPO", "AFP"):
        assert credit not in names


def test_seed000_headline_surnames_and_role_references_resolve(seed000):
    zelensky = seed000["Volodymyr Zelensky"]
    assert {"headline", "standfirst", "body", "caption"} <= set(zelensky.locations)
    assert "Ukrainian president" in zelensky.surface_forms
    assert "Volodymr Zelensky" in zelensky.surface_forms  # caption misspelling merged
    assert "headline" in seed000["Benjamin Netanyahu"].locations
    assert "standfirst" in seed000["Eli Cohen"].locations  # "foreign minister"


def test_seed000_caption_only_people_have_caption_location(seed000):
    assert seed000["Emmanuel Macron"].locations == ["caption"]
    assert seed000["Olaf Scholz"].locations == ["caption"]


def test_seed003_people(seed003):
    got = {n: (p.role, p.country) for n, p in seed003.items() if n != "Lazar Berman"}
    assert got == {
        "Oleksii Reznikov": ("Defense Minister", "UA"),
        "Yoav Gallant": ("Defense Minister", "IL"),
        "Eli Cohen": ("Foreign Minister", "IL"),
    }
    assert seed003["Lazar Berman"].locations == ["byline"]


def test_seed003_possessives_and_headline_role(seed003):
    gallant, reznikov = seed003["Yoav Gallant"], seed003["Oleksii Reznikov"]
    assert "headline" in gallant.locations  # "Israeli defense minister"
    texts = [m.text for m in reznikov.mentions]
    assert "Reznikov" in texts and all("’s" not in t for t in texts)
    assert sum(1 for m in gallant.mentions if m.text == "Gallant") >= 4


def test_mention_offsets_point_at_the_text():
    article = seed_article("000")
    fields = {"headline": article.title, "standfirst": article.standfirst, "body": article.body}
    for person in extract_people(article):
        for m in person.mentions:
            source = (
                article.captions[m.caption_index] if m.location == "caption"
                else article.byline[m.caption_index] if m.location == "byline"
                else fields[m.location]
            )  # fmt: skip
            assert source[m.start : m.end] == m.text


def test_surname_in_headline_before_full_name_in_body():
    article = ArticleText(
        title="Kowalczyk warns of delays",
        body="Polish Finance Minister Marta Kowalczyk said on Monday the budget was late.",
    )
    people = extract_people(article)
    assert [p.name for p in people] == ["Marta Kowalczyk"]
    assert people[0].role == "Finance Minister" and people[0].country == "PL"
    assert people[0].locations == ["headline", "body"]


def test_organisations_and_places_are_not_people():
    article = ArticleText(
        title="Talks resume",
        body="The Defense Ministry and the Associated Press met in Paris. "
        "Likud and National Unity disagreed, the Jerusalem Post reported.",
    )
    assert extract_people(article) == []


def test_possessive_country_before_title_sets_country():
    article = ArticleText(title="Visit", body="France's President Anne Dubois arrived in Rome.")
    (person,) = extract_people(article)
    assert (person.name, person.role, person.country) == ("Anne Dubois", "President", "FR")


def test_two_people_sharing_a_surname_stay_apart_and_surname_is_not_guessed():
    article = ArticleText(
        title="Brothers",
        body="Minister Dan Levi met Judge Noa Levi. Levi said nothing.",
    )
    people = by_name(extract_people(article))
    assert set(people) == {"Dan Levi", "Noa Levi"}
    assert all(len(p.mentions) == 1 for p in people.values())


def names_in(body: str) -> list[str]:
    return [p.name for p in extract_people(ArticleText(title="Report", body=body))]


def test_given_name_lists_cover_many_regions_and_skip_common_words():
    given = first_names()
    for name in ("Nathan", "Volodymyr", "Mohammed", "Kazuya", "Yoav", "Bill", "Recep"):
        assert name in given
    for word in ("Will", "Justice", "Summer", "General", "The"):
        assert word not in given


def test_known_given_name_is_enough_evidence():
    assert names_in("Nathan Okonkwo won the seat by a narrow margin on the second count.") == [
        "Nathan Okonkwo"
    ]


def test_initials_and_describers_before_a_name():
    body = (
        "The group was founded by science fiction writer L. Ron Hubbard in the fifties. "
        "Pan-democrat Gary Fan of the party failed to get re-elected this year."
    )
    assert names_in(body) == ["L. Ron Hubbard", "Gary Fan"]


def test_person_noun_or_apposition_vouches_for_an_unknown_name():
    body = (
        "The decision came after defender Qarlo Vintrek was booked for a foul. "
        "Zorvan Pelkit, a spokesman for the league, declined to comment on it."
    )
    assert names_in(body) == ["Qarlo Vintrek", "Zorvan Pelkit"]


def test_name_after_an_organisation_is_split_from_it():
    body = "The head of the Refugee Council Enver Solomon told reporters the plan was late."
    assert names_in(body) == ["Enver Solomon"]


def test_things_named_with_common_nouns_are_not_people():
    body = (
        "The Space Shuttle Discovery will move to the museum. The shuttle flew many times, "
        "and Discovery was the fleet leader."
    )
    assert names_in(body) == []


def test_surname_that_is_a_place_name():
    body = "The reporter Bill Holland said it was unusual. Holland covered the case for years."
    (person,) = extract_people(ArticleText(title="Case", body=body))
    assert person.name == "Bill Holland"
    assert [m.text for m in person.mentions] == ["Bill Holland", "Holland"]
