"""One story is one article whatever URL form it came by; bad local files are refused under
their own names; stored fields are bounded (the real in-process pipeline, real PostgreSQL)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from articles.dedupe import equivalent_urls, normalise_url
from articles.models import Article, IngestionFailure, IngestionRun
from articles.services import MAX_TITLE

pytestmark = pytest.mark.django_db

BODY = (
    "Ministers from both countries met in the capital on Tuesday and agreed to resume "
    "regular consultations on trade, energy and security. "
) * 6


def ingest(*paths) -> str:
    out = StringIO()
    call_command("ingest", *map(str, paths), "--sync", stdout=out, stderr=StringIO())
    return out.getvalue()


def _record(tmp_path, name, **fields):
    path = tmp_path / name
    path.write_text(json.dumps({"title": "Talks resume", "body": BODY, **fields}))
    return path


def test_equivalent_urls_cover_scheme_and_www():
    canonical = normalise_url("http://www.news.example/world/talks?id=3")

    assert equivalent_urls(canonical) == [
        "http://news.example/world/talks?id=3",
        "http://www.news.example/world/talks?id=3",
        "https://news.example/world/talks?id=3",
        "https://www.news.example/world/talks?id=3",
    ]


@pytest.mark.parametrize(
    "second",
    [
        "http://news.example/world/talks",  # http for https
        "https://www.news.example/world/talks",  # www.
    ],
)
def test_url_variants_of_one_story_give_one_article(tmp_path, second):
    first = _record(tmp_path, "a.json", url="https://news.example/world/talks")
    # Edited copy (different bytes and body), so only the URL can tell it is the same story.
    copy = _record(tmp_path, "b.json", url=second, body=BODY + " Updated at noon.")

    ingest(first)
    output = ingest(copy)

    assert "0 new, 1 duplicate" in output
    assert Article.objects.count() == 1


def test_amp_copy_is_the_story_its_canonical_link_names(tmp_path):
    story = _record(tmp_path, "a.json", url="https://news.example/world/talks")
    amp = tmp_path / "amp.json"
    amp.write_text(
        json.dumps(
            {
                "url": "https://news.example/world/talks/amp",
                "title": "Talks resume",
                "html": (
                    '<html><head><link rel="canonical" href="http://www.news.example/world/talks">'
                    f"</head><body><article><h1>Talks resume</h1><p>{BODY} AMP.</p>"
                    "</article></body></html>"
                ),
            }
        )
    )

    ingest(story)
    output = ingest(amp)

    assert "1 duplicate" in output
    assert Article.objects.count() == 1


def test_empty_files_are_each_reported_under_their_own_name(tmp_path):
    (tmp_path / "one.txt").write_text("")
    (tmp_path / "two.txt").write_text("")

    ingest(tmp_path / "one.txt")
    ingest(tmp_path / "two.txt")

    sources = set(IngestionFailure.objects.values_list("source", flat=True))
    assert sources == {str(tmp_path / "one.txt"), str(tmp_path / "two.txt")}
    assert "same content as" in IngestionFailure.objects.get(source__endswith="two.txt").reason


def test_oversized_local_file_is_refused_unread(tmp_path, settings):
    settings.INGEST_MAX_FILE_BYTES = 2048
    big = _record(tmp_path, "big.json", body=BODY * 10)

    output = ingest(big)

    failure = IngestionFailure.objects.get()
    assert (failure.stage, failure.source) == ("read", str(big))
    assert failure.reason.startswith("file too large")
    assert "0 new, 0 duplicate, 1 failed" in output
    assert IngestionRun.objects.get().status == "done"


def test_a_megabyte_title_is_cut(tmp_path):
    ingest(_record(tmp_path, "long.json", title="Talks " + "x" * 1_000_000))

    assert len(Article.objects.get().title) == MAX_TITLE
