"""Editors' requests to redo pipeline work: re-extract, reprocess, poll now, resolve failures.

These services only enqueue the pipeline's own tasks by name (after the transaction commits,
through `newsdesk.common.dispatch.enqueue`) and record what was asked; the work itself is done
by the stages in `newsdesk.ingestion.stages`, which are idempotent, so asking twice never
duplicates an article.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from articles import services as article_services
from articles.models import Article, Feed, IngestionFailure, RawDocument
from newsdesk.common.dispatch import TaskName, enqueue
from newsdesk.common.querysets import primary_keys

REPROCESSABLE = (RawDocument.Status.FAILED, RawDocument.Status.PENDING)


@transaction.atomic
def article_reextract(articles: Iterable[Article]) -> int:
    """Enqueue a fresh analysis (people, countries, claims) of each article; returns how many.

    The analysis replaces the article's mentions and unreviewed claims; claims an editor
    verified or rejected are kept.
    """
    ids = primary_keys(articles)
    for article_id in ids:
        enqueue(TaskName.ANALYSE_ARTICLE, article_id=article_id)
    return len(ids)


@transaction.atomic
def raw_reprocess(raws: Iterable[RawDocument]) -> int:
    """Enqueue parsing again for the failed or pending raw documents among `raws`.

    Documents already parsed (or found duplicate) are skipped: their article exists and is
    re-extracted with `article_reextract` instead. One IngestionRun of kind "reprocess" counts
    the outcomes. Returns how many documents were enqueued (0 enqueues nothing, makes no run).
    """
    ids = list(
        RawDocument.objects.filter(pk__in=primary_keys(raws), status__in=REPROCESSABLE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    run = article_services.run_start(
        "reprocess raw documents " + ", ".join(map(str, ids)), kind="reprocess", expected=len(ids)
    )
    for raw_id in ids:
        enqueue(TaskName.PROCESS_RAW, raw_id=raw_id, run_id=run.pk)
    return len(ids)


@transaction.atomic
def feed_poll_now(feeds: Iterable[Feed]) -> int:
    """Poll feeds now, whether due or not, each with its own IngestionRun; returns how many.

    Like the scheduled poll, the next scheduled poll moves one interval ahead at once: a feed
    left due "now" would be polled a second time by the next beat tick while this poll is still
    queued. The poll itself sets the next time again when it finishes.
    """
    now = timezone.now()
    polled = 0
    # Locked so a beat tick running at the same moment skips these feeds (it uses skip_locked).
    for feed in Feed.objects.select_for_update().filter(pk__in=primary_keys(feeds)).order_by("pk"):
        feed.next_poll_at = now + timedelta(minutes=feed.interval_minutes)
        feed.save(update_fields=["next_poll_at"])
        run = article_services.run_start(f"feed {feed.pk}", kind="feed")
        enqueue(TaskName.POLL_FEED, feed_id=feed.pk, run_id=run.pk)
        polled += 1
    return polled


def failure_resolve(failures: Iterable[IngestionFailure]) -> int:
    """Mark failures as dealt with so they leave the editors' to-do list; returns how many."""
    return IngestionFailure.objects.filter(pk__in=primary_keys(failures), resolved=False).update(
        resolved=True
    )


@dataclass
class RetryOutcome:
    """What a retry of failures asked for, for the editor's message."""

    fetches: list[int] = field(default_factory=list)  # the new runs' ids
    polls: list[int] = field(default_factory=list)
    reprocessed: int = 0
    reextracted: int = 0
    refused: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        parts = []
        if self.fetches:
            parts.append(f"{len(self.fetches)} URL(s) fetched again (run {_ids(self.fetches)})")
        if self.polls:
            parts.append(f"{len(self.polls)} feed(s) polled again (run {_ids(self.polls)})")
        if self.reprocessed:
            parts.append(f"{self.reprocessed} raw document(s) parsed again")
        if self.reextracted:
            parts.append(f"{self.reextracted} article(s) re-extracted")
        return "; ".join(parts) or "nothing retried"


def _ids(ids: list[int]) -> str:
    return ", ".join(f"#{pk}" for pk in ids)


@transaction.atomic
def failure_retry(failures: Iterable[IngestionFailure]) -> RetryOutcome:
    """Run the failed stage of each failure again, by its kind; retried failures are resolved.

    fetch: the failure's URL is fetched again, in a new run of kind "retry"; feed: the feed is
    polled again, in a new run; parse: the raw document is parsed again (`raw_reprocess`);
    analyse: the article is re-extracted. A local file that could not be read cannot be retried
    from here (`manage.py ingest` it again). A failure that fails again is recorded anew.
    """
    outcome = RetryOutcome()
    rows = list(
        IngestionFailure.objects.filter(pk__in=primary_keys(failures))
        .only("pk", "stage", "source", "raw_id", "article_id", "feed_id")
        .order_by("pk")
    )
    retried, raws, articles = [], [], []
    for failure in rows:
        if failure.stage == IngestionFailure.Stage.FETCH and failure.source.startswith("http"):
            run = article_services.run_start(failure.source, kind="retry", expected=1)
            enqueue(TaskName.FETCH_URL, url=failure.source, run_id=run.pk, feed_id=failure.feed_id)
            outcome.fetches.append(run.pk)
        elif failure.stage == IngestionFailure.Stage.FEED and failure.feed_id:
            run = article_services.run_start(f"feed {failure.feed_id}", kind="retry")
            enqueue(TaskName.POLL_FEED, feed_id=failure.feed_id, run_id=run.pk)
            outcome.polls.append(run.pk)
        elif failure.article_id and failure.stage == IngestionFailure.Stage.ANALYSE:
            articles.append(failure.article_id)
        elif failure.raw_id:
            raws.append(failure.raw_id)
        else:
            outcome.refused.append(
                f"Failure #{failure.pk} ({failure.stage} of {failure.source[:80]}) has nothing "
                "to retry from here: ingest the file again."
            )
            continue
        retried.append(failure.pk)
    if raws:
        parsed_already = RawDocument.objects.filter(pk__in=raws).exclude(status__in=REPROCESSABLE)
        for raw_id in parsed_already.values_list("pk", flat=True):
            outcome.refused.append(f"Raw document #{raw_id} is already parsed: re-extract it.")
        outcome.reprocessed = raw_reprocess(RawDocument.objects.filter(pk__in=raws).only("pk"))
    if articles:
        outcome.reextracted = article_reextract(Article.objects.filter(pk__in=articles).only("pk"))
    IngestionFailure.objects.filter(pk__in=retried).update(resolved=True)
    return outcome
