"""Write side of the articles app: store raw bytes, turn them into articles, record outcomes."""

from __future__ import annotations

import hashlib
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import IntegrityError, connection, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from articles import dedupe
from articles.models import (
    Article,
    IngestionFailure,
    IngestionRun,
    MinHashBand,
    Outlet,
    RawDocument,
)
from articles.parsing import parse_document
from articles.parsing.types import ParsedDocument, ParseError

logger = logging.getLogger(__name__)

# MinHash signatures are cut into bands of this many values for the candidate lookup:
# two articles sharing a whole band are compared in full.
BAND_ROWS = 4
NEAR_DUPLICATE_THRESHOLD = 0.8


@dataclass(frozen=True)
class Outcome:
    """What processing one raw document gave: "new", "duplicate" or "failed"."""

    status: str
    article_id: int | None = None
    reason: str = ""


def run_start(source: str, *, kind: str, expected: int = 0) -> IngestionRun:
    return IngestionRun.objects.create(source=source[:10_000], kind=kind, expected=expected)


def run_count(run_id: int | None, status: str) -> None:
    """Add one outcome to a run's counts; the run is done once every expected item is counted.

    One UPDATE: the run row is shared by every worker of the run, so it is locked as briefly
    as possible. The right-hand sides see the row as it was, hence the explicit `+ 1`.
    """
    if run_id is None:
        return
    counted = {"new": "new", "duplicate": "duplicate", "failed": "failed"}[status]
    processed = F("new") + F("duplicate") + F("failed") + 1
    finishes = Q(status=IngestionRun.Status.RUNNING, expected__lte=processed)
    IngestionRun.objects.filter(pk=run_id).update(
        **{counted: F(counted) + 1},
        status=Case(When(finishes, then=Value(IngestionRun.Status.DONE)), default=F("status")),
        finished_at=Case(When(finishes, then=Value(timezone.now())), default=F("finished_at")),
    )


def run_check_done(run_id: int) -> None:
    IngestionRun.objects.filter(
        pk=run_id,
        status=IngestionRun.Status.RUNNING,
        expected__lte=F("new") + F("duplicate") + F("failed"),
    ).update(status=IngestionRun.Status.DONE, finished_at=timezone.now())


def run_expect(run_id: int, extra: int) -> None:
    """A feed poll learns how many entries it will fetch only after reading the feed."""
    IngestionRun.objects.filter(pk=run_id).update(expected=F("expected") + extra)


def failure_record(
    *,
    source: str,
    stage: str,
    reason: str,
    run_id: int | None = None,
    raw: RawDocument | None = None,
    feed_id: int | None = None,
    article: Article | None = None,
    exc: BaseException | None = None,
) -> IngestionFailure:
    detail = "".join(traceback.format_exception(exc)) if exc is not None else ""
    logger.warning("ingestion failure at %s for %s: %s", stage, source, reason)
    return IngestionFailure.objects.create(
        run_id=run_id,
        raw=raw,
        feed_id=feed_id,
        article=article,
        source=source[:2000],
        stage=stage,
        reason=reason,
        detail=detail[:20_000],
    )


def raw_document_store(
    content: bytes,
    *,
    media_type: str | None,
    source_url: str = "",
    final_url: str = "",
    source_path: str = "",
    headers: dict | None = None,
    http_status: int | None = None,
    run_id: int | None = None,
    feed_id: int | None = None,
) -> tuple[RawDocument, bool]:
    """Keep the exact bytes before any parsing. The same bytes twice give one RawDocument."""
    digest = hashlib.sha256(content).hexdigest()
    # New bytes are the usual case: insert first (one statement) and look the row up only
    # when the unique sha256 says these bytes were stored before.
    try:
        with transaction.atomic():
            raw = RawDocument.objects.create(
                sha256=digest,
                content=content,
                media_type=media_type or "",
                source_url=source_url[:2000],
                final_url=final_url[:2000],
                source_path=source_path,
                headers=headers or {},
                http_status=http_status,
                run_id=run_id,
                feed_id=feed_id,
            )
    except IntegrityError:
        raw = RawDocument.objects.filter(sha256=digest).first()
        if raw is None:
            raise
        return raw, False
    return raw, True


def raw_document_process(
    raw: RawDocument,
    *,
    run_id: int | None = None,
    analyse: Callable[[Article], bool] | None = None,
) -> Outcome:
    """Parse a raw document into an Article, or record why it could not be.

    Idempotent: the same content or the same canonical URL gives the existing article and the
    outcome "duplicate". Bad input is recorded as a failure with its reason and never raises.

    `analyse`, if given, is the next stage for a new article. It runs inside the transaction
    that stores the article, so readers never see the article without its analysis and one
    commit serves both; it returns whether the analysis was stored (it records and counts
    its own failures, and must not raise).
    """
    source = raw.source or raw.sha256
    try:
        parsed = parse_document(bytes(raw.content), media_type=raw.media_type, source=source)
    except ParseError as exc:
        return _raw_failed(raw, run_id=run_id, reason=exc.reason, exc=None)
    except Exception as exc:  # a parser bug must not stop the worker; keep the trace
        return _raw_failed(raw, run_id=run_id, reason=f"parser error: {exc!r}", exc=exc)

    url = parsed.url or raw.final_url or raw.source_url
    canonical = (
        dedupe.normalise_url(parsed.canonical_url or url) if (parsed.canonical_url or url) else ""
    )
    content_hash = dedupe.content_hash(parsed.body)

    existing = _existing_article(canonical, content_hash)
    if existing is not None:
        # Processing the same raw document again (a second "reprocess") finds its own article.
        own = existing.raw_id == raw.pk
        status = RawDocument.Status.PARSED if own else RawDocument.Status.DUPLICATE
        return _raw_done(raw, status, existing.pk, run_id=run_id, counted_as="duplicate")

    signature = dedupe.minhash_signature(parsed.body)
    bands = _bands(signature)
    near_duplicate_of_id = _near_duplicate(signature, bands)
    outlet = _outlet_for(parsed, url)
    try:
        # The article, its bands, the raw document's new status (and the analysis): one commit.
        with transaction.atomic():
            article = Article.objects.create(
                raw=raw,
                outlet=outlet,
                url=url[:2000],
                canonical_url=canonical[:2000],
                content_hash=content_hash,
                minhash=signature,
                near_duplicate_of_id=near_duplicate_of_id,
                # Inserted as analysed when the analysis follows in this transaction: an
                # UPDATE would recompute the row's search vector over the whole body.
                analysed_at=timezone.now() if analyse is not None else None,
                **_article_fields(parsed),
            )
            MinHashBand.objects.bulk_create(
                MinHashBand(article=article, band=band, value=value) for band, value in bands
            )
            outcome = _raw_done(raw, RawDocument.Status.PARSED, article.pk, run_id=run_id)
            if analyse is not None and not analyse(article):
                article.analysed_at = None
                article.save(update_fields=["analysed_at"])
    except IntegrityError:
        # Another worker stored the same article between our check and our insert.
        existing = _existing_article(canonical, content_hash)
        if existing is None:
            raise
        return _raw_done(raw, RawDocument.Status.DUPLICATE, existing.pk, run_id=run_id)
    return outcome


def _article_fields(parsed: ParsedDocument) -> dict:
    has_date = parsed.published is not None
    return {
        "title": parsed.title,
        "standfirst": parsed.standfirst or "",
        "byline": parsed.byline,
        "body": parsed.body,
        "captions": [
            {"text": c.text, "credit": c.credit, "archive": c.archive} for c in parsed.captions
        ],
        "contributors": parsed.contributors,
        "language": parsed.language or "",
        "published": parsed.published,
        "published_source": parsed.published_source if has_date else "none",
        "published_precision": parsed.published_precision if has_date else "none",
    }


def _existing_article(canonical: str, content_hash: str) -> Article | None:
    """The article with this canonical URL, else the one with this content hash (one query:
    both columns are unique, so at most two rows come back)."""
    match = Q(content_hash=content_hash)
    if canonical:
        match |= Q(canonical_url=canonical)
    found = list(Article.objects.filter(match).only("pk", "raw_id", "canonical_url"))
    by_url = [a for a in found if canonical and a.canonical_url == canonical]
    return (by_url or found or [None])[0]


def _bands(signature: list[int]) -> list[tuple[int, int]]:
    bands = []
    for band, offset in enumerate(range(0, len(signature) - BAND_ROWS + 1, BAND_ROWS)):
        chunk = ",".join(str(v) for v in signature[offset : offset + BAND_ROWS])
        value = int.from_bytes(hashlib.blake2b(chunk.encode(), digest_size=8).digest(), "big")
        bands.append((band, value - (1 << 63)))  # fit a signed bigint
    return bands


# The earliest articles sharing a whole band with a signature, with their signatures. Each
# (band, value) is read from the (band, value, article) index in article order and cut at the
# limit, so the lookup costs the same however many articles, or copies of one story, exist.
# (Matching `band IN (...) AND value IN (...)` would also pair one band with another's value.)
_NEAR_DUPLICATE_CANDIDATES = """
    SELECT a.id, a.minhash, a.near_duplicate_of_id
    FROM {article} a
    WHERE a.id IN (
        SELECT DISTINCT shared.article_id
        FROM unnest(%(bands)s::smallint[], %(values)s::bigint[]) AS mine(band, value)
        CROSS JOIN LATERAL (
            SELECT m.article_id FROM {band} m
            WHERE m.band = mine.band AND m.value = mine.value
            ORDER BY m.article_id
            LIMIT %(limit)s
        ) AS shared
        ORDER BY shared.article_id
        LIMIT %(limit)s
    )
"""
NEAR_DUPLICATE_CANDIDATES = 50


def _near_duplicate(signature: list[int], bands: list[tuple[int, int]]) -> int | None:
    """The id of the earliest stored article whose body is a near-copy of this one, if any
    (followed to the story it is itself a copy of). The 50 earliest articles sharing a band
    are compared in full, in one query."""
    if not signature:
        return None
    sql = _NEAR_DUPLICATE_CANDIDATES.format(
        article=Article._meta.db_table, band=MinHashBand._meta.db_table
    )
    params = {
        "bands": [band for band, _ in bands],
        "values": [value for _, value in bands],
        "limit": NEAR_DUPLICATE_CANDIDATES,
    }
    minhash_field = Article._meta.get_field("minhash")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    best: tuple[int, int | None] | None = None
    for pk, stored, near_duplicate_of_id in rows:
        minhash = minhash_field.from_db_value(stored, None, connection)
        if dedupe.similarity(signature, minhash) >= NEAR_DUPLICATE_THRESHOLD and (
            best is None or pk < best[0]
        ):
            best = (pk, near_duplicate_of_id)
    if best is None:
        return None
    return best[1] or best[0]


def _outlet_for(parsed: ParsedDocument, url: str) -> Outlet | None:
    domain = urlsplit(url).hostname or "" if url else ""
    domain = domain.removeprefix("www.")
    name = parsed.outlet or domain
    if not name:
        return None
    outlet, _ = Outlet.objects.get_or_create(name=name[:200], defaults={"domain": domain})
    if domain and not outlet.domain:
        outlet.domain = domain
        outlet.save(update_fields=["domain"])
    return outlet


def _raw_done(
    raw: RawDocument,
    status: str,
    article_id: int,
    *,
    run_id: int | None,
    counted_as: str | None = None,
) -> Outcome:
    raw.status = status
    raw.error = ""
    raw.processed_at = timezone.now()
    raw.save(update_fields=["status", "error", "processed_at"])
    outcome = counted_as or ("new" if status == RawDocument.Status.PARSED else "duplicate")
    if outcome != "new":
        # A new article is counted once it is analysed too (see pipeline.analyse_article), so
        # a finished run means every article in it can be browsed.
        run_count(run_id, outcome)
    return Outcome(outcome, article_id)


def _raw_failed(raw: RawDocument, *, run_id: int | None, reason: str, exc) -> Outcome:
    raw.status = RawDocument.Status.FAILED
    raw.error = reason
    raw.processed_at = timezone.now()
    raw.save(update_fields=["status", "error", "processed_at"])
    failure_record(source=raw.source, stage="parse", reason=reason, run_id=run_id, raw=raw, exc=exc)
    run_count(run_id, "failed")
    return Outcome("failed", reason=reason)


FEED_POLL_TASK_NAME = "Poll due feeds"


def feed_poll_schedule_ensure(interval_model=None, task_model=None) -> None:
    """Beat's database schedule has the every-minute poll of due feeds (idempotent).

    Called by a data migration with historical models, and by anything that must be sure the
    schedule exists (a test database that was flushed, for one).
    """
    if interval_model is None or task_model is None:
        from django_celery_beat.models import IntervalSchedule, PeriodicTask

        interval_model, task_model = IntervalSchedule, PeriodicTask
    every_minute, _ = interval_model.objects.get_or_create(every=60, period="seconds")
    task_model.objects.update_or_create(
        name=FEED_POLL_TASK_NAME,
        defaults={"task": "articles.poll_due_feeds", "interval": every_minute, "enabled": True},
    )
