"""Ingestion through the real pipeline, in-process (`ingest --sync`), on real PostgreSQL."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, IngestionFailure, IngestionRun, RawDocument
from articles.services import raw_document_process
from entities.models import Claim, Mention, Person
from newsdesk.ingestion.stages import analyse_article

SAMPLES = Path(__file__).resolve().parents[2] / "articles" / "sample_data"

pytestmark = pytest.mark.django_db


def ingest(*sources) -> str:
    out = StringIO()
    call_command("ingest", *[str(s) for s in sources], "--sync", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_sample_folder_becomes_two_analysed_articles():
    output = ingest(SAMPLES)

    assert "2 new, 0 duplicate, 0 failed" in output
    titles = set(Article.objects.values_list("title", flat=True))
    assert titles == {
        "Zelensky seeking Netanyahu visit to Kyiv, Israeli official says",
        "Ukraine claims Israeli defense minister rebuffing requests to speak with counterpart",
    }
    assert Article.objects.filter(analysed_at__isnull=True).count() == 0
    assert RawDocument.objects.filter(status=RawDocument.Status.PARSED).count() == 2
    run = IngestionRun.objects.get()
    assert (run.status, run.expected, run.new) == ("done", 2, 2)
    second = Article.objects.get(title__startswith="Ukraine claims")
    assert second.contributors == ["The Associated Press"]
    first = Article.objects.get(title__startswith="Zelensky")
    archive = [c for c in first.captions if c["archive"]]
    assert [c["text"].startswith("Prime Minister Benjamin Netanyahu") for c in archive] == [True]


def test_same_person_across_the_two_samples_is_one_person():
    ingest(SAMPLES)
    cohen = Person.objects.get(slug="eli-cohen")
    assert Mention.objects.filter(person=cohen).values("article").distinct().count() == 2


def test_reingesting_gives_duplicates_and_no_new_rows():
    ingest(SAMPLES)
    counts = (Article.objects.count(), Mention.objects.count(), Claim.objects.count())

    output = ingest(SAMPLES)

    assert "0 new, 2 duplicate, 0 failed" in output
    assert (Article.objects.count(), Mention.objects.count(), Claim.objects.count()) == counts
    assert RawDocument.objects.count() == 2


def test_same_article_with_other_bytes_is_a_duplicate_by_content(tmp_path):
    original = (SAMPLES / "003_1dca181fe05a6f0c.txt").read_text()
    (tmp_path / "copy.txt").write_text(original + "\n\n")  # different bytes, same article
    ingest(SAMPLES / "003_1dca181fe05a6f0c.txt")

    output = ingest(tmp_path / "copy.txt")

    assert "0 new, 1 duplicate" in output
    assert Article.objects.count() == 1
    assert RawDocument.objects.count() == 2


def test_reanalysing_replaces_mentions_and_claims():
    ingest(SAMPLES / "000_27024b9a8a95804f.txt")
    article = Article.objects.get()
    before = (article.mentions.count(), article.claims.count())

    analyse_article(article)
    analyse_article(article)

    assert (article.mentions.count(), article.claims.count()) == before
    assert before[0] > 0 and before[1] > 0


def test_unknown_file_type_is_refused_with_a_clear_reason(tmp_path):
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4 ...")

    output = ingest(tmp_path / "scan.pdf")

    assert "0 new, 0 duplicate, 1 failed" in output
    failure = IngestionFailure.objects.get()
    assert failure.stage == "read"
    assert "unsupported file type '.pdf'" in failure.reason


def test_bad_input_is_recorded_raw_bytes_kept_and_the_rest_goes_on(tmp_path):
    (tmp_path / "a_empty.txt").write_bytes(b"   \n\n  ")
    (tmp_path / "b_binary.html").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "c_good.txt").write_bytes((SAMPLES / "003_1dca181fe05a6f0c.txt").read_bytes())

    output = ingest(tmp_path)

    assert "1 new, 0 duplicate, 2 failed" in output
    failed = RawDocument.objects.filter(status=RawDocument.Status.FAILED)
    assert failed.count() == 2
    assert {bytes(raw.content) for raw in failed} == {
        b"   \n\n  ",
        bytes(range(256)) * 4,
    }
    assert all(raw.error for raw in failed)
    assert set(IngestionFailure.objects.values_list("stage", flat=True)) == {"parse"}
    assert Article.objects.count() == 1


def test_failed_raw_document_is_retried_when_ingested_again(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    ingest(tmp_path)
    assert RawDocument.objects.get().status == RawDocument.Status.FAILED

    output = ingest(tmp_path)

    # Still bad input, still one raw document, failure recorded again; nothing duplicated.
    assert "1 failed" in output
    assert RawDocument.objects.count() == 1


def test_json_lines_records_become_articles(tmp_path):
    records = [
        {
            "url": "https://news.example/a?utm_source=x",
            "title": "Ministers meet in Vienna",
            "published": "2024-05-02",
            "body": "The foreign ministers of Austria and Hungary met in Vienna on Thursday.\n\n"
            "They discussed energy.",
        },
        {
            "url": "https://news.example/b",
            "title": "Talks end without agreement",
            "published": "2024-05-03",
            "body": "Talks between Serbia and Kosovo ended on Friday without an agreement, "
            "officials said.",
        },
    ]
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")

    output = ingest(path)

    assert "2 new" in output
    first = Article.objects.get(title="Ministers meet in Vienna")
    assert first.published.isoformat() == "2024-05-02"
    assert first.published_source == "metadata"
    assert first.canonical_url == "https://news.example/a"


def test_near_copy_is_linked_to_the_first_article(tmp_path):
    body = (SAMPLES / "003_1dca181fe05a6f0c.txt").read_text()
    lines = body.splitlines()
    # A syndicated copy: same story, one paragraph dropped and a line of its own added.
    copy = "\n".join([*lines[:-2], "Reporting by a partner agency.", lines[-1]])
    (tmp_path / "copy.txt").write_text(copy)
    ingest(SAMPLES / "003_1dca181fe05a6f0c.txt")

    ingest(tmp_path / "copy.txt")

    original, syndicated = Article.objects.order_by("id")
    assert syndicated.near_duplicate_of_id == original.pk
    assert original.near_duplicate_of_id is None


def test_processing_the_same_raw_document_twice_keeps_it_parsed():
    ingest(SAMPLES / "003_1dca181fe05a6f0c.txt")
    raw = RawDocument.objects.get()

    outcome = raw_document_process(raw, run_id=None)

    raw.refresh_from_db()
    assert (outcome.outcome, raw.status) == ("duplicate", "parsed")
    assert Article.objects.count() == 1


def test_every_copy_of_a_widely_copied_story_links_to_the_first_article(tmp_path):
    # More copies than the near-duplicate lookup compares in full (50): the earliest
    # candidates are the ones compared, so the first article is always among them.
    story = (SAMPLES / "003_1dca181fe05a6f0c.txt").read_text()
    for number in range(55):
        (tmp_path / f"copy_{number:02d}.txt").write_text(
            f"{story}\n\nRepublished as copy {number}."
        )

    output = ingest(tmp_path)

    assert "55 new, 0 duplicate, 0 failed" in output
    first, *copies = Article.objects.order_by("id")
    assert first.near_duplicate_of_id is None
    assert {copy.near_duplicate_of_id for copy in copies} == {first.pk}
    assert Article.objects.filter(analysed_at__isnull=True).count() == 0
