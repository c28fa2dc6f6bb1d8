"""Read side of people, countries, relations and claims.

Every function returns plain values for a template and runs a fixed number of queries
whatever the number of rows (the count is stated in each docstring).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Concat
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from articles.models import Article
from articles.selectors import (
    COUNT_CAP,
    PAGE_SIZE,
    SET_ORDER,
    TIMELINE_SAMPLE,
    CappedPaginator,
    article_filterset,
    charts,
    count_and_days,
    filtered_articles,
    link_rows,
    row_details,
    summarise,
    undated_left_out,
)
from entities.filters import CLAIM_ORDER, ClaimFilter, PersonFilter
from entities.models import Alias, Claim, Contradiction, Country, Mention, Person

# An article's long fields, which no claim card shows: left out of the claim queries, which
# would otherwise read and decode them with every claim.
ARTICLE_TEXT_FIELDS = ("body", "minhash", "search_vector", "captions", "contributors")
ENTITY_PAGE_SIZE = 20
CLAIMS_SHOWN = 20
RELATED_SIZE = 12
# Only the date range applies to the articles listed on entity pages.
ENTITY_ARTICLE_PARAMS = ("date_from", "date_to")


def claims_base() -> QuerySet:
    """Visible claims with what a claim card shows; subjects come as "key:name" arrays
    from subqueries, so a list of claims costs one query, not one per relation."""
    through_people = Claim.subject_people.through.objects
    through_countries = Claim.subject_countries.through.objects
    return (
        Claim.objects.visible()
        .select_related("article", "article__outlet", "speaker_person", "speaker_country")
        .defer(*(f"article__{name}" for name in ARTICLE_TEXT_FIELDS))
        .annotate(
            subject_people_tags=ArraySubquery(
                through_people.filter(claim=OuterRef("pk"))
                .order_by("person__name")
                .values(tag=Concat("person__slug", Value(":"), "person__name"))
            ),
            subject_country_tags=ArraySubquery(
                through_countries.filter(claim=OuterRef("pk"))
                .order_by("country__name")
                .values(tag=Concat("country__iso2", Value(":"), "country__name"))
            ),
        )
    )


def claims_with_details(claims) -> list[Claim]:
    """Evaluates `claims` (from `claims_base`) and attaches their contradictions.

    Queries: the claims, then their contradictions: two whatever the number of claims
    (an empty list stops after the first).
    """
    claims = list(claims)
    return attach_claim_details(claims)


def attach_claim_details(claims: list[Claim]) -> list[Claim]:
    if not claims:
        return claims
    by_id = {claim.pk: claim for claim in claims}
    for claim in claims:
        claim.contradiction_list = []
    pairs = (
        Contradiction.objects.filter(Q(claim_id__in=by_id) | Q(other_id__in=by_id))
        .select_related(
            "claim__article",
            "claim__speaker_person",
            "claim__speaker_country",
            "other__article",
            "other__speaker_person",
            "other__speaker_country",
        )
        .defer(
            *(
                f"{side}__article__{name}"
                for side in ("claim", "other")
                for name in ARTICLE_TEXT_FIELDS
            )
        )
        .order_by("id")
    )
    for pair in pairs:
        for mine, theirs in ((pair.claim, pair.other), (pair.other, pair.claim)):
            if mine.pk in by_id and _is_visible(theirs):
                by_id[mine.pk].contradiction_list.append({"claim": theirs, "reason": pair.reason})
    _link_claims(claims)
    return claims


def _url_maker(name: str, placeholder: str = "placeholder"):
    # One reverse() per kind of link for a whole list: reversing each link of a page of
    # claim cards costs more than the rest of the card.
    head, _, tail = reverse(name, args=[placeholder]).rpartition(placeholder)
    return lambda key: f"{head}{key}{tail}"


def _link_claims(claims: list[Claim]) -> None:
    """Sets the URLs a claim card links to (`speaker_url`, `speaker_country_url`,
    `article_url`, `event_type_url`, `subject_links` [(url, name)]) on the claims and on
    the claims contradicting them, and `url` on each contradiction."""
    person_url = _url_maker("entities:person")
    country_url = _url_maker("entities:country", "zz")
    article_url = _url_maker("articles:detail", "0")
    claims_url = reverse("entities:claims")
    others = [item["claim"] for claim in claims for item in claim.contradiction_list]
    for claim in [*claims, *others]:
        claim.speaker_url = person_url(claim.speaker_person.slug) if claim.speaker_person else ""
        country = claim.speaker_country
        claim.speaker_country_url = country_url(country.iso2.lower()) if country else ""
        claim.article_url = f"{article_url(claim.article_id)}#claim-{claim.pk}"
        claim.event_type_url = f"{claims_url}?event_type={claim.event_type}"
        links = []
        for value in getattr(claim, "subject_people_tags", None) or []:
            slug, _, name = value.partition(":")
            links.append((person_url(slug), name))
        for value in getattr(claim, "subject_country_tags", None) or []:
            code, _, name = value.partition(":")
            links.append((country_url(code.lower()), name))
        claim.subject_links = links
        for item in getattr(claim, "contradiction_list", ()):
            other = item["claim"]
            item["url"] = f"{article_url(other.article_id)}#claim-{other.pk}"


def _is_visible(claim: Claim) -> bool:
    return (
        claim.review_status != Claim.Review.REJECTED
        and claim.article.status == Article.Status.PUBLISHED
    )


def _first(queryset: QuerySet, size: int) -> tuple[list, bool]:
    """The first `size` rows and whether there are more, in one query (no COUNT)."""
    rows = list(queryset[: size + 1])
    return rows[:size], len(rows) > size


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


def article_section(base: QuerySet, params, page_number) -> ArticleSection:
    """Queries: summary (count and days), rows, undated count (only with dates)."""
    filterset = article_filterset(_date_params(params), base)
    matches = filtered_articles(filterset)
    summary = summarise(matches, order=SET_ORDER, with_facets=False)
    paginator = CappedPaginator(summary.ids, ENTITY_PAGE_SIZE, rows=row_details)
    page = paginator.get_page(page_number)
    page.object_list = list(page.object_list)
    link_rows(page.object_list)
    section = ArticleSection(filterset, page, paginator, undated_left_out(filterset, base))
    if page.object_list:
        section.timeline = charts.bucket(summary.days)
        section.timeline_sampled = summary.timeline_sampled
    return section


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


def _co_mentioned(article_ids: QuerySet, *, of: str, exclude=None, limit=RELATED_SIZE):
    mentions = Mention.objects.filter(article__in=article_ids).exclude(location="byline")
    if of == "person":
        mentions = mentions.filter(person__status=Person.Status.ACTIVE)
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
    """Queries: claims made, claims about, their contradictions, co-mentioned people and
    countries, then the article section (2-3): at most 7 after the person itself."""
    mentioned_in = Mention.objects.filter(
        person=person, article__status=Article.Status.PUBLISHED
    ).values("article_id")
    base = Article.objects.visible().filter(
        Exists(Mention.objects.filter(article=OuterRef("pk"), person=person))
    )
    made, more_made = _first(claims_base().filter(speaker_person=person), CLAIMS_SHOWN)
    about, more_about = _first(
        claims_base().filter(subject_people=person).exclude(speaker_person=person), CLAIMS_SHOWN
    )
    attach_claim_details(made + about)
    co_people, co_countries = co_mentions(mentioned_in, person=person)
    return {
        "person": person,
        "aliases": [name for name in person.alias_names if name != person.name],
        "claims_made": made,
        "more_claims_made": more_made,
        "claims_about": about,
        "more_claims_about": more_about,
        "co_people": co_people,
        "co_countries": co_countries,
        "articles": article_section(base, params, page_number),
    }


def people_list_page(params, page_number) -> dict:
    """Queries: count, rows (article counts come from a subquery per row shown)."""
    articles = (
        Mention.objects.filter(person=OuterRef("pk"), article__status=Article.Status.PUBLISHED)
        .values("person")
        .annotate(n=Count("article", distinct=True))
        .values("n")
    )
    base = (
        Person.objects.active()
        .select_related("country")
        .annotate(article_count=Coalesce(Subquery(articles), 0))
    )
    filterset = PersonFilter(params, queryset=base)
    people = filterset.qs.order_by("name", "id") if filterset.is_valid() else base.none()
    paginator = CappedPaginator(people, 50)
    page = paginator.get_page(page_number)
    return {"filterset": filterset, "page": page, "paginator": paginator}


# --- countries ---------------------------------------------------------------------------


def get_country(iso2: str) -> Country:
    return get_object_or_404(Country, iso2=iso2.upper())


def country_page(country: Country, params, page_number) -> dict:
    """Queries: its people, partner countries, claims by its officials and their
    contradictions, then the article section (2-3): at most 7 after the country itself."""
    mentioned_in = Mention.objects.filter(
        country=country, article__status=Article.Status.PUBLISHED
    ).values("article_id")
    base = Article.objects.visible().filter(
        Exists(Mention.objects.filter(article=OuterRef("pk"), country=country))
    )
    article_counts = Count(
        "mentions__article",
        distinct=True,
        filter=Q(mentions__article__status=Article.Status.PUBLISHED),
    )
    people = list(
        Person.objects.active()
        .filter(country=country)
        .annotate(article_count=article_counts)
        .order_by("-article_count", "name")[:24]
    )
    partners = _co_mentioned(mentioned_in, of="country", exclude=[country])
    for partner in partners:
        partner["relation"] = relation_codes(country.iso2, partner["value"])
    claims, more_claims = _first(claims_base().filter(speaker_country=country), CLAIMS_SHOWN)
    attach_claim_details(claims)
    return {
        "country": country,
        "people": people,
        "partners": partners,
        "claims": claims,
        "more_claims": more_claims,
        "articles": article_section(base, params, page_number),
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


def _mentions(country: Country):
    return Exists(Mention.objects.filter(article=OuterRef("pk"), country=country))


def relation_claims_q(a: Country, b: Country) -> Q:
    """Claims one side made about the other. A claim whose subject was not recorded
    counts when its article names both countries.

    Driven by the speakers' claims (an index scan each); whether the article names both
    is checked for those claims only, through the mentions' (country, article) index,
    instead of collecting every article that names both.
    """
    names_both = Exists(Mention.objects.filter(article=OuterRef("article_id"), country=a)) & Exists(
        Mention.objects.filter(article=OuterRef("article_id"), country=b)
    )
    return Q(speaker_country__in=[a, b]) & (
        (Q(speaker_country=a) & _about(b))
        | (Q(speaker_country=b) & _about(a))
        | (_without_subjects() & names_both)
    )


def relation_page(a_code: str, b_code: str, params, page_number) -> dict:
    """Queries: both countries, claims and their contradictions, event types, people,
    then the article section (2-3): at most 8."""
    countries = {
        c.iso2: c for c in Country.objects.filter(iso2__in=[a_code.upper(), b_code.upper()])
    }
    if len(countries) != 2:
        raise Http404("unknown country")
    a, b = countries[a_code.upper()], countries[b_code.upper()]
    base = Article.objects.visible().filter(_mentions(a)).filter(_mentions(b))
    claim_filter = relation_claims_q(a, b)
    claims, more_claims = _first(claims_base().filter(claim_filter), 60)
    attach_claim_details(claims)
    event_types = list(
        Claim.objects.visible()
        .filter(claim_filter)
        .exclude(event_type="")
        .values("event_type")
        .annotate(count=Count("pk"))
        .order_by("-count", "event_type")
    )
    labels = dict(Claim.EventType.choices)
    for row in event_types:
        row["label"] = labels.get(row["event_type"], row["event_type"])
    people = _co_mentioned(base.values("pk"), of="person", limit=24)
    return {
        "a": a,
        "b": b,
        "a_about_b": [c for c in claims if c.speaker_country_id == a.pk],
        "b_about_a": [c for c in claims if c.speaker_country_id == b.pk],
        "more_claims": more_claims,
        "event_types": event_types,
        "people": people,
        "articles": article_section(base, params, page_number),
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
