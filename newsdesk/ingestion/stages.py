"""The ingestion stages, in order, wired by explicit calls and task names (no signals).

    beat: poll_due_feeds -> poll_feed(feed) -> fetch_url(url) -+
    ingest command: read_local_item(file) --------------------+-> process_raw -> analyse_article
    admin: refetch / re-extract ------------------------------+
    beat: sweep -> process_raw / analyse_article again for lost work (`sweeper`)

The contract: every stage takes ids or plain values, returns one `StageResult` (new,
duplicate, failed with its reason, retried or deferred), records its own failures with a
reason, and hands work to the next stage by task name through `newsdesk.common.dispatch`, so
no stage imports a task module. A run counts each item's result once. Every stage is safe to
run again: it replaces its own output, never duplicates it. `PIPELINE` below is the order.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles import services as article_services
from articles.fetching import FetchError, TransientFetchError, fetch
from articles.models import Article, DomainThrottle, Feed, RawDocument
from entities.extract.analysis import analyse, article_text
from entities.reextraction import reextraction_report, reextraction_snapshot
from entities.services import article_analysis_replace
from newsdesk.common.dispatch import TaskName, enqueue
from newsdesk.common.results import Outcome, StageResult
from newsdesk.ingestion.feeds import feed_entries_ingest, looks_like_feed
from newsdesk.ingestion.sources import LocalItem, fetch_policy

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Stage:
    task: str  # the registered task name that runs it
    takes: str  # what the task's message carries
    hands_to: tuple[str, ...]  # the task names it may enqueue


# The order of the pipeline, in one list. The thin tasks in `newsdesk.ingestion.tasks` run
# these stages; a new stage is a function here, a task there and a line in this list.
PIPELINE = (
    Stage(TaskName.POLL_DUE_FEEDS, "nothing (beat, every minute)", (TaskName.POLL_FEED,)),
    Stage(TaskName.POLL_FEED, "feed_id", (TaskName.FETCH_URL,)),
    Stage(TaskName.FETCH_URL, "url", (TaskName.FETCH_URL, TaskName.PROCESS_RAW)),
    Stage(TaskName.PROCESS_RAW, "raw_id", ()),  # analyses a new article in the same commit
    Stage(TaskName.ANALYSE_ARTICLE, "article_id (re-extraction)", ()),
)


# --- Reading and fetching --------------------------------------------------------------------


def read_local_item(item: LocalItem, *, run_id: int | None) -> StageResult:
    """Store a local document's bytes, then hand them to process_raw. Refused items (an
    unknown type, too large) are recorded as failures. Bytes stored before under another path
    that failed are reported under this item's own path."""
    if item.refusal:
        reason = item.refusal
        article_services.failure_record(
            source=item.label, stage="read", reason=reason, run_id=run_id
        )
        article_services.run_count(run_id, Outcome.FAILED)
        return StageResult(Outcome.FAILED, reason=reason)
    raw, created = article_services.raw_document_store(
        item.content, media_type=item.media_type, source_path=item.label, run_id=run_id
    )
    if not created and raw.status == RawDocument.Status.FAILED and raw.source != item.label:
        # The same bytes under another name failed before: retrying them would record the
        # failure under the first name again.
        reason = f"same content as {raw.source}, which failed: {raw.error}"
        article_services.failure_record(
            source=item.label, stage="read", reason=reason, run_id=run_id, raw=raw
        )
        article_services.run_count(run_id, Outcome.FAILED)
        return StageResult(Outcome.FAILED, reason=reason)
    return _hand_to_processing(raw, run_id=run_id)


def _hand_to_processing(raw: RawDocument, *, run_id: int | None) -> StageResult:
    if raw.status in (RawDocument.Status.PARSED, RawDocument.Status.DUPLICATE):
        # The same bytes were processed before: a duplicate, nothing to redo.
        article_services.run_count(run_id, Outcome.DUPLICATE)
        return StageResult(Outcome.DUPLICATE)
    enqueue(TaskName.PROCESS_RAW, raw_id=raw.pk, run_id=run_id)
    return StageResult(Outcome.NEW, handed_on=1)


def domain_delay(url: str) -> float:
    """Seconds to wait before this domain may be fetched again (0: go now, slot taken).

    The slot is taken under a row lock, so workers on any host share one schedule per domain.
    """
    interval = timedelta(milliseconds=settings.FETCH_MIN_DOMAIN_INTERVAL_MS)
    if not interval:
        return 0.0
    domain = (urlsplit(url).hostname or "").lower()
    now = timezone.now()
    with transaction.atomic():
        throttle, _ = DomainThrottle.objects.select_for_update().get_or_create(domain=domain)
        if throttle.next_allowed_at > now:
            return (throttle.next_allowed_at - now).total_seconds()
        throttle.next_allowed_at = now + interval
        throttle.save(update_fields=["next_allowed_at"])
    return 0.0


def fetch_url(url: str, *, run_id: int | None, feed_id: int | None = None) -> StageResult:
    """Fetch an article or feed URL and store the bytes. Raises TransientFetchError to be
    retried by the caller; records any other failure. A URL that turns out to be a feed has
    its entries handed to this stage again."""
    try:
        result = fetch(url, fetch_policy())
    except TransientFetchError:
        raise
    except FetchError as exc:
        record_fetch_failure(url, exc.reason, run_id=run_id, feed_id=feed_id)
        return StageResult(Outcome.FAILED, reason=exc.reason)
    if feed_id is None and looks_like_feed(result):
        feed, _ = Feed.objects.get_or_create(url=url)
        return feed_entries_ingest(feed, result, run_id=run_id, replaces_one=True)
    raw, _ = article_services.raw_document_store(
        result.content,
        media_type=result.media_type or "text/html",
        source_url=url,
        final_url=result.final_url,
        headers=result.headers,
        http_status=result.status,
        run_id=run_id,
        feed_id=feed_id,
    )
    return _hand_to_processing(raw, run_id=run_id)


def record_fetch_failure(url: str, reason: str, *, run_id: int | None, feed_id=None) -> None:
    article_services.failure_record(
        source=url, stage="fetch", reason=reason, run_id=run_id, feed_id=feed_id
    )
    article_services.run_count(run_id, Outcome.FAILED)


# --- Processing and analysis -----------------------------------------------------------------


def process_raw(raw: RawDocument, *, run_id: int | None) -> StageResult:
    """Parse a raw document into an article and, if the article is new, analyse it.

    Both stages run on the extraction queue, so a new article is analysed at once, in the
    transaction that stores it: no second message, no reload of the article, one commit.
    `analyse_article` stays a stage of its own, for re-extraction.

    The message may arrive more than once (a worker died before acknowledging it, the sweeper
    sent it again): each start is counted, the work is done and counted once per run, and a
    document that never finishes is quarantined after INGESTION_MAX_ATTEMPTS starts.
    """
    return article_services.raw_document_attempt(
        raw.pk,
        run_id=run_id,
        max_attempts=settings.INGESTION_MAX_ATTEMPTS,
        process=lambda locked, own_run: article_services.raw_document_process(
            locked, run_id=own_run, analyse=lambda article: _analyse_new(article, run_id=own_run)
        ),
    )


def record_stage_failure(
    stage: str,
    source: str,
    reason: str,
    *,
    exc: BaseException,
    run_id: int | None,
    feed_id: int | None = None,
    raw_id: int | None = None,
) -> None:
    """Record an error that a stage did not catch itself (the soft time limit, a lost database
    connection) with its stage, source and reason, counted as failed in the run so the run
    still finishes. A raw document is marked failed only if it is still pending."""
    if raw_id is not None:
        article_services.raw_document_fail(raw_id, run_id=run_id, reason=reason, exc=exc)
        return
    article_services.failure_record(
        source=source, stage=stage, reason=reason, run_id=run_id, feed_id=feed_id, exc=exc
    )
    article_services.run_count(run_id, Outcome.FAILED)


def _analyse_new(article: Article, *, run_id: int | None) -> bool:
    """Analyse an article stored in the current transaction; returns whether it was stored.

    A failed analysis is recorded and leaves the article stored (a savepoint). Either way the
    article is counted as new in its run, as the transaction's last statement.
    """
    try:
        analysis = analyse(_text_of(article))
        with transaction.atomic():
            article_analysis_replace(article, analysis, new_article=True)
        stored = True
    except Exception as exc:  # recorded and shown to editors; the worker goes on
        _record_analysis_failure(article, exc)
        stored = False
    article_services.run_count(run_id, Outcome.NEW)
    return stored


def analyse_article(article: Article, *, run_id: int | None = None) -> StageResult:
    """Extract people, countries and claims from a stored article and replace the old ones.

    With a run, the article is counted as new in it once analysed (or once its analysis
    failure is recorded). The analysis, the article's `analysed_at` and the count are one
    transaction.
    """
    try:
        analysis = analyse(_text_of(article))
        with transaction.atomic():
            before = reextraction_snapshot(article)
            counts = article_analysis_replace(article, analysis)
            reextraction_report(article, before)
            # Last statement before the commit: the run row is shared by all workers.
            article_services.run_count(run_id, Outcome.NEW)
        logger.debug("article %s analysed: %s", article.pk, counts)
        return StageResult(Outcome.NEW, article_id=article.pk)
    except Exception as exc:  # recorded and shown to editors; the worker goes on
        _record_analysis_failure(article, exc)
        article_services.run_count(run_id, Outcome.NEW)
        return StageResult(
            Outcome.FAILED, reason=f"analysis failed: {exc!r}", article_id=article.pk
        )


def _text_of(article: Article):
    return article_text(
        title=article.title,
        body=article.body,
        standfirst=article.standfirst,
        captions=[caption.get("text", "") for caption in article.captions],
        byline=article.byline,
        outlet=article.outlet.name if article.outlet_id else None,
        # Offices are read for the article's date: who was foreign minister then.
        published=article.published,
    )


def _record_analysis_failure(article: Article, exc: Exception) -> None:
    article_services.failure_record(
        source=article.source_link or f"article {article.pk}",
        stage="analyse",
        reason=f"analysis failed: {exc!r}",
        article=article,
        exc=exc,
    )
