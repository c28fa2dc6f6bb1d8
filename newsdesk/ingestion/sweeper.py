"""The sweeper (beat, every minute): lost work is sent again, work that never finishes is set
aside, and every run ends.

Work is lost when the broker loses its messages (a Redis restarted without persistence keeps
nothing) or when a worker dies with a message the broker never hands out again. Every stage is
safe to run again, so the cure is to send the work again:

- a raw document still pending INGESTION_RESEND_AFTER_SECONDS after it was stored or last
  tried is sent to process_raw again; one that started INGESTION_MAX_ATTEMPTS times without
  ever finishing is quarantined instead (failed, with a recorded failure naming the attempts);
- an article left unanalysed that long, with no analysis failure recorded, has its analysis
  sent again, at most INGESTION_MAX_ATTEMPTS times, after which a failure is recorded;
- a run still "running" with nothing of it pending and nothing done for
  INGESTION_RUN_CLOSE_AFTER_SECONDS is closed: done if its counts add up, else failed with the
  reason.

Sweeping twice, or from two hosts at once, is safe: rows are taken with SKIP LOCKED (a row a
worker is processing right now is locked, so skipped), and a row sent again is stamped, so the
next sweep waits a whole deadline before sending it again. A document processed already is
not processed or counted again when its second message arrives (`raw_document_attempt`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles import services as article_services
from articles.models import Article, IngestionFailure, IngestionRun, RawDocument
from newsdesk.common.dispatch import TaskName, enqueue

logger = logging.getLogger(__name__)

# Rows of each kind handled by one sweep, so its transaction stays short; the next minute's
# sweep takes the rest.
BATCH = 500


@dataclass(frozen=True)
class SweepReport:
    raw_resent: int = 0
    raw_quarantined: int = 0
    analysis_resent: int = 0
    analysis_given_up: int = 0
    runs_closed: int = 0


def sweep(*, now: datetime | None = None) -> SweepReport:
    """Send lost work again, set aside work that never finishes, close runs left running."""
    now = now or timezone.now()
    raw_resent, raw_quarantined = raw_documents_sweep(now)
    analysis_resent, analysis_given_up = articles_sweep(now)
    report = SweepReport(
        raw_resent=raw_resent,
        raw_quarantined=raw_quarantined,
        analysis_resent=analysis_resent,
        analysis_given_up=analysis_given_up,
        runs_closed=runs_sweep(now),
    )
    if report != SweepReport():
        logger.warning("sweep: %s", report)
    return report


def raw_documents_sweep(now: datetime) -> tuple[int, int]:
    """Send again raw documents left pending; quarantine those that never finish. Returns
    (sent again, quarantined)."""
    cutoff = now - timedelta(seconds=settings.INGESTION_RESEND_AFTER_SECONDS)
    with transaction.atomic():
        stale = list(
            RawDocument.objects.select_for_update(skip_locked=True)
            .filter(status=RawDocument.Status.PENDING)
            .alias(last_tried=Coalesce("attempted_at", "received_at"))
            .filter(last_tried__lt=cutoff)
            .only("pk", "run_id", "attempts", "status", "source_url", "final_url", "source_path")
            .order_by("pk")[:BATCH]
        )
        # Each of these attempts started and never finished: its worker died or was killed
        # at the hard time limit (a worker still at it would hold the row's lock).
        poison = [raw for raw in stale if raw.attempts >= settings.INGESTION_MAX_ATTEMPTS]
        for raw in poison:
            article_services.raw_quarantine(raw, unfinished=raw.attempts)
        resend = [raw for raw in stale if raw.attempts < settings.INGESTION_MAX_ATTEMPTS]
        RawDocument.objects.filter(pk__in=[raw.pk for raw in resend]).update(attempted_at=now)
        for raw in resend:
            enqueue(TaskName.PROCESS_RAW, raw_id=raw.pk, run_id=raw.run_id)
    return len(resend), len(poison)


def articles_sweep(now: datetime) -> tuple[int, int]:
    """Send again the analysis of articles left unanalysed with no failure recorded, a bounded
    number of times. Returns (sent again, given up)."""
    cutoff = now - timedelta(seconds=settings.INGESTION_RESEND_AFTER_SECONDS)
    analysis_failed = IngestionFailure.objects.filter(
        article=OuterRef("pk"), stage=IngestionFailure.Stage.ANALYSE
    )
    with transaction.atomic():
        stale = list(
            Article.objects.select_for_update(skip_locked=True)
            .filter(analysed_at__isnull=True)
            .alias(last_tried=Coalesce("analysis_resent_at", "created_at"))
            .filter(~Exists(analysis_failed), last_tried__lt=cutoff)
            .only("pk", "analysis_resent", "url", "canonical_url")
            .order_by("pk")[:BATCH]
        )
        given_up = [a for a in stale if a.analysis_resent >= settings.INGESTION_MAX_ATTEMPTS]
        for article in given_up:
            # A failure recorded for the article takes it out of later sweeps; an editor's
            # re-extract is the way to try again.
            article_services.failure_record(
                source=article.source_link or f"article {article.pk}",
                stage=IngestionFailure.Stage.ANALYSE,
                reason=(
                    f"analysis never finished after {article.analysis_resent} attempt(s) sent "
                    "again: the worker died or hit the hard time limit each time"
                ),
                article=article,
            )
        resend = [a for a in stale if a.analysis_resent < settings.INGESTION_MAX_ATTEMPTS]
        Article.objects.filter(pk__in=[a.pk for a in resend]).update(
            analysis_resent=F("analysis_resent") + 1, analysis_resent_at=now
        )
        for article in resend:
            enqueue(TaskName.ANALYSE_ARTICLE, article_id=article.pk)
    return len(resend), len(given_up)


def runs_sweep(now: datetime) -> int:
    """Close runs left running with nothing pending and nothing done for the deadline; returns
    how many were closed."""
    cutoff = now - timedelta(seconds=settings.INGESTION_RUN_CLOSE_AFTER_SECONDS)
    raws = RawDocument.objects.filter(run=OuterRef("pk"))
    pending = raws.filter(status=RawDocument.Status.PENDING)
    recent = raws.filter(
        Q(received_at__gte=cutoff) | Q(attempted_at__gte=cutoff) | Q(processed_at__gte=cutoff)
    )
    recent_failure = IngestionFailure.objects.filter(run=OuterRef("pk"), created_at__gte=cutoff)
    with transaction.atomic():
        stuck = list(
            IngestionRun.objects.select_for_update(skip_locked=True)
            .filter(status=IngestionRun.Status.RUNNING, started_at__lt=cutoff)
            .filter(~Exists(pending), ~Exists(recent), ~Exists(recent_failure))
            .order_by("pk")[:BATCH]
        )
        for run in stuck:
            article_services.run_close(run)
    return len(stuck)
