"""Write side of the entities app: store one article's people, countries and claims."""

from __future__ import annotations

import logging

from django.db import transaction

from entities.extract.contradictions import contradiction_reason
from entities.models import Claim, Contradiction, Country, Mention, Person
from entities.resolver import resolve_person

logger = logging.getLogger(__name__)

# How many earlier claims about the same pair of countries a new claim is compared with.
CROSS_ARTICLE_WINDOW = 200


def article_analysis_replace(article, analysis) -> dict:
    """Replace an article's mentions and unreviewed claims with a fresh analysis.

    Re-running gives the same rows, never more. Claims an editor verified or rejected are
    kept, and a new claim at the same place as a reviewed one is not added again.
    Returns counts for the caller to log.
    """
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in=_iso_codes(analysis))}
    people: dict[str, Person] = {}
    for result in analysis.people:
        if all(m.location == "byline" for m in result.mentions):
            continue  # byline authors are the article's authors, not people in the news
        person = resolve_person(
            result.name,
            role=result.role,
            country_iso2=result.country,
            surface_forms=tuple(result.surface_forms),
        )
        if person is not None:
            people[result.name] = person

    with transaction.atomic():
        Mention.objects.filter(article=article).delete()
        Claim.objects.filter(article=article, review_status=Claim.Review.UNREVIEWED).delete()
        mentions = [
            Mention(
                article=article,
                person=people[result.name],
                location=span.location,
                field_index=span.caption_index,
                start=span.start,
                end=span.end,
                text=span.text[:300],
            )
            for result in analysis.people
            if result.name in people
            for span in result.mentions
        ]
        mentions += [
            Mention(
                article=article,
                country=countries[result.iso2],
                location=span.location,
                field_index=span.caption_index,
                start=span.start,
                end=span.end,
                text=span.text[:300],
            )
            for result in analysis.countries
            if result.iso2 in countries
            for span in result.mentions
        ]
        Mention.objects.bulk_create(mentions)

        reviewed = set(
            article.claims.exclude(review_status=Claim.Review.UNREVIEWED).values_list(
                "location", "start", "end"
            )
        )
        created: list[tuple[Claim, object]] = []
        for result in analysis.claims:
            if (result.location, result.start, result.end) in reviewed:
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
                speaker_country=countries.get(result.speaker.country or ""),
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
            CountryLink(claim_id=claim.pk, country_id=countries[code].pk)
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
        cross = _cross_article_contradictions(article, created)
        Contradiction.objects.bulk_create(cross, ignore_conflicts=True)
    return {
        "people": len(people),
        "countries": len(analysis.countries),
        "mentions": len(mentions),
        "claims": len(created),
        "contradictions": len(links) + len(cross),
    }


def _iso_codes(analysis) -> set[str]:
    codes = {c.iso2 for c in analysis.countries}
    codes |= {p.country for p in analysis.people if p.country}
    for claim in analysis.claims:
        codes |= set(claim.subject_countries)
        if claim.speaker.country:
            codes.add(claim.speaker.country)
    return codes


def _contradiction(a: Claim, b: Claim, reason: str) -> Contradiction:
    first, second = (a, b) if a.pk < b.pk else (b, a)
    return Contradiction(claim=first, other=second, reason=reason[:2000])


def _cross_article_contradictions(article, created) -> list[Contradiction]:
    """Compare new claims with recent claims of other articles about the same people.

    Across articles a conflict needs a shared subject person (see `contradiction_reason`'s
    strict mode), so the candidates are one bounded query over those people's claims.
    """
    from newsdesk.extraction import claim_result_from_row

    wanted = {name for _, result in created for name in result.subject_people}
    people = {
        person.name: person.pk
        for person in Person.objects.filter(mentions__article=article, name__in=wanted).distinct()
    }
    if not people:
        return []
    # Copies of the same story repeat its claims; they are compared within the article.
    story = article.near_duplicate_of_id or article.pk
    earlier = list(
        Claim.objects.visible()
        .exclude(article=article)
        .exclude(article_id=story)
        .exclude(article__near_duplicate_of_id=story)
        .filter(subject_people__in=people.values())
        .select_related("speaker_country", "speaker_person")
        .prefetch_related("subject_countries", "subject_people")
        .distinct()
        .order_by("-created_at")[:CROSS_ARTICLE_WINDOW]
    )
    candidates = [(other, claim_result_from_row(other)) for other in earlier]
    links = []
    for claim, result in created:
        mine = set(result.subject_people)
        for other, other_result in candidates:
            if mine & set(other_result.subject_people):
                reason = contradiction_reason(result, other_result, strict=True)
                if reason:
                    links.append(_contradiction(claim, other, reason))
    return links


def countries_sync(country_model=Country) -> int:
    """Bring the Country table in line with the knowledge base (names, aliases, demonyms).

    Used by a data migration (with the historical model) and safe to run again.
    """
    from entities.extract.gazetteer import country_records

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
