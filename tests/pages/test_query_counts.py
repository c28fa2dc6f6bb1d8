"""Queries per page: a small constant, the same for 1 row and for many.

Each page is measured on a world with one article and on one with 30 (more than a page
of 25, so pagination is exercised), and the two counts must be equal and within budget.
`django_assert_max_num_queries` prints the SQL when a page goes over.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsdesk.web.queries.countries import load_country_table
from tests.factories import (
    ArticleFactory,
    OutletFactory,
    PersonFactory,
    claim_at,
    contradiction,
    country,
    mention_at,
)

pytestmark = pytest.mark.django_db

MANY = 30

BODY = (
    "Eli Cohen met Ukraine's envoy and said talks on aid would continue.\n\n"
    "Israel and Ukraine agreed to meet again, the ministry said."
)


def add_articles(start: int, n: int):
    """Articles naming Israel, Ukraine and Eli Cohen, each with two contradicting claims;
    the first of them also holds n more claims. Returns that first article."""
    outlet = OutletFactory(name="Daily Example")
    israel, ukraine = country("IL"), country("UA")
    cohen = PersonFactory(slug="eli-cohen", name="Eli Cohen", role="Minister", country=israel)
    envoy = PersonFactory(slug="envoy", name="Envoy", country=ukraine)
    articles = []
    for i in range(start, start + n):
        article = ArticleFactory(
            outlet=outlet,
            title=f"Talks {i}",
            body=BODY,
            published=date(2023, 1, 1) + timedelta(days=7 * i),
        )
        articles.append(article)
        for entity, text in (
            (cohen, "Eli Cohen"),
            (ukraine, "Ukraine"),
            (israel, "Israel"),
            (envoy, "envoy"),
        ):
            mention_at(article, entity, text)
        said = claim_at(
            article,
            "talks on aid would continue",
            speaker_label="Eli Cohen",
            speaker_kind="person",
            speaker_person=cohen,
            speaker_country=israel,
            cue="said",
            event_type="aid",
            subject_countries=[ukraine],
            subject_people=[envoy],
        )
        denied = claim_at(
            article,
            "Israel and Ukraine agreed to meet again",
            speaker_label="the ministry",
            speaker_kind="government",
            speaker_country=ukraine,
            cue="said",
            stance="deny",
            event_type="consult",
            subject_countries=[israel],
            subject_people=[cohen],
        )
        contradiction(said, denied, "one says talks go on, the other denies a meeting")
    for _ in range(n):
        claim_at(
            articles[0],
            "talks on aid would continue",
            speaker_label="Eli Cohen",
            speaker_kind="person",
            speaker_person=cohen,
            speaker_country=israel,
            cue="said",
            subject_countries=[ukraine],
        )
    ArticleFactory(title=f"Undated {start}", published=None)
    return articles[0]


PAGES = [
    # (path, queries, the queries expected); the home page's figures may come from the cache
    ("/", 7, "latest; people (+all-time); countries (+all-time); claims; contradictions"),
    # The form's countries come from the kept country table (warmed below); the outlets and
    # the unfiltered summary are kept under the newest article, here a new one each time.
    (
        "/articles/",
        4,
        "newest article; outlets; summary (capped count, ids, timeline, facets); rows",
    ),
    (
        "/articles/?q=talks&country=UA&person=eli-cohen&date_from=2023-01-01&stance=deny"
        "&event_type=consult&outlet=1&sort=relevance",
        6,
        "newest article; outlets; person's id; summary; person's id and undated (nothing "
        "matches all of these filters, so no ranking, rows or snippets)",
    ),
    (
        "/articles/?q=talks&sort=relevance",
        6,
        "newest article; outlets; summary; ranking; rows; snippets",
    ),
    ("/articles/{first}/", 4, "article; mentions; claims; contradictions"),
    ("/people/", 2, "count; rows"),
    # Entity pages keep what every visitor sees alike under the newest article (a new one
    # each time here, so nothing is kept): the co-mentions and, without dates, the summary.
    (
        "/people/eli-cohen/",
        8,
        "person; newest article; made; about; contradictions; co-mentions; summary; rows",
    ),
    ("/people/eli-cohen/?date_from=2023-01-01", 9, "as above + undated"),
    ("/countries/", 2, "mentioned countries; all countries"),
    (
        "/countries/ua/",
        8,
        "country; newest article; people; partners; claims; contradictions; summary; rows",
    ),
    (
        "/relations/il-ua/?date_to=2030-01-01",
        9,
        "countries; newest article; window's claims (event types and which are shown); "
        "cards; contradictions; people; summary; rows; undated",
    ),
    ("/claims/", 3, "count and days; rows; contradictions"),
    ("/claims/?date_from=2023-01-01&stance=deny", 4, "as above + undated"),
    ("/articles/feed/?country=UA", 1, "items"),
    ("/claims/feed/", 1, "items"),
    ("/articles/export.csv?country=UA", 1, "rows, streamed"),
    ("/articles/export.jsonl", 1, "rows, streamed"),
    ("/claims/export.csv", 1, "rows, streamed"),
    ("/claims/export.jsonl?stance=deny", 1, "rows, streamed"),
    ("/api/articles/?country=UA", 2, "count; rows"),
    ("/api/claims/", 2, "count; rows"),
    ("/api/people/", 2, "count; rows"),
]


@pytest.fixture(autouse=True)
def country_codes_cached():
    """Filters check country codes against the codes kept in the cache, as on a running site.
    A cold cache costs one query more on a page with no country list of its own (a feed, an
    export, the API): test_first_hour_pages pins that."""
    load_country_table()


def measure(client, path: str, budget: int, assert_max) -> int:
    with assert_max(budget), CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.parametrize(("path", "budget", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_queries_are_constant_and_within_budget(
    client, django_assert_max_num_queries, path, budget, expected
):
    first = add_articles(0, 1)
    one = measure(client, path.format(first=first.pk), budget, django_assert_max_num_queries)
    biggest = add_articles(1, MANY)
    many = measure(client, path.format(first=biggest.pk), budget, django_assert_max_num_queries)

    assert one == many == budget, (
        f"{path}: {one} queries with 1 row, {many} with {MANY}; pinned {budget} ({expected})"
    )
