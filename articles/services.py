"""Write side of the articles app: store raw bytes, turn them into articles, record outcomes."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import traceback
from collections.abc import Callable
from urllib.parse import urlsplit

from django.db import IntegrityError, connection, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

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
from newsdesk.common.dispatch import TaskName
from newsdesk.common.results import Outcome, StageResult

logger = logging.getLogger(__name__)

NEAR_DUPLICATE_THRESHOLD = 0.8


def run_start(source: str, *, kind: str, expected: int = 0) -> IngestionRun:
    return IngestionRun.objects.create(source=source[:10_000], kind=kind, expected=expected)


def run_count(run_id: int | None, outcome: Outcome) -> None:
    """Add one outcome to a run's counts; the run is done once every expected item is counted.

    One UPDATE: the run row is shared by every worker of the run, so it is locked as briefly
    as possible. The right-hand sides see the row as it was, hence the explicit `+ 1`.
    """
    if run_id is None:
        return
    counted = {Outcome.NEW: "new", Outcome.DUPLICATE: "duplicate", Outcome.FAILED: "failed"}[
        Outcome(outcome)
    ]
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


def run_close(run: IngestionRun) -> str:
    """Close a run that will not finish by itself (some of its messages were lost): done if
    its counts add up, else failed with the reason. Returns the new status.

    The caller holds the run's row lock and has checked that nothing of it is pending.
    """
    missing = run.expected - run.processed
    run.status = IngestionRun.Status.DONE if missing <= 0 else IngestionRun.Status.FAILED
    run.reason = (
        ""
        if missing <= 0
        else f"closed with {missing} of {run.expected} item(s) never finished: their work was "
        "lost (a message lost by the broker, or a worker that died) and nothing of the run "
        "was left to retry"
    )
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "reason", "finished_at"])
    logger.warning("run %s closed as %s %s", run.pk, run.status, run.reason)
    return run.status


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
    # when the unique sha256 says these bytes were stored before. Inside a transaction the
    # insert needs a savepoint to survive the conflict; in autocommit mode it is a
    # statement of its own, and a BEGIN and COMMIT around it would be two more.
    guard = transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()
    try:
        with guard:
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
) -> StageResult:
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

    try:
        url = parsed.url or raw.final_url or raw.source_url
        canonical = _canonical_url(parsed.canonical_url, url)
        content_hash = dedupe.content_hash(parsed.body)
        try:
            # A savepoint: a failure while storing leaves nothing half-written, and the
            # caller's transaction (if any) usable for recording it.
            with transaction.atomic():
                return _store_parsed(
                    raw, parsed, url, canonical, content_hash, run_id=run_id, analyse=analyse
                )
        except IntegrityError:
            # Another worker stored the same article between our check and our insert (the
            # savepoint undid ours). Handled here rather than in a second savepoint around
            # the insert, which every document would pay for.
            with transaction.atomic():
                existing = _existing_article(canonical, content_hash)
            if existing is None:
                raise
            return _raw_done(raw, RawDocument.Status.DUPLICATE, existing.pk, run_id=run_id)
    except Exception as exc:  # input we did not foresee must not leave the document pending
        return _raw_failed(
            raw, run_id=run_id, reason=f"could not store the article: {exc!r}", exc=exc
        )


def _canonical_url(*candidates: str | None) -> str:
    """The first candidate that normalises (a page's canonical link can be malformed, with an
    out-of-range port say: then the next one is used), or ""."""
    for candidate in candidates:
        if candidate:
            try:
                return dedupe.normalise_url(candidate)
            except ValueError:
                continue
    return ""


def _store_parsed(
    raw, parsed: ParsedDocument, url: str, canonical: str, content_hash: str, *, run_id, analyse
) -> StageResult:
    """Store a parsed document as a new article (with its analysis), or as a duplicate of the
    article it repeats. The caller holds a savepoint, and handles an insert that lost a race
    with another worker (IntegrityError)."""
    existing = _existing_article(canonical, content_hash)
    if existing is not None:
        # Processing the same raw document again (a second "reprocess") finds its own article.
        own = existing.raw_id == raw.pk
        status = RawDocument.Status.PARSED if own else RawDocument.Status.DUPLICATE
        return _raw_done(raw, status, existing.pk, run_id=run_id, counted_as=Outcome.DUPLICATE)

    signature = dedupe.minhash_signature(parsed.body)
    bands = dedupe.band_values(signature)
    near_duplicate_of_id = _near_duplicate(signature, bands)
    outlet = _outlet_for(parsed, url)
    # The article, its bands, the raw document's new status (and the analysis): one commit.
    article = Article.objects.create(
        raw=raw,
        outlet=outlet,
        url=url[:2000],
        canonical_url=canonical[:2000],
        content_hash=content_hash,
        minhash=signature,
        near_duplicate_of_id=near_duplicate_of_id,
        # Inserted as analysed when the analysis follows in this transaction: an UPDATE
        # would recompute the row's search vector over the whole body.
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
    return outcome


# What one article may store of each field: a hostile page must not make every list that shows
# its title a megabyte long. Real headlines are under 300 characters, standfirsts under 2,000.
MAX_TITLE = 1_000
MAX_STANDFIRST = 5_000
MAX_NAMES = 50  # byline and contributor names
MAX_NAME = 200
MAX_CAPTIONS = 200
MAX_CAPTION = 2_000


def _names(names: list[str]) -> list[str]:
    return [name[:MAX_NAME] for name in names[:MAX_NAMES]]


def _article_fields(parsed: ParsedDocument) -> dict:
    has_date = parsed.published is not None
    return {
        "title": parsed.title[:MAX_TITLE],
        "standfirst": (parsed.standfirst or "")[:MAX_STANDFIRST],
        "byline": _names(parsed.byline),
        "body": parsed.body,
        "captions": [
            {
                "text": c.text[:MAX_CAPTION],
                "credit": (c.credit or "")[:MAX_NAME] or None,
                "archive": c.archive,
            }
            for c in parsed.captions[:MAX_CAPTIONS]
        ],
        "contributors": _names(parsed.contributors),
        "rights": parsed.rights[:1000],
        "language": parsed.language or "",
        "published": parsed.published,
        "published_source": parsed.published_source if has_date else "none",
        "published_precision": parsed.published_precision if has_date else "none",
    }


def _existing_article(canonical: str, content_hash: str) -> Article | None:
    """The article with this canonical URL (in any of its equivalent forms), else the one with
    this content hash: one query on two unique columns, so at most five rows come back."""
    match = Q(content_hash=content_hash)
    variants = dedupe.equivalent_urls(canonical) if canonical else []
    if variants:
        match |= Q(canonical_url__in=variants)
    found = list(Article.objects.filter(match).only("pk", "raw_id", "canonical_url"))
    by_url = [a for a in found if a.canonical_url in variants]
    return (by_url or found or [None])[0]


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
    counted_as: Outcome | None = None,
) -> StageResult:
    raw.status = status
    raw.error = ""
    raw.processed_at = timezone.now()
    raw.save(update_fields=["status", "error", "processed_at"])
    outcome = counted_as or (
        Outcome.NEW if status == RawDocument.Status.PARSED else Outcome.DUPLICATE
    )
    if outcome != Outcome.NEW:
        # A new article is counted once it is analysed too (see newsdesk.ingestion.stages), so
        # a finished run means every article in it can be browsed.
        run_count(run_id, outcome)
    return StageResult(outcome, article_id=article_id)


def _raw_failed(raw: RawDocument, *, run_id: int | None, reason: str, exc) -> StageResult:
    raw.status = RawDocument.Status.FAILED
    raw.error = reason
    raw.processed_at = timezone.now()
    raw.save(update_fields=["status", "error", "processed_at"])
    failure_record(source=raw.source, stage="parse", reason=reason, run_id=run_id, raw=raw, exc=exc)
    run_count(run_id, Outcome.FAILED)
    return StageResult(Outcome.FAILED, reason=reason)


# --- Attempts: a message may arrive more than once, or never ------------------------------


def raw_document_attempt(
    raw_id: int,
    *,
    run_id: int | None,
    max_attempts: int,
    process: Callable[[RawDocument, int | None], StageResult],
) -> StageResult:
    """Run `process(raw, run_id)` on a raw document once for its run, however many times the
    message asking for it arrives.

    A message arrives again when a worker dies before acknowledging it, or when the sweeper
    sends it again; an editor's reprocess sends a failed document with a run of its own. So:

    1. The start is counted first, in a commit of its own, so a worker killed during the work
       has still used an attempt. Only a pending document starts, or a failed one asked for
       by another run (a reprocess, which starts its attempts anew).
    2. A document started more than `max_attempts` times is quarantined: failed, with a
       recorded failure naming the attempts, counted as failed in its run.
    3. The work runs in one transaction with the row locked. A second delivery waits for the
       lock (or for the first worker's death, which rolls its work back), then finds the
       work done and neither repeats nor counts it.

    `process` counts its outcome in the run it is given (the message's, else the document's).
    A delivery with nothing left to do returns DUPLICATE, counted only in a run other than
    the document's: the same bytes were handled for another run.
    """
    started = _raw_attempt_start(raw_id, run_id=run_id)
    with transaction.atomic():
        raw = RawDocument.objects.select_for_update().filter(pk=raw_id).first()
        if raw is None:
            return StageResult(Outcome.DUPLICATE)
        own_run = run_id if run_id is not None else raw.run_id
        if not started or raw.status != RawDocument.Status.PENDING or raw.run_id != own_run:
            logger.info("raw document %s: nothing to do (%s, run %s)", raw.pk, raw.status, run_id)
            if run_id is not None and raw.run_id != run_id:
                run_count(run_id, Outcome.DUPLICATE)
            return StageResult(Outcome.DUPLICATE)
        if raw.attempts > max_attempts:
            return raw_quarantine(raw, unfinished=raw.attempts - 1)
        return process(raw, own_run)


def _raw_attempt_start(raw_id: int, *, run_id: int | None) -> bool:
    """Count a start of processing, committed at once; False if the document is not to be
    processed (done already, or failed in this very run)."""
    startable = Q(status=RawDocument.Status.PENDING)
    if run_id is not None:
        startable |= Q(status=RawDocument.Status.FAILED) & ~Q(run_id=run_id)
    changes = {
        "attempts": Case(
            When(status=RawDocument.Status.FAILED, then=Value(1)), default=F("attempts") + 1
        ),
        "status": RawDocument.Status.PENDING,
        "attempted_at": timezone.now(),
    }
    if run_id is not None:
        changes["run_id"] = run_id
    return RawDocument.objects.filter(startable, pk=raw_id).update(**changes) == 1


def raw_quarantine(raw: RawDocument, *, unfinished: int) -> StageResult:
    """Set aside a raw document whose processing never finished `unfinished` times (each time
    its worker died or hit the hard time limit): failed, with a recorded failure, and counted
    as failed in its run. The caller holds the row lock."""
    reason = (
        f"quarantined after {unfinished} attempt(s) that never finished: the worker died or "
        "hit the hard time limit each time"
    )
    return _raw_failed(raw, run_id=raw.run_id, reason=reason, exc=None)


def raw_document_fail(
    raw_id: int, *, run_id: int | None, reason: str, exc: BaseException | None = None
) -> StageResult | None:
    """Record that processing stopped on an error nothing else caught (the soft time limit,
    a lost database connection), if the document is still pending for this run; one finished
    meanwhile is left as it is (None)."""
    with transaction.atomic():
        raw = RawDocument.objects.select_for_update().filter(pk=raw_id).first()
        if raw is None or raw.status != RawDocument.Status.PENDING:
            return None
        own_run = run_id if run_id is not None else raw.run_id
        if raw.run_id != own_run:
            return None
        return _raw_failed(raw, run_id=own_run, reason=reason, exc=exc)


FEED_POLL_TASK_NAME = "Poll due feeds"


def feed_poll_schedule_ensure(interval_model=None, task_model=None) -> None:
    """Beat's database schedule has the every-minute poll of due feeds (idempotent).

    Called by a data migration with historical models, and by anything that must be sure the
    schedule exists (a test database that was flushed, for one).
    """
    if interval_model is None or task_model is None:
        interval_model, task_model = IntervalSchedule, PeriodicTask
    every_minute, _ = interval_model.objects.get_or_create(every=60, period="seconds")
    task_model.objects.update_or_create(
        name=FEED_POLL_TASK_NAME,
        defaults={"task": TaskName.POLL_DUE_FEEDS, "interval": every_minute, "enabled": True},
    )


SWEEP_TASK_NAME = "Sweep stuck ingestion work"


def sweep_schedule_ensure(interval_model=None, task_model=None) -> None:
    """Beat's database schedule has the every-minute sweep of lost ingestion work (idempotent).

    Called by a data migration with historical models, and by anything that must be sure the
    schedule exists. A sweep not started within the minute expires: the next one does its work.
    """
    if interval_model is None or task_model is None:
        interval_model, task_model = IntervalSchedule, PeriodicTask
    every_minute, _ = interval_model.objects.get_or_create(every=60, period="seconds")
    task_model.objects.update_or_create(
        name=SWEEP_TASK_NAME,
        defaults={
            "task": TaskName.SWEEP,
            "interval": every_minute,
            "enabled": True,
            "expire_seconds": 60,
        },
    )
