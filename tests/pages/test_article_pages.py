"""`/`, `/articles/` and `/articles/<id>/` as an anonymous reader sees them."""

from __future__ import annotations

from datetime import date

import pytest

from articles.models import Article
from tests.factories import ArticleFactory, country, mention_at

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [article.title for article in response.context["result"].page.object_list]


def test_home_shows_latest_articles_people_countries_and_claims(client, world):
    response = client.get("/")

    assert response.status_code == 200
    assert [a.title for a in response.context["latest"]] == [world.second.title, world.first.title]
    people = {item["value"]: item["count"] for item in response.context["top_people"]}
    assert people["eli-cohen"] == 2
    assert "lazar-berman" not in people  # bylines are not mentions in the story
    countries = {item["value"]: item["count"] for item in response.context["top_countries"]}
    assert countries["UA"] == countries["IL"] == 2
    # The seeds are from 2023: nothing in the last 30 days, so the page says "all time".
    assert response.context["top_people_recent"] is False
    assert b"All time" in response.content
    assert len(response.context["claims"]) == 6


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["second", "first"]),
        ("?country=UA&country=IL", ["second", "first"]),
        ("?country=ua", ["second", "first"]),
        ("?country=FR", ["first"]),
        ("?country=FR&country=US", []),
        ("?person=yoav-gallant", ["second"]),
        ("?person=eli-cohen&person=volodymyr-zelensky", ["first"]),
        ("?q=Netanyahu", ["first"]),
        ('?q="early warning system" -Netanyahu', ["second"]),
        ("?date_from=2023-02-01&date_to=2023-02-28", ["first"]),
        ("?date_from=2023-02-22&date_to=2023-02-22", ["first"]),
        ("?date_from=2023-03-01", ["second"]),
        ("?date_to=2023-06-10", ["first"]),
        ("?stance=deny", ["second"]),
        ("?event_type=support", ["first"]),
        ("?event_type=request&stance=assert", ["second"]),
    ],
)
def test_article_list_filters(client, world, query, expected):
    response = client.get(f"/articles/{query}")

    assert response.status_code == 200
    assert titles(response) == [getattr(world, name).title for name in expected]


def test_article_list_filters_by_outlet(client, world):
    other = ArticleFactory(title="Elsewhere")

    response = client.get(f"/articles/?outlet={other.outlet_id}")

    assert titles(response) == ["Elsewhere"]
    assert f'<option value="{other.outlet_id}" selected>'.encode() in response.content
    assert titles(client.get("/articles/?outlet=999999")) == []


def test_date_filter_says_how_many_undated_articles_were_left_out(client, world):
    undated = ArticleFactory(title="Undated talks", published=None)
    mention_at(undated, country("UA"), "Paragraph", location="body")  # any span will do
    ArticleFactory(title="Undated, not about Ukraine", published=None)

    response = client.get("/articles/?country=UA&date_from=2023-01-01")

    assert titles(response) == [world.second.title, world.first.title]
    assert response.context["result"].undated_left_out == 1
    assert b"1 undated article matching the other filters is left out" in response.content


def test_undated_articles_are_listed_last_without_a_date_filter(client, world):
    ArticleFactory(title="Undated talks", published=None)

    response = client.get("/articles/")

    assert titles(response) == [world.second.title, world.first.title, "Undated talks"]
    assert response.context["result"].undated_left_out is None


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("?date_from=2023-13-45", "date_from", "Enter a date as YYYY-MM-DD."),
        ("?date_to=02/28/2023", "date_to", "Enter a date as YYYY-MM-DD."),
        ("?country=UKR", "country", "is not a two-letter country code"),
        ("?person=eli%20cohen", "person", "is not a person's slug"),
        ("?stance=maybe", "stance", "Select a valid choice."),
        ("?outlet=abc", "outlet", "Enter a whole number."),
    ],
)
def test_invalid_filter_shows_the_form_error_and_no_results(client, world, query, field, message):
    response = client.get(f"/articles/{query}")

    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert titles(response) == []
    assert b"Some filters could not be used" in response.content


def test_search_ranks_and_highlights_with_escaped_snippets(client, world):
    ArticleFactory(
        title="Netanyahu <script>alert(1)</script>",
        body="Netanyahu said costs < benefits & Netanyahu Netanyahu visit.",
    )

    response = client.get("/articles/?q=Netanyahu")

    rows = response.context["result"].page.object_list
    assert rows[0].title.startswith("Netanyahu <script>")  # title and three hits rank first
    assert response.context["result"].filterset.sort_order == "relevance"
    assert "<mark>Netanyahu</mark>" in str(rows[0].snippet)
    assert "costs &lt; benefits &amp;" in str(rows[0].snippet)
    assert b"<script>alert(1)</script>" not in response.content


def test_sort_by_date_overrides_relevance(client, world):
    ArticleFactory(title="Netanyahu Netanyahu", body="Netanyahu", published=date(2020, 1, 1))

    response = client.get("/articles/?q=Netanyahu&sort=date")

    assert titles(response) == [world.first.title, "Netanyahu Netanyahu"]


def test_facets_count_the_matching_articles(client, world):
    response = client.get("/articles/?country=FR")

    facets = response.context["result"].facets
    assert {f["value"]: f["count"] for f in facets["countries"]}["UA"] == 1
    assert [f["value"] for f in facets["outlets"]] == [str(world.first.outlet_id)]
    assert response.context["result"].months == [
        {"label": "February 2023", "count": 1, "date_from": "2023-02-01", "date_to": "2023-02-28"}
    ]
    # A facet link adds its value to the filters already chosen.
    assert b'href="?country=FR&amp;country=UA"' in response.content


def test_pagination_keeps_the_filters(client, world):
    for n in range(30):
        article = ArticleFactory(title=f"Extra {n}", published=date(2023, 5, 1))
        mention_at(article, country("UA"), "Paragraph")

    first_page = client.get("/articles/?country=UA")
    second_page = client.get("/articles/?country=UA&page=2")

    assert first_page.context["result"].paginator.count == 32
    assert b'href="?country=UA&amp;page=2"' in first_page.content
    assert len(titles(second_page)) == 7
    assert titles(second_page)[-1] == world.first.title


def test_timeline_is_drawn_with_a_text_equivalent(client, world):
    response = client.get("/articles/")

    content = response.content.decode()
    assert '<svg class="timeline"' in content
    assert 'role="img"' in content
    assert "2 articles by week, week of 20 February 2023 to week of 5 June 2023" in content
    assert '<th scope="col" class="num">Articles</th>' in content


def test_article_detail_links_every_mention_and_shows_provenance(client, world):
    response = client.get(f"/articles/{world.first.pk}/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "inferred from the text" in content
    assert (
        '<a class="mention person" href="/people/volodymyr-zelensky/">Volodymyr Zelensky</a>'
        in content
    )
    assert '<a class="mention country" href="/countries/ua/">Ukraine</a>' in content
    assert '<a class="mention person" href="/people/benjamin-netanyahu/">Netanyahu</a>' in content
    # Every mention of the body became a link.
    body_mentions = world.first.mentions.filter(location="body").count()
    assert content.count('class="mention ') >= body_mentions
    assert "SARAH MEYSSONNIER / POOL / AFP" in content
    assert content.count("Elysee presidential Palace") == 1  # each caption once
    assert "Register for free" not in content
    assert world.first.source_link in content


def test_article_detail_lists_claims_with_linked_contradictions(client, world):
    response = client.get(f"/articles/{world.second.pk}/")

    claims = response.context["claims"]
    denial = next(c for c in claims if c.stance == "deny")
    assert [item["claim"] for item in denial.contradiction_list] == [
        world.claims["unable_to_arrange"]
    ]
    content = response.content.decode()
    assert (
        f'href="/articles/{world.second.pk}/#claim-{world.claims["unable_to_arrange"].pk}"'
        in content
    )
    assert f'id="claim-{world.claims["denial"].pk}"' in content


def test_article_detail_of_unknown_or_hidden_article_is_404(client, world):
    world.second.status = Article.Status.HIDDEN
    world.second.save(update_fields=["status"])

    assert client.get("/articles/999999/").status_code == 404
    assert client.get(f"/articles/{world.second.pk}/").status_code == 404


def test_contradictions_are_explained_in_a_sentence_not_the_machine_reason(client, world):
    denial, other = world.claims["denial"], world.claims["unable_to_arrange"]
    Contradiction = type(denial.contradictions.first() or other.contradictions.first())

    pages = [
        client.get(f"/articles/{world.second.pk}/").content.decode(),
        client.get("/claims/").content.decode(),
    ]

    for content in pages:
        sentence = f"{denial.speaker_label} denies what {other.speaker_label} said about"
        assert sentence.lower() in content.lower()
        for reason in Contradiction.objects.values_list("reason", flat=True):
            assert reason not in content
