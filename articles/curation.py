"""Editors' requests to redo pipeline work: re-extract, reprocess, poll now, resolve failures.

These services only enqueue the pipeline's own tasks (after the transaction commits, through
`newsdesk.dispatch.enqueue`) and record what was asked; the work itself is done by the stages
in `newsdesk.pipeline`, which are idempotent, so asking twice never duplicates an article.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from articles import services as article_services
from articles.models import Article, Feed, IngestionFailure, RawDocument
from newsdesk.dispatch import enqueue

REPROCESSABLE = (RawDocument.Status.FAILED, RawDocument.Status.PENDING)


def _ids(objects: Iterable) -> list[int]:
    if hasattr(objects, "values_list"):
        return list(objects.values_list("pk", flat=True))
    return [obj.pk for obj in objects]


@transaction.atomic
def article_reextract(articles: Iterable[Article]) -> int:
    """Enqueue a fresh analysis (people, countries, claims) of each article; returns how many.

    The analysis replaces the article's mentions and unreviewed claims; claims an editor
    verified or rejected are kept.
    """
    from articles import tasks

    ids = _ids(articles)
    for article_id in ids:
        enqueue(tasks.analyse_article, article_id=article_id)
    return len(ids)


@transaction.atomic
def raw_reprocess(raws: Iterable[RawDocument]) -> int:
    """Enqueue parsing again for the failed or pending raw documents among `raws`.

    Documents already parsed (or found duplicate) are skipped: their article exists and is
    re-extracted with `article_reextract` instead. One IngestionRun of kind "reprocess" counts
    the outcomes. Returns how many documents were enqueued (0 enqueues nothing, makes no run).
    """
    from articles import tasks

    ids = list(
        RawDocument.objects.filter(pk__in=_ids(raws), status__in=REPROCESSABLE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    run = article_services.run_start(
        "reprocess raw documents " + ", ".join(map(str, ids)), kind="reprocess", expected=len(ids)
    )
    for raw_id in ids:
        enqueue(tasks.process_raw, raw_id=raw_id, run_id=run.pk)
    return len(ids)


@transaction.atomic
def feed_poll_now(feeds: Iterable[Feed]) -> int:
    """Poll feeds now, whether due or not, each with its own IngestionRun; returns how many.

    Like the scheduled poll, the next scheduled poll moves one interval ahead at once: a feed
    left due "now" would be polled a second time by the next beat tick while this poll is still
    queued. The poll itself sets the next time again when it finishes.
    """
    from articles import tasks

    now = timezone.now()
    polled = 0
    # Locked so a beat tick running at the same moment skips these feeds (it uses skip_locked).
    for feed in Feed.objects.select_for_update().filter(pk__in=_ids(feeds)).order_by("pk"):
        feed.next_poll_at = now + timedelta(minutes=feed.interval_minutes)
        feed.save(update_fields=["next_poll_at"])
        run = article_services.run_start(f"feed {feed.pk}", kind="feed")
        enqueue(tasks.poll_feed, feed_id=feed.pk, run_id=run.pk)
        polled += 1
    return polled


def failure_resolve(failures: Iterable[IngestionFailure]) -> int:
    """Mark failures as dealt with so they leave the editors' to-do list; returns how many."""
    return IngestionFailure.objects.filter(pk__in=_ids(failures), resolved=False).update(
        resolved=True
    )
