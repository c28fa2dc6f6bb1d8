"""Read side of articles: one filtered query shared by pages, exports, feeds and the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    QuerySet,
    Value,
)
from django.db.models.functions import Concat
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.filters import DATE_ORDER, SEARCH_CONFIG, ArticleFilter
from articles.models import Article
from entities.models import Country, Mention, Person
from newsdesk import charts

PAGE_SIZE = 25
# Counting every match of a broad filter over 100k rows costs more than the page itself;
# past this many the page says "more than" and pagination stops there.
COUNT_CAP = 10_000
# Facets are counted over the newest matches only, so their cost does not grow with the
# table; the page says so when the sample is smaller than the result.
FACET_SAMPLE = 500
FACET_SIZE = 12
# Timelines count the newest matches up to this many (about half a year of the whole archive);
# the page says so when the result is larger.
TIMELINE_SAMPLE = 10_000
# Relevance ranks the newest matches up to this many: ts_rank reads every ranked row's
# vector, and a common word matches most of the archive.
RANK_WINDOW = 2_000

# Highlight markers that cannot occur in article text; the snippet is escaped first and
# the markers become <mark> afterwards, so stored text never becomes markup.
_MARK_START, _MARK_END = "\x02", "\x03"
# How long the home page reuses its most-mentioned lists (the page says so).
TOP_MENTIONED_SECONDS = 60


class CappedPaginator(Paginator):
    """A paginator whose count stops at `cap` (one bounded query instead of COUNT(*)).

    With `rows`, a page is fetched as `rows(queryset.filter(pk__in=<the page's ids>))`:
    the ids come from the bare, index-ordered query and only the rows shown get the
    annotations `rows` adds (PostgreSQL computes a select list's subqueries for every row
    an OFFSET skips, so annotating before paginating makes deep pages slow).
    """

    def __init__(self, object_list, per_page, cap=COUNT_CAP, rows=None, counted=None, **kwargs):
        self.cap = cap
        self.rows = rows
        # What the count is of, when the pages show only a window of it.
        self.counted = counted
        super().__init__(object_list, per_page, **kwargs)

    def _get_page(self, object_list, number, paginator):
        if self.rows is not None:
            ids = object_list.values("pk")
            object_list = self.rows(self.object_list.filter(pk__in=ids))
        return super()._get_page(object_list, number, paginator)

    @cached_property
    def count(self) -> int:
        counted = self.object_list if self.counted is None else self.counted
        return counted.order_by().values("pk")[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        return max(1, -(-min(self.count, self.cap) // self.per_page))


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


def with_row_tags(queryset: QuerySet) -> QuerySet:
    """Adds the countries and people named in each article as "key:name" strings.

    Subqueries in the row query keep a list at one query however many rows it shows.
    """
    countries = (
        Country.objects.filter(
            Exists(Mention.objects.filter(article=OuterRef(OuterRef("pk")), country=OuterRef("pk")))
        )
        .order_by("name")
        .values(tag=Concat("iso2", Value(":"), "name"))
    )
    people = (
        Person.objects.active()
        .filter(
            Exists(
                Mention.objects.filter(
                    article=OuterRef(OuterRef("pk")), person=OuterRef("pk")
                ).exclude(location="byline")
            )
        )
        .order_by("name")
        .values(tag=Concat("slug", Value(":"), "name"))
    )
    return queryset.annotate(
        country_tags=ArraySubquery(countries), person_tags=ArraySubquery(people)
    )


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


def day_counts(
    queryset: QuerySet, limit: int = TIMELINE_SAMPLE, order=DATE_ORDER
) -> list[tuple[date, int]]:
    """(day, articles) for the newest `limit` dated matches: one GROUP BY query feeding
    charts and facets. The window walks the list-order index, so its cost is bounded."""
    newest = queryset.filter(published__isnull=False).order_by(*order).values("published")[:limit]
    return count_by_day(newest)


def count_by_day(window: QuerySet) -> list[tuple[date, int]]:
    """(day, rows) over `window`, a sliced queryset selecting one date column."""
    sql, params = window.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT newest.*, COUNT(*) FROM ({sql}) newest GROUP BY 1",
            params,
        )
        return cursor.fetchall()


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


def _facet_ids(queryset: QuerySet) -> QuerySet:
    return queryset.order_by(*DATE_ORDER).values("pk")[:FACET_SAMPLE]


def facets(queryset: QuerySet) -> dict[str, list[dict]]:
    """Country, person and outlet counts: one aggregate query each over the matches' ids."""
    ids = _facet_ids(queryset)
    countries = (
        Mention.objects.filter(article__in=ids, country__isnull=False)
        .values("country__iso2", "country__name")
        .annotate(count=Count("article", distinct=True))
        .order_by("-count", "country__name")[:FACET_SIZE]
    )
    people = (
        Mention.objects.filter(article__in=ids, person__status=Person.Status.ACTIVE)
        .exclude(location="byline")
        .values("person__slug", "person__name")
        .annotate(count=Count("article", distinct=True))
        .order_by("-count", "person__name")[:FACET_SIZE]
    )
    outlets = (
        Article.objects.filter(pk__in=ids, outlet__isnull=False)
        .values("outlet_id", "outlet__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "outlet__name")[:FACET_SIZE]
    )
    return {
        "countries": [
            {"value": row["country__iso2"], "label": row["country__name"], "count": row["count"]}
            for row in countries
        ],
        "people": [
            {"value": row["person__slug"], "label": row["person__name"], "count": row["count"]}
            for row in people
        ],
        "outlets": [
            {"value": str(row["outlet_id"]), "label": row["outlet__name"], "count": row["count"]}
            for row in outlets
        ],
    }


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


def article_list_page(params, page_number=None) -> ArticleListPage:
    """Everything `/articles/` shows. Queries: outlet check (if given), count, rows,
    snippets (with q), undated count (with dates), days, countries, people, outlets."""
    filterset = article_filterset(params)
    matches = filtered_articles(filterset)
    if filterset.sort_order == "relevance":
        newest = matches.order_by(*DATE_ORDER).values("pk")[:RANK_WINDOW]
        paginator = CappedPaginator(
            matches.filter(pk__in=newest),
            PAGE_SIZE,
            cap=RANK_WINDOW,
            rows=with_row_tags,
            counted=matches,
        )
    else:
        paginator = CappedPaginator(matches, PAGE_SIZE, rows=with_row_tags)
    page = paginator.get_page(page_number)
    rows = list(page.object_list)
    page.object_list = rows
    if filterset.is_valid():
        attach_snippets(rows, filterset.form.cleaned_data.get("q"))
    result = ArticleListPage(filterset, page, paginator, undated_left_out(filterset))
    if rows:
        days = day_counts(matches)
        result.timeline = charts.bucket(days)
        result.timeline_sampled = sum(n for _, n in days) >= TIMELINE_SAMPLE
        result.months = month_facet(days)
        result.facets = facets(matches)
        result.facet_sampled = paginator.count > FACET_SAMPLE
    return result


def article_detail(pk: int) -> dict:
    """An article with its mentions and claims. Queries: article, mentions, claims (+3)."""
    from entities.selectors import claims_base, claims_with_details  # imports this module

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
    from entities.selectors import claims_base, claims_with_details

    latest = list(
        with_row_tags(Article.objects.visible().select_related("outlet")).order_by(*DATE_ORDER)[:8]
    )
    # With nothing in the last 30 days the lists count every mention ever made (a second
    # at 100k articles), so they are kept for a minute; a new article changes the key and
    # so refreshes them at once.
    key = "home-top:{}:{}".format(today.isoformat(), ",".join(str(a.pk) for a in latest))
    tops = cache.get(key)
    if tops is None:
        tops = (top_mentioned(of="person", today=today), top_mentioned(of="country", today=today))
        cache.set(key, tops, TOP_MENTIONED_SECONDS)
    (people, people_recent), (countries, countries_recent) = tops
    claims = claims_with_details(claims_base().order_by("-created_at", "-id")[:6])
    return {
        "latest": latest,
        "top_people": people,
        "top_people_recent": people_recent,
        "top_countries": countries,
        "top_countries_recent": countries_recent,
        "claims": claims,
    }
