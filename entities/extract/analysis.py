"""One article's text through every extractor, in order. No Django imports.

This is what the pipeline's analyse stage, `manage.py extract` and the evaluation commands
run, so what is measured is what runs.

The extractors form one ordered list, `EXTRACTORS`. Each one reads some attributes of the
shared document (an `Analysis`, created with the article's `text`) and sets one; the
order is checked when this module is imported, so an extractor that needs what a later
one provides fails at once. Adding an extractor is appending to that list (and a field to
`Analysis` for what it provides).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

from entities.extract.claims import extract_claims
from entities.extract.contradictions import MAX_CLAIMS, find_contradictions
from entities.extract.countries import extract_countries
from entities.extract.people import extract_people
from entities.extract.types import (
    ArticleText,
    ClaimResult,
    CountryResult,
    PersonResult,
)


@dataclass
class Analysis:
    """One article's text and what the extractors found in it."""

    text: ArticleText
    people: list[PersonResult] = field(default_factory=list)
    countries: list[CountryResult] = field(default_factory=list)
    claims: list[ClaimResult] = field(default_factory=list)
    contradictions: list[tuple[int, int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Extractor:
    """One step of the analysis: `func` is called with the document's attributes named in
    `needs`, in that order, and what it returns is stored as the attribute `provides`."""

    name: str
    needs: tuple[str, ...]
    provides: str
    func: Callable[..., Any]

    def run(self, doc: Analysis) -> None:
        setattr(doc, self.provides, self.func(*(getattr(doc, need) for need in self.needs)))


def claims_of_article(text, people, countries):
    """The article's claims, the first `MAX_CLAIMS` of them: real articles hold a few dozen,
    and a page with thousands is a list or a dump that must not flood the claim pages (the
    contradiction check compares the same first `MAX_CLAIMS`)."""
    return extract_claims(text, people, countries)[:MAX_CLAIMS]


EXTRACTORS: tuple[Extractor, ...] = (
    Extractor("people", ("text",), "people", extract_people),
    Extractor("countries", ("text", "people"), "countries", extract_countries),
    Extractor("claims", ("text", "people", "countries"), "claims", claims_of_article),
    Extractor("contradictions", ("claims",), "contradictions", find_contradictions),
)


def check_order(extractors: Iterable[Extractor]) -> None:
    """Raise ValueError unless each extractor needs only the text and what an earlier one
    provides, and provides an `Analysis` field no other extractor provides."""
    slots = {f.name for f in fields(Analysis)}
    available = {"text"}
    for extractor in extractors:
        missing = [need for need in extractor.needs if need not in available]
        if missing:
            raise ValueError(
                f"extractor {extractor.name!r} needs {missing}, which no earlier one provides"
            )
        if extractor.provides not in slots - available:
            raise ValueError(
                f"extractor {extractor.name!r} provides {extractor.provides!r}, which is no "
                "Analysis field or is already provided"
            )
        available.add(extractor.provides)


check_order(EXTRACTORS)


def article_text(
    *,
    title: str,
    body: str,
    standfirst: str | None,
    captions: list[str],
    byline: list[str],
    outlet: str | None,
    published: date | datetime | None = None,
) -> ArticleText:
    if isinstance(published, datetime):
        published = published.date()
    return ArticleText(
        title=title,
        body=body,
        standfirst=standfirst or None,
        captions=list(captions),
        byline=list(byline),
        outlet=outlet,
        published=published,
    )


def analyse(text: ArticleText) -> Analysis:
    """Run every extractor of `EXTRACTORS`, in order, on one article's text."""
    doc = Analysis(text=text)
    for extractor in EXTRACTORS:
        extractor.run(doc)
    return doc
