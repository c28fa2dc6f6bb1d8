"""Read side of people, countries, relations and claims.

Every function returns plain values for a template and runs a fixed number of queries
whatever the number of rows (the count is stated in each docstring).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    JSONField,
    OuterRef,
    Q,
    QuerySet,
    TextField,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from articles.models import Article
from entities.models import Alias, Claim, Country, Mention, Person
from newsdesk.common.paginators import COUNT_CAP, CappedPaginator
from newsdesk.web import charts
from newsdesk.web.filters import CLAIM_ORDER, DATE_ORDER, ClaimFilter, PeopleListFilter
from newsdesk.web.queries.articles import (
    LIST_PARTS_SECONDS,
    PAGE_SIZE,
    SET_ORDER,
    TIMELINE_SAMPLE,
    article_filterset,
    count_and_days,
    filtered_articles,
    link_rows,
    newest_article_id,
    page_cache,
    row_details,
    summarise,
    undated_left_out,
)
from newsdesk.web.queries.claims import attach_claim_details, claims_base

OFFICES_SHOWN = 30
ENTITY_PAGE_SIZE = 20
CLAIMS_SHOWN = 20
# Both sides' claims on a relation page, together.
RELATION_CLAIMS_SHOWN = 60
# A person's claims made and claims about them, per page of `claims_page`.
PERSON_CLAIMS_SHOWN = 10
RELATED_SIZE = 12
# Only the date range applies to the articles listed on entity pages.
ENTITY_ARTICLE_PARAMS = ("date_from", "date_to")
# A person, country or relation page reads the articles naming it newest added first, straight
# from the mentions' (person or country, article) index, and stops after this many: a name in
# a third of the archive costs the same as one in a hundred articles. The list, its count, its
# timeline and the claims found through the articles come from this window (the page says
# "more than" past it, as every list does).
ENTITY_WINDOW = COUNT_CAP + 1
# Co-mentioned people and countries are counted over the newest articles only (the page says so).
RELATED_WINDOW = 1_000
# The claims of a person or relation page, and a relation's event types, come from the newest
# articles only: a popular pair has tens of thousands of claims in its ENTITY_WINDOW articles.
CLAIM_ARTICLE_WINDOW = 2_000
# Claims by a country's speakers: the newest this many, by when they were added.
COUNTRY_CLAIM_WINDOW = 2_000
# What a person, country or relation page shows every visitor alike (its articles' count and
# timeline without dates, who is named with it) is kept while no article is added, and at
# most this long, as the article list's summary is: an editor's change to an older article
# or a person shows within it. Claims are always read afresh.
ENTITY_PARTS_SECONDS = LIST_PARTS_SECONDS


def _first(queryset: QuerySet, size: int, page: int = 1) -> tuple[list, bool]:
    """The `page`th `size` rows and whether there are more, in one query (no COUNT)."""
    start = (page - 1) * size
    rows = list(queryset[start : start + size + 1])
    return rows[:size], len(rows) > size


def _claims_page(condition: Q, size: int, page: int = 1) -> tuple[list, bool]:
    """The `page`th `size` visible claims matching `condition` in list order (CLAIM_ORDER),
    and whether there are more, in one query.

    Which claims is decided first, reading only the claims and their articles' dates; the
    cards' joins and subject arrays are then computed for those few only, not for every
    claim that is sorted.
    """
    start = (page - 1) * size
    ids = (
        Claim.objects.visible()
        .filter(condition)
        .order_by(*CLAIM_ORDER)
        .values("pk")[start : start + size + 1]
    )
    rows = list(claims_base().filter(in_articles(ids, "pk")).order_by(*CLAIM_ORDER))
    return rows[:size], len(rows) > size


def _page_number(value, last: int = 1000) -> int:
    """A page number from a query parameter: 1 unless it is a whole number from 1 to `last`."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), last)


def _date_params(params):
    subset = params.copy()
    for name in list(subset.keys()):
        if name not in ENTITY_ARTICLE_PARAMS:
            subset.pop(name)
    return subset


@dataclass
class ArticleSection:
    """The date-filtered articles listed on a person, country or relation page."""

    filterset: object
    page: object
    paginator: CappedPaginator
    undated_left_out: int | None
    timeline: list = field(default_factory=list)
    timeline_sampled: bool = False
    timeline_sample: int = TIMELINE_SAMPLE


def _kept(key: str, newest_article: int, compute):
    """`compute()`, kept under `key` while `newest_article` (`newest_article_id`) is the
    newest article, for at most ENTITY_PARTS_SECONDS: for what a page shows every visitor
    alike."""
    return page_cache().get_or_set(
        f"entity-page:{key}:{newest_article}", compute, ENTITY_PARTS_SECONDS
    )


def article_section(
    base: QuerySet, params, page_number, *, kept_as: str | None = None, newest_article: int = 0
) -> ArticleSection:
    """Queries: summary (count and days), rows, undated count (only with dates).

    With `kept_as` (what `base` is, e.g. "country:7") and no date range, the summary is the
    same for every visitor: it is kept under `newest_article` (see `_kept`), and only the
    rows are read (visible ones, so an article hidden since is left out at once).
    """
    filterset = article_filterset(_date_params(params), base)
    matches = filtered_articles(filterset)

    def summary_of_matches():
        return summarise(matches, order=SET_ORDER, with_facets=False)

    if kept_as and filterset.is_valid() and not filterset.uses_dates:
        summary = _kept(f"{kept_as}:articles", newest_article, summary_of_matches)
    else:
        summary = summary_of_matches()
    paginator = CappedPaginator(summary.ids, ENTITY_PAGE_SIZE, rows=row_details)
    page = paginator.get_page(page_number)
    page.object_list = list(page.object_list)
    link_rows(page.object_list)
    section = ArticleSection(filterset, page, paginator, undated_left_out(filterset, base))
    if page.object_list:
        section.timeline = charts.bucket(summary.days)
        section.timeline_sampled = summary.timeline_sampled
    return section


def named_in(*, person=None, country=None, also=None, limit: int = ENTITY_WINDOW) -> QuerySet:
    """Ids of the newest-added articles naming `person` or `country` (and, with `also`, that
    country too), at most `limit`: a sliced subquery for `pk__in`.

    One backward scan of the mentions' (person or country, article) index, which stops after
    `limit` distinct articles; `also` is checked per article through the same index.
    """
    mentions = (
        Mention.objects.filter(person=person) if person else Mention.objects.filter(country=country)
    )
    if also is not None:
        mentions = mentions.filter(
            Exists(Mention.objects.filter(article=OuterRef("article_id"), country=also))
        )
    return mentions.order_by("-article_id").values_list("article_id", flat=True).distinct()[:limit]


def co_mentions(article_ids: QuerySet, *, person=None, country=None, limit=RELATED_SIZE):
    """People and countries named in these articles, with how many articles name each.

    One GROUP BY over their mentions serves both lists (each mention is of a person or
    of a country, never both); `person` or `country` itself is left out.
    """
    mentions = (
        Mention.objects.filter(article__in=article_ids)
        .exclude(location="byline")
        .filter(Q(country__isnull=False) | Q(person__status=Person.Status.ACTIVE))
    )
    if person is not None:
        mentions = mentions.exclude(person=person)
    if country is not None:
        mentions = mentions.exclude(country=country)
    rows = (
        mentions.values(
            "person__slug", "person__name", "person__role", "country__iso2", "country__name"
        )
        .annotate(count=Count("article", distinct=True))
        .order_by("-count", "person__name", "country__name")
    )
    people, countries = [], []
    for row in rows:
        if row["person__slug"]:
            people.append(
                {
                    "value": row["person__slug"],
                    "label": row["person__name"],
                    "role": row["person__role"],
                    "count": row["count"],
                }
            )
        else:
            countries.append(
                {
                    "value": row["country__iso2"],
                    "label": row["country__name"],
                    "count": row["count"],
                }
            )
    return people[:limit], countries[:limit]


# Counted per person or country id (cheap to group), and only the `limit` shown get their
# names: grouping by the name text sorts every mention by it.
_TOP_NAMED_SQL = """
SELECT {fields}, g.n FROM (
    SELECT m.entity_id, COUNT(DISTINCT m.article_id) AS n
    FROM ({mentions}) AS m(article_id, entity_id) GROUP BY 1
) AS g JOIN {table} AS e ON e.id = g.entity_id
ORDER BY g.n DESC, e.name LIMIT %s
"""


def _co_mentioned(
    article_ids: QuerySet, *, of: str, exclude=None, of_country=None, limit=RELATED_SIZE
):
    mentions = Mention.objects.filter(article__in=article_ids).exclude(location="byline")
    if of == "person":
        mentions = mentions.filter(person__status=Person.Status.ACTIVE)
        if of_country is not None:
            mentions = mentions.filter(person__country=of_country)
        key, model, fields = "person_id", Person, ("slug", "name", "role")
        if exclude is not None:
            mentions = mentions.exclude(person=exclude)
    else:
        mentions = mentions.filter(country__isnull=False)
        key, model, fields = "country_id", Country, ("iso2", "name")
        if exclude is not None:
            mentions = mentions.exclude(country__in=exclude)
    try:
        sql, params = mentions.order_by().values_list("article_id", key).query.sql_with_params()
    except EmptyResultSet:
        return []
    query = _TOP_NAMED_SQL.format(
        fields=", ".join(f"e.{connection.ops.quote_name(name)}" for name in fields),
        mentions=sql,
        table=connection.ops.quote_name(model._meta.db_table),
    )
    with connection.cursor() as cursor:
        cursor.execute(query, (*params, limit))
        rows = cursor.fetchall()
    return [
        {
            "value": row[0],
            "label": row[1],
            "count": row[-1],
            "role": row[2] if of == "person" else "",
        }
        for row in rows
    ]


def _person_row(item: dict) -> Person:
    """A row of `_co_mentioned` as a Person to show (not saved; no query)."""
    person = Person(slug=item["value"], name=item["label"], role=item["role"])
    person.article_count = item["count"]
    return person


def relation_codes(first: str, second: str) -> tuple[str, str]:
    """The two codes of a relation in its canonical (alphabetical, lower-case) order."""
    a, b = sorted((first.lower(), second.lower()))
    return a, b


# --- people ------------------------------------------------------------------------------


def get_person(slug: str) -> Person:
    """The person with this slug; merged people are returned too (the view redirects)."""
    aliases = Alias.objects.filter(person=OuterRef("pk"), rejected=False).order_by("name")
    person = get_object_or_404(
        Person.objects.select_related("country", "merged_into").annotate(
            alias_names=ArraySubquery(aliases.values("name"))
        ),
        slug=slug,
    )
    if person.status == Person.Status.NOT_A_PERSON:
        raise Http404("not a person")
    return person


def person_page(person: Person, params, page_number) -> dict:
    """Queries: newest article, claims made, claims about, their contradictions,
    co-mentioned people and countries (unless kept), then the article section (1-3): at
    most 8 after the person itself.

    Both claim lists show page `claims_page` (newest first, PERSON_CLAIMS_SHOWN each), apart
    from the articles' `page`. The co-mentioned and, without dates, the articles' summary
    are kept while no article is added (`_kept`); the claims are always read.
    """
    newest_article = newest_article_id()
    window = named_in(person=person)
    base = Article.objects.visible().filter(pk__in=window)
    claims_page = _page_number(params.get("claims_page"))
    # A speaker or a subject is named in the claim's article: both lists are found through
    # the articles of the window (the claims' article index), not through every claim of a
    # prolific speaker.
    in_window = in_articles(named_in(person=person, limit=CLAIM_ARTICLE_WINDOW))
    made, more_made = _claims_page(
        in_window & Q(speaker_person=person), PERSON_CLAIMS_SHOWN, claims_page
    )
    about, more_about = _claims_page(
        in_window & Q(subject_people=person) & ~Q(speaker_person=person),
        PERSON_CLAIMS_SHOWN,
        claims_page,
    )
    attach_claim_details(made + about)
    recent = Article.objects.visible().filter(pk__in=named_in(person=person, limit=RELATED_WINDOW))
    co_people, co_countries = _kept(
        f"person:{person.pk}:related",
        newest_article,
        lambda: co_mentions(recent.values("pk"), person=person),
    )
    return {
        "person": person,
        # The offices of the knowledge base, with dates (no query without a Wikidata id).
        "offices": list(person.office_terms()[:OFFICES_SHOWN]),
        "aliases": [name for name in person.alias_names if name != person.name],
        "claims_made": made,
        "more_claims_made": more_made,
        "claims_about": about,
        "more_claims_about": more_about,
        "claims_page": claims_page,
        "co_people": co_people,
        "co_countries": co_countries,
        "related_window": RELATED_WINDOW,
        "articles": article_section(
            base, params, page_number, kept_as=f"person:{person.pk}", newest_article=newest_article
        ),
    }


PEOPLE_PAGE_SIZE = 50
# "Most mentioned" counts the newest articles only, so ordering every person by it costs the
# same however large the archive grows (as the article list's facets do); the page says so.
MENTION_SAMPLE = 1_000


def recent_mentions() -> Coalesce:
    """Per person, how many of the newest MENTION_SAMPLE articles name them (bylines aside).

    One uncorrelated subquery, which PostgreSQL runs once per query rather than per person:
    the newest articles come from their date index, and who they name from the mentions'
    (article) index, which includes the person and the location, so no table row is read.
    """
    newest = Article.objects.visible().order_by(*DATE_ORDER).values("pk")[:MENTION_SAMPLE]
    named = (
        Mention.objects.filter(article__in=newest, person__isnull=False)
        .exclude(location="byline")
        .order_by()
        .values("person")
        .annotate(n=Count("article", distinct=True))
        .values_list("person", "n")
    )
    sql, params = named.query.sql_with_params()
    by_person = RawSQL(
        f"SELECT jsonb_object_agg(g.person_id, g.n) FROM ({sql}) AS g(person_id, n)",
        params,
        output_field=JSONField(),
    )
    count = Func(
        by_person,
        Cast("pk", TextField()),
        function="jsonb_extract_path_text",
        output_field=TextField(),
    )
    return Coalesce(Cast(count, IntegerField()), 0)


def people_list_page(params, page_number) -> dict:
    """Queries: count, rows. Each row's `article_count` is `recent_mentions`; the order is
    by it (`sort=mentions`, the default; then by name) or by name (`sort=name`)."""
    filterset = PeopleListFilter(params, queryset=Person.objects.active())
    if not filterset.is_valid():
        people = Person.objects.none()
    else:
        people = filterset.qs.select_related("country").annotate(article_count=recent_mentions())
        if filterset.sort_order == "name":
            people = people.order_by("name", "id")
        else:
            people = people.order_by("-article_count", "name", "id")
    paginator = CappedPaginator(people, PEOPLE_PAGE_SIZE)
    page = paginator.get_page(page_number)
    return {
        "filterset": filterset,
        "page": page,
        "paginator": paginator,
        "mention_sample": MENTION_SAMPLE,
    }


# --- countries ---------------------------------------------------------------------------


def get_country(iso2: str) -> Country:
    return get_object_or_404(Country, iso2=iso2.upper())


def country_page(country: Country, params, page_number) -> dict:
    """Queries: newest article, its people and partner countries (unless kept), claims by
    its officials and their contradictions, then the article section (1-3): at most 8 after
    the country itself. Its people, partners and, without dates, the articles' summary are
    kept while no article is added (`_kept`); the claims are always read."""
    newest_article = newest_article_id()
    base = Article.objects.visible().filter(pk__in=named_in(country=country))
    recent = Article.objects.visible().filter(
        pk__in=named_in(country=country, limit=RELATED_WINDOW)
    )

    def related():
        # Its people by the articles naming them among the newest RELATED_WINDOW naming it.
        people = _co_mentioned(recent.values("pk"), of="person", of_country=country, limit=24)
        partners = _co_mentioned(recent.values("pk"), of="country", exclude=[country])
        for partner in partners:
            partner["relation"] = relation_codes(country.iso2, partner["value"])
        return people, partners

    people_rows, partners = _kept(f"country:{country.pk}:related", newest_article, related)
    people = [_person_row(item) for item in people_rows]
    # The speakers' claims newest added first through the speaker index, then the shown ones
    # in list order: a speaker's country need not be named in the article.
    newest = (
        Claim.objects.filter(speaker_country=country)
        .order_by("-id")
        .values_list("pk", flat=True)[:COUNTRY_CLAIM_WINDOW]
    )
    claims, more_claims = _claims_page(in_articles(newest, "pk"), CLAIMS_SHOWN)
    attach_claim_details(claims)
    return {
        "country": country,
        "people": people,
        "partners": partners,
        "claims": claims,
        "more_claims": more_claims,
        "related_window": RELATED_WINDOW,
        "articles": article_section(
            base,
            params,
            page_number,
            kept_as=f"country:{country.pk}",
            newest_article=newest_article,
        ),
    }


def countries_list() -> dict:
    """Queries: countries with their article counts, then all countries A-Z."""
    counts = (
        Mention.objects.filter(country__isnull=False, article__status=Article.Status.PUBLISHED)
        .values("country__iso2", "country__name")
        .annotate(count=Count("article", distinct=True))
        .order_by("-count", "country__name")
    )
    mentioned = [
        {"value": row["country__iso2"], "label": row["country__name"], "count": row["count"]}
        for row in counts
    ]
    return {"mentioned": mentioned, "countries": list(Country.objects.order_by("name"))}


# --- relations ---------------------------------------------------------------------------


def _about(country: Country):
    """A claim is about a country if it names it, or one of its people, as a subject."""
    through_countries = Claim.subject_countries.through.objects
    through_people = Claim.subject_people.through.objects
    return Exists(through_countries.filter(claim=OuterRef("pk"), country=country)) | Exists(
        through_people.filter(claim=OuterRef("pk"), person__country=country)
    )


def _without_subjects():
    return ~Exists(Claim.subject_countries.through.objects.filter(claim=OuterRef("pk"))) & ~Exists(
        Claim.subject_people.through.objects.filter(claim=OuterRef("pk"))
    )


def relation_claims_q(a: Country, b: Country) -> Q:
    """Claims one side made about the other, among claims in articles that name both
    countries (`relation_claims` finds those): a claim whose subject was not recorded counts
    whatever it is about."""
    return Q(speaker_country__in=[a, b]) & (
        (Q(speaker_country=a) & _about(b))
        | (Q(speaker_country=b) & _about(a))
        | _without_subjects()
    )


def in_articles(window: QuerySet, column: str = "article_id") -> Q:
    """Rows whose `column` (claims: their article) is one of `window`, a sliced query of ids.

    Written `column = ANY(ARRAY(window))`: the window runs once and its ids become the
    condition of an index scan, a bounded number of probes, however many rows the other
    conditions (a speaker's country) would match in all.
    """
    return Q(
        Func(
            F(column),
            ArraySubquery(window),
            template="(%(expressions)s))",
            arg_joiner=" = ANY(",
            output_field=BooleanField(),
        )
    )


def relation_claims(a: Country, b: Country, window: QuerySet | None = None) -> QuerySet:
    """Claims one side made about the other in the articles of `window` (by default the
    newest CLAIM_ARTICLE_WINDOW naming both): the query that picks the ones shown."""
    if window is None:
        window = named_in(country=a, also=b, limit=CLAIM_ARTICLE_WINDOW)
    return Claim.objects.visible().filter(in_articles(window) & relation_claims_q(a, b))


def relation_page(a_code: str, b_code: str, params, page_number) -> dict:
    """Queries: both countries, newest article, the window's claims (their event types,
    and which are shown), the cards shown (none without claims) and their contradictions,
    people (unless kept), then the article section (1-3): at most 9. The people and,
    without dates, the articles' summary are kept while no article is added (`_kept`); the
    claims are always read."""
    countries = {
        c.iso2: c for c in Country.objects.filter(iso2__in=[a_code.upper(), b_code.upper()])
    }
    if len(countries) != 2:
        raise Http404("unknown country")
    a, b = countries[a_code.upper()], countries[b_code.upper()]
    newest_article = newest_article_id()
    window = named_in(country=a, also=b)
    base = Article.objects.visible().filter(pk__in=window)
    # One pass over the window's claims gives both the event types and which claims are
    # shown: each pass reads every claim of the window's articles (thousands, for a
    # popular pair), so the cards' query then reads only those shown.
    matched = list(relation_claims(a, b).order_by(*CLAIM_ORDER).values_list("pk", "event_type"))
    shown = [pk for pk, _ in matched[:RELATION_CLAIMS_SHOWN]]
    claims = list(claims_base().filter(pk__in=shown).order_by(*CLAIM_ORDER)) if shown else []
    more_claims = len(matched) > RELATION_CLAIMS_SHOWN
    attach_claim_details(claims)
    counts = Counter(event_type for _, event_type in matched if event_type)
    labels = dict(Claim.EventType.choices)
    event_types = [
        {"event_type": event_type, "count": n, "label": labels.get(event_type, event_type)}
        for event_type, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    recent = Article.objects.visible().filter(
        pk__in=named_in(country=a, also=b, limit=RELATED_WINDOW)
    )
    people = _kept(
        f"relation:{a.pk}-{b.pk}:people",
        newest_article,
        lambda: _co_mentioned(recent.values("pk"), of="person", limit=24),
    )
    return {
        "a": a,
        "b": b,
        "a_about_b": [c for c in claims if c.speaker_country_id == a.pk],
        "b_about_a": [c for c in claims if c.speaker_country_id == b.pk],
        "more_claims": more_claims,
        "event_types": event_types,
        "people": people,
        "related_window": RELATED_WINDOW,
        "claim_window": CLAIM_ARTICLE_WINDOW,
        "articles": article_section(
            base,
            params,
            page_number,
            kept_as=f"relation:{a.pk}-{b.pk}",
            newest_article=newest_article,
        ),
    }


# --- claims ------------------------------------------------------------------------------


def claim_filterset(params) -> ClaimFilter:
    return ClaimFilter(params, queryset=claims_base())


def filtered_claims(filterset: ClaimFilter) -> QuerySet:
    if not filterset.is_valid():
        return Claim.objects.none()
    return filterset.qs


def undated_claims_left_out(filterset: ClaimFilter) -> int | None:
    if not filterset.is_valid() or not filterset.uses_dates:
        return None
    params = filterset.data.copy()
    for name in ("date_from", "date_to", "page"):
        params.pop(name, None)
    undated = claim_filterset(params).qs
    return undated.filter(article__published__isnull=True).order_by().count()


def claim_list_page(params, page_number) -> dict:
    """Queries: count and days (one), rows, contradictions, undated (with dates)."""
    filterset = claim_filterset(params)
    matches = filtered_claims(filterset)
    # The newest claims only, through the articles' date index: a bounded window that
    # gives both the capped count and the timeline.
    window = matches.order_by(*CLAIM_ORDER).values("pk", "article__published")[: COUNT_CAP + 1]
    count, days = count_and_days(window)
    paginator = CappedPaginator(matches, PAGE_SIZE, count=count)
    page = paginator.get_page(page_number)
    page.object_list = attach_claim_details(list(page.object_list))
    # A contradicted pair is drawn side by side once, where its first claim appears.
    shown = set()
    for claim in page.object_list:
        claim.shown_in_pair = claim.pk in shown
        shown.update(item["claim"].pk for item in claim.contradiction_list)
    page.object_list = [claim for claim in page.object_list if not claim.shown_in_pair]
    timeline, timeline_sampled = [], False
    if page.object_list:
        timeline = charts.bucket(days)
        timeline_sampled = sum(n for _, n in days) >= TIMELINE_SAMPLE
    return {
        "filterset": filterset,
        "page": page,
        "paginator": paginator,
        "timeline": timeline,
        "timeline_sampled": timeline_sampled,
        "timeline_sample": TIMELINE_SAMPLE,
        "undated_left_out": undated_claims_left_out(filterset),
    }
