"""Thin Celery tasks: ids in, look the row up, call a pipeline stage, record the outcome."""

from __future__ import annotations

import logging
import random
import time

from celery import shared_task

from articles.fetching import TransientFetchError
from articles.models import Article, Feed, RawDocument
from newsdesk import pipeline
from newsdesk.dispatch import is_synchronous

logger = logging.getLogger(__name__)

MAX_FETCH_RETRIES = 5


def _backoff(retries: int) -> float:
    """Exponential backoff with full jitter, capped at ten minutes."""
    return random.uniform(0, min(600, 2 ** (retries + 1)))


@shared_task(name="articles.poll_due_feeds")
def poll_due_feeds():
    return len(pipeline.poll_due_feeds())


@shared_task(name="articles.poll_feed", bind=True, max_retries=MAX_FETCH_RETRIES)
def poll_feed(self, *, feed_id: int, run_id: int | None = None):
    feed = Feed.objects.filter(pk=feed_id).first()
    if feed is None:
        logger.info("feed %s is gone", feed_id)
        return None
    return _attempt(
        self,
        lambda: pipeline.poll_feed(feed, run_id=run_id),
        source=feed.url,
        run_id=run_id,
        feed_id=feed_id,
    )


@shared_task(name="articles.fetch_url", bind=True, max_retries=MAX_FETCH_RETRIES)
def fetch_url(self, *, url: str, run_id: int | None = None, feed_id: int | None = None):
    delay = pipeline.domain_delay(url)
    if delay > 0:
        if is_synchronous():
            time.sleep(delay)
        else:
            # Not a retry: the politeness wait must not use up the error retries.
            fetch_url.apply_async(
                kwargs={"url": url, "run_id": run_id, "feed_id": feed_id}, countdown=delay
            )
            return "waiting"
    return _attempt(
        self,
        lambda: pipeline.fetch_url(url, run_id=run_id, feed_id=feed_id),
        source=url,
        run_id=run_id,
        feed_id=feed_id,
    )


def _attempt(task, stage, *, source: str, run_id, feed_id):
    """Run a network stage: transient errors are retried with backoff, a bounded number of
    times, then recorded as a failure. In synchronous mode the retries happen in-process."""
    attempts = 3 if is_synchronous() else 1
    for attempt in range(attempts):
        try:
            return stage()
        except TransientFetchError as exc:
            error = exc
            retries = task.request.retries or 0
            if not is_synchronous() and retries < task.max_retries:
                raise task.retry(exc=exc, countdown=_backoff(retries)) from exc
            if attempt + 1 < attempts:
                time.sleep(_backoff(attempt) / 4)
    pipeline.record_fetch_failure(
        source, f"gave up after retries: {error.reason}", run_id=run_id, feed_id=feed_id
    )
    return "failed"


@shared_task(name="articles.process_raw")
def process_raw(*, raw_id: int, run_id: int | None = None):
    raw = RawDocument.objects.filter(pk=raw_id).first()
    if raw is None:
        logger.info("raw document %s is gone", raw_id)
        return None
    return pipeline.process_raw(raw, run_id=run_id).status


@shared_task(name="articles.analyse_article")
def analyse_article(*, article_id: int, run_id: int | None = None):
    article = Article.objects.select_related("outlet").filter(pk=article_id).first()
    if article is None:
        logger.info("article %s is gone", article_id)
        return None
    return pipeline.analyse_article(article, run_id=run_id)
