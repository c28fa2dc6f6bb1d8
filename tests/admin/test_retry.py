"""Retrying a recorded failure runs its stage again: fetch, parse or analyse."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from articles.models import Article, IngestionFailure, IngestionRun, RawDocument
from newsdesk.common.dispatch import run_synchronously
from newsdesk.ingestion.stages import fetch_url
from tests.factories import ArticleFactory, article_html

pytestmark = pytest.mark.usefixtures("local_fetching")


def retry(client, failures):
    with run_synchronously():
        return client.post(
            reverse("admin:articles_ingestionfailure_changelist"),
            {"action": "retry", ACTION_CHECKBOX_NAME: [f.pk for f in failures]},
            follow=True,
        )


def test_retry_fetches_a_failed_url_again_in_a_new_run(desk_editor, httpserver):
    url = httpserver.url_for("/a/ministers")
    httpserver.expect_oneshot_request("/a/ministers").respond_with_data("gone", status=404)
    with run_synchronously():
        fetch_url(url, run_id=None)
    failure = IngestionFailure.objects.get(stage="fetch")
    assert failure.source == url
    httpserver.expect_request("/a/ministers").respond_with_data(
        article_html("Ministers meet"), content_type="text/html"
    )

    response = retry(desk_editor, [failure])

    run = IngestionRun.objects.get(kind="retry")
    assert (run.source, run.new, run.failed, run.status) == (url, 1, 0, "done")
    article = Article.objects.get()
    assert (article.title, article.url) == ("Ministers meet", url)
    failure.refresh_from_db()
    assert failure.resolved
    assert f"1 URL(s) fetched again (run #{run.pk})" in response.content.decode()
    runs = desk_editor.get(reverse("admin:articles_ingestionrun_changelist"), {"id__in": run.pk})
    assert [r.pk for r in runs.context["cl"].result_list] == [run.pk]


def test_retry_parses_a_failed_raw_document_again(desk_editor, newsroom):
    response = retry(desk_editor, [newsroom.failure])
    newsroom.failed_raw.refresh_from_db()
    # The bytes are still not an article: parsed again and failed again, with a new record.
    assert newsroom.failed_raw.status == RawDocument.Status.FAILED
    assert IngestionFailure.objects.filter(raw=newsroom.failed_raw).count() == 2
    assert "1 raw document(s) parsed again" in response.content.decode()


def test_retry_reextracts_an_article_whose_analysis_failed(desk_editor, db):
    article = ArticleFactory(
        body="Israeli Foreign Minister Eli Cohen said Israel would not send Patriot systems."
    )
    failure = IngestionFailure.objects.create(
        article=article, source=article.url, stage="analyse", reason="timed out"
    )
    response = retry(desk_editor, [failure])
    article.refresh_from_db()
    assert article.analysed_at is not None
    assert article.claims.count() == 1
    assert "1 article(s) re-extracted" in response.content.decode()


def test_retry_says_what_it_cannot_retry(desk_editor, db):
    failure = IngestionFailure.objects.create(
        source="/data/feeds/old.bin", stage="read", reason="unsupported file type '.bin'"
    )
    response = retry(desk_editor, [failure])
    assert "ingest the file again" in response.content.decode()
    failure.refresh_from_db()
    assert not failure.resolved
