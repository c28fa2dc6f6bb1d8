"""What pages keep in the cache for every visitor alike, and the rows built in Python: a kept
count or list is refreshed as soon as an article is added, a hidden article leaves the rows at
once, and the kept country table turns codes into ids without a query."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.safestring import mark_safe

from articles.models import Article
from entities.models import Country
from newsdesk.web.queries.countries import CODES_KEY, country_ids, load_country_table
from newsdesk.web.templatetags.newsdesk import article_row_html
from tests.factories import ArticleFactory, OutletFactory, country, mention_at

pytestmark = pytest.mark.django_db


def titles(response, section=None) -> list[str]:
    page = response.context["result"].page if section is None else response.context[section].page
    return [article.title for article in page.object_list]


def count_queries(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


# --- the unfiltered list -----------------------------------------------------------------


def test_the_unfiltered_list_is_summarised_once_until_an_article_arrives(client, world):
    load_country_table()
    first = client.get("/articles/")
    # Kept: the newest ids, then the rows only (no summary, no outlets).
    assert count_queries(lambda: client.get("/articles/")) == 2

    ArticleFactory(title="Just in", published=date(2023, 7, 1))
    response = client.get("/articles/")

    assert first.context["result"].paginator.count == 2
    assert response.context["result"].paginator.count == 3
    assert titles(response)[0] == "Just in"
    outlets = {item["label"] for item in response.context["result"].facets["outlets"]}
    assert len(outlets) == len(first.context["result"].facets["outlets"]) + 1


def test_an_article_hidden_while_the_summary_is_kept_leaves_the_rows_at_once(client, world):
    assert titles(client.get("/articles/")) == [world.second.title, world.first.title]

    Article.objects.filter(pk=world.second.pk).update(status=Article.Status.HIDDEN)

    assert titles(client.get("/articles/")) == [world.first.title]


def test_a_new_outlet_is_offered_before_any_article_names_it(client, world):
    client.get("/articles/")

    OutletFactory(name="Brand New Daily")

    assert b">Brand New Daily</option>" in client.get("/articles/").content


def test_filtered_lists_are_not_kept(client, world):
    assert titles(client.get("/articles/?country=FR")) == [world.first.title]
    mention_at(world.second, country("FR"), "Ukraine")  # no article added

    assert titles(client.get("/articles/?country=FR")) == [world.second.title, world.first.title]


# --- entity pages --------------------------------------------------------------------------


def test_a_country_page_counts_a_new_article_at_once(client, world):
    before = client.get("/countries/ua/").context["articles"].paginator.count

    article = ArticleFactory(title="Kyiv today", published=date(2023, 7, 1))
    mention_at(article, country("UA"), "Paragraph")

    response = client.get("/countries/ua/")
    assert response.context["articles"].paginator.count == before + 1
    assert titles(response, "articles")[0] == "Kyiv today"


def test_a_person_page_drops_a_hidden_article_from_its_rows_at_once(client, world):
    assert titles(client.get("/people/eli-cohen/"), "articles") == [
        world.second.title,
        world.first.title,
    ]

    Article.objects.filter(pk=world.first.pk).update(status=Article.Status.HIDDEN)

    assert titles(client.get("/people/eli-cohen/"), "articles") == [world.second.title]


def test_an_entity_page_with_dates_is_not_kept(client, world):
    path = "/relations/il-ua/?date_from=2023-01-01"
    assert len(titles(client.get(path), "articles")) == 2

    Article.objects.filter(pk=world.first.pk).update(published=date(2022, 12, 31))

    assert titles(client.get(path), "articles") == [world.second.title]


# --- the kept country table ----------------------------------------------------------------


def test_an_unknown_country_is_a_form_error_with_the_table_kept(client, world):
    load_country_table()

    response = client.get("/articles/?country=UA&country=XX")

    assert response.context["form"].errors == {
        "country": ["“XX” is not a known country code (for example UA for Ukraine)."]
    }
    assert list(response.context["result"].page.object_list) == []


def test_codes_become_ids_from_the_kept_table_without_a_query(world):
    load_country_table()
    ukraine, israel = country("UA"), country("IL")

    with CaptureQueriesContext(connection) as queries:
        ids = country_ids(["IL", "UA"])

    assert (ids, len(queries)) == ([israel.pk, ukraine.pk], 0)


def test_saving_a_country_drops_the_kept_table(world):
    load_country_table()
    assert cache.get(CODES_KEY) is not None

    Country.objects.create(iso2="QZ", name="Testland")

    assert cache.get(CODES_KEY) is None
    assert "QZ" in load_country_table()


# --- rows built in Python ------------------------------------------------------------------


def test_an_article_row_escapes_its_text_and_shows_each_part():
    article = Article(
        pk=7,
        title="Talks <b>resume</b>",
        standfirst=" ".join(["word"] * 50),
        byline=["A & B", "C <D>"],
        published=date(2023, 2, 22),
        published_source="inferred",
        published_precision="month",
    )
    article.url = "/articles/7/"
    article.chips = [("country", "/countries/ua/", "Ukraine"), ("person", "/people/x/", "X <y>")]

    html = article_row_html(article)

    assert '<h3><a href="/articles/7/">Talks &lt;b&gt;resume&lt;/b&gt;</a></h3>' in html
    assert (
        '<time datetime="2023-02-22">February 2023</time> '
        '<span class="provenance">(inferred from the text)</span>'
    ) in html
    assert " · A &amp; B, C &lt;D&gt;" in html
    assert "<p>" + " ".join(["word"] * 45) + " …</p>" in html
    assert (
        '<ul class="chips" aria-label="Named in this article"><li><a class="country" '
        'href="/countries/ua/">Ukraine</a></li><li><a class="person" href="/people/x/">'
        "X &lt;y&gt;</a></li></ul>"
    ) in html


def test_an_undated_row_with_a_snippet_shows_the_snippet_not_the_standfirst():
    article = Article(pk=8, title="Undated", standfirst="Standfirst", byline=[])
    article.url = "/articles/8/"
    article.snippet = mark_safe("found &lt;it&gt; <mark>here</mark>")  # as `attach_snippets`

    html = article_row_html(article)

    assert '<p class="meta">\n    Undated\n  </p>' in html
    assert '<p class="snippet">found &lt;it&gt; <mark>here</mark></p>' in html
    assert "Standfirst" not in html
    assert "chips" not in html


# --- people and countries filtered by their ids ----------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?person=nobody-at-all", []),
        ("?person=eli-cohen&person=nobody-at-all", []),
        ("?person=yoav-gallant&country=UA", ["second"]),
        ("?person=eli-cohen&country=FR", ["first"]),
    ],
)
def test_people_and_countries_filter_by_their_ids(client, world, query, expected):
    response = client.get(f"/articles/{query}")

    assert response.context["form"].errors == {}  # a slug of nobody finds nothing, no error
    assert titles(response) == [getattr(world, name).title for name in expected]
