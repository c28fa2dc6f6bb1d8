"""Feeds and article URLs through the in-process pipeline against a local HTTP server."""

from io import StringIO

import pytest
from django.core.management import call_command
from werkzeug import Response

from articles.models import Article, Feed, FeedEntry, IngestionFailure, RawDocument
from newsdesk.common.dispatch import run_synchronously
from newsdesk.ingestion import feeds
from tests.factories import article_html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_fetching")]


def serve_feed(httpserver, slugs, *, etag='"v1"'):
    items = "".join(
        f"<item><title>{slug}</title><link>{httpserver.url_for('/a/' + slug)}</link>"
        f"<guid>{slug}</guid></item>"
        for slug in slugs
    )
    channel = f"<channel><title>Wire</title>{items}</channel>"
    rss = f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss, content_type="application/rss+xml", headers={"ETag": etag}
    )
    for slug in slugs:
        httpserver.expect_request("/a/" + slug).respond_with_data(
            article_html(f"Story {slug}"), content_type="text/html"
        )


def ingest(*sources) -> str:
    out = StringIO()
    call_command("ingest", *sources, "--sync", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_article_url_is_fetched_stored_raw_and_parsed(httpserver):
    httpserver.expect_request("/a/one").respond_with_data(
        article_html("Ministers meet"), content_type="text/html; charset=utf-8"
    )

    output = ingest(httpserver.url_for("/a/one"))

    assert "1 new" in output
    article = Article.objects.get()
    assert article.title == "Ministers meet"
    assert article.url == httpserver.url_for("/a/one")
    raw = article.raw
    assert bytes(raw.content) == article_html("Ministers meet").encode()
    assert raw.headers["content-type"].startswith("text/html")
    assert raw.http_status == 200


def test_feed_url_given_to_ingest_becomes_a_feed_and_its_entries_articles(httpserver):
    serve_feed(httpserver, ["one", "two"])

    output = ingest(httpserver.url_for("/feed.xml"))

    assert "2 new, 0 duplicate, 0 failed" in output
    feed = Feed.objects.get()
    assert (feed.title, feed.etag) == ("Wire", '"v1"')
    assert set(Article.objects.values_list("title", flat=True)) == {"Story one", "Story two"}


def test_feed_entries_seen_before_are_not_fetched_again(httpserver):
    serve_feed(httpserver, ["one"])
    feed = Feed.objects.create(url=httpserver.url_for("/feed.xml"))
    with run_synchronously():
        feeds.poll_feed(feed, run_id=None)
        feed.etag = ""  # force a full response again
        new = feeds.poll_feed(feed, run_id=None).handed_on

    assert new == 0
    assert FeedEntry.objects.count() == 1
    article_requests = [r for r, _ in httpserver.log if r.path == "/a/one"]
    assert len(article_requests) == 1


def test_feed_poll_sends_etag_and_handles_not_modified(httpserver):
    httpserver.expect_request("/feed.xml", headers={"If-None-Match": '"v7"'}).respond_with_data(
        "", status=304
    )
    feed = Feed.objects.create(url=httpserver.url_for("/feed.xml"), etag='"v7"')

    with run_synchronously():
        new = feeds.poll_feed(feed, run_id=None).handed_on

    feed.refresh_from_db()
    assert (new, feed.last_status, feed.etag) == (0, 304, '"v7"')
    assert feed.last_polled_at is not None


def test_unreadable_feed_is_recorded_on_the_feed_and_as_a_failure(httpserver):
    httpserver.expect_request("/feed.xml").respond_with_data(
        "<rss><channel><item>broken", content_type="application/rss+xml"
    )
    feed = Feed.objects.create(url=httpserver.url_for("/feed.xml"))

    with run_synchronously():
        feeds.poll_feed(feed, run_id=None)

    feed.refresh_from_db()
    assert feed.last_error.startswith("not a readable feed")
    assert IngestionFailure.objects.get().stage == "feed"


def test_due_feeds_are_polled_and_rescheduled(httpserver):
    serve_feed(httpserver, ["one"])
    due = Feed.objects.create(url=httpserver.url_for("/feed.xml"), interval_minutes=15)
    Feed.objects.create(url="https://inactive.example/feed", active=False)

    with run_synchronously():
        polled = feeds.poll_due_feeds()

    assert polled == [due.pk]
    due.refresh_from_db()
    assert due.next_poll_at > due.last_polled_at
    assert Article.objects.count() == 1


def test_transient_errors_are_retried_then_succeed(httpserver):
    responses = iter(
        [Response("busy", status=503), Response(article_html("Late story"), mimetype="text/html")]
    )
    httpserver.expect_request("/a/flaky").respond_with_handler(lambda request: next(responses))

    output = ingest(httpserver.url_for("/a/flaky"))

    assert "1 new" in output
    assert Article.objects.get().title == "Late story"


def test_persistent_transient_errors_give_up_and_are_recorded(httpserver):
    httpserver.expect_request("/a/down").respond_with_data("down", status=503)

    output = ingest(httpserver.url_for("/a/down"))

    assert "0 new, 0 duplicate, 1 failed" in output
    failure = IngestionFailure.objects.get()
    assert failure.stage == "fetch"
    assert "gave up after retries: HTTP 503" in failure.reason
    assert len([r for r, _ in httpserver.log if r.path == "/a/down"]) == 3


def test_permanent_http_error_is_recorded_without_retrying(httpserver):
    httpserver.expect_request("/a/missing").respond_with_data("no", status=404)

    output = ingest(httpserver.url_for("/a/missing"))

    assert "1 failed" in output
    assert IngestionFailure.objects.get().reason.startswith("HTTP 404")
    assert len(httpserver.log) == 1
    assert RawDocument.objects.count() == 0


def test_refused_address_is_recorded_as_a_fetch_failure():
    output = ingest("http://127.0.0.1:9/secret")

    assert "1 failed" in output
    assert "non-public address" in IngestionFailure.objects.get().reason


def test_same_url_twice_gives_one_article(httpserver):
    httpserver.expect_request("/a/one").respond_with_data(
        article_html("Once"), content_type="text/html"
    )
    ingest(httpserver.url_for("/a/one"))

    output = ingest(httpserver.url_for("/a/one") + "?utm_source=feed")

    assert "1 duplicate" in output
    assert Article.objects.count() == 1
