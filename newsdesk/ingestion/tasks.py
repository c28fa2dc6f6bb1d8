"""Thin Celery tasks: ids in, look the row up, call a stage of `stages.PIPELINE`, return the
outcome. Task names are kept from when these lived in the articles app: queued messages carry
them."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import asdict

from celery import shared_task
from celery.exceptions import Retry, SoftTimeLimitExceeded
from django.conf import settings
from django.db import connection

from articles.fetching import TransientFetchError
from articles.models import Article, Feed, RawDocument
from newsdesk.common.dispatch import TaskName, enqueue, is_synchronous
from newsdesk.common.results import Outcome
from newsdesk.ingestion import feeds, stages, sweeper

logger = logging.getLogger(__name__)

MAX_FETCH_RETRIES = 5


def _backoff(retries: int) -> float:
    """Exponential backoff with full jitter, capped at ten minutes."""
    return random.uniform(0, min(600, 2 ** (retries + 1)))


def _recorded(work: Callable[[], str], *, stage: str, source: str, run_id, **where) -> str:
    """Run a stage; an error it did not catch itself (the soft time limit included) is
    recorded with its stage, source and reason and counted as failed in the run, so the run
    still finishes and the worker goes on to its next message."""
    try:
        return work()
    except Retry:
        raise
    except Exception as exc:
        reason = (
            f"stopped at the soft time limit ({settings.CELERY_TASK_SOFT_TIME_LIMIT} s)"
            if isinstance(exc, SoftTimeLimitExceeded)
            else f"unexpected error: {exc!r}"
        )
        logger.exception("%s failed for %s: %s", stage, source, reason)
        if not connection.in_atomic_block:
            # The error may have struck mid-query (a soft time limit while waiting for a row
            # lock), leaving the connection busy: the failure is recorded on a fresh one.
            connection.close()
        stages.record_stage_failure(stage, source, reason, exc=exc, run_id=run_id, **where)
        return Outcome.FAILED.value


@shared_task(name=TaskName.POLL_DUE_FEEDS)
def poll_due_feeds():
    return len(feeds.poll_due_feeds())


@shared_task(name=TaskName.POLL_FEED, bind=True, max_retries=MAX_FETCH_RETRIES)
def poll_feed(self, *, feed_id: int, run_id: int | None = None):
    feed = Feed.objects.filter(pk=feed_id).first()
    if feed is None:
        logger.info("feed %s is gone", feed_id)
        return None
    return _recorded(
        lambda: _attempt(
            self,
            lambda: feeds.poll_feed(feed, run_id=run_id),
            source=feed.url,
            run_id=run_id,
            feed_id=feed_id,
        ),
        stage="feed",
        source=feed.url,
        run_id=run_id,
        feed_id=feed_id,
    )


@shared_task(name=TaskName.FETCH_URL, bind=True, max_retries=MAX_FETCH_RETRIES)
def fetch_url(self, *, url: str, run_id: int | None = None, feed_id: int | None = None):
    return _recorded(
        lambda: _fetch_when_polite(self, url, run_id=run_id, feed_id=feed_id),
        stage="fetch",
        source=url,
        run_id=run_id,
        feed_id=feed_id,
    )


def _fetch_when_polite(task, url: str, *, run_id, feed_id) -> str:
    delay = stages.domain_delay(url)
    if delay > 0:
        if is_synchronous():
            time.sleep(delay)
        else:
            # Not a retry: the politeness wait must not use up the error retries.
            enqueue(TaskName.FETCH_URL, countdown=delay, url=url, run_id=run_id, feed_id=feed_id)
            return Outcome.DEFERRED.value
    return _attempt(
        task,
        lambda: stages.fetch_url(url, run_id=run_id, feed_id=feed_id),
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
            return stage().outcome.value
        except TransientFetchError as exc:
            error = exc
            retries = task.request.retries or 0
            if not is_synchronous() and retries < task.max_retries:
                logger.info("%s: %s (%s)", source, Outcome.RETRIED, exc.reason)
                raise task.retry(exc=exc, countdown=_backoff(retries)) from exc
            if attempt + 1 < attempts:
                time.sleep(_backoff(attempt) / 4)
    stages.record_fetch_failure(
        source, f"gave up after retries: {error.reason}", run_id=run_id, feed_id=feed_id
    )
    return Outcome.FAILED.value


@shared_task(name=TaskName.PROCESS_RAW)
def process_raw(*, raw_id: int, run_id: int | None = None):
    # Not the bytes: the stage reads them with the row lock it takes.
    raw = (
        RawDocument.objects.filter(pk=raw_id)
        .only("pk", "sha256", "source_url", "final_url", "source_path")
        .first()
    )
    if raw is None:
        logger.info("raw document %s is gone", raw_id)
        return None
    return _recorded(
        lambda: stages.process_raw(raw, run_id=run_id).outcome.value,
        stage="parse",
        source=raw.source or raw.sha256,
        run_id=run_id,
        raw_id=raw_id,
    )


@shared_task(name=TaskName.ANALYSE_ARTICLE)
def analyse_article(*, article_id: int, run_id: int | None = None):
    article = Article.objects.select_related("outlet").filter(pk=article_id).first()
    if article is None:
        logger.info("article %s is gone", article_id)
        return None
    return stages.analyse_article(article, run_id=run_id).outcome.value


@shared_task(name=TaskName.SWEEP)
def sweep():
    return asdict(sweeper.sweep())
