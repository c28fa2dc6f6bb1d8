"""The sweeper and the attempt counter, on the database: lost work is sent again, work that
never finishes is set aside, runs always end, and a message that arrives twice is done and
counted once. The messages the sweeper sends run in-process (`run_synchronously`) or are
captured when the transaction commits; the real worker runs are in test_faults*.py."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from articles.models import Article, IngestionFailure, IngestionRun, RawDocument
from articles.services import (
    SWEEP_TASK_NAME,
    raw_document_process,
    raw_document_store,
    run_start,
    sweep_schedule_ensure,
)
from newsdesk.common.dispatch import TaskName, run_synchronously
from newsdesk.common.results import Outcome
from newsdesk.ingestion import stages
from newsdesk.ingestion.sweeper import SweepReport, sweep
from tests.worker import write_documents

pytestmark = pytest.mark.django_db

LONG_AGO = timedelta(hours=2)


@pytest.fixture
def documents(tmp_path):
    folder = write_documents(tmp_path / "docs", 4)
    return [path.read_bytes() for path in sorted(folder.iterdir())]


def _raw(content: bytes, run: IngestionRun | None, **fields) -> RawDocument:
    raw, _ = raw_document_store(
        content, media_type="text/plain", source_path="doc.txt", run_id=run and run.pk
    )
    if fields:
        RawDocument.objects.filter(pk=raw.pk).update(**fields)
        raw.refresh_from_db()
    return raw


def _counts(run: IngestionRun) -> tuple:
    run.refresh_from_db()
    return (run.status, run.new, run.duplicate, run.failed)


# --- Raw documents left pending -----------------------------------------------------------


def test_raw_pending_past_the_deadline_is_sent_again_and_ingested(documents):
    run = run_start("lost", kind="manual", expected=1)
    raw = _raw(documents[0], run, received_at=timezone.now() - LONG_AGO)

    with run_synchronously():
        report = sweep()

    raw.refresh_from_db()
    assert report == SweepReport(raw_resent=1)
    assert (raw.status, raw.attempts) == ("parsed", 1)
    assert Article.objects.filter(raw=raw, analysed_at__isnull=False).count() == 1
    assert _counts(run) == ("done", 1, 0, 0)


def test_raw_pending_within_the_deadline_is_left_alone(documents):
    raw = _raw(documents[0], run_start("fresh", kind="manual", expected=1))

    with run_synchronously():
        report = sweep()

    raw.refresh_from_db()
    assert (report, raw.status, raw.attempts) == (SweepReport(), "pending", 0)


def test_sweeping_again_at_once_sends_nothing_again(documents, django_capture_on_commit_callbacks):
    run = run_start("lost", kind="manual", expected=2)
    for content in documents[:2]:
        _raw(content, run, received_at=timezone.now() - LONG_AGO)

    with django_capture_on_commit_callbacks(execute=False) as first:
        first_report = sweep()
    with django_capture_on_commit_callbacks(execute=False) as second:
        second_report = sweep()

    # One message per document: the first sweep stamped them, the deadline starts again.
    assert (first_report.raw_resent, len(first)) == (2, 2)
    assert (second_report, len(second)) == (SweepReport(), 0)


def test_raw_that_never_finished_max_attempts_is_quarantined(documents, settings):
    settings.INGESTION_MAX_ATTEMPTS = 3
    run = run_start("poison", kind="manual", expected=1)
    raw = _raw(documents[0], run, attempts=3, attempted_at=timezone.now() - LONG_AGO)

    report = sweep()

    raw.refresh_from_db()
    failure = IngestionFailure.objects.get(raw=raw)
    assert report == SweepReport(raw_quarantined=1)
    assert (raw.status, failure.stage, failure.run_id) == ("failed", "parse", run.pk)
    assert "3 attempt(s)" in failure.reason
    assert _counts(run) == ("done", 0, 0, 1)
    assert sweep() == SweepReport()


# --- The attempt counter: a message that arrives again ------------------------------------


def test_message_delivered_twice_is_processed_and_counted_once(documents):
    run = run_start("twice", kind="manual", expected=1)
    raw = _raw(documents[0], run)

    first = stages.process_raw(raw, run_id=run.pk)
    second = stages.process_raw(raw, run_id=run.pk)

    raw.refresh_from_db()
    assert (first.outcome, second.outcome) == (Outcome.NEW, Outcome.DUPLICATE)
    assert (raw.status, raw.attempts, Article.objects.count()) == ("parsed", 1, 1)
    assert _counts(run) == ("done", 1, 0, 0)


def test_failed_document_delivered_again_in_its_run_is_not_counted_again():
    run = run_start("bad", kind="manual", expected=1)
    raw = _raw(b"", run)

    stages.process_raw(raw, run_id=run.pk)
    stages.process_raw(raw, run_id=run.pk)

    raw.refresh_from_db()
    assert (raw.status, raw.attempts, raw.failures.count()) == ("failed", 1, 1)
    assert _counts(run) == ("done", 0, 0, 1)


def test_start_past_max_attempts_quarantines_at_once(documents, settings):
    """A message that keeps coming back because its process keeps dying (a worker lost with
    the task is requeued at once) is stopped by the counter, not by the sweeper."""
    settings.INGESTION_MAX_ATTEMPTS = 3
    run = run_start("poison", kind="manual", expected=1)
    raw = _raw(documents[0], run, attempts=3)

    result = stages.process_raw(raw, run_id=run.pk)

    raw.refresh_from_db()
    assert (result.outcome, raw.status, raw.attempts) == (Outcome.FAILED, "failed", 4)
    assert "3 attempt(s)" in raw.failures.get().reason
    assert (Article.objects.count(), _counts(run)) == (0, ("done", 0, 0, 1))


def test_reprocessing_a_quarantined_document_starts_its_attempts_afresh(documents, settings):
    settings.INGESTION_MAX_ATTEMPTS = 3
    first_run = run_start("poison", kind="manual", expected=1)
    raw = _raw(documents[0], first_run, attempts=3, status="failed")
    reprocess = run_start("reprocess", kind="reprocess", expected=1)

    result = stages.process_raw(raw, run_id=reprocess.pk)

    raw.refresh_from_db()
    assert (result.outcome, raw.status, raw.attempts, raw.run_id) == (
        Outcome.NEW,
        "parsed",
        1,
        reprocess.pk,
    )
    assert _counts(reprocess) == ("done", 1, 0, 0)


def test_same_bytes_in_two_runs_are_processed_once_and_counted_in_each(documents):
    first_run = run_start("first", kind="manual", expected=1)
    second_run = run_start("second", kind="manual", expected=1)
    raw = _raw(documents[0], first_run)

    # The second run's message comes first: that run takes the document over.
    stages.process_raw(raw, run_id=second_run.pk)
    stages.process_raw(raw, run_id=first_run.pk)

    assert Article.objects.count() == 1
    assert _counts(second_run) == ("done", 1, 0, 0)
    assert _counts(first_run) == ("done", 0, 1, 0)


# --- Articles left unanalysed ----------------------------------------------------------------


def _unanalysed_article(content: bytes, **fields) -> Article:
    raw = _raw(content, None)
    result = raw_document_process(raw)  # no analysis: as if its message had been lost
    Article.objects.filter(pk=result.article_id).update(**fields)
    return Article.objects.get(pk=result.article_id)


def test_unanalysed_article_past_the_deadline_has_its_analysis_sent_again(documents):
    article = _unanalysed_article(documents[0], created_at=timezone.now() - LONG_AGO)

    with run_synchronously():
        report = sweep()

    article.refresh_from_db()
    assert report == SweepReport(analysis_resent=1)
    assert (article.analysed_at is not None, article.analysis_resent) == (True, 1)


def test_unanalysed_article_with_a_recorded_analysis_failure_is_left_to_editors(documents):
    article = _unanalysed_article(documents[0], created_at=timezone.now() - LONG_AGO)
    IngestionFailure.objects.create(
        article=article, source=article.url or "article", stage="analyse", reason="bad"
    )

    assert sweep() == SweepReport()


def test_analysis_that_never_finishes_is_given_up_with_a_recorded_failure(documents, settings):
    settings.INGESTION_MAX_ATTEMPTS = 3
    article = _unanalysed_article(
        documents[0], analysis_resent=3, analysis_resent_at=timezone.now() - LONG_AGO
    )

    report = sweep()

    failure = IngestionFailure.objects.get(article=article)
    assert report == SweepReport(analysis_given_up=1)
    assert failure.stage == "analyse"
    assert "3 attempt(s)" in failure.reason
    assert sweep() == SweepReport()


# --- Runs left running -------------------------------------------------------------------


def _old_run(name: str, *, expected: int, new: int) -> IngestionRun:
    run = run_start(name, kind="manual", expected=expected)
    IngestionRun.objects.filter(pk=run.pk).update(new=new, started_at=timezone.now() - LONG_AGO)
    return run


def test_runs_left_running_with_nothing_pending_are_closed(documents):
    counts_add_up = _old_run("all counted", expected=2, new=2)
    items_lost = _old_run("lost items", expected=3, new=1)
    still_pending = _old_run("pending", expected=1, new=0)
    raw = _raw(documents[0], still_pending)
    recent = run_start("recent", kind="manual", expected=5)

    report = sweep()

    assert report.runs_closed == 2
    assert _counts(counts_add_up)[0] == "done"
    items_lost.refresh_from_db()
    assert (items_lost.status, items_lost.finished_at is not None) == ("failed", True)
    assert "2 of 3 item(s) never finished" in items_lost.reason
    still_pending.refresh_from_db()
    recent.refresh_from_db()
    assert (still_pending.status, recent.status) == ("running", "running")
    # Its raw document is young: it is not sent again yet, and its run waits for it.
    assert RawDocument.objects.get(pk=raw.pk).status == "pending"
    assert sweep().runs_closed == 0


def test_run_with_recent_work_is_not_closed(documents):
    run = _old_run("slow but alive", expected=3, new=1)
    _raw(documents[0], run, status="parsed", processed_at=timezone.now())

    assert sweep().runs_closed == 0
    assert _counts(run)[0] == "running"


# --- Beat's schedule ---------------------------------------------------------------------


def test_beat_sweeps_every_minute_and_ensuring_it_twice_keeps_one_entry():
    sweep_schedule_ensure()
    sweep_schedule_ensure()

    entry = PeriodicTask.objects.get(name=SWEEP_TASK_NAME)
    assert (entry.task, entry.enabled, entry.expire_seconds) == (TaskName.SWEEP, True, 60)
    assert (entry.interval.every, entry.interval.period) == (60, "seconds")
    assert PeriodicTask.objects.filter(task=TaskName.SWEEP).count() == 1
