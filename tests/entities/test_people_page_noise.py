"""Names on real pages that are not people in the story: things and places named like
people, credit lines, reference lists, authors spelt two ways, one person written several
ways, spans that run a place or a family name into a name, offices in two countries."""

from __future__ import annotations

from datetime import date

import pytest

from entities.extract.analysis import analyse, article_text
from entities.extract.officeholders import Officeholders
from entities.extract.offices import link_officeholders
from entities.extract.types import PersonResult


def people(
    body: str,
    *,
    title: str = "News",
    byline: list[str] | None = None,
    captions: list[str] | None = None,
):
    doc = analyse(
        article_text(
            title=title, body=body, standfirst=None, captions=captions or [],
            byline=byline or [], outlet=None,
        )
    )  # fmt: skip
    return [p for p in doc.people if set(p.locations) - {"byline"}]


def names(body: str, **kwargs) -> list[str]:
    return [p.name for p in people(body, **kwargs)]


@pytest.mark.parametrize(
    "body",
    [
        "Fellows at the Harlan Institution said rates would rise.",
        "Visitors to the Denver Auto Show said the cars were fast.",
        "Members of the Liberty Crew said they would vote early.",
        "Users of Nova Studio said the update crashed.",
        "Buyers of the Deluxe Edition said it came late.",
        "Players who joined the Ember Legion said the raid was long.",
        "Credits: Sound Design by Ana Roe, Costume Design by Bo Li.",
        "Try the Tom Yum Soup, the chef said.",
        "See Harry Potter and the Silver Prince, Chapter 4.",
        "Smith J et al. Skin rashes. J Clin Sci. 2001;3:4. Lee K. Pediatr Int. 2002;5:6.",
        "Anna Fox, who led one Commons Tory rebellion, spoke first.",
    ],
)
def test_events_groups_products_and_reference_lists_are_not_people(body):
    assert not {"Harlan Institution", "Denver Auto Show", "Liberty Crew", "Nova Studio",
                "Deluxe Edition", "Ember Legion", "Sound Design", "Costume Design",
                "Tom Yum Soup", "Chapter", "J Clin Sci", "Pediatr Int",
                "Commons Tory"} & set(names(body))  # fmt: skip


def test_a_pronoun_after_a_sentence_opener_is_no_initial():
    assert names("Should I Blast him? I cast the spell anyway.") == []


def test_a_peoples_describer_ends_a_name():
    assert names("She led three Dakota Native American tribes before joining the court.") == []


def test_a_name_before_a_named_after_noun_is_the_place():
    body = "He was taken to Mary Holt hospital on Sunday. Staff at Mary Holt were busy all week."
    assert names(body) == []


def test_a_person_named_like_a_place_stays_with_a_person_noun():
    body = "Nurse Mary Holt said the Mary Holt hospital was named for her aunt."
    assert names(body) == ["Mary Holt"]


def test_a_joining_word_ends_a_name_in_title_case():
    body = (
        "In the recap, the video Jane Roe And Protesters was shown twice.\n\n"
        "Jane Roe sang on Monday."
    )
    assert names(body) == ["Jane Roe"]


@pytest.mark.parametrize(
    "body",
    [
        "The council met on Monday and voted.\n\n– Olga Brandt",
        "Olga Brandt, Radio Ten foreign correspondent\n\nThe talks ended without a deal.",
    ],
)
def test_an_authors_credit_line_in_the_body_is_no_person(body):
    assert names(body) == []


def test_a_name_with_a_job_inside_the_story_stays():
    body = "The council met.\n\nOlga Brandt, a farmer, said the vote was fair."
    assert names(body) == ["Olga Brandt"]


def test_a_byline_author_spelt_with_a_dot_is_the_author():
    body = "Mark T. Lowry, a professor, wrote the study."
    assert names(body, byline=["Mark T Lowry"]) == []


def test_a_double_surname_without_the_given_name_is_the_same_person():
    body = (
        "Dietitian Amanda B. Kestrel Vane said vitamins help. "
        "Most people need them, says Kestrel Vane. Kestrel Vane added a warning."
    )
    assert names(body) == ["Amanda B. Kestrel Vane"]


def test_a_generational_suffix_does_not_split_a_person():
    body = "Tom Brix Jr. was charged on Monday. Tom R. Brix pleaded not guilty."
    found = people(body)
    assert len(found) == 1
    assert found[0].name in ("Tom Brix Jr", "Tom R. Brix")


def row(qid, name, country, office, office_type, start, end="", scope="national"):
    return {
        "person_qid": qid, "name": name, "aliases": "", "country": country,
        "scope": scope, "office": office, "office_type": office_type,
        "host_country": "", "start": start, "end": end,
    }  # fmt: skip


def test_a_head_of_state_is_of_the_office_the_text_names():
    kb = Officeholders.from_rows(
        [
            row("Q1", "Jean Exemple", "AD", "French Co-Prince", "head_of_state", "2017-05-14"),
            row("Q1", "Jean Exemple", "FR", "President", "head_of_state", "2017-05-14"),
            row("Q1", "Jean Exemple", "FR", "Minister of Economy", "minister", "2014", "2016"),
        ]
    )
    person = PersonResult("Jean Exemple", "President", None, [], ["Jean Exemple"])
    link_officeholders([person], [], day=date(2020, 1, 1), kb=kb)
    assert (person.wikidata_id, person.country) == ("Q1", "FR")


def test_a_state_governor_abroad_is_not_of_the_outlets_country():
    kb = Officeholders.from_rows(
        [
            row("Q2", "Jo Sample", "US", "Governor of Nevada", "subnational_leader", "2013",
                scope="subnational"),
            row("Q3", "Dan Other", "IL", "Prime Minister", "head_of_government", "2013"),
        ]
    )  # fmt: skip
    person = PersonResult("Jo Sample", "Governor", None, [], ["Jo Sample"])
    link_officeholders([person], [], day=date(2020, 1, 1), kb=kb, home="IL")
    assert (person.wikidata_id, person.country) == ("Q2", "US")


@pytest.mark.parametrize(
    "body",
    [
        "The harbour froze overnight. Photo: Laura Vellacott",
        "Boats wait at the quay. Picture Laura Vellacott, Harbour Studio",
        "Featured image by Laura Vellacott/The Harbour",
        "By Laura Vellacott:\n\nThe harbour froze overnight.",
        "The quay at dawn. Courtesy of Laura Vellacott",
        "Reporting by Laura Vellacott; editing by Peter Baldacci",
    ],
)
def test_people_credited_name_is_no_person(body):
    assert names(body) == []


def test_people_name_after_lower_case_by_is_a_person():
    assert names("The bridge was opened by Laura Vellacott on Monday.") == ["Laura Vellacott"]


def test_people_reference_list_gives_no_people():
    body = (
        "Doctors said the drug worked.\n\n"
        "- 12. Vellacott TR, Baldacci O, et al. Rash after treatment. J Cutan Sci. "
        "2004;18(2):101-9.\n\n"
        "- 13. Marlow Quince. Kidney care. Am J Ther. 2011;7:33-40. doi:10.1000/xyz"
    )
    assert names(body) == []


@pytest.mark.parametrize(
    "body",
    [
        "Fans cheered as Ardent Wave Productions announced the show.",
        "Members of the Harbour Caucus said they would vote no.",
        "Listeners of the Rowing Podcast said the episode was long.",
        "The Quarry Composite Average fell 2% on Tuesday.",
        "Models walked at Lisbon Fashion Week.",
        "Buyers said the Nimbus Heavy launched late.",
        "The Velo Pod measures body fat, its maker said.",
        "Oil futures LXQc1 fell 2% and Brent LXQc1 was last at $60.",
    ],
)
def test_people_organisation_event_or_product_is_no_person(body):
    assert names(body) == []


def test_people_place_opened_by_a_position_word_is_no_person():
    body = (
        "The two members who won seats in the county were named on the list.\n\n"
        "| Mid Fenshire | Laura Vellacott |\n\n| Upper Wexcombe | Peter Baldacci |"
    )
    assert sorted(names(body)) == ["Laura Vellacott", "Peter Baldacci"]


def test_people_run_ending_in_a_region_without_person_evidence_is_no_person():
    body = (
        "Voters in Cromley Kentucky waited for hours while officials in Kentucky counted "
        "the ballots slowly."
    )
    assert names(body) == []


@pytest.mark.parametrize(
    "body",
    [
        "The deals on the B&H Gift Card ended last week, and prices rose, said Laura Vellacott.",
        "Where to buy: Zentrix I B&H I Newvale. The cards sold out fast, said Laura Vellacott.",
    ],
)
def test_people_no_name_starts_after_an_ampersand(body):
    assert names(body) == ["Laura Vellacott"]


def test_people_place_ending_in_front_of_a_listed_name_is_dropped():
    body = (
        "The letter was signed by many of them: Peter Baldacci, writer, Wexcombe "
        "University-St. Louis Laura Vellacott, writer, and others."
    )
    assert "Laura Vellacott" in names(body)
    assert "Louis Laura Vellacott" not in names(body)


def test_people_family_name_after_honorific_joins_the_full_name():
    body = "Xu Minglang met farmers on Monday. Mr. Xu said prices would hold."
    found = people(body)
    assert [p.name for p in found] == ["Xu Minglang"]
    assert [m.text for m in found[0].mentions] == ["Xu Minglang", "Xu"]
