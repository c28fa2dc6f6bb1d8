"""Read side of articles: one filtered query shared by pages, exports, feeds and the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.core.cache import cache, caches
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page
from django.db import connection
from django.db.models import (
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    QuerySet,
    Value,
)
from django.db.models.functions import Concat
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.models import Article, Outlet
from entities.models import Country, Mention, Person
from newsdesk.common.paginators import COUNT_CAP, CappedPaginator
from newsdesk.web import charts
from newsdesk.web.filters import DATE_ORDER, SEARCH_CONFIG, ArticleFilter
from newsdesk.web.queries.claims import claims_base, claims_with_details

PAGE_SIZE = 25
# Facets are counted over the newest matches only, so their cost does not grow with the
# table; the page says so when the sample is smaller than the result.
FACET_SAMPLE = 500
FACET_SIZE = 12
# Timelines count the newest matches up to this many (about half a year of the whole archive);
# the page says so when the result is larger.
TIMELINE_SAMPLE = COUNT_CAP  # `summarise` reads both from one window
# Relevance ranks the newest matches up to this many: ts_rank reads every ranked row's
# vector, and a common word matches most of the archive.
RANK_WINDOW = 2_000

# Highlight markers that cannot occur in article text; the snippet is escaped first and
# the markers become <mark> afterwards, so stored text never becomes markup.
_MARK_START, _MARK_END = "\x02", "\x03"
# How long the home page reuses its most-mentioned lists (the page says so).
TOP_MENTIONED_SECONDS = 60


def article_filterset(params, queryset: QuerySet | None = None) -> ArticleFilter:
    base = queryset if queryset is not None else Article.objects.visible()
    return ArticleFilter(params, queryset=base.select_related("outlet"))


def filtered_articles(filterset: ArticleFilter) -> QuerySet:
    """The ordered matches, or nothing when a filter value is invalid."""
    if not filterset.is_valid():
        return Article.objects.none()
    return filterset.qs


def undated_left_out(filterset: ArticleFilter, queryset: QuerySet | None = None) -> int | None:
    """How many undated articles match everything except the date range (None: no range)."""
    if not filterset.is_valid() or not filterset.uses_dates:
        return None
    params = filterset.data.copy()
    for name in ("date_from", "date_to", "page", "sort"):
        params.pop(name, None)
    undated = article_filterset(params, queryset)
    return undated.qs.filter(published__isnull=True).order_by().count()


def article_entities(*, labelled: bool) -> dict:
    """Annotations: the countries and people an article names (bylines excluded, only active
    people), one array subquery each, so a list of any length costs one query.

    `labelled`: "key:name" strings ordered by name, as `country_tags` and `person_tags` (the
    pages); otherwise ISO2 codes and slugs ordered by themselves, as `countries` and `people`
    (the API and exports).
    """
    countries = Country.objects.filter(
        Exists(Mention.objects.filter(article=OuterRef(OuterRef("pk")), country=OuterRef("pk")))
    )
    people = Person.objects.active().filter(
        Exists(
            Mention.objects.filter(article=OuterRef(OuterRef("pk")), person=OuterRef("pk")).exclude(
                location="byline"
            )
        )
    )
    if labelled:
        return {
            "country_tags": ArraySubquery(
                countries.order_by("name").values(tag=Concat("iso2", Value(":"), "name"))
            ),
            "person_tags": ArraySubquery(
                people.order_by("name").values(tag=Concat("slug", Value(":"), "name"))
            ),
        }
    return {
        "countries": ArraySubquery(countries.order_by("iso2").values("iso2")),
        "people": ArraySubquery(people.order_by("slug").values("slug")),
    }


def with_row_tags(queryset: QuerySet) -> QuerySet:
    """Adds the countries and people named in each article as "key:name" strings."""
    return queryset.annotate(**article_entities(labelled=True))


def attach_snippets(rows: list[Article], q: str) -> None:
    """Sets `snippet` (safe HTML with <mark>) on each row: one query for the page's rows."""
    if not rows or not q:
        return
    query = SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)
    headlines = dict(
        Article.objects.filter(pk__in=[row.pk for row in rows])
        .annotate(
            snippet=SearchHeadline(
                "body",
                query,
                config=SEARCH_CONFIG,
                start_sel=_MARK_START,
                stop_sel=_MARK_END,
                max_fragments=2,
                max_words=30,
                min_words=12,
                fragment_delimiter=" … ",
            )
        )
        .values_list("pk", "snippet")
    )
    for row in rows:
        text = headlines.get(row.pk) or ""
        if _MARK_START not in text:
            row.snippet = None
            continue
        html = str(escape(text)).replace(_MARK_START, "<mark>").replace(_MARK_END, "</mark>")
        row.snippet = mark_safe(html)  # escaped above; only our <mark> markers were added


# The list order without its index: for the articles of one person, country or relation,
# collecting their few rows through the mentions and sorting them is cheap, while walking
# the whole date index to find them (what the planner picks for a LIMIT when it expects
# more matches than there are) reads most of the table.
SET_ORDER = (
    ExpressionWrapper(F("published") + 0, output_field=DateField()).desc(nulls_last=True),
    (F("id") + 0).desc(),
)


def month_facet(days: list[tuple[date, int]]) -> list[dict]:
    months = charts.bucket(days, unit=charts.MONTH)
    items = [
        {
            "label": period.long_label,
            "count": period.count,
            "date_from": period.start.isoformat(),
            "date_to": period.end.isoformat(),
        }
        for period in months
        if period.count
    ]
    return list(reversed(items))[:FACET_SIZE]


@dataclass
class MatchSummary:
    """What a list shows besides its rows, from one pass over the newest matches."""

    ids: list[int]  # the newest COUNT_CAP + 1 matches, in list order
    days: list[tuple[date, int]]  # (day, articles) over the newest TIMELINE_SAMPLE dated ones
    facets: dict = field(default_factory=dict)

    @property
    def timeline_sampled(self) -> bool:
        return sum(n for _, n in self.days) >= TIMELINE_SAMPLE


# The filter is evaluated once, into a window of the newest matches (`w`), and the count,
# the page's ids and the timeline are read from that window; so are the facets, which
# count distinct articles per person, country or outlet over its newest FACET_SAMPLE,
# grouped by id (cheap) before the names of the few shown are joined.
_SUMMARY_SQL = """
WITH w AS MATERIALIZED (SELECT * FROM ({window}) AS matches(id, published))
SELECT
    (SELECT array_agg(id ORDER BY published DESC NULLS LAST, id DESC) FROM w),
    (SELECT json_agg(json_build_array(published, n)) FROM (
        SELECT published, COUNT(*) AS n FROM w WHERE published IS NOT NULL GROUP BY 1
    ) AS days)
"""
_FACETS_SQL = """
WITH w AS MATERIALIZED (SELECT * FROM ({window}) AS matches(id, published)),
sample AS MATERIALIZED (
    SELECT id FROM w ORDER BY published DESC NULLS LAST, id DESC LIMIT %s
),
named AS MATERIALIZED (
    SELECT DISTINCT article_id, person_id, country_id FROM entities_mention
    WHERE article_id IN (SELECT id FROM sample)
        AND (country_id IS NOT NULL OR location <> 'byline')
)
SELECT
    (SELECT array_agg(id ORDER BY published DESC NULLS LAST, id DESC) FROM w),
    (SELECT json_agg(json_build_array(published, n)) FROM (
        SELECT published, COUNT(*) AS n FROM w WHERE published IS NOT NULL GROUP BY 1
    ) AS days),
    (SELECT json_agg(json_build_array(iso2, name, n) ORDER BY n DESC, name) FROM (
        SELECT c.iso2, c.name, g.n FROM (
            SELECT country_id, COUNT(*) AS n FROM named WHERE country_id IS NOT NULL
            GROUP BY 1
        ) AS g JOIN entities_country c ON c.id = g.country_id
        ORDER BY g.n DESC, c.name LIMIT %s
    ) AS top),
    (SELECT json_agg(json_build_array(slug, name, n) ORDER BY n DESC, name) FROM (
        SELECT p.slug, p.name, g.n FROM (
            SELECT person_id, COUNT(*) AS n FROM named WHERE person_id IS NOT NULL
            GROUP BY 1
        ) AS g JOIN entities_person p ON p.id = g.person_id
        WHERE p.status = %s
        ORDER BY g.n DESC, p.name LIMIT %s
    ) AS top),
    (SELECT json_agg(json_build_array(id, name, n) ORDER BY n DESC, name) FROM (
        SELECT o.id, o.name, g.n FROM (
            SELECT outlet_id, COUNT(*) AS n FROM articles_article
            WHERE outlet_id IS NOT NULL AND id IN (SELECT id FROM sample) GROUP BY 1
        ) AS g JOIN articles_outlet o ON o.id = g.outlet_id
        ORDER BY g.n DESC, o.name LIMIT %s
    ) AS top)
"""


def summarise(queryset: QuerySet, order=DATE_ORDER, with_facets: bool = True) -> MatchSummary:
    """Ids (so the count), timeline days and, optionally, facets of the matches: one query.

    The window is the newest COUNT_CAP + 1 matches in `order` (newest first, undated
    last, as both DATE_ORDER and SET_ORDER sort), so every page a capped paginator
    offers lies in it. Its dated rows come first, so the newest TIMELINE_SAMPLE dated
    matches are among them: when it holds one more, the oldest of them is left out.
    """
    window = queryset.order_by(*order).values("pk", "published")[: COUNT_CAP + 1]
    try:
        sql, params = window.query.sql_with_params()
    except EmptyResultSet:  # `none()`, after an invalid filter: nothing to ask
        return MatchSummary(ids=[], days=[], facets={})
    if with_facets:
        query = _FACETS_SQL.format(window=sql)
        params = (*params, FACET_SAMPLE, FACET_SIZE, Person.Status.ACTIVE, FACET_SIZE, FACET_SIZE)
    else:
        query = _SUMMARY_SQL.format(window=sql)
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        ids, days, *facet_rows = cursor.fetchone()
    summary = MatchSummary(ids=ids or [], days=_newest_days(days))
    if with_facets:
        countries, people, outlets = (rows or [] for rows in facet_rows)
        summary.facets = {
            "countries": [{"value": v, "label": name, "count": n} for v, name, n in countries],
            "people": [{"value": v, "label": name, "count": n} for v, name, n in people],
            "outlets": [{"value": str(v), "label": name, "count": n} for v, name, n in outlets],
        }
    return summary


_COUNT_SQL = """
WITH w AS MATERIALIZED (SELECT * FROM ({window}) AS matches(id, published))
SELECT
    (SELECT COUNT(*) FROM w),
    (SELECT json_agg(json_build_array(published, n)) FROM (
        SELECT published, COUNT(*) AS n FROM w WHERE published IS NOT NULL GROUP BY 1
    ) AS days)
"""


def count_and_days(window: QuerySet) -> tuple[int, list[tuple[date, int]]]:
    """The rows of `window` and (day, rows) over its newest TIMELINE_SAMPLE dated ones.

    `window` selects an id and a date, newest first and undated last, sliced to
    COUNT_CAP + 1 rows: one query for both the capped count and the timeline.
    """
    try:
        sql, params = window.query.sql_with_params()
    except EmptyResultSet:
        return 0, []
    with connection.cursor() as cursor:
        cursor.execute(_COUNT_SQL.format(window=sql), params)
        count, days = cursor.fetchone()
    return count, _newest_days(days)


def _newest_days(days) -> list[tuple[date, int]]:
    # The window's dated rows come first; when it holds TIMELINE_SAMPLE + 1 of them, the
    # last (the oldest) is not among the newest TIMELINE_SAMPLE.
    days = sorted((date.fromisoformat(day), n) for day, n in days or [])
    if sum(n for _, n in days) > TIMELINE_SAMPLE:
        oldest, n = days[0]
        days[0] = (oldest, n - 1)
    return days


def row_details(ids: list[int]) -> list[Article]:
    """The visible articles with these ids as list rows (in any order), with their row tags.

    Only visible ones: the ids may come from a kept summary (`shared_list_parts`), and an
    article hidden since is left out at once.
    """
    base = Article.objects.visible().select_related("outlet").defer(*_ROW_DEFERRED)
    return list(with_row_tags(base.filter(pk__in=ids)))


# A row shows neither the body nor the search vector; leaving them out keeps the row query
# small whatever the articles' length.
_ROW_DEFERRED = ("body", "minhash", "search_vector", "captions", "contributors")


def link_rows(rows: list[Article]) -> None:
    """Sets `url` and `chips` (kind, URL, name) on each row, so the row template runs
    no reverse() and no filter per name: one reverse() per kind of link for the page."""
    if not rows:
        return
    article_url = reverse("articles:detail", args=[0]).rpartition("0")
    country_url = reverse("entities:country", args=["zz"]).rpartition("zz")
    person_url = reverse("entities:person", args=["placeholder"]).rpartition("placeholder")
    for row in rows:
        row.url = f"{article_url[0]}{row.pk}{article_url[2]}"
        chips = []
        for value in row.country_tags or []:
            code, _, name = value.partition(":")
            chips.append(("country", f"{country_url[0]}{code.lower()}{country_url[2]}", name))
        for value in (row.person_tags or [])[:6]:
            slug, _, name = value.partition(":")
            chips.append(("person", f"{person_url[0]}{slug}{person_url[2]}", name))
        row.chips = chips


@dataclass
class ArticleListPage:
    filterset: ArticleFilter
    page: Page
    paginator: CappedPaginator
    undated_left_out: int | None
    facets: dict = field(default_factory=dict)
    months: list = field(default_factory=list)
    timeline: list = field(default_factory=list)
    facet_sampled: bool = False
    timeline_sampled: bool = False
    facet_sample: int = FACET_SAMPLE
    timeline_sample: int = TIMELINE_SAMPLE
    rank_window: int = RANK_WINDOW
    outlets: list = field(default_factory=list)  # (id, name) of the form's outlet list


# How long a summary of the whole list and the outlets are reused, at most: a new article (or
# outlet) changes their key and so refreshes them at once; this bounds how long an editor's
# change to an older article (redated, or hidden: its row goes at once, its count with the
# summary) or to an outlet's name takes to show, and an article committed just after a newer
# one (two workers at once) takes to join the kept list.
LIST_PARTS_SECONDS = 60


def page_cache():
    """The cache of what public pages show every visitor alike (settings: CACHES["pages"])."""
    return caches["pages"]


def newest_article_id() -> int:
    """The id of the article added last (hidden or not), from the primary key: one query."""
    return Article.objects.aggregate(newest=Max("pk"))["newest"] or 0


def _newest_article_and_outlet() -> tuple[int, int]:
    """The ids of the article and of the outlet added last, from their primary keys: one
    query (an outlet may be added before any article names it)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {Article._meta.db_table}),"
            f" (SELECT MAX(id) FROM {Outlet._meta.db_table})"
        )
        article, outlet = cursor.fetchone()
    return article or 0, outlet or 0


def is_unfiltered(filterset: ArticleFilter) -> bool:
    """Whether the list is every visible article in date order: the same for every visitor."""
    if not filterset.is_valid():
        return False
    return not any(value for name, value in filterset.form.cleaned_data.items() if name != "sort")


@dataclass
class SharedListParts:
    """What `/articles/` shows the same to every visitor, kept under the newest article."""

    outlets: list[tuple[int, str]]
    summary: MatchSummary | None = None  # of the unfiltered list, when that was asked for


def shared_list_parts(filterset: ArticleFilter) -> SharedListParts:
    """The outlets of the form and, for the unfiltered list, its summary (ids, so the count,
    days and facets), from the cache while no article or outlet has been added: one query
    (the newest ids) when kept; otherwise also outlets and, unfiltered, the summary."""
    article, outlet = _newest_article_and_outlet()
    parts = SharedListParts(
        outlets=page_cache().get_or_set(
            f"articles-list:outlets:{article}:{outlet}",
            lambda: list(Outlet.objects.order_by("name").values_list("pk", "name")),
            LIST_PARTS_SECONDS,
        )
    )
    if is_unfiltered(filterset):
        parts.summary = page_cache().get_or_set(
            f"articles-list:summary:{article}",
            lambda: summarise(filtered_articles(filterset)),
            LIST_PARTS_SECONDS,
        )
    return parts


def _window_order(filterset: ArticleFilter) -> tuple:
    """The order the list's window is read in (both sort alike, see `SET_ORDER`).

    The planner guesses the articles naming a country or person from their mentions, several
    per article, so it expects about three times too many; for two or more names the guesses
    multiply, it walks the date index expecting to fill the window early, and when fewer
    match it reads the whole index (UA and IL at 100k articles: 90 ms, against 50 ms
    collecting the matches and sorting them). For one name the walk is the faster plan.
    """
    return SET_ORDER if filterset.names_asked >= 2 else DATE_ORDER


def article_list_page(params, page_number=None) -> ArticleListPage:
    """Everything `/articles/` shows. Queries: newest ids (the key of what is kept for
    every visitor), outlets and summary (ids, so the count, days and facets) unless kept
    (the summary is kept for the unfiltered list only), ranking (by relevance only), rows,
    snippets (with q), undated count (with dates); the form's countries come from the
    kept country table."""
    filterset = article_filterset(params)
    matches = filtered_articles(filterset)
    shared = shared_list_parts(filterset)
    summary = shared.summary
    if summary is None:
        summary = summarise(matches, order=_window_order(filterset))
    if filterset.sort_order == "relevance":
        # Ranking the window's ids once, then fetching the page's rows by id, reads each
        # ranked vector once.
        ranked = matches.filter(pk__in=summary.ids[:RANK_WINDOW]).values_list("pk", flat=True)
        paginator = CappedPaginator(
            list(ranked), PAGE_SIZE, cap=RANK_WINDOW, rows=row_details, count=len(summary.ids)
        )
    else:
        paginator = CappedPaginator(summary.ids, PAGE_SIZE, rows=row_details)
    page = paginator.get_page(page_number)
    rows = list(page.object_list)
    page.object_list = rows
    if filterset.is_valid():
        attach_snippets(rows, filterset.form.cleaned_data.get("q"))
    link_rows(rows)
    result = ArticleListPage(
        filterset, page, paginator, undated_left_out(filterset), outlets=shared.outlets
    )
    if rows:
        result.timeline = charts.bucket(summary.days)
        result.timeline_sampled = summary.timeline_sampled
        result.months = month_facet(summary.days)
        result.facets = summary.facets
        result.facet_sampled = paginator.count > FACET_SAMPLE
    return result


def article_detail(pk: int) -> dict:
    """An article with its mentions and claims. Queries: article, mentions, claims (+3)."""

    article = get_object_or_404(Article.objects.visible().select_related("outlet"), pk=pk)
    mentions = list(
        Mention.objects.filter(article=article)
        .select_related("person", "country")
        .order_by("location", "field_index", "start")
    )
    claims = claims_with_details(claims_base().filter(article=article))
    people, countries = {}, {}
    for mention in mentions:
        if mention.location == "byline":
            continue  # the byline is shown as such, not as a person named in the story
        if mention.person_id and mention.person.status == Person.Status.ACTIVE:
            people.setdefault(mention.person_id, mention.person)
        elif mention.country_id:
            countries.setdefault(mention.country_id, mention.country)
    return {
        "article": article,
        "mentions": mentions,
        "claims": claims,
        "people": sorted(people.values(), key=lambda p: p.name),
        "countries": sorted(countries.values(), key=lambda c: c.name),
    }


def _top_mentioned(since: date | None, *, of: str, limit: int = 10) -> list[dict]:
    mentions = Mention.objects.filter(article__status=Article.Status.PUBLISHED).exclude(
        location="byline"
    )
    if since:
        mentions = mentions.filter(article__published__gte=since)
    if of == "person":
        mentions = mentions.filter(person__status=Person.Status.ACTIVE)
        keys = ("person__slug", "person__name", "person__role")
    else:
        mentions = mentions.filter(country__isnull=False)
        keys = ("country__iso2", "country__name")
    rows = (
        mentions.values(*keys)
        .annotate(count=Count("article", distinct=True))
        .order_by("-count", keys[1])[:limit]
    )
    return [
        {
            "value": row[keys[0]],
            "label": row[keys[1]],
            "count": row["count"],
            "role": row.get("person__role", ""),
        }
        for row in rows
    ]


def top_mentioned(*, of: str, today: date, days: int = 30) -> tuple[list[dict], bool]:
    """Most-mentioned people or countries of the last `days`, else of all time.

    Returns the rows and whether they are recent. One query, two when falling back.
    """
    recent = _top_mentioned(today - timedelta(days=days), of=of)
    if recent:
        return recent, True
    return _top_mentioned(None, of=of), False


def home_page(today: date) -> dict:
    """Queries: latest articles, people (1-2), countries (1-2), newest claims (+3); the
    people and countries are reused for a minute (see `TOP_MENTIONED_SECONDS`)."""

    latest = list(
        with_row_tags(
            Article.objects.visible().select_related("outlet").defer(*_ROW_DEFERRED)
        ).order_by(*DATE_ORDER)[:8]
    )
    link_rows(latest)
    # With nothing in the last 30 days the lists count every mention ever made (a second
    # at 100k articles), so they are kept for a minute; a new article changes the key and
    # so refreshes them at once.
    key = "home-top:{}:{}".format(today.isoformat(), ",".join(str(a.pk) for a in latest))
    (people, people_recent), (countries, countries_recent) = cache.get_or_set(
        key,
        lambda: (
            top_mentioned(of="person", today=today),
            top_mentioned(of="country", today=today),
        ),
        TOP_MENTIONED_SECONDS,
    )
    claims = claims_with_details(claims_base().order_by("-created_at", "-id")[:6])
    return {
        "latest": latest,
        "top_people": people,
        "top_people_recent": people_recent,
        "top_countries": countries,
        "top_countries_recent": countries_recent,
        "claims": claims,
    }
