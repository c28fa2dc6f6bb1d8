"""Input that once raised out of the parse stage: every case ends as a stored article or a
recorded failure, never as a document left pending (real PostgreSQL, the real stage)."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article, IngestionFailure, IngestionRun, RawDocument
from articles.services import raw_document_store, run_start
from newsdesk.ingestion.stages import process_raw

pytestmark = pytest.mark.django_db

BODY = "The foreign minister said the talks would continue next week in the capital. " * 8


def _json(**record) -> bytes:
    # ensure_ascii keeps lone surrogates as \\ud800 escapes, as a hostile file would carry them.
    return json.dumps({"title": "Talks resume", "body": BODY, **record}).encode()


def _html(head: str) -> bytes:
    return (
        f"<html><head><title>Talks resume</title>{head}</head><body><article>"
        f"<h1>Talks resume</h1><p>{BODY}</p></article></body></html>"
    ).encode()


CASES = {
    "surrogate in title": (_json(title="Talks \ud800 resume"), "application/json"),
    "surrogate in body": (_json(body=BODY + " \udfff end"), "application/json"),
    "surrogate in author": (_json(author="Ana \ud83d Ruiz"), "application/json"),
    "surrogate in url": (_json(url="https://news.example/a\udc00b"), "application/json"),
    "NUL in url": (_json(url="https://news.example/a\u0000b"), "application/json"),
    "NUL in body": (_json(body=BODY + "\u0000"), "application/json"),
    "bad port in JSON url": (_json(url="https://news.example:99999/a"), "application/json"),
    "bad port in canonical link": (
        _html('<link rel="canonical" href="https://news.example:99999/a">'),
        "text/html",
    ),
    "bad port in og:url": (
        _html('<meta property="og:url" content="https://news.example:70000/a">'),
        "text/html",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_document_is_stored_or_recorded_never_left_pending(name):
    content, media_type = CASES[name]
    run = run_start(name, kind="manual", expected=1)
    raw, _ = raw_document_store(content, media_type=media_type, source_path=name, run_id=run.pk)

    result = process_raw(raw, run_id=run.pk)

    raw.refresh_from_db()
    run.refresh_from_db()
    assert raw.status != RawDocument.Status.PENDING
    assert run.status == IngestionRun.Status.DONE
    if result.outcome == "failed":
        failure = IngestionFailure.objects.get(raw=raw)
        assert failure.reason == result.reason != ""
    else:
        article = Article.objects.get(pk=result.article_id)
        assert article.title.startswith("Talks")
        assert "\x00" not in article.body + article.url + article.title
        assert article.body.startswith("The foreign minister said")


def test_surrogates_and_nul_become_storable_text():
    raw, _ = raw_document_store(CASES["surrogate in title"][0], media_type="application/json")

    result = process_raw(raw, run_id=None)

    assert result.outcome == "new"
    assert Article.objects.get(pk=result.article_id).title == "Talks \ufffd resume"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    title=st.text(min_size=1, max_size=40),
    url=st.text(max_size=40),
    author=st.text(max_size=20),
)
def test_any_json_record_is_stored_or_recorded(title, url, author):
    content = json.dumps({"title": title, "url": url, "author": author, "body": BODY}).encode()
    raw, _ = raw_document_store(content, media_type="application/json")

    result = process_raw(raw, run_id=None)

    raw.refresh_from_db()
    assert raw.status != RawDocument.Status.PENDING
    assert result.outcome in ("new", "duplicate", "failed")
