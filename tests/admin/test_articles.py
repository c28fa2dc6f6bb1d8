"""Article, raw document, feed and failure actions: they call services that enqueue work."""

from __future__ import annotations

import datetime

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from articles.models import Article, Feed, IngestionFailure, IngestionRun, RawDocument
from newsdesk.common.paginators import EstimatedCountPaginator


def post_action(client, model, action, rows):
    url = reverse(f"admin:articles_{model}_changelist")
    return client.post(url, {"action": action, ACTION_CHECKBOX_NAME: [r.pk for r in rows]})


def test_reextract_enqueues_one_analysis_per_article(
    editor, newsroom, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post_action(editor, "article", "reextract", [newsroom.article])
    assert response.status_code == 302
    assert len(callbacks) == 1


def test_reprocess_enqueues_only_failed_or_pending_documents(
    editor, newsroom, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post_action(editor, "rawdocument", "reprocess", [newsroom.raw, newsroom.failed_raw])
    assert len(callbacks) == 1  # the parsed one already has its article
    run = IngestionRun.objects.get(kind="reprocess")
    assert (run.expected, run.status) == (1, IngestionRun.Status.RUNNING)


def test_reprocess_of_parsed_documents_enqueues_nothing(
    editor, newsroom, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post_action(editor, "rawdocument", "reprocess", [newsroom.raw])
    assert callbacks == []
    assert not IngestionRun.objects.filter(kind="reprocess").exists()


def test_reprocess_from_failures_enqueues_their_documents(
    editor, newsroom, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post_action(editor, "ingestionfailure", "reprocess_raw", [newsroom.failure])
    assert len(callbacks) == 1


def test_poll_now_enqueues_a_poll_with_a_new_run(
    editor, newsroom, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post_action(editor, "feed", "poll_now", [newsroom.feed])
    assert len(callbacks) == 1
    assert IngestionRun.objects.filter(kind="feed", source=f"feed {newsroom.feed.pk}").exists()
    # Not due again until a full interval from now, so beat does not poll it a second time.
    now = datetime.datetime.now(datetime.UTC)
    assert not Feed.objects.filter(pk=newsroom.feed.pk, next_poll_at__lte=now).exists()


def test_mark_resolved(editor, newsroom):
    post_action(editor, "ingestionfailure", "mark_resolved", [newsroom.failure])
    assert IngestionFailure.objects.get(pk=newsroom.failure.pk).resolved is True


def test_hide_and_show(editor, newsroom):
    post_action(editor, "article", "hide", [newsroom.article])
    assert Article.objects.get(pk=newsroom.article.pk).status == Article.Status.HIDDEN
    post_action(editor, "article", "show", [newsroom.article])
    assert Article.objects.get(pk=newsroom.article.pk).status == Article.Status.PUBLISHED


def change_article(client, article, **fields):
    data = {
        "title": article.title,
        "standfirst": article.standfirst,
        "byline": "\n".join(article.byline),
        "outlet": article.outlet_id or "",
        "status": article.status,
        "published": article.published.isoformat() if article.published else "",
        "published_precision": article.published_precision,
        # The inlines' management forms (no rows are added or changed).
        **{
            f"{prefix}-{key}": value
            for prefix, total in (
                ("mentions", article.mentions.count()),
                ("claims", article.claims.count()),
                ("failures", 0),
                ("reextraction_reports", 0),
            )
            for key, value in (("TOTAL_FORMS", total), ("INITIAL_FORMS", total))
        },
    }
    for index, claim in enumerate(article.claims.order_by("location", "start")):
        data[f"claims-{index}-id"] = claim.pk
        data[f"claims-{index}-article"] = article.pk
        data[f"claims-{index}-review_status"] = claim.review_status
    for index, mention in enumerate(article.mentions.order_by("location", "start")):
        data[f"mentions-{index}-id"] = mention.pk
        data[f"mentions-{index}-article"] = article.pk
    data.update(fields)
    return client.post(reverse("admin:articles_article_change", args=[article.pk]), data)


def test_date_correction_is_recorded_as_the_editors(editor, newsroom):
    response = change_article(
        editor, newsroom.article, published="2023-10-05", published_precision="day"
    )
    assert response.status_code == 302
    article = Article.objects.get(pk=newsroom.article.pk)
    assert (article.published, article.published_source, article.published_precision) == (
        datetime.date(2023, 10, 5), Article.DateSource.EDITOR, Article.DatePrecision.DAY,
    )  # fmt: skip


def test_date_cannot_be_cleared(editor, newsroom):
    response = change_article(editor, newsroom.article, published="")
    assert response.status_code == 200  # the form again, with the error
    article = Article.objects.get(pk=newsroom.article.pk)
    assert article.published_source == Article.DateSource.INFERRED


def test_unchanged_date_keeps_its_provenance(editor, newsroom):
    response = change_article(editor, newsroom.article, status="hidden")
    assert response.status_code == 302
    article = Article.objects.get(pk=newsroom.article.pk)
    assert (article.status, article.published_source) == ("hidden", "inferred")


def test_claim_reviewed_in_the_article_inline(editor, newsroom):
    claims = list(newsroom.article.claims.order_by("location", "start"))
    response = change_article(editor, newsroom.article, **{"claims-0-review_status": "verified"})
    assert response.status_code == 302
    claims[0].refresh_from_db()
    assert claims[0].review_status == "verified"


def test_raw_document_list_does_not_count_the_whole_table(editor, newsroom):
    response = editor.get(reverse("admin:articles_rawdocument_changelist"))
    assert response.context["cl"].full_result_count is None
    assert RawDocument.objects.count() == response.context["cl"].result_count == 2


def test_paginator_caps_the_count_of_a_filtered_list(newsroom):

    class TinyCap(EstimatedCountPaginator):
        cap = 1

    filtered = RawDocument.objects.filter(media_type="text/html").order_by("pk")
    assert TinyCap(filtered, per_page=1).count == 1
    assert EstimatedCountPaginator(filtered, per_page=1).count == 2
