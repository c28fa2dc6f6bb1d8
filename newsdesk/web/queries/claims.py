"""The one claims query: which claims a reader sees and what each carries, shared by pages,
feeds, the API and exports."""

from __future__ import annotations

import calendar
from datetime import date

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.urls import reverse

from entities.models import Claim, Contradiction, OfficeTerm

# An article's long fields, which no claim card shows: left out of the claim queries, which
# would otherwise read and decode them with every claim.
ARTICLE_TEXT_FIELDS = ("body", "minhash", "search_vector", "captions", "contributors")


def claim_annotations(*, labelled: bool, contradictions: bool = False) -> dict:
    """Annotations of a claim list: its subjects (and the claims contradicting it), one array
    subquery each, so a list of any length costs one query.

    `labelled`: subjects as "key:name" strings ordered by name, `subject_people_tags` and
    `subject_country_tags` (claim cards); otherwise slugs and ISO2 codes ordered by
    themselves, `subject_slugs` and `subject_codes` (the API and exports).
    `contradictions`: the ids of contradicting claims as `contradicts_a` and `contradicts_b`
    (a pair is stored once, lower id first, so both columns are read).
    """
    people = Claim.subject_people.through.objects.filter(claim=OuterRef("pk"))
    countries = Claim.subject_countries.through.objects.filter(claim=OuterRef("pk"))
    if labelled:
        annotations = {
            "subject_people_tags": ArraySubquery(
                people.order_by("person__name").values(
                    tag=Concat("person__slug", Value(":"), "person__name")
                )
            ),
            "subject_country_tags": ArraySubquery(
                countries.order_by("country__name").values(
                    tag=Concat("country__iso2", Value(":"), "country__name")
                )
            ),
        }
    else:
        annotations = {
            "subject_slugs": ArraySubquery(people.order_by("person__slug").values("person__slug")),
            "subject_codes": ArraySubquery(
                countries.order_by("country__iso2").values("country__iso2")
            ),
        }
    if contradictions:
        annotations["contradicts_a"] = ArraySubquery(
            Contradiction.objects.filter(claim=OuterRef("pk")).values("other_id")
        )
        annotations["contradicts_b"] = ArraySubquery(
            Contradiction.objects.filter(other=OuterRef("pk")).values("claim_id")
        )
    return annotations


def claims_base() -> QuerySet:
    """Visible claims with what a claim card shows, for pages and feeds."""
    return (
        Claim.objects.visible()
        .select_related("article", "article__outlet", "speaker_person", "speaker_country")
        .defer(*(f"article__{name}" for name in ARTICLE_TEXT_FIELDS))
        .annotate(**claim_annotations(labelled=True))
    )


def claims_for_data(queryset: QuerySet | None = None) -> QuerySet:
    """Visible claims (or `queryset`) with codes instead of labels, for the API and exports."""
    base = Claim.objects.visible() if queryset is None else queryset
    return base.annotate(**claim_annotations(labelled=False, contradictions=True))


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
            if mine.pk in by_id and theirs.is_visible:
                by_id[mine.pk].contradiction_list.append({"claim": theirs, "reason": pair.reason})
    _link_claims(claims)
    _attach_speaker_offices(claims)
    return claims


def article_period(article) -> tuple[date, date] | None:
    """The first and last day an article's date allows at its precision (a month-precise
    date is any day of that month), or None when it is undated."""
    day = article.published
    if day is None:
        return None
    if article.published_precision == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    if article.published_precision == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return date(day.year, day.month, 1), date(day.year, day.month, last)
    return day, day


def _attach_speaker_offices(claims: list[Claim]) -> None:
    """Sets `speaker_office` on each claim whose speaker is a known officeholder: the office
    the knowledge base says they held through the claim's date (the article's date, at its
    precision), the highest-ranking one when they held several; "" otherwise. One query
    for the whole list."""
    for claim in claims:
        claim.speaker_office = ""
    speaking = [
        claim
        for claim in claims
        if claim.speaker_person and claim.speaker_person.wikidata_id and claim.article.published
    ]
    if not speaking:
        return
    terms: dict[str, list[OfficeTerm]] = {}
    for term in OfficeTerm.objects.filter(
        person_qid__in={claim.speaker_person.wikidata_id for claim in speaking}
    ).only("person_qid", "office_label", "office_type", "jurisdiction", "start_date", "end_date"):
        terms.setdefault(term.person_qid, []).append(term)
    for claim in speaking:
        first, last = article_period(claim.article)
        held = [
            term
            for term in terms.get(claim.speaker_person.wikidata_id, ())
            if term.held_through(first, last)
        ]
        if held:
            best = min(
                held, key=lambda term: (term.rank, -(term.start_date or date.min).toordinal())
            )
            claim.speaker_office = best.title


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
