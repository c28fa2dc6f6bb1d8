"""Feeds: the beat-driven poll of due feeds, conditional GETs, and entries recorded by GUID.

A feed's new entries are handed to the fetch stage by task name; an entry seen before is never
fetched again.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin

import feedparser
from django.db import transaction
from django.utils import timezone

from articles import services as article_services
from articles.fetching import FetchError, FetchResult, TransientFetchError, fetch
from articles.models import Feed, FeedEntry
from articles.parsing.media_types import FEED_MEDIA_TYPES, XML_MEDIA_TYPES
from newsdesk.common.dispatch import TaskName, enqueue
from newsdesk.common.results import Outcome, StageResult
from newsdesk.ingestion.sources import fetch_policy


def looks_like_feed(result: FetchResult) -> bool:
    if result.media_type in FEED_MEDIA_TYPES or result.media_type in XML_MEDIA_TYPES:
        return True
    head = result.content[:512].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)


def poll_due_feeds() -> list[int]:
    """Enqueue a poll of every active feed that is due; returns their ids."""
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
            enqueue(TaskName.POLL_FEED, feed_id=feed_id, run_id=run.pk)
    return [feed_id for feed_id, _ in due]


def poll_feed(feed: Feed, *, run_id: int | None) -> StageResult:
    """Conditional GET of a feed; new entries are handed to the fetch stage (`handed_on` says
    how many). Transient errors raise TransientFetchError for the caller to retry."""
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
        return StageResult(Outcome.FAILED, reason=exc.reason)
    return feed_entries_ingest(feed, result, run_id=run_id)


def feed_entries_ingest(
    feed: Feed, result: FetchResult, *, run_id: int | None, replaces_one: bool = False
) -> StageResult:
    """Record a fetched feed's entries by GUID and fetch the new ones.

    `replaces_one`: the feed was one expected item of the run (a URL given to `ingest`), now
    replaced by its new entries.
    """
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
        return StageResult(Outcome.DUPLICATE)
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
        return StageResult(Outcome.FAILED, reason=reason)
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
        enqueue(TaskName.FETCH_URL, url=url, run_id=run_id, feed_id=feed.pk)
    _finish_run(run_id)
    return StageResult(Outcome.NEW if new_urls else Outcome.DUPLICATE, handed_on=len(new_urls))


def _entries(entries: Iterable, *, base: str) -> Iterator[dict]:
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
