"""What a re-extraction changed in one article, written down for the editors.

`analyse_article` (the re-extraction stage) takes a `reextraction_snapshot` of the article's
people and claims before replacing them, and calls `reextraction_report` after, in the same
transaction: the report lists the people added and removed, the claims added, removed and
changed, and what was kept because an editor reviewed or corrected it.
"""

from __future__ import annotations

from dataclasses import dataclass

from entities.extract import EXTRACTOR_VERSION
from entities.models import Claim, Mention, ReextractionReport

# How many items of each kind a report lists (the counts are always complete).
LISTED = 50

_COMPARED = ("text", "speaker_label", "speaker_kind", "speaker_person_id", "stance", "event_type")


@dataclass(frozen=True)
class Snapshot:
    people: dict[int, str]  # person id -> name
    claims: dict[tuple, dict]  # (location, start, end) -> the compared fields, review, id


def reextraction_snapshot(article) -> Snapshot:
    """The article's people and claims as they are now (two queries)."""
    people = dict(
        Mention.objects.filter(article=article, person__isnull=False)
        .values_list("person_id", "person__name")
        .distinct()
    )
    claims = {
        (row["location"], row["start"], row["end"]): row
        for row in Claim.objects.filter(article=article).values(
            "id", "location", "start", "end", "review_status", "editor_fields", *_COMPARED
        )
    }
    return Snapshot(people, claims)


def _describe(row: dict) -> str:
    return f"{row['speaker_label']}: {row['text'][:160]}"


def reextraction_report(article, before: Snapshot) -> ReextractionReport:
    """Compare the article now with `before` and store what changed; returns the report."""
    after = reextraction_snapshot(article)
    people_added = sorted(after.people[p] for p in after.people.keys() - before.people.keys())
    people_removed = sorted(before.people[p] for p in before.people.keys() - after.people.keys())
    claims_added = [
        _describe(after.claims[k]) for k in sorted(after.claims.keys() - before.claims.keys())
    ]
    claims_removed = [
        _describe(before.claims[k]) for k in sorted(before.claims.keys() - after.claims.keys())
    ]
    claims_changed, kept = [], []
    for key in sorted(before.claims.keys() & after.claims.keys()):
        old, new = before.claims[key], after.claims[key]
        if old["review_status"] != Claim.Review.UNREVIEWED or old["editor_fields"]:
            kept.append(f"{old['review_status']}: {_describe(old)}")
            continue
        fields = [f.removesuffix("_id") for f in _COMPARED if old[f] != new[f]]
        if fields:
            claims_changed.append(f"{_describe(new)} ({', '.join(fields)} changed)")
    changes = {
        "people_added": people_added,
        "people_removed": people_removed,
        "claims_added": claims_added,
        "claims_removed": claims_removed,
        "claims_changed": claims_changed,
        "kept": kept,
    }
    summary = ", ".join(
        f"{len(items)} {label}"
        for label, items in (
            ("people added", people_added),
            ("people removed", people_removed),
            ("claims added", claims_added),
            ("claims removed", claims_removed),
            ("claims changed", claims_changed),
            ("kept as reviewed", kept),
        )
        if items
    )
    return ReextractionReport.objects.create(
        article=article,
        extractor_version=EXTRACTOR_VERSION,
        changes={name: items[:LISTED] for name, items in changes.items()}
        | {"counts": {name: len(items) for name, items in changes.items()}},
        summary=summary or "no change",
    )
