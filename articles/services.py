"""Write side of the articles app: store raw bytes, turn them into articles, record outcomes."""

from __future__ import annotations

import hashlib
import logging
import traceback
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.db.models import F
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
    """Add one outcome to a run's counts; the run is done once every expected item is counted."""
    if run_id is None:
        return
    field = {"new": "new", "duplicate": "duplicate", "failed": "failed"}[status]
    IngestionRun.objects.filter(pk=run_id).update(**{field: F(field) + 1})
    run_check_done(run_id)


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
    raw, created = RawDocument.objects.get_or_create(
        sha256=digest,
        defaults={
            "content": content,
            "media_type": media_type or "",
            "source_url": source_url[:2000],
            "final_url": final_url[:2000],
            "source_path": source_path,
            "headers": headers or {},
            "http_status": http_status,
            "run_id": run_id,
            "feed_id": feed_id,
        },
    )
    return raw, created


def raw_document_process(raw: RawDocument, *, run_id: int | None = None) -> Outcome:
    """Parse a raw document into an Article, or record why it could not be.

    Idempotent: the same content or the same canonical URL gives the existing article and the
    outcome "duplicate". Bad input is recorded as a failure with its reason and never raises.
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
    try:
        with transaction.atomic():
            article = Article.objects.create(
                raw=raw,
                outlet=_outlet_for(parsed, url),
                url=url[:2000],
                canonical_url=canonical[:2000],
                content_hash=content_hash,
                minhash=signature,
                near_duplicate_of=_near_duplicate(signature),
                **_article_fields(parsed),
            )
            MinHashBand.objects.bulk_create(
                MinHashBand(article=article, band=band, value=value)
                for band, value in _bands(signature)
            )
    except IntegrityError:
        # Another worker stored the same article between our check and our insert.
        existing = _existing_article(canonical, content_hash)
        if existing is None:
            raise
        return _raw_done(raw, RawDocument.Status.DUPLICATE, existing.pk, run_id=run_id)
    return _raw_done(raw, RawDocument.Status.PARSED, article.pk, run_id=run_id)


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
    if canonical:
        found = Article.objects.filter(canonical_url=canonical).only("pk", "raw_id").first()
        if found:
            return found
    return Article.objects.filter(content_hash=content_hash).only("pk", "raw_id").first()


def _bands(signature: list[int]) -> list[tuple[int, int]]:
    bands = []
    for band, offset in enumerate(range(0, len(signature) - BAND_ROWS + 1, BAND_ROWS)):
        chunk = ",".join(str(v) for v in signature[offset : offset + BAND_ROWS])
        value = int.from_bytes(hashlib.blake2b(chunk.encode(), digest_size=8).digest(), "big")
        bands.append((band, value - (1 << 63)))  # fit a signed bigint
    return bands


def _near_duplicate(signature: list[int]) -> Article | None:
    """The earliest stored article whose body is a near-copy of this one, if any."""
    if not signature:
        return None
    bands = _bands(signature)
    candidates = (
        MinHashBand.objects.filter(band__in=[b for b, _ in bands], value__in=[v for _, v in bands])
        .values_list("article_id", flat=True)
        .distinct()[:50]
    )
    best = None
    for article in Article.objects.filter(pk__in=list(candidates)).only("pk", "minhash"):
        if dedupe.similarity(signature, article.minhash) >= NEAR_DUPLICATE_THRESHOLD and (
            best is None or article.pk < best.pk
        ):
            best = article
    if best is not None and best.near_duplicate_of_id:
        return Article(pk=best.near_duplicate_of_id)
    return best


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
