"""Write side of the entities app: store one article's people, countries and claims."""

from __future__ import annotations

import logging
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from entities.extract.contradictions import contradiction_reason
from entities.extract.types import ClaimResult, Speaker
from entities.models import (
    CLAIM_HIDDEN_REVIEW,
    CLAIM_SHOWN_ARTICLE_STATUS,
    Claim,
    Contradiction,
    Country,
    Mention,
    OfficeTerm,
    Person,
)
from entities.resolver import PersonName, resolve_people

logger = logging.getLogger(__name__)

# How many earlier claims about the same pair of countries a new claim is compared with.
CROSS_ARTICLE_WINDOW = 200
# How many of the newest claims about those people are read to fill that window (claim ids
# stand for recency: they grow with `created_at`).
CROSS_ARTICLE_SCAN = 2 * CROSS_ARTICLE_WINDOW


def article_analysis_replace(article, analysis, *, new_article: bool = False) -> dict:
    """Replace an article's mentions and unreviewed claims with a fresh analysis, and mark
    the article analysed.

    Re-running gives the same rows, never more. Claims an editor verified or rejected are
    kept, and a new claim at the same place as a reviewed one is not added again.
    Everything, people the resolver creates included, is written in one transaction: the
    caller's, if it holds one (no savepoint: an error fails the caller's transaction too).
    `new_article`: the article was inserted in the caller's transaction, already marked
    analysed, so it has nothing to replace or keep. Returns counts for the caller to log.
    """
    with transaction.atomic(savepoint=False):
        return _analysis_replace(article, analysis, new_article=new_article)


def _analysis_replace(article, analysis, *, new_article: bool) -> dict:
    countries = dict(
        Country.objects.filter(iso2__in=_iso_codes(analysis)).values_list("iso2", "pk")
    )
    # Byline authors are the article's authors, not people in the news.
    in_the_news = [
        result
        for result in analysis.people
        if not all(m.location == "byline" for m in result.mentions)
    ]
    resolved = resolve_people(
        [
            PersonName(
                result.name,
                result.role,
                result.country,
                tuple(result.surface_forms),
                result.wikidata_id,
            )
            for result in in_the_news
        ],
        # Analysed again: the people it named before keep their names (see the resolver).
        previous=()
        if new_article
        else Person.objects.filter(mentions__article=article)
        .select_related("merged_into")
        .distinct(),
    )
    people: dict[str, Person] = {
        result.name: person
        for result, person in zip(in_the_news, resolved, strict=True)
        if person is not None
    }

    if not new_article:
        Mention.objects.filter(article=article).delete()
        # Claims an editor reviewed or corrected stay; only the machine's own are replaced.
        Claim.objects.filter(
            article=article, review_status=Claim.Review.UNREVIEWED, editor_fields=[]
        ).delete()
    mentions = [
        _mention(article, span, person=people[result.name])
        for result in analysis.people
        if result.name in people
        for span in result.mentions
    ]
    mentions += [
        _mention(article, span, country_id=countries[result.iso2])
        for result in analysis.countries
        if result.iso2 in countries
        for span in result.mentions
    ]
    Mention.objects.bulk_create(mentions)

    # Kept claims' spans: a new claim overlapping one (an editor may have moved its offsets)
    # is the same statement and is not added again.
    kept = (
        []
        if new_article
        else list(
            article.claims.exclude(
                review_status=Claim.Review.UNREVIEWED, editor_fields=[]
            ).values_list("location", "start", "end")
        )
    )
    created: list[tuple[Claim, object]] = []
    for result in analysis.claims:
        if any(
            location == result.location and start < result.end and result.start < end
            for location, start, end in kept
        ):
            continue
        claim = Claim(
            article=article,
            text=result.text,
            location=result.location,
            start=result.start,
            end=result.end,
            quote=result.quote,
            speaker_label=result.speaker.label[:300],
            speaker_kind=result.speaker.kind,
            speaker_person=people.get(result.speaker.person or ""),
            speaker_country_id=countries.get(result.speaker.country or ""),
            addressee=(result.addressee or "")[:300],
            cue=result.cue[:100],
            stance=result.stance,
            event_type=result.event_type or "",
            confidence=max(0.0, min(1.0, result.confidence)),
        )
        created.append((claim, result))
    Claim.objects.bulk_create([claim for claim, _ in created])
    # One insert per relation instead of two queries per claim.
    PeopleLink = Claim.subject_people.through
    CountryLink = Claim.subject_countries.through
    PeopleLink.objects.bulk_create(
        PeopleLink(claim_id=claim.pk, person_id=people[name].pk)
        for claim, result in created
        for name in dict.fromkeys(result.subject_people)
        if name in people
    )
    CountryLink.objects.bulk_create(
        CountryLink(claim_id=claim.pk, country_id=countries[code])
        for claim, result in created
        for code in dict.fromkeys(result.subject_countries)
        if code in countries
    )
    claim_for_result = {id(result): claim for claim, result in created}
    links = []
    for a, b, reason in analysis.contradictions:
        first = claim_for_result.get(id(analysis.claims[a]))
        second = claim_for_result.get(id(analysis.claims[b]))
        if first is not None and second is not None:
            links.append(_contradiction(first, second, reason))
    Contradiction.objects.bulk_create(links, ignore_conflicts=True)
    cross = _cross_article_contradictions(article, created, people, analysis)
    Contradiction.objects.bulk_create(cross, ignore_conflicts=True)
    if not new_article:
        article.analysed_at = timezone.now()
        article.save(update_fields=["analysed_at"])
    return {
        "people": len(people),
        "countries": len(analysis.countries),
        "mentions": len(mentions),
        "claims": len(created),
        "contradictions": len(links) + len(cross),
    }


def _mention(article, span, **named) -> Mention:
    """A Mention of the person or country in `named` at one extracted span."""
    return Mention(
        article=article,
        location=span.location,
        field_index=span.caption_index,
        start=span.start,
        end=span.end,
        text=span.text[:300],
        **named,
    )


def _iso_codes(analysis) -> set[str]:
    codes = {c.iso2 for c in analysis.countries}
    codes |= {p.country for p in analysis.people if p.country}
    for claim in analysis.claims:
        codes |= set(claim.subject_countries)
        if claim.speaker.country:
            codes.add(claim.speaker.country)
    return codes


def _contradiction(a: Claim, b: Claim, reason: str) -> Contradiction:
    return _contradiction_by_id(a.pk, b.pk, reason)


# Candidates for the cross-article comparison, in one statement whose every table access is
# an index lookup, so its cost is bounded whatever the planner's statistics say:
# - each subject person's newest claims, read newest first from the (person, claim) index of
#   the subject links and cut at the scan bound (claim ids grow with `created_at`), and the
#   newest of those, this article's own left out;
# - of these, the visible ones (as `Claim.objects.visible()`) outside this story, newest
#   first, up to the window. Copies of the story are left out only after the bound, or a
#   widely copied story would have all its copies' claims read and skipped for each new copy.
_CROSS_ARTICLE_CANDIDATES = """
    WITH newest AS MATERIALIZED (
        SELECT DISTINCT recent.claim_id AS id
        FROM unnest(%(people)s::bigint[]) AS person(id)
        CROSS JOIN LATERAL (
            SELECT link.claim_id FROM {links} link
            WHERE link.person_id = person.id AND link.claim_id <> ALL(%(mine)s::bigint[])
            ORDER BY link.claim_id DESC
            LIMIT %(scan)s
        ) AS recent
        ORDER BY 1 DESC
        LIMIT %(scan)s
    ), claims AS MATERIALIZED (
        SELECT claim.id, claim.article_id, claim.created_at
        FROM {claim} claim
        WHERE claim.id = ANY(ARRAY(SELECT id FROM newest))
          AND claim.review_status <> %(rejected)s
    ), articles AS MATERIALIZED (
        -- The status is tested outside: tested here, the partial index of shown articles
        -- could be scanned whole instead of looking the few ids up by primary key.
        SELECT article.id, article.status
        FROM {article} article
        WHERE article.id = ANY(ARRAY(SELECT article_id FROM claims))
          AND article.id <> %(article)s
          AND article.id <> %(story)s
          AND article.near_duplicate_of_id IS DISTINCT FROM %(story)s
    ), chosen AS MATERIALIZED (
        SELECT claims.id, claims.created_at
        FROM claims JOIN articles ON articles.id = claims.article_id
        WHERE articles.status = %(published)s
        ORDER BY claims.created_at DESC
        LIMIT %(window)s
    ), people AS (
        SELECT link.claim_id, array_agg(person.name ORDER BY person.name) AS names
        FROM {links} link JOIN {person} person ON person.id = link.person_id
        WHERE link.claim_id = ANY(ARRAY(SELECT id FROM chosen))
        GROUP BY link.claim_id
    ), countries AS (
        SELECT link.claim_id, array_agg(country.iso2 ORDER BY country.name) AS codes
        FROM {country_links} link JOIN {country} country ON country.id = link.country_id
        WHERE link.claim_id = ANY(ARRAY(SELECT id FROM chosen))
        GROUP BY link.claim_id
    )
    -- What the comparison reads of each, in this statement: subjects in the order of their
    -- models (by name), the speaker's name and country by primary key.
    SELECT claim.id, claim.text, claim.start, claim."end", claim.location, claim.speaker_label,
           claim.speaker_kind, speaker.name, speaker_country.iso2, claim.cue, claim.stance,
           claim.quote, claim.event_type, claim.addressee, people.names, countries.codes,
           claim.confidence
    FROM chosen
    JOIN {claim} claim ON claim.id = chosen.id
    LEFT JOIN {person} speaker ON speaker.id = claim.speaker_person_id
    LEFT JOIN {country} speaker_country ON speaker_country.id = claim.speaker_country_id
    LEFT JOIN people ON people.claim_id = chosen.id
    LEFT JOIN countries ON countries.claim_id = chosen.id
    ORDER BY chosen.created_at DESC, chosen.id DESC
"""


def _cross_article_contradictions(article, created, resolved, analysis) -> list[Contradiction]:
    """Compare new claims with recent claims of other articles about the same people.

    Across articles a conflict needs a shared subject person (see `contradiction_reason`'s
    strict mode), so the candidates are found and read by one bounded query over those
    people's claims, as the extractors' ClaimResults (no model instances: up to
    CROSS_ARTICLE_WINDOW of them per article).
    `resolved` maps the article's names to their people (all of them mentioned in it).
    """
    wanted = {name for _, result in created for name in result.subject_people}
    mentioned = {result.name for result in analysis.people if result.mentions}
    # The people mentioned here whose own name a claim gives as its subject.
    people = {
        person.name: person.pk
        for name, person in resolved.items()
        if name in mentioned and person.name in wanted
    }
    if not people:
        return []
    # Copies of the same story repeat its claims; they are compared within the article.
    story = article.near_duplicate_of_id or article.pk
    with connection.cursor() as cursor:
        cursor.execute(
            _CROSS_ARTICLE_CANDIDATES.format(
                claim=Claim._meta.db_table,
                article=article._meta.db_table,
                links=Claim.subject_people.through._meta.db_table,
                country_links=Claim.subject_countries.through._meta.db_table,
                person=Person._meta.db_table,
                country=Country._meta.db_table,
            ),
            {
                "people": list(people.values()),
                "mine": [claim.pk for claim, _ in created],
                "scan": CROSS_ARTICLE_SCAN,
                "window": CROSS_ARTICLE_WINDOW,
                "rejected": CLAIM_HIDDEN_REVIEW,
                "published": CLAIM_SHOWN_ARTICLE_STATUS,
                "article": article.pk,
                "story": story,
            },
        )
        candidates = [(row[0], _claim_result(row[1:])) for row in cursor.fetchall()]
    links = []
    for claim, result in created:
        mine = set(result.subject_people)
        for other_id, other_result in candidates:
            if mine & set(other_result.subject_people):
                reason = contradiction_reason(result, other_result, strict=True)
                if reason:
                    links.append(_contradiction_by_id(claim.pk, other_id, reason))
    return links


def _claim_result(row) -> ClaimResult:
    """A stored claim, as read by `_CROSS_ARTICLE_CANDIDATES`, as the extractors' result."""
    (text, start, end, location, label, kind, person, country, cue, stance, quote,
     event_type, addressee, subject_people, subject_countries, confidence) = row  # fmt: skip
    return ClaimResult(
        text=text,
        start=start,
        end=end,
        location=location,
        speaker=Speaker(label=label, kind=kind, person=person, country=country),
        cue=cue,
        stance=stance,
        quote=quote,
        event_type=event_type or None,
        addressee=addressee or None,
        subject_people=list(subject_people or ()),
        subject_countries=list(subject_countries or ()),
        confidence=confidence,
    )


def _contradiction_by_id(a: int, b: int, reason: str) -> Contradiction:
    first, second = (a, b) if a < b else (b, a)
    return Contradiction(claim_id=first, other_id=second, reason=reason[:2000])


def countries_sync(country_model=Country) -> int:
    """Bring the Country table in line with the knowledge base (names, aliases, demonyms).

    Used by a data migration (with the historical model) and safe to run again.
    """
    # The place tables load only when the countries are synchronised (a data migration).
    from entities.extract.gazetteer import country_records  # noqa: PLC0415

    records = country_records()
    for record in records:
        country_model.objects.update_or_create(
            iso2=record["iso2"],
            defaults={
                "iso3": record.get("iso3") or "",
                "name": record["name"],
                "official_name": record.get("official_name") or "",
                "aliases": sorted(set(record.get("aliases") or []))[:50],
                "demonyms": sorted(set(record.get("demonyms") or []))[:20],
            },
        )
    return len(records)


def office_terms_load(path=None, *, batch_size: int = 2000) -> dict:
    """Bring the OfficeTerm table in line with an officeholders file (the project's copy by
    default): insert new terms, update changed ones, delete terms the file no longer has.

    Idempotent: a second run with the same file changes nothing. Never creates a Person:
    people appear when articles name them. One transaction; returns counts.
    """
    # The table is read only by this command and the extractors (which keep it in memory).
    from entities.extract.officeholders import read_rows  # noqa: PLC0415

    updated = [
        f.name for f in OfficeTerm._meta.concrete_fields if f.name not in ("id", *OFFICE_TERM_KEY)
    ]
    terms = [_office_term(row) for row in read_rows(path)]
    keys = {tuple(getattr(t, k) for k in OFFICE_TERM_KEY) for t in terms}
    with transaction.atomic():
        before = OfficeTerm.objects.count()
        for start in range(0, len(terms), batch_size):
            OfficeTerm.objects.bulk_create(
                terms[start : start + batch_size],
                update_conflicts=True,
                unique_fields=list(OFFICE_TERM_KEY),
                update_fields=updated,
            )
        stale = [
            pk
            for pk, *key in OfficeTerm.objects.values_list("pk", *OFFICE_TERM_KEY).iterator()
            if tuple(key) not in keys
        ]
        OfficeTerm.objects.filter(pk__in=stale).delete()
        after = OfficeTerm.objects.count()
    return {"terms": len(keys), "added": after - before + len(stale), "removed": len(stale)}


OFFICE_TERM_KEY = ("person_qid", "office_label", "jurisdiction", "start", "end")


def _office_term(row: dict) -> OfficeTerm:
    # Imported here for the same reason as in `office_terms_load`.
    from entities.extract.officeholders import date_bounds  # noqa: PLC0415

    first, last = date_bounds(row["start"]), date_bounds(row["end"], last=True)
    return OfficeTerm(
        person_qid=row["person_qid"],
        name=row["name"][:300],
        aliases=[a[:300] for a in row["aliases"].split("|") if a],
        gender=row["gender"][:30],
        birth_date=row["birth_date"][:10],
        country=row["country"],
        jurisdiction=row["jurisdiction"][:100],
        scope=row["scope"],
        office=row["office"][:300],
        office_label=row["office_label"][:300],
        office_type=row["office_type"],
        host_country=row["host_country"],
        start=row["start"],
        end=row["end"],
        start_date=first,
        end_date=last,
        start_basis=row["start_basis"],
        end_basis=row["end_basis"],
        observed_until=date.fromisoformat(row["observed_until"]) if row["observed_until"] else None,
        enwiki=row["enwiki"][:300],
        source=row["source"][:100],
    )
