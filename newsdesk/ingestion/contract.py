"""The extraction contract: one document's bytes to the JSON object of DESIGN.md, without
the database. `manage.py extract` and the extraction benchmark print what this returns; the
pipeline's analyse stage runs the same `analyse`, so what is measured is what runs.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from articles.parsing import parse_document
from articles.parsing.media_types import media_type_of_file
from articles.parsing.types import ParsedDocument
from entities.extract.analysis import Analysis, analyse, article_text
from entities.extract.types import ArticleText, ClaimResult


def media_type_for(path: str | Path) -> str | None:
    """The type a file is parsed as: ours by suffix, else the system's guess (None: sniff)."""
    return media_type_of_file(path) or mimetypes.guess_type(str(path))[0]


def text_of(parsed: ParsedDocument) -> ArticleText:
    return article_text(
        title=parsed.title,
        body=parsed.body,
        standfirst=parsed.standfirst,
        captions=[caption.text for caption in parsed.captions],
        byline=parsed.byline,
        outlet=parsed.outlet,
        published=parsed.published,
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
                "wikidata_id": person.wikidata_id,
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
