"""People, countries, relations and claims pages."""

from __future__ import annotations

from datetime import date

import pytest

from entities.models import Claim, OfficeTerm, Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def article_titles(section) -> list[str]:
    return [article.title for article in section.page.object_list]


def test_person_page_shows_articles_claims_and_co_mentions(client, world):
    response = client.get("/people/eli-cohen/")

    assert response.status_code == 200
    context = response.context
    assert article_titles(context["articles"]) == [world.second.title, world.first.title]
    assert [c.text for c in context["claims_made"]] == [
        "it would take between 3-6 months for the system to arrive"
    ]
    co_people = {item["value"]: item["count"] for item in context["co_people"]}
    assert co_people["volodymyr-zelensky"] == 1
    assert "eli-cohen" not in co_people
    co_countries = {item["value"]: item["count"] for item in context["co_countries"]}
    assert co_countries["UA"] == 2
    assert b"Foreign Minister" in response.content
    assert b"3-6 months" in response.content


def test_person_page_shows_role_country_aliases_and_claims_about_them(client, world):
    response = client.get("/people/volodymyr-zelensky/")

    content = response.content.decode()
    assert "President" in content
    assert '<a href="/countries/ua/">Ukraine</a>' in content
    assert "Volodymr Zelensky" in content  # an alias, as the captions spell it
    about = [c.pk for c in response.context["claims_about"]]
    assert about == [world.claims["invitation"].pk, world.claims["joint_statement"].pk]


def test_person_page_filters_articles_by_date(client, world):
    response = client.get("/people/eli-cohen/?date_from=2023-03-01")

    assert article_titles(response.context["articles"]) == [world.second.title]
    assert response.context["articles"].undated_left_out == 0


def test_person_page_with_invalid_date_shows_the_error(client, world):
    response = client.get("/people/eli-cohen/?date_to=yesterday")

    assert response.status_code == 200
    assert article_titles(response.context["articles"]) == []
    assert b"Enter a date as YYYY-MM-DD." in response.content


def test_merged_person_redirects_to_the_surviving_person(client, world):
    PersonFactory(
        slug="eli-kohen",
        name="Eli Kohen",
        status=Person.Status.MERGED,
        merged_into=world.people["eli-cohen"],
    )

    response = client.get("/people/eli-kohen/")

    assert response.status_code == 301
    assert response["Location"] == "/people/eli-cohen/"


def test_unknown_person_and_not_a_person_are_404(client, world):
    PersonFactory(slug="times-of-israel", name="Times Of Israel", status="not_person")

    assert client.get("/people/nobody-at-all/").status_code == 404
    assert client.get("/people/times-of-israel/").status_code == 404


def test_people_list_filters_by_country_and_name(client, world):
    response = client.get("/people/?country=UA")
    slugs = [p.slug for p in response.context["page"].object_list]
    assert slugs == ["oleksii-reznikov", "volodymyr-zelensky"]

    response = client.get("/people/?q=volodymr")  # found through an alias
    assert [p.slug for p in response.context["page"].object_list] == ["volodymyr-zelensky"]
    assert response.context["page"].object_list[0].article_count == 1


def test_country_page_shows_people_partners_and_claims(client, world):
    response = client.get("/countries/ua/")

    context = response.context
    assert article_titles(context["articles"]) == [world.second.title, world.first.title]
    assert [p.slug for p in context["people"]] == ["oleksii-reznikov", "volodymyr-zelensky"]
    partners = {item["value"]: item for item in context["partners"]}
    assert partners["IL"]["count"] == 2
    assert partners["IL"]["relation"] == ("il", "ua")
    assert b'href="/relations/il-ua/"' in response.content
    assert {c.pk for c in context["claims"]} == {
        world.claims["unable_to_arrange"].pk,
        world.claims["september"].pk,
    }


def test_country_page_codes_are_lower_case(client, world):
    response = client.get("/countries/UA/")

    assert response.status_code == 301
    assert response["Location"] == "/countries/ua/"
    assert client.get("/countries/zz/").status_code == 404
    assert client.get("/countries/ukr/").status_code == 404


def test_countries_list_ranks_countries_by_articles(client, world):
    response = client.get("/countries/")

    counts = {m["value"]: m["count"] for m in response.context["mentioned"]}
    assert counts["IL"] == counts["UA"] == 2
    assert counts["FR"] == 1
    assert "GB" not in counts
    assert len(response.context["countries"]) > 240


def test_relation_page_shows_both_articles_and_the_denial(client, world):
    response = client.get("/relations/il-ua/")

    context = response.context
    assert article_titles(context["articles"]) == [world.second.title, world.first.title]
    israel_about_ukraine = {c.pk for c in context["a_about_b"]}
    assert world.claims["denial"].pk in israel_about_ukraine
    assert world.claims["three_to_six_months"].pk in israel_about_ukraine
    assert {c.pk for c in context["b_about_a"]} == {
        world.claims["unable_to_arrange"].pk,
        world.claims["september"].pk,
    }
    event_types = {row["event_type"]: row["count"] for row in context["event_types"]}
    assert event_types == {"consult": 2, "aid": 2, "support": 1, "request": 2}
    people = {item["value"] for item in context["people"]}
    assert {"yoav-gallant", "oleksii-reznikov", "eli-cohen"} <= people
    assert b"there have been repeated official requests from Kyiv" in response.content


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/relations/ua-il/", "/relations/il-ua/"),
        ("/relations/IL-UA/", "/relations/il-ua/"),
        ("/relations/UA-il/?date_from=2023-01-01", "/relations/il-ua/?date_from=2023-01-01"),
    ],
)
def test_relation_in_another_order_redirects_permanently(client, world, path, location):
    response = client.get(path)

    assert response.status_code == 301
    assert response["Location"] == location


def test_relation_with_itself_or_unknown_country_is_404(client, world):
    assert client.get("/relations/il-il/").status_code == 404
    assert client.get("/relations/il-zz/").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?stance=deny", ["denial"]),
        (
            "?stance=assert",
            [
                "unable_to_arrange",
                "september",
                "invitation",
                "no_plans",
                "three_to_six_months",
                "joint_statement",
            ],
        ),
        ("?speaker=eli-cohen", ["three_to_six_months"]),
        ("?speaker_kind=group", ["joint_statement"]),
        ("?speaker_country=ua", ["unable_to_arrange", "september"]),
        ("?subject_country=IL", ["unable_to_arrange", "september"]),
        ("?event_type=request", ["unable_to_arrange", "denial"]),
        ("?date_to=2023-03-01&event_type=consult", ["invitation", "no_plans"]),
        ("?contradicted=true", ["unable_to_arrange", "denial"]),
    ],
)
def test_claims_list_filters(client, world, query, expected):
    response = client.get(f"/claims/{query}")

    assert response.status_code == 200
    matched = [claim.pk for claim in response.context["filterset"].qs]
    assert matched == [world.claims[name].pk for name in expected]


def test_claims_list_draws_contradicting_claims_side_by_side(client, world):
    response = client.get("/claims/")

    content = response.content.decode()
    assert content.count('class="pair-block"') == 1
    pair = content[content.index('class="pair-block"') :]
    assert "there have been repeated official requests from Kyiv" in pair
    assert "Ukraine has been unable to arrange a phone conversation" in pair
    assert content.count(f'id="claim-{world.claims["denial"].pk}"') == 1


def test_claims_list_hides_rejected_claims(client, world):
    denial = world.claims["denial"]
    denial.review_status = Claim.Review.REJECTED
    denial.save(update_fields=["review_status"])

    response = client.get("/claims/?stance=deny")

    assert list(response.context["page"].object_list) == []


def test_claims_list_invalid_filter_shows_the_error(client, world):
    response = client.get("/claims/?speaker_country=Israel&stance=assert")

    assert response.status_code == 200
    assert "two-letter country code" in " ".join(response.context["form"].errors["speaker_country"])
    assert list(response.context["page"].object_list) == []


def test_person_page_lists_offices_with_dates_from_the_knowledge_base(client, world):
    person = world.people["eli-cohen"]
    person.wikidata_id = "Q19634024"
    person.save(update_fields=["wikidata_id"])
    common = {"person_qid": "Q19634024", "name": "Eli Cohen", "country": "IL",
              "jurisdiction": "Israel", "scope": "national"}  # fmt: skip
    OfficeTerm.objects.create(
        **common, office="Minister of Foreign Affairs", office_type="foreign_minister",
        office_label="Minister of Foreign Affairs", start="2023-01-01", end="2024-01-01",
    )  # fmt: skip

    content = client.get("/people/eli-cohen/").content.decode()

    assert "Minister of Foreign Affairs (IL), 2023-01-01 – 2024-01-01" in content
    assert "wikidata.org/wiki/Q19634024" in content


def _term(**fields) -> OfficeTerm:
    common = {"person_qid": "Q19634024", "name": "Eli Cohen", "country": "IL",
              "jurisdiction": "Israel", "scope": "national"}  # fmt: skip
    return OfficeTerm.objects.create(**common, **fields)


def claim_office(client, world) -> str:
    response = client.get("/people/eli-cohen/")
    (claim,) = response.context["claims_made"]
    return claim.speaker_office


def test_a_claim_shows_the_office_its_speaker_held_on_the_articles_date(client, world):
    person = world.people["eli-cohen"]
    person.wikidata_id = "Q19634024"
    person.save(update_fields=["wikidata_id"])
    # The claim's article is dated 2023-02-22: the foreign ministry term covers it, the
    # economy ministry had ended and the energy ministry had not begun.
    _term(office="Minister of Economy", office_label="Minister of Economy", office_type="minister",
          start="2017-01-23", end="2020-05-17", start_date=date(2017, 1, 23),
          end_date=date(2020, 5, 17))  # fmt: skip
    _term(office="Minister of Foreign Affairs", office_label="Minister of Foreign Affairs",
          office_type="foreign_minister", start="2022-12-29", end="2024-01-01",
          start_date=date(2022, 12, 29), end_date=date(2024, 1, 1))  # fmt: skip
    _term(office="Minister of Energy", office_label="Minister of Energy", office_type="minister",
          start="2024-01-01", start_date=date(2024, 1, 1))  # fmt: skip

    response = client.get("/people/eli-cohen/")

    assert claim_office(client, world) == "Minister of Foreign Affairs, Israel"
    card = response.content.decode().split('id="claim-', 1)[1].split("</article>", 1)[0]
    assert "Minister of Foreign Affairs, Israel" in card
    # The same claim on the claims page and its article's page.
    assert "Minister of Foreign Affairs, Israel" in client.get("/claims/").content.decode()
    article_page = client.get(f"/articles/{world.first.pk}/").content.decode()
    assert "Minister of Foreign Affairs, Israel" in article_page


def test_a_head_of_government_term_outranks_a_ministry_held_at_the_same_time(client, world):
    person = world.people["eli-cohen"]
    person.wikidata_id = "Q19634024"
    person.save(update_fields=["wikidata_id"])
    _term(office="Minister of Defence", office_label="Minister of Defence",
          office_type="defence_minister", start="2022", start_date=date(2022, 1, 1))  # fmt: skip
    _term(office="Prime Minister", office_label="Prime Minister",
          office_type="head_of_government", start="2021", start_date=date(2021, 1, 1))  # fmt: skip

    assert claim_office(client, world) == "Prime Minister, Israel"


def test_no_office_is_shown_when_no_term_covers_the_date_or_the_date_is_imprecise(client, world):
    person = world.people["eli-cohen"]
    person.wikidata_id = "Q19634024"
    person.save(update_fields=["wikidata_id"])
    _term(office="Minister of Energy", office_label="Minister of Energy", office_type="minister",
          start="2023-02-10", start_date=date(2023, 2, 10))  # fmt: skip
    assert claim_office(client, world) == "Minister of Energy, Israel"

    # Dated to the month only: a term that began mid-month does not cover all of it.
    world.first.published_precision = "month"
    world.first.save(update_fields=["published_precision"])
    assert claim_office(client, world) == ""

    world.first.published = None
    world.first.published_source = "none"
    world.first.published_precision = "none"
    world.first.save(update_fields=["published", "published_source", "published_precision"])
    assert claim_office(client, world) == ""


def test_a_speaker_without_a_wikidata_id_has_no_office_line(client, world):
    _term(office="Minister of Foreign Affairs", office_label="Minister of Foreign Affairs",
          office_type="foreign_minister", start="2022", start_date=date(2022, 1, 1))  # fmt: skip

    assert claim_office(client, world) == ""
    assert 'class="office"' not in client.get("/people/eli-cohen/").content.decode()
