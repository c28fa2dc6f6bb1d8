"""Storing a document: the statements it costs, and an article another worker stored first."""

import threading
import time
from pathlib import Path

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from articles.models import Article, RawDocument
from articles.services import raw_document_process, raw_document_store

SAMPLES = Path(__file__).resolve().parents[2] / "articles" / "sample_data"
STORY = (SAMPLES / "003_1dca181fe05a6f0c.txt").read_bytes()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_storing_bytes_outside_a_transaction_is_one_insert_and_again_a_lookup():
    with CaptureQueriesContext(connection) as first:
        raw, created = raw_document_store(STORY, media_type="text/plain", source_path="a.txt")
    with CaptureQueriesContext(connection) as again:
        same, created_again = raw_document_store(STORY, media_type="text/plain")

    # No BEGIN and COMMIT around the insert: in autocommit mode it is a statement of its own.
    assert [q["sql"].split()[0] for q in first.captured_queries] == ["INSERT"]
    assert (created, created_again, same.pk) == (True, False, raw.pk)
    # The insert that conflicts, then the row that was there.
    assert [q["sql"].split()[0] for q in again.captured_queries] == ["INSERT", "SELECT"]


@pytest.mark.django_db
def test_storing_bytes_again_inside_a_transaction_leaves_it_usable():
    raw, _ = raw_document_store(STORY, media_type="text/plain", source_path="a.txt")

    with transaction.atomic():
        same, created = raw_document_store(STORY, media_type="text/plain")
        count = RawDocument.objects.count()

    assert (same.pk, created, count) == (raw.pk, False, 1)


@pytest.mark.django_db
def test_a_new_article_is_stored_and_analysed_under_two_savepoints():
    raw, _ = raw_document_store(STORY, media_type="text/plain", source_path="a.txt")

    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        outcome = raw_document_process(raw, analyse=lambda article: True)

    savepoints = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SAVEPOINT")]
    # One around storing the document (a failure leaves nothing half-written), one that the
    # outlet's get_or_create takes to insert the new outlet; the analysis is the caller's.
    assert (outcome.outcome, len(savepoints)) == ("new", 2)
    assert Article.objects.filter(raw=raw).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_article_stored_meanwhile_by_another_worker_makes_a_duplicate():
    ours, _ = raw_document_store(STORY, media_type="text/plain", source_path="ours.txt")
    # The same story in other bytes: one article by content, two raw documents.
    theirs, _ = raw_document_store(STORY + b"\n", media_type="text/plain", source_path="b.txt")
    stored = threading.Event()
    results = {}

    def other_worker():
        try:
            with transaction.atomic():
                results["theirs"] = raw_document_process(theirs)
                stored.set()
                # Committed only once our insert waits for this transaction: our check for an
                # existing article has then already missed it.
                deadline = time.monotonic() + 30
                while not _waiting_for_a_lock() and time.monotonic() < deadline:
                    time.sleep(0.02)
        finally:
            connections["default"].close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    assert stored.wait(30)
    with transaction.atomic():
        outcome = raw_document_process(ours)
    thread.join()

    ours.refresh_from_db()
    assert results["theirs"].outcome == "new"
    assert (outcome.outcome, outcome.article_id) == ("duplicate", results["theirs"].article_id)
    assert ours.status == RawDocument.Status.DUPLICATE
    assert Article.objects.count() == 1


def _waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0
