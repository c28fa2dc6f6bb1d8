"""More names on real pages that are not people in the story: credit lines, reference
lists, things and places named like people, acronyms split at "&", and spans that run a
place or a family name into a person's name."""

from __future__ import annotations

import pytest

from entities.extract.analysis import analyse, article_text


def people(body: str, *, captions: list[str] | None = None):
    doc = analyse(
        article_text(
            title="News", body=body, standfirst=None, captions=captions or [], byline=[],
            outlet=None,
        )
    )  # fmt: skip
    return [p for p in doc.people if set(p.locations) - {"byline"}]


def names(body: str, **kwargs) -> list[str]:
    return [p.name for p in people(body, **kwargs)]


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
