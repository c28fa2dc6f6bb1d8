"""The ingestion pipeline: the stages, in order, wired by explicit calls (no signals).

    beat: poll_due_feeds -> poll_feed(feed) -> fetch_url(url) -+
    ingest command: files and folders ------------------------+-> process_raw -> analyse_article
    admin: refetch / re-extract ------------------------------+

Each stage is a plain function here; `articles/tasks.py` holds the thin Celery tasks that call
them. Every stage is safe to run again: it replaces its own output, never duplicates it.
"""

from __future__ import annotations

import calendar
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles import services as article_services
from articles.fetching import FetchError, FetchPolicy, FetchResult, TransientFetchError, fetch
from articles.models import Article, DomainThrottle, Feed, FeedEntry, RawDocument
from newsdesk.dispatch import enqueue
from newsdesk.extraction import SUFFIX_MEDIA_TYPES, analyse, article_text

logger = logging.getLogger(__name__)

FEED_MEDIA_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
}


def fetch_policy() -> FetchPolicy:
    return FetchPolicy(
        timeout=settings.FETCH_TIMEOUT_SECONDS,
        max_bytes=settings.FETCH_MAX_BYTES,
        max_redirects=settings.FETCH_MAX_REDIRECTS,
        allow_private=settings.FETCH_ALLOW_PRIVATE_ADDRESSES,
        user_agent=settings.FETCH_USER_AGENT,
    )


# --- Local files -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LocalItem:
    """One document found on disk: a file, or one record of a JSON Lines file."""

    path: Path
    media_type: str | None
    content: bytes
    label: str


def local_items(path: Path) -> Iterator[LocalItem]:
    """Every document under a file or folder, in a stable order. Unknown types are yielded
    with media_type None so that they are refused, and counted, like any bad input."""
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if file.name.startswith("."):
            continue
        media_type = SUFFIX_MEDIA_TYPES.get(file.suffix.lower())
        if media_type == "application/x-ndjson":
            yield from _jsonl_items(file)
        else:
            yield LocalItem(file, media_type, file.read_bytes(), str(file))


def _jsonl_items(file: Path) -> Iterator[LocalItem]:
    for number, line in enumerate(file.read_bytes().splitlines(), start=1):
        if line.strip():
            yield LocalItem(file, "application/json", line, f"{file}:{number}")


def ingest_local_item(item: LocalItem, *, run_id: int | None) -> RawDocument | None:
    """Store the bytes, then hand them to process_raw. Unknown types are recorded as failures."""
    if item.media_type is None:
        article_services.failure_record(
            source=item.label,
            stage="read",
            reason=f"unsupported file type {item.path.suffix or '(none)'!r}: "
            f"expected one of {', '.join(sorted(SUFFIX_MEDIA_TYPES))}",
            run_id=run_id,
        )
        article_services.run_count(run_id, "failed")
        return None
    raw, _ = article_services.raw_document_store(
        item.content, media_type=item.media_type, source_path=item.label, run_id=run_id
    )
    _after_store(raw, run_id=run_id)
    return raw


def _after_store(raw: RawDocument, *, run_id: int | None) -> None:
    from articles import tasks

    if raw.status in (RawDocument.Status.PARSED, RawDocument.Status.DUPLICATE):
        # The same bytes were processed before: a duplicate, nothing to redo.
        article_services.run_count(run_id, "duplicate")
        return
    enqueue(tasks.process_raw, raw_id=raw.pk, run_id=run_id)


# --- Network ---------------------------------------------------------------------------------


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


def fetch_url(url: str, *, run_id: int | None, feed_id: int | None = None) -> str:
    """Fetch an article or feed URL and store the bytes. Raises TransientFetchError to be
    retried by the caller; records any other failure. Returns what happened."""
    try:
        result = fetch(url, fetch_policy())
    except TransientFetchError:
        raise
    except FetchError as exc:
        record_fetch_failure(url, exc.reason, run_id=run_id, feed_id=feed_id)
        return "failed"
    if feed_id is None and looks_like_feed(result):
        feed, _ = Feed.objects.get_or_create(url=url)
        feed_entries_ingest(feed, result, run_id=run_id, replaces_one=True)
        return "feed"
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
    _after_store(raw, run_id=run_id)
    return "stored"


def record_fetch_failure(url: str, reason: str, *, run_id: int | None, feed_id=None) -> None:
    article_services.failure_record(
        source=url, stage="fetch", reason=reason, run_id=run_id, feed_id=feed_id
    )
    article_services.run_count(run_id, "failed")


def looks_like_feed(result: FetchResult) -> bool:
    if result.media_type in FEED_MEDIA_TYPES:
        return True
    head = result.content[:512].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)


# --- Feeds -----------------------------------------------------------------------------------


def poll_due_feeds() -> list[int]:
    """Enqueue a poll of every active feed that is due; returns their ids."""
    from articles import tasks

    now = timezone.now()
    with transaction.atomic():
        due = list(
            Feed.objects.select_for_update(skip_locked=True)
            .filter(active=True, next_poll_at__lte=now)
            .values_list("pk", "interval_minutes")
        )
        for feed_id, interval in due:
            # Moved forward now, so a slow poll is not enqueued twice by the next beat tick.
            Feed.objects.filter(pk=feed_id).update(next_poll_at=now + timedelta(minutes=interval))
            run = article_services.run_start(f"feed {feed_id}", kind="feed")
            enqueue(tasks.poll_feed, feed_id=feed_id, run_id=run.pk)
    return [feed_id for feed_id, _ in due]


def poll_feed(feed: Feed, *, run_id: int | None) -> int:
    """Conditional GET of a feed; new entries are fetched. Returns how many were new."""
    try:
        result = fetch(
            feed.url,
            fetch_policy(),
            etag=feed.etag,
            last_modified=feed.last_modified,
            accept="application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
        )
    except FetchError as exc:
        feed.last_status = exc.status
        feed.last_error = exc.reason
        feed.last_polled_at = timezone.now()
        feed.save(update_fields=["last_status", "last_error", "last_polled_at"])
        if isinstance(exc, TransientFetchError):
            raise
        article_services.failure_record(
            source=feed.url, stage="feed", reason=exc.reason, run_id=run_id, feed_id=feed.pk
        )
        _finish_run(run_id)
        return 0
    return feed_entries_ingest(feed, result, run_id=run_id)


def feed_entries_ingest(
    feed: Feed, result: FetchResult, *, run_id: int | None, replaces_one: bool = False
) -> int:
    """Record a fetched feed's entries by GUID and fetch the new ones.

    `replaces_one`: the feed was one expected item of the run (a URL given to `ingest`), now
    replaced by its new entries.
    """
    from articles import tasks

    if replaces_one and run_id is not None:
        article_services.run_expect(run_id, -1)

    feed.last_polled_at = timezone.now()
    feed.last_status = result.status
    feed.next_poll_at = feed.last_polled_at + timedelta(minutes=feed.interval_minutes)
    fields = [
        "last_polled_at",
        "last_status",
        "last_error",
        "etag",
        "last_modified",
        "next_poll_at",
    ]
    if result.not_modified:
        feed.last_error = ""
        feed.save(update_fields=fields)
        _finish_run(run_id)
        return 0
    parsed = feedparser.parse(result.content)
    entries = list(_entries(parsed.entries, base=result.final_url))
    if parsed.bozo and not entries:
        # feedparser reads what it can of a broken feed; with nothing usable it is bad input.
        reason = f"not a readable feed: {parsed.get('bozo_exception')}"
        feed.last_error = reason
        feed.save(update_fields=fields)
        article_services.failure_record(
            source=feed.url, stage="feed", reason=reason, run_id=run_id, feed_id=feed.pk
        )
        _finish_run(run_id)
        return 0
    feed.etag = result.headers.get("etag", "")[:500]
    feed.last_modified = result.headers.get("last-modified", "")[:100]
    feed.last_error = ""
    if not feed.title:
        feed.title = (parsed.feed.get("title") or "")[:300]
        fields.append("title")
    feed.save(update_fields=fields)

    new_urls = []
    for entry in entries:
        _, created = FeedEntry.objects.get_or_create(
            feed=feed,
            guid=entry["guid"],
            defaults={
                "url": entry["url"],
                "title": entry["title"],
                "published": entry["published"],
            },
        )
        if created:
            new_urls.append(entry["url"])
    if run_id is not None:
        article_services.run_expect(run_id, len(new_urls))
    for url in new_urls:
        enqueue(tasks.fetch_url, url=url, run_id=run_id, feed_id=feed.pk)
    _finish_run(run_id)
    return len(new_urls)


def _entries(entries: Iterable, *, base: str) -> Iterator[dict]:
    from urllib.parse import urljoin

    for entry in entries:
        link = entry.get("link")
        if not link:
            continue
        url = urljoin(base, link)
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        yield {
            "guid": (entry.get("id") or url)[:2000],
            "url": url[:2000],
            "title": (entry.get("title") or "")[:1000],
            "published": (
                datetime.fromtimestamp(calendar.timegm(published), tz=UTC) if published else None
            ),
        }


def _finish_run(run_id: int | None) -> None:
    """A run with nothing (more) to wait for is done."""
    if run_id is not None:
        article_services.run_check_done(run_id)


# --- Processing and analysis -----------------------------------------------------------------


def process_raw(raw: RawDocument, *, run_id: int | None) -> article_services.Outcome:
    """Parse a raw document into an article and, if the article is new, analyse it.

    Both stages run on the extraction queue, so a new article is analysed at once, in the
    transaction that stores it: no second message, no reload of the article, one commit.
    `analyse_article` stays a stage of its own, for re-extraction.
    """
    return article_services.raw_document_process(
        raw, run_id=run_id, analyse=lambda article: _analyse_new(article, run_id=run_id)
    )


def _analyse_new(article: Article, *, run_id: int | None) -> bool:
    """Analyse an article stored in the current transaction; returns whether it was stored.

    A failed analysis is recorded and leaves the article stored (a savepoint). Either way the
    article is counted as new in its run, as the transaction's last statement.
    """
    from entities.services import article_analysis_replace

    try:
        analysis = analyse(_text_of(article))
        with transaction.atomic():
            article_analysis_replace(article, analysis, new_article=True)
        stored = True
    except Exception as exc:  # recorded and shown to editors; the worker goes on
        _record_analysis_failure(article, exc)
        stored = False
    article_services.run_count(run_id, "new")
    return stored


def analyse_article(article: Article, *, run_id: int | None = None) -> dict:
    """Extract people, countries and claims from a stored article and replace the old ones.

    With a run, the article is counted as new in it once analysed (or once its analysis
    failure is recorded). The analysis, the article's `analysed_at` and the count are one
    transaction.
    """
    from entities.services import article_analysis_replace

    try:
        analysis = analyse(_text_of(article))
        with transaction.atomic():
            counts = article_analysis_replace(article, analysis)
            # Last statement before the commit: the run row is shared by all workers.
            article_services.run_count(run_id, "new")
        return counts
    except Exception as exc:  # recorded and shown to editors; the worker goes on
        _record_analysis_failure(article, exc)
        article_services.run_count(run_id, "new")
        return {"failed": 1}


def _text_of(article: Article):
    return article_text(
        title=article.title,
        body=article.body,
        standfirst=article.standfirst,
        captions=[caption.get("text", "") for caption in article.captions],
        byline=article.byline,
        outlet=article.outlet.name if article.outlet_id else None,
    )


def _record_analysis_failure(article: Article, exc: Exception) -> None:
    article_services.failure_record(
        source=article.source_link or f"article {article.pk}",
        stage="analyse",
        reason=f"analysis failed: {exc!r}",
        article=article,
        exc=exc,
    )
