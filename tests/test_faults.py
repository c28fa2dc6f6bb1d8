"""Lost work when a worker or the broker dies: real processes, killed for real.

Each test starts a redis-server of its own (nothing on disk), queues 100 small documents with
`manage.py ingest --no-wait`, starts a prefork worker, kills something mid-run, and checks that
every document became exactly one article, nothing is left pending and the run is done.
"""

import os
import re
import signal
import time
from contextlib import ExitStack
from pathlib import Path

import pytest
import redis
from django.db.models import Count

from articles.models import Article, IngestionFailure, IngestionRun, RawDocument
from tests.worker import (
    manage,
    prefork_worker,
    redis_server,
    sweep_in_process_of_its_own,
    wait_for,
    write_documents,
)

DOCUMENTS = 100
# Redis hands a dead worker's unacknowledged messages out again after this many seconds; it
# must exceed the hard time limit (the settings refuse anything else).
VISIBILITY_TIMEOUT = 8
WORKER_ENV = {
    "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
    "CELERY_TASK_TIME_LIMIT": "6",
    "CELERY_TASK_SOFT_TIME_LIMIT": "5",
}

# What the worker's main process logs when a pool process dies with a task in hand.
LOST_TASK = "Task handler raised error: WorkerLostError"

pytestmark = [
    pytest.mark.usefixtures("country_rows"),  # the worker needs the country rows
    pytest.mark.worker,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _ingest(folder: Path, broker_url: str) -> IngestionRun:
    output = manage("ingest", str(folder), "--no-wait", broker_url=broker_url)
    return IngestionRun.objects.get(pk=int(re.search(r"Enqueued run (\d+)", output)[1]))


def _run_done(run: IngestionRun) -> bool:
    run.refresh_from_db()
    return run.status != IngestionRun.Status.RUNNING


def _state(run: IngestionRun, broker_url: str) -> str:
    """Where a run that does not finish stands: its counts, its documents by status, and
    the messages the broker still holds."""
    run.refresh_from_db()
    statuses = dict(
        RawDocument.objects.values_list("status").annotate(n=Count("pk")).order_by("status")
    )
    client = redis.Redis.from_url(broker_url)
    queues = {
        key.decode(): client.llen(key) for key in client.keys("*") if client.type(key) == b"list"
    }
    return (
        f"run: expected {run.expected}, new {run.new}, duplicate {run.duplicate}, "
        f"failed {run.failed}; documents by status {statuses}; articles "
        f"{Article.objects.count()}; queued {queues}, unacknowledged {client.hlen('unacked')}"
    )


def _pending() -> int:
    return RawDocument.objects.filter(status=RawDocument.Status.PENDING).count()


def _started_not_finished() -> bool:
    """A worker is at a document now (or died at it): its start is counted, it is pending."""
    return RawDocument.objects.filter(status=RawDocument.Status.PENDING, attempts__gt=0).exists()


def _report(name: str, run: IngestionRun, started: float, **extra) -> dict:
    """The figures of a run, printed; duplicates and losses counted from the rows."""
    articles = Article.objects.count()
    per_raw = Article.objects.values("raw").annotate(n=Count("pk"))
    figures = {
        "documents": DOCUMENTS,
        "articles": articles,
        "duplicates": sum(row["n"] - 1 for row in per_raw) + run.duplicate,
        "lost": DOCUMENTS - RawDocument.objects.filter(status=RawDocument.Status.PARSED).count(),
        "started more than once": RawDocument.objects.filter(attempts__gt=1).count(),
        "run": f"{run.status} {run.new} new / {run.duplicate} dup / {run.failed} failed",
        "seconds to finish": round(time.monotonic() - started, 1),
        **extra,
    }
    print(f"\n{name}: " + ", ".join(f"{key}: {value}" for key, value in figures.items()))
    return figures


def _assert_each_document_once(run: IngestionRun, figures: dict) -> None:
    run.refresh_from_db()
    assert (run.status, run.expected, run.new, run.duplicate, run.failed) == (
        "done",
        DOCUMENTS,
        DOCUMENTS,
        0,
        0,
    )
    assert (figures["articles"], figures["duplicates"], figures["lost"]) == (DOCUMENTS, 0, 0)
    assert Article.objects.values("raw").distinct().count() == DOCUMENTS
    assert _pending() == 0
    assert list(IngestionFailure.objects.values_list("reason", flat=True)) == []
    assert Article.objects.filter(analysed_at__isnull=True).count() == 0


def test_worker_main_process_killed_mid_run_every_document_ingested_once(tmp_path):
    folder = write_documents(tmp_path / "docs", DOCUMENTS)
    with redis_server() as broker:
        started = time.monotonic()
        run = _ingest(folder, broker.url)
        with prefork_worker(broker.url, **WORKER_ENV) as first:
            wait_for(lambda: Article.objects.count() >= 30, timeout=60, interval=0.05)
            wait_for(_started_not_finished, timeout=30, interval=0.005)
            children = first.children()
            first.kill()
            killed_at = time.monotonic()
            # The pool's processes die with it (Celery sets PR_SET_PDEATHSIG): what they were
            # doing is rolled back, and their messages were never acknowledged.
            wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in children))
            done_at_kill = Article.objects.count()
        unacknowledged = redis.Redis.from_url(broker.url).hlen("unacked")
        assert unacknowledged, "the dead worker held no message: nothing was tested"
        # Kombu looks for messages past their visibility timeout when a worker starts (then
        # every ~100 s): the replacement starts once the dead worker's messages are due.
        time.sleep(max(0.0, killed_at + VISIBILITY_TIMEOUT + 1 - time.monotonic()))
        with prefork_worker(broker.url, **WORKER_ENV) as second:
            sweeps = 0
            try:
                wait_for(lambda: _run_done(run), timeout=20)
            except TimeoutError:
                # Kombu's Redis transport pops a message before it records it as unacknowledged:
                # a worker killed in between loses it from the broker, and the document stays
                # pending in the database. Beat's sweep sends such work again (here sooner).
                sweep_in_process_of_its_own(broker.url, INGESTION_RESEND_AFTER_SECONDS="1")
                sweeps += 1
            try:
                wait_for(lambda: _run_done(run), timeout=60)
            except TimeoutError:
                pytest.fail(
                    f"run not done; {_state(run, broker.url)}\n"
                    f"the new worker said:\n{second.output()[-4000:]}"
                )

    figures = _report(
        "main process killed",
        run,
        started,
        **{
            "articles when killed": done_at_kill,
            "messages it held": unacknowledged,
            "sweeps": sweeps,
        },
    )
    _assert_each_document_once(run, figures)


def test_worker_child_killed_mid_task_every_document_ingested_once(tmp_path):
    folder = write_documents(tmp_path / "docs", DOCUMENTS)
    with redis_server() as broker:
        started = time.monotonic()
        run = _ingest(folder, broker.url)
        with prefork_worker(broker.url, **WORKER_ENV) as worker:
            wait_for(lambda: Article.objects.count() >= 20, timeout=60, interval=0.05)
            # A pool process between two tasks dies without losing anything: the processes
            # are killed when a document has been started and is not finished yet.
            kills = 0
            while LOST_TASK not in worker.output():
                assert kills < 10, "no pool process was killed mid-task:\n" + worker.output()
                wait_for(_started_not_finished, timeout=30, interval=0.005)
                for pid in worker.children():
                    os.kill(pid, signal.SIGKILL)
                kills += 1
                time.sleep(1)
            lost_tasks = worker.output().count(LOST_TASK)
            try:
                wait_for(lambda: _run_done(run), timeout=60)
            except TimeoutError:
                pytest.fail(f"run not done; the worker said:\n{worker.output()[-4000:]}")
            assert worker.process.poll() is None, "the worker itself must go on"

    figures = _report(
        "pool process killed", run, started, **{"kills": kills, "tasks lost": lost_tasks}
    )
    _assert_each_document_once(run, figures)


def test_redis_restarted_mid_run_sweeper_sends_lost_work_again(tmp_path):
    folder = write_documents(tmp_path / "docs", DOCUMENTS)
    with redis_server() as broker, ExitStack() as workers:
        started = time.monotonic()
        run = _ingest(folder, broker.url)
        worker = workers.enter_context(prefork_worker(broker.url, **WORKER_ENV))
        wait_for(lambda: Article.objects.count() >= 20, timeout=60, interval=0.05)
        # Killed and started again empty: every queued message is gone.
        broker.kill()
        broker.start()
        # What the worker had in hand finishes (its acknowledgement has nowhere to go).
        time.sleep(2)
        pending_after_restart = _pending()
        assert pending_after_restart, "the run ended before the restart: nothing was tested"
        sweeps, restarts = [], 0
        deadline = time.monotonic() + 60
        while not _run_done(run):
            assert time.monotonic() < deadline, "run not done:\n" + worker.output()[-4000:]
            if worker.process.poll() is not None:
                # Kombu can fail while closing the lost connection ("Unrecoverable error"):
                # the worker exits, and its supervisor starts it again (compose: restart).
                worker = workers.enter_context(prefork_worker(broker.url, **WORKER_ENV))
                restarts += 1
            if not sweeps or time.monotonic() - sweeps[-1][0] > 10:
                # Beat's every-minute sweep, sooner: anything pending for a second is due.
                report = sweep_in_process_of_its_own(broker.url, INGESTION_RESEND_AFTER_SECONDS="1")
                sweeps.append((time.monotonic(), report))
            time.sleep(0.2)

    figures = _report(
        "redis restarted",
        run,
        started,
        **{
            "pending after restart": pending_after_restart,
            "worker restarts": restarts,
            "sweeps": [report for _, report in sweeps],
        },
    )
    _assert_each_document_once(run, figures)
