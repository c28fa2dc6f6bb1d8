"""Parsing and extraction of one document, without the database.

This is the single code path shared by `manage.py extract`, the evaluation commands and the
pipeline's analyse stage, so what is measured is what runs.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from pathlib import Path

from articles.parsing import parse_document
from articles.parsing.types import ParsedDocument
from entities.extract.claims import extract_claims
from entities.extract.contradictions import find_contradictions
from entities.extract.countries import extract_countries
from entities.extract.people import extract_people
from entities.extract.types import ArticleText, ClaimResult, CountryResult, PersonResult

# Media types by file suffix for local files; anything else is refused by the parser.
SUFFIX_MEDIA_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain",
    ".json": "application/json",
    ".jsonl": "application/x-ndjson",
}


@dataclass
class Analysis:
    people: list[PersonResult] = field(default_factory=list)
    countries: list[CountryResult] = field(default_factory=list)
    claims: list[ClaimResult] = field(default_factory=list)
    contradictions: list[tuple[int, int, str]] = field(default_factory=list)


def media_type_for(path: str | Path) -> str | None:
    suffix = Path(path).suffix.lower()
    return SUFFIX_MEDIA_TYPES.get(suffix) or mimetypes.guess_type(str(path))[0]


def article_text(
    *,
    title: str,
    body: str,
    standfirst: str | None,
    captions: list[str],
    byline: list[str],
    outlet: str | None,
) -> ArticleText:
    return ArticleText(
        title=title,
        body=body,
        standfirst=standfirst or None,
        captions=list(captions),
        byline=list(byline),
        outlet=outlet,
    )


def analyse(text: ArticleText) -> Analysis:
    """Run the people, country and claim extractors on one article's text."""
    people = extract_people(text)
    countries = extract_countries(text, people)
    claims = extract_claims(text, people, countries)
    return Analysis(
        people=people,
        countries=countries,
        claims=claims,
        contradictions=find_contradictions(claims),
    )


def text_of(parsed: ParsedDocument) -> ArticleText:
    return article_text(
        title=parsed.title,
        body=parsed.body,
        standfirst=parsed.standfirst,
        captions=[caption.text for caption in parsed.captions],
        byline=parsed.byline,
        outlet=parsed.outlet,
    )


def contract_dict(source: str, parsed: ParsedDocument, analysis: Analysis) -> dict:
    """The extraction contract of DESIGN.md for one document."""
    return {
        "source": source,
        "title": parsed.title,
        "standfirst": parsed.standfirst,
        "byline": parsed.byline,
        "contributors": parsed.contributors,
        "outlet": parsed.outlet,
        "published": parsed.published.isoformat() if parsed.published else None,
        "published_source": parsed.published_source if parsed.published else "none",
        "published_precision": parsed.published_precision if parsed.published else "none",
        "body": parsed.body,
        "captions": [caption.text for caption in parsed.captions],
        "caption_credits": [caption.credit for caption in parsed.captions],
        "people": [
            {
                "name": person.name,
                "role": person.role,
                "country": person.country,
                "locations": person.locations,
                "mentions": len(person.mentions),
            }
            for person in analysis.people
        ],
        "countries": [
            {"iso2": country.iso2, "name": country.name, "mentions": len(country.mentions)}
            for country in analysis.countries
        ],
        "claims": [_claim_dict(claim) for claim in analysis.claims],
        "contradictions": [
            {"claims": [a, b], "reason": reason} for a, b, reason in analysis.contradictions
        ],
    }


def _claim_dict(claim: ClaimResult) -> dict:
    return {
        "text": claim.text,
        "quote": claim.quote,
        "speaker": {
            "label": claim.speaker.label,
            "kind": claim.speaker.kind,
            "person": claim.speaker.person,
            "country": claim.speaker.country,
        },
        "cue": claim.cue,
        "stance": claim.stance,
        "event_type": claim.event_type,
        "addressee": claim.addressee,
        "location": claim.location,
        "start": claim.start,
        "end": claim.end,
        "subjects": {"people": claim.subject_people, "countries": claim.subject_countries},
        "confidence": round(claim.confidence, 3),
    }


def extract_bytes(data: bytes, *, source: str, media_type: str | None) -> dict:
    """Parse and extract one document; raises ParseError for input that is not an article."""
    parsed = parse_document(data, media_type=media_type, source=source)
    return contract_dict(source, parsed, analyse(text_of(parsed)))


def extract_path(path: str | Path) -> dict:
    path = Path(path)
    return extract_bytes(path.read_bytes(), source=str(path), media_type=media_type_for(path))


def claim_result_from_row(claim) -> ClaimResult:
    """A stored Claim (with speaker and subjects loaded) as the extractors' ClaimResult."""
    from entities.extract.types import Speaker

    return ClaimResult(
        text=claim.text,
        start=claim.start,
        end=claim.end,
        location=claim.location,
        speaker=Speaker(
            label=claim.speaker_label,
            kind=claim.speaker_kind,
            person=claim.speaker_person.name if claim.speaker_person_id else None,
            country=claim.speaker_country.iso2 if claim.speaker_country_id else None,
        ),
        cue=claim.cue,
        stance=claim.stance,
        quote=claim.quote,
        event_type=claim.event_type or None,
        addressee=claim.addressee or None,
        subject_people=[p.name for p in claim.subject_people.all()],
        subject_countries=[c.iso2 for c in claim.subject_countries.all()],
        confidence=claim.confidence,
    )
