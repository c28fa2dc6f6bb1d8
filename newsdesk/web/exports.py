"""Streaming CSV and JSON Lines exports of the article and claim lists.

Rows come from a server-side cursor (`iterator(chunk_size=...)`) and are written one
at a time, so memory stays flat however many rows match. Related values (countries,
people, subjects) are array subqueries in the same SELECT: one query per export.
"""

from __future__ import annotations

import csv
import json
from datetime import date

from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from newsdesk.web.queries.articles import article_entities
from newsdesk.web.queries.claims import claims_for_data

CHUNK_SIZE = 2000

ARTICLE_COLUMNS = [
    "id",
    "url",
    "title",
    "standfirst",
    "byline",
    "published",
    "published_source",
    "published_precision",
    "outlet",
    "countries",
    "people",
    "page",
]
CLAIM_COLUMNS = [
    "id",
    "article_id",
    "article_title",
    "article_published",
    "speaker_label",
    "speaker_kind",
    "speaker_person",
    "speaker_country",
    "cue",
    "stance",
    "event_type",
    "quote",
    "text",
    "subject_people",
    "subject_countries",
    "contradicts",
    "review_status",
    "confidence",
    "page",
]


def _article_rows(queryset: QuerySet, *, with_body: bool):
    fields = [
        "pk",
        "url",
        "canonical_url",
        "title",
        "standfirst",
        "byline",
        "published",
        "published_source",
        "published_precision",
        "outlet__name",
        "countries",
        "people",
    ]
    if with_body:
        fields += ["body", "captions"]
    rows = queryset.annotate(**article_entities(labelled=False)).values(*fields)
    return rows.iterator(chunk_size=CHUNK_SIZE)


def article_records(queryset: QuerySet, page_url, *, with_body: bool):
    """One dict per article, in the list's order; `page_url(pk)` gives its page's address."""
    for row in _article_rows(queryset, with_body=with_body):
        record = {
            "id": row["pk"],
            "url": row["canonical_url"] or row["url"],
            "title": row["title"],
            "standfirst": row["standfirst"],
            "byline": row["byline"],
            "published": row["published"],
            "published_source": row["published_source"],
            "published_precision": row["published_precision"],
            "outlet": row["outlet__name"],
            "countries": row["countries"],
            "people": row["people"],
            "page": page_url(row["pk"]),
        }
        if with_body:
            record["body"] = row["body"]
            record["captions"] = row["captions"]
        yield record


def claim_records(queryset: QuerySet, page_url):
    """One dict per claim of `queryset` (visible claims), in its order; `page_url(article_id,
    claim_id)` gives the claim's place on its article page."""
    rows = claims_for_data(queryset).values(
        "pk",
        "article_id",
        "article__title",
        "article__published",
        "speaker_label",
        "speaker_kind",
        "speaker_person__slug",
        "speaker_country__iso2",
        "cue",
        "stance",
        "event_type",
        "quote",
        "text",
        "subject_slugs",
        "subject_codes",
        "contradicts_a",
        "contradicts_b",
        "review_status",
        "confidence",
    )
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        yield {
            "id": row["pk"],
            "article_id": row["article_id"],
            "article_title": row["article__title"],
            "article_published": row["article__published"],
            "speaker_label": row["speaker_label"],
            "speaker_kind": row["speaker_kind"],
            "speaker_person": row["speaker_person__slug"],
            "speaker_country": row["speaker_country__iso2"],
            "cue": row["cue"],
            "stance": row["stance"],
            "event_type": row["event_type"] or None,
            "quote": row["quote"],
            "text": row["text"],
            "subject_people": row["subject_slugs"],
            "subject_countries": row["subject_codes"],
            "contradicts": sorted(row["contradicts_a"] + row["contradicts_b"]),
            "review_status": row["review_status"],
            "confidence": row["confidence"],
            "page": page_url(row["article_id"], row["pk"]),
        }


class _Echo:
    """csv.writer writes into this and gets the line back, so nothing accumulates."""

    def write(self, value):
        return value


# A cell a spreadsheet would run as a formula (`=HYPERLINK(...)`, `+1`, `@SUM`), or whose
# first character a spreadsheet drops (tab, carriage return): written after an apostrophe, which
# spreadsheets show as text and do not evaluate (OWASP's advice for CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(item) for item in value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_response(records, columns: list[str], filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(columns)
        for record in records:
            yield writer.writerow([_csv_value(record.get(column)) for column in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _json_default(value):
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def jsonl_response(records, filename: str) -> StreamingHttpResponse:
    lines = (
        json.dumps(record, ensure_ascii=False, default=_json_default) + "\n" for record in records
    )
    response = StreamingHttpResponse(lines, content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
