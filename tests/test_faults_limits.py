"""Time limits and errors no stage caught: each is recorded with its stage and reason, counted
in its run so the run finishes, and the worker goes on. Real worker processes on a
redis-server of the test's own; the slow document is slow for real (a long article takes the
extractors seconds).
"""

import re
import time
from pathlib import Path

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from articles.models import Article, IngestionFailure, IngestionRun, RawDocument
from tests.worker import (
    manage,
    prefork_worker,
    redis_server,
    sweep_in_process_of_its_own,
    wait_for,
    write_documents,
)

NORMAL_DOCUMENTS = 5
# Paragraphs of the slow document: the extractors take two to four seconds on it (most of it
# comparing its 500 claims pairwise for contradictions), against hundredths of a second for a
# normal one, so a limit of one second always strikes it alone.
SLOW_PARAGRAPHS = 700

# What the worker's main process logs when a task reaches its soft time limit of 1 s.
SOFT_LIMIT_HIT = "Soft time limit (1s) exceeded"

pytestmark = [
    pytest.mark.usefixtures("country_rows"),  # the worker needs the country rows
    pytest.mark.worker,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _documents(tmp_path: Path, *, slow: bool) -> Path:
    folder = write_documents(tmp_path / "docs", NORMAL_DOCUMENTS)
    if slow:
        long_one = write_documents(tmp_path / "long", 1, paragraphs=SLOW_PARAGRAPHS)
        (long_one / "doc-0000.txt").rename(folder / "slow.txt")
    return folder


def _ingest(*sources: str, broker_url: str) -> IngestionRun:
    output = manage("ingest", *sources, "--no-wait", broker_url=broker_url)
    return IngestionRun.objects.get(pk=int(re.search(r"Enqueued run (\d+)", output)[1]))


def _finished(run: IngestionRun) -> bool:
    run.refresh_from_db()
    return run.status != IngestionRun.Status.RUNNING


def _seconds_to_failure(ready_at, failure: IngestionFailure) -> float:
    """From the worker being ready (the documents were queued before) to the failure."""
    return round((failure.created_at - ready_at).total_seconds(), 1)


def test_poison_document_is_quarantined_after_max_attempts(tmp_path):
    """The slow document is killed at a 1 s hard time limit every time it is tried, as one
    that exhausts the memory would be: the sweeper sends it again twice, then sets it aside
    as a recorded failure.

    Celery counts the hard limit's extra time from the soft limit; equal limits leave none,
    so the process is killed as the soft limit strikes, before it can record anything.
    """
    env = {
        "CELERY_TASK_TIME_LIMIT": "1",
        "CELERY_TASK_SOFT_TIME_LIMIT": "1",
        "INGESTION_MAX_ATTEMPTS": "3",
    }
    folder = _documents(tmp_path, slow=True)
    with redis_server() as broker:
        run = _ingest(str(folder), broker_url=broker.url)
        poison = RawDocument.objects.get(source_path__endswith="slow.txt")
        with prefork_worker(broker.url, **env) as worker:
            ready_at = timezone.now()
            deadline = time.monotonic() + 90
            sweeps = 0
            while RawDocument.objects.get(pk=poison.pk).status == RawDocument.Status.PENDING:
                assert time.monotonic() < deadline, "not quarantined:\n" + worker.output()[-4000:]
                # Beat's every-minute sweep, sooner: anything pending for a second is due.
                sweep_in_process_of_its_own(broker.url, INGESTION_RESEND_AFTER_SECONDS="1", **env)
                sweeps += 1
                time.sleep(1)
            wait_for(lambda: _finished(run), timeout=30)
            hard_kills = worker.output().count("Hard time limit (1s) exceeded")
            assert worker.process.poll() is None, "the worker itself must go on"

    poison.refresh_from_db()
    failure = IngestionFailure.objects.get(raw=poison)
    print(
        f"\npoison document: attempts {poison.attempts}, hard time limit kills {hard_kills}, "
        f"sweeps {sweeps}, seconds to the recorded failure "
        f"{_seconds_to_failure(ready_at, failure)}, reason: {failure.reason}"
    )
    assert (poison.status, poison.attempts, hard_kills) == ("failed", 3, 3)
    assert (failure.stage, failure.run_id, failure.source) == ("parse", run.pk, poison.source)
    assert "3 attempt(s)" in failure.reason
    assert (run.status, run.new, run.duplicate, run.failed) == ("done", NORMAL_DOCUMENTS, 0, 1)
    assert Article.objects.count() == NORMAL_DOCUMENTS


def test_soft_time_limit_in_analysis_is_recorded_and_the_run_finishes(tmp_path):
    env = {"CELERY_TASK_TIME_LIMIT": "60", "CELERY_TASK_SOFT_TIME_LIMIT": "1"}
    folder = _documents(tmp_path, slow=True)
    with redis_server() as broker:
        run = _ingest(str(folder), broker_url=broker.url)
        with prefork_worker(broker.url, **env) as worker:
            ready_at = timezone.now()
            try:
                wait_for(lambda: _finished(run), timeout=60)
            except TimeoutError:
                pytest.fail("run not finished:\n" + worker.output()[-4000:])

    failure = IngestionFailure.objects.get()
    slow = Article.objects.get(raw__source_path__endswith="slow.txt")
    print(
        f"\nsoft time limit in analysis: seconds to the recorded failure "
        f"{_seconds_to_failure(ready_at, failure)}, reason: {failure.reason}"
    )
    # The article is kept (its analysis failed, not its parsing) and counted in the run.
    assert (failure.stage, failure.article_id) == ("analyse", slow.pk)
    assert "SoftTimeLimitExceeded" in failure.reason
    assert slow.analysed_at is None
    assert (run.status, run.new, run.failed) == ("done", NORMAL_DOCUMENTS + 1, 0)
    assert Article.objects.filter(analysed_at__isnull=False).count() == NORMAL_DOCUMENTS


def test_errors_no_stage_caught_are_recorded_and_the_worker_goes_on(tmp_path):
    """A soft time limit while waiting for a row lock, and an unparseable URL given to the
    politeness check: both strike outside the stages' own error handling."""
    env = {"CELERY_TASK_TIME_LIMIT": "30", "CELERY_TASK_SOFT_TIME_LIMIT": "1"}
    folder = _documents(tmp_path, slow=False)
    bad_url = "http://[::1"
    with redis_server() as broker:
        run = _ingest(str(folder), bad_url, broker_url=broker.url)
        held = RawDocument.objects.order_by("pk").first()
        # Another session holds the document's row (as a second worker processing it would)
        # until the worker's task on it has hit its soft time limit.
        other = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with other.cursor() as cursor:
                cursor.execute("BEGIN")
                cursor.execute(
                    f"SELECT 1 FROM {RawDocument._meta.db_table} WHERE id = %s FOR UPDATE",
                    [held.pk],
                )
                with prefork_worker(broker.url, **env) as worker:
                    ready_at = timezone.now()
                    wait_for(lambda: SOFT_LIMIT_HIT in worker.output(), timeout=60)
                    cursor.execute("ROLLBACK")
                    try:
                        wait_for(lambda: _finished(run), timeout=60)
                    except TimeoutError:
                        pytest.fail("run not finished:\n" + worker.output()[-4000:])
                    assert worker.process.poll() is None, "the worker itself must go on"
        finally:
            other.close()

    held.refresh_from_db()
    failures = {f.source: f for f in IngestionFailure.objects.all()}
    print(
        "\nerrors no stage caught: "
        + "; ".join(
            f"{f.stage} {f.source}: {f.reason} ({_seconds_to_failure(ready_at, f)} s)"
            for f in failures.values()
        )
    )
    assert set(failures) == {held.source, bad_url}
    assert failures[held.source].stage == "parse"
    assert "soft time limit" in failures[held.source].reason.lower()
    assert held.status == RawDocument.Status.FAILED
    assert failures[bad_url].stage == "fetch"
    assert (run.status, run.new, run.failed) == ("done", NORMAL_DOCUMENTS - 1, 2)
