"""What a reader met in their first hour: filter words, paging, icons, feed dates, API docs."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.templatetags.static import static
from django.test.utils import CaptureQueriesContext

from entities.models import Claim, Country, Person
from newsdesk.web.filters import ArticleFilter, ClaimFilter
from newsdesk.web.queries import entities as entity_queries
from newsdesk.web.queries.countries import CODES_KEY, load_country_table
from tests.factories import ArticleFactory, PersonFactory, claim_at, mention_at

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
UNKNOWN_XX = "“XX” is not a known country code (for example UA for Ukraine)."


def claim_texts(response) -> list[str]:
    return [claim.text for claim in response.context["page"].object_list]


def matching_claims(response) -> dict[int, str]:
    """Every claim the page's filters match (id: stance), over all its pages."""
    return dict(response.context["filterset"].qs.values_list("pk", "stance"))


# --- 6a: an unknown country code is a form error ------------------------------------------


def test_unknown_country_code_is_an_error_on_the_articles_page(client, world):
    response = client.get("/articles/?country=XX")

    assert response.status_code == 200
    assert response.context["form"].errors["country"] == [UNKNOWN_XX]
    content = response.content.decode()
    assert UNKNOWN_XX in content
    assert "No results: fix the filters first." in content
    assert response.context["result"].page.object_list == []


def test_known_country_code_in_any_case_still_filters(client, world):
    response = client.get("/articles/?country=ua")

    assert response.context["form"].errors == {}
    titles = [article.title for article in response.context["result"].page.object_list]
    assert titles == [world.second.title, world.first.title]


def test_unknown_country_codes_are_errors_on_the_claims_and_people_pages(client, world):
    claims = client.get("/claims/?speaker_country=XX&subject_country=UA&subject_country=QQ")
    people = client.get("/people/?country=XX")

    assert claims.context["form"].errors == {
        "speaker_country": [UNKNOWN_XX],
        "subject_country": [UNKNOWN_XX.replace("XX", "QQ")],
    }
    assert UNKNOWN_XX in claims.content.decode()
    assert people.context["filterset"].errors == {"country": [UNKNOWN_XX]}
    assert list(people.context["page"].object_list) == []
    assert UNKNOWN_XX in people.content.decode()


def test_unknown_country_code_is_a_400_in_exports_feeds_and_the_api(client, world):
    for path in ("/articles/export.csv", "/articles/feed/", "/claims/export.jsonl"):
        name = "speaker_country" if path.startswith("/claims/") else "country"
        response = client.get(f"{path}?{name}=XX")
        assert response.status_code == 400, path
        assert f"{name}: {UNKNOWN_XX}" in response.content.decode(), path

    api = client.get("/api/articles/?country=XX")
    assert api.status_code == 400
    assert api.json() == {"country": [UNKNOWN_XX]}


def test_a_country_added_after_the_codes_were_cached_is_accepted(client, world):
    client.get("/articles/?country=UA")  # the known codes are now cached
    Country.objects.create(iso2="QZ", name="Testland")

    response = client.get("/articles/?country=QZ")

    assert response.context["form"].errors == {}
    assert "is not a known country code" not in response.content.decode()


def count_queries(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def test_country_codes_cost_at_most_one_query_and_none_once_cached(world):
    def valid(query, filterset_class=ArticleFilter):
        return lambda: filterset_class(QueryDict(query)).is_valid()

    cache.delete(CODES_KEY)
    # Cold: the codes of the whole table, once for all of the form's country fields.
    assert count_queries(valid("speaker_country=IL&subject_country=UA", ClaimFilter)) == 1
    # Cached: known codes cost nothing.
    assert count_queries(valid("country=UA&country=IL")) == 0
    # A code missing from the cached set is looked up before it is refused: one query.
    assert count_queries(valid("country=XX")) == 1
    assert count_queries(valid("speaker_country=XX&subject_country=QQ", ClaimFilter)) == 1


def test_a_feed_reads_the_country_codes_once_then_from_the_cache(client, world):
    cache.delete(CODES_KEY)

    cold = count_queries(lambda: client.get("/articles/feed/?country=UA"))
    warm = count_queries(lambda: client.get("/articles/feed/?country=UA"))

    # the codes, then the items; then the items only (as pinned in test_query_counts)
    assert (cold, warm) == (2, 1)


def test_pages_with_a_country_list_check_codes_without_a_query_of_their_own(client, world):
    cache.delete(CODES_KEY)

    cold = count_queries(lambda: client.get("/articles/?country=UA"))
    warm = count_queries(lambda: client.get("/articles/?country=UA"))

    # Cold: one read of the table gives the form's list, the codes checked and their ids;
    # then none (the rest as pinned in test_query_counts: newest article; summary; rows,
    # and the outlets on the first request only).
    assert (cold, warm) == (5, 3)


# --- 6b: `contradicted` takes the usual yes and no words -----------------------------------


@pytest.mark.parametrize("word", ["yes", "YES", "true", "True", "1", "on", " On "])
def test_contradicted_yes_words_list_contradicted_claims_only(client, world, word):
    response = client.get("/claims/", {"contradicted": word})

    assert response.context["form"].errors == {}
    pair = {world.claims["unable_to_arrange"].pk, world.claims["denial"].pk}
    assert set(matching_claims(response)) == pair
    # The select box shows the choice the word means.
    assert '<option value="true" selected>only contradicted</option>' in response.content.decode()


@pytest.mark.parametrize("word", ["no", "No", "false", "0", "off", "OFF"])
def test_contradicted_no_words_list_the_other_claims(client, world, word):
    response = client.get("/claims/", {"contradicted": word})

    expected = {
        claim.pk
        for key, claim in world.claims.items()
        if key not in ("unable_to_arrange", "denial")
    }
    assert set(matching_claims(response)) == expected
    assert '<option value="false" selected>not contradicted</option>' in response.content.decode()


def test_contradicted_with_another_word_is_an_error_not_ignored(client, world):
    response = client.get("/claims/?contradicted=maybe")

    message = "“maybe” is not yes or no (true/false, 1/0 and on/off work too)."
    assert response.context["form"].errors == {"contradicted": [message]}
    assert message in response.content.decode()
    assert claim_texts(response) == []
    assert client.get("/claims/feed/?contradicted=maybe").status_code == 400
    assert client.get("/api/claims/?contradicted=maybe").status_code == 400
    api = client.get("/api/claims/?contradicted=yes").json()
    assert {claim["id"] for claim in api["results"]} == {
        world.claims["unable_to_arrange"].pk,
        world.claims["denial"].pk,
    }


# --- 6c: the stance word on a card is the word the filter takes -----------------------------


def test_claim_cards_show_the_stance_word_the_filter_takes(client, world):
    content = client.get("/claims/").content.decode()

    denial = world.claims["denial"]
    card = content[content.index(f'id="claim-{denial.pk}"') :]
    assert '<span class="badge stance deny" title="Stance">denial</span>' in card
    assert '<span class="badge stance assert" title="Stance">assertion</span>' in content
    assert '<option value="denial">denial</option>' in content


@pytest.mark.parametrize("word", ["denial", "DENIAL", "Denial", "deny"])
def test_stance_filter_takes_the_card_word_in_any_case_and_the_old_value(client, world, word):
    response = client.get("/claims/", {"stance": word})

    assert response.context["form"].errors == {}
    assert matching_claims(response) == {world.claims["denial"].pk: Claim.Stance.DENY}
    assert '<option value="denial" selected>denial</option>' in response.content.decode()


def test_stance_assertion_and_the_articles_stance_filter(client, world):
    assertions = client.get("/claims/?stance=assertion")
    articles = client.get("/articles/?stance=denial")
    old_link = client.get("/articles/?stance=deny")

    stances = matching_claims(assertions)
    assert len(stances) == 6
    assert set(stances.values()) == {Claim.Stance.ASSERT}
    titles = [a.title for a in articles.context["result"].page.object_list]
    assert titles == [world.second.title]
    assert [a.title for a in old_link.context["result"].page.object_list] == titles


def test_stance_with_another_word_is_an_error(client, world):
    response = client.get("/claims/?stance=maybe")

    assert list(response.context["form"].errors) == ["stance"]
    assert "Select a valid choice. maybe is not one of the available choices." in (
        response.content.decode()
    )
    assert client.get("/api/claims/?stance=denial").json()["count"] == 1


# --- 6d: people, most mentioned first or by name, with fitting pager words ----------------


def named_in(person: Person) -> int:
    """Published articles naming the person, bylines aside: what the list counts and sorts by
    (over the newest MENTION_SAMPLE articles, which here are all of them)."""
    mentions = person.mentions.filter(article__status="published").exclude(location="byline")
    return mentions.values("article").distinct().count()


def test_people_are_listed_most_mentioned_first_by_default(client, world):
    response = client.get("/people/")

    rows = [(p.name, p.article_count) for p in response.context["page"].object_list]
    expected = sorted(
        ((p.name, named_in(p)) for p in Person.objects.active()), key=lambda r: (-r[1], r[0])
    )
    assert rows == expected
    assert rows[0] == ("Eli Cohen", 2)
    assert rows[-1] == ("Lazar Berman", 0)  # he wrote both articles; neither names him
    content = response.content.decode()
    assert '<option value="mentions" selected>most mentioned first</option>' in content
    assert "how many of the newest 1,000 articles name them (bylines aside)" in content


def test_people_most_mentioned_counts_the_newest_articles_only(client, world, monkeypatch):
    monkeypatch.setattr(entity_queries, "MENTION_SAMPLE", 1)  # the newest: world.second

    response = client.get("/people/")

    counts = {p.slug: p.article_count for p in response.context["page"].object_list}
    assert counts["yoav-gallant"] == 1  # named in the newer article
    assert counts["emmanuel-macron"] == 0  # named in the older one only
    slugs = list(counts)
    assert slugs.index("yoav-gallant") < slugs.index("emmanuel-macron")


def test_people_sorted_by_name(client, world):
    response = client.get("/people/?sort=name")

    names = [p.name for p in response.context["page"].object_list]
    assert names == sorted(Person.objects.active().values_list("name", flat=True))
    assert "by name, A to Z" in response.content.decode()


def test_people_sort_with_another_word_is_an_error(client, world):
    response = client.get("/people/?sort=age")

    assert list(response.context["filterset"].errors) == ["sort"]
    assert "Select a valid choice. age is not one of the available choices." in (
        response.content.decode()
    )


def test_people_pager_says_next_and_previous(client, world):
    for i in range(55):
        PersonFactory(name=f"Zz Extra {i:02d}", slug=f"zz-extra-{i:02d}")

    first = client.get("/people/?sort=name").content.decode()
    second = client.get("/people/?sort=name&page=2").content.decode()

    assert '<a rel="next" href="?sort=name&amp;page=2">Next →</a>' in first
    assert "Older" not in first and "Newer" not in first
    assert '<a rel="prev" href="?sort=name&amp;page=1">← Previous</a>' in second
    assert "Zz Extra 54" in second


@pytest.mark.parametrize("path", ["/people/", "/people/?sort=name", "/people/?country=IL"])
def test_people_list_queries_are_the_same_for_few_and_many(client, world, path):
    load_country_table()  # the form's countries come from the kept table, as on a running site
    # count; rows (as pinned in test_query_counts for /people/)
    few = count_queries(lambda: client.get(path))
    for i in range(60):
        person = PersonFactory(
            name=f"Extra {i:02d}", slug=f"extra-{i:02d}", country=world.people["eli-cohen"].country
        )
        mention_at(world.first, person, "Israel")

    many = count_queries(lambda: client.get(path))

    assert few == many == 2


# --- 6e: a person's claims are paginated ----------------------------------------------------


def add_claims_by_cohen(world, n: int) -> None:
    cohen, zelensky = world.people["eli-cohen"], world.people["volodymyr-zelensky"]
    for _ in range(n):
        claim_at(
            world.first,
            "it would take between 3-6 months for the system to arrive",
            speaker_label="Eli Cohen",
            speaker_kind="person",
            speaker_person=cohen,
            cue="said",
            subject_people=[zelensky],
        )


def test_person_claims_made_are_paginated_with_a_more_link(client, world):
    add_claims_by_cohen(world, 24)  # 25 with the world's own

    first = client.get("/people/eli-cohen/")
    third = client.get("/people/eli-cohen/?claims_page=3")

    assert len(first.context["claims_made"]) == 10
    assert first.context["more_claims_made"] is True
    content = first.content.decode()
    assert '<a href="?claims_page=2#claims">More claims →</a>' in content
    assert content.count('class="claim ') == 10
    assert len(third.context["claims_made"]) == 5
    assert third.context["more_claims_made"] is False
    third_content = third.content.decode()
    assert "More claims →" not in third_content
    assert '<a href="?claims_page=2#claims">← Newer claims</a>' in third_content
    # Every claim made appears once over the pages.
    seen = [
        claim.pk
        for number in (1, 2, 3)
        for claim in client.get(f"/people/eli-cohen/?claims_page={number}").context["claims_made"]
    ]
    assert len(seen) == len(set(seen)) == 25


def test_person_claims_about_them_are_paginated_too(client, world):
    add_claims_by_cohen(world, 14)  # each about Zelensky: 16 claims about him in all

    first = client.get("/people/volodymyr-zelensky/")
    second = client.get("/people/volodymyr-zelensky/?claims_page=2&date_from=2023-01-01")

    assert len(first.context["claims_about"]) == 10
    assert first.context["more_claims_about"] is True
    assert "More claims →" in first.content.decode()
    assert len(second.context["claims_about"]) == 6
    # The claims' page leaves the articles' filters and page alone, and they leave it alone.
    assert second.context["articles"].filterset.form.cleaned_data["date_from"].year == 2023
    assert '<a href="?claims_page=1&amp;date_from=2023-01-01#claims">← Newer claims</a>' in (
        second.content.decode()
    )


def test_person_claims_page_that_is_not_a_number_is_the_first(client, world):
    response = client.get("/people/eli-cohen/?claims_page=last")

    assert response.status_code == 200
    assert response.context["claims_page"] == 1
    assert [c.text for c in response.context["claims_made"]] == [
        "it would take between 3-6 months for the system to arrive"
    ]


# --- 6f: long addresses and words wrap on every page ----------------------------------------


def test_long_urls_and_words_wrap_on_every_page(client, world):
    long_url = "https://www.example.org/" + "very-long-path-segment-" * 12 + "end"
    article = ArticleFactory(url=long_url, canonical_url=long_url)

    content = client.get(f"/articles/{article.pk}/").content.decode()

    stylesheet = static("css/newsdesk.css")
    assert f'<link rel="stylesheet" href="{stylesheet}">' in content
    assert "https://www.example.org/very-long-path-segment-" in content
    with open(finders.find("css/newsdesk.css"), encoding="utf-8") as css:
        body_rule = re.search(r"\nbody \{([^}]*)\}", css.read())
    assert "overflow-wrap: anywhere;" in body_rule[1]


# --- 6g: an icon, and /favicon.ico answers ------------------------------------------------


def test_pages_link_an_svg_icon_and_favicon_ico_redirects_to_it(client, world):
    icon = static("icons/newsdesk.svg")

    page = client.get("/").content.decode()
    response = client.get("/favicon.ico")

    assert f'<link rel="icon" href="{icon}" type="image/svg+xml">' in page
    assert response.status_code == 302
    assert response["Location"] == icon
    with open(finders.find("icons/newsdesk.svg"), encoding="utf-8") as svg:
        assert svg.read().startswith('<svg xmlns="http://www.w3.org/2000/svg"')


# --- 6h: the Atom feed never dates an undated article with today -------------------------


def entries_by_title(response) -> dict:
    feed = ET.fromstring(response.content)
    return {entry.find(f"{ATOM}title").text: entry for entry in feed.findall(f"{ATOM}entry")}


def test_feed_entry_of_an_undated_article_is_updated_when_stored_and_not_published(client, world):
    stored = datetime(2023, 3, 5, 8, 30, tzinfo=UTC)
    ArticleFactory(title="An undated report", published=None, created_at=stored)

    entries = entries_by_title(client.get("/articles/feed/"))

    undated = entries["An undated report"]
    assert undated.find(f"{ATOM}published") is None
    assert undated.find(f"{ATOM}updated").text == "2023-03-05T08:30:00+00:00"
    dated = entries[world.first.title]
    assert dated.find(f"{ATOM}published").text == "2023-02-22T00:00:00+00:00"


def test_claim_feed_entry_in_an_undated_article_has_no_published_date(client, world):
    stored = datetime(2023, 4, 1, 12, 0, tzinfo=UTC)
    article = ArticleFactory(body="Officials said the talks would resume.", published=None)
    claim_at(
        article,
        "the talks would resume",
        speaker_label="Officials",
        speaker_kind="anonymous",
        cue="said",
        created_at=stored,
    )

    entries = entries_by_title(client.get("/claims/feed/"))

    undated = entries["Officials said: the talks would resume"]
    assert undated.find(f"{ATOM}published") is None
    assert undated.find(f"{ATOM}updated").text == "2023-04-01T12:00:00+00:00"
    categories = [c.get("term") for c in undated.findall(f"{ATOM}category")]
    assert categories == ["assertion"]
    dated = entries[f"Eli Cohen said: {world.claims['three_to_six_months'].text}"]
    assert dated.find(f"{ATOM}published").text == "2023-02-22T00:00:00+00:00"
    assert dated.find(f"{ATOM}updated").text == "2023-02-22T00:00:00+00:00"


# --- 7: the API has docs, and a browser gets HTML ------------------------------------------


def test_api_docs_page_is_swagger_ui_served_from_our_own_static_files(client, world):
    response = client.get("/api/docs/")
    script = client.get("/api/docs/?script=")

    assert response.status_code == 200
    content = response.content.decode()
    addresses = re.findall(r'(?:src|href)="([^"]+)"', content)
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in addresses
    assert "/api/docs/?script=" in addresses  # no inline script: the CSP allows none
    assert all(a.startswith("/") and not a.startswith("//") for a in addresses), addresses
    assert "<script>" not in content
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
    assert '"/api/schema/"' in script.content.decode()


def test_footer_links_the_api_docs(client, world):
    content = client.get("/").content.decode()

    assert '<a href="/api/docs/">API docs</a>' in content


def test_api_answers_a_browser_with_the_browsable_api(client, world):
    html = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

    root = client.get("/api/", HTTP_ACCEPT=html)
    articles = client.get("/api/articles/?person=yoav-gallant", HTTP_ACCEPT=html)
    plain = client.get("/api/")

    assert root.status_code == 200
    assert root["Content-Type"].startswith("text/html")
    assert "http://testserver/api/articles/" in root.content.decode()
    assert articles.status_code == 200
    assert world.second.title in articles.content.decode()
    assert plain["Content-Type"] == "application/json"
    assert plain.json()["articles"] == "http://testserver/api/articles/"
