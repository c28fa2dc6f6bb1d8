"""Database constraints: the model refuses what the pipeline must never store."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from articles.models import Article, Feed, IngestionRun, RawDocument
from entities.models import Claim, Contradiction, Country, Mention, Person

pytestmark = pytest.mark.django_db


def make_article(**fields) -> Article:
    values = {"title": "A headline", "body": "Some body text.", "content_hash": "h" * 64}
    values.update(fields)
    return Article.objects.create(**values)


def violates(name: str, create) -> None:
    with pytest.raises(IntegrityError, match=name), transaction.atomic():
        create()


def test_every_iso_country_is_loaded():
    assert Country.objects.count() >= 249
    assert Country.objects.get(iso2="UA").iso3 == "UKR"


def test_content_hash_is_unique():
    make_article()
    violates("content_hash", lambda: make_article(title="Other"))


def test_canonical_url_unique_only_when_present():
    make_article(canonical_url="https://example.com/a", content_hash="1" * 64)
    make_article(canonical_url="", content_hash="2" * 64)
    make_article(canonical_url="", content_hash="3" * 64)
    violates(
        "article_unique_canonical_url",
        lambda: make_article(canonical_url="https://example.com/a", content_hash="4" * 64),
    )


def test_date_needs_a_source_and_a_source_needs_a_date():
    violates(
        "article_published_has_source",
        lambda: make_article(published=date(2023, 2, 22), published_source="none"),
    )
    violates(
        "article_published_has_source",
        lambda: make_article(published=None, published_source="inferred"),
    )
    make_article(
        published=date(2023, 2, 22), published_source="inferred", published_precision="day"
    )


def test_enumerations_are_checked():
    violates(
        "article_published_source_valid",
        lambda: make_article(published=date(2023, 1, 1), published_source="guess"),
    )
    violates(
        "rawdocument_status_valid",
        lambda: RawDocument.objects.create(content=b"x", sha256="a" * 64, status="odd"),
    )
    violates(
        "ingestionrun_status_valid", lambda: IngestionRun.objects.create(source="x", status="odd")
    )
    violates(
        "feed_interval_positive",
        lambda: Feed.objects.create(url="https://e.com/f", interval_minutes=0),
    )


def test_mention_is_of_a_person_or_a_country_never_both_and_spans_are_ordered():
    article = make_article()
    person = Person.objects.create(name="Ada Example", slug="ada-example")
    israel = Country.objects.get(iso2="IL")
    span = {"article": article, "location": "body", "start": 0, "end": 4, "text": "Some"}
    violates("mention_person_xor_country", lambda: Mention.objects.create(**span))
    violates(
        "mention_person_xor_country",
        lambda: Mention.objects.create(person=person, country=israel, **span),
    )
    violates(
        "mention_span_valid",
        lambda: Mention.objects.create(person=person, **{**span, "start": 4, "end": 4}),
    )
    violates(
        "mention_location_valid",
        lambda: Mention.objects.create(country=israel, **{**span, "location": "footer"}),
    )


def test_claim_enumerations_and_confidence_range():
    article = make_article()
    base = {
        "article": article, "text": "x y z", "start": 0, "end": 5,
        "speaker_label": "an official", "speaker_kind": "anonymous", "cue": "said",
    }  # fmt: skip
    Claim.objects.create(**base, event_type="consult", stance="deny")
    violates(
        "claim_speaker_kind_valid",
        lambda: Claim.objects.create(**{**base, "speaker_kind": "alien"}),
    )
    violates("claim_stance_valid", lambda: Claim.objects.create(**base, stance="maybe"))
    violates("claim_event_type_valid", lambda: Claim.objects.create(**base, event_type="party"))
    violates("claim_confidence_range", lambda: Claim.objects.create(**base, confidence=1.5))


def test_merged_person_needs_a_target_and_not_itself():
    person = Person.objects.create(name="Ada Example", slug="ada-example")
    violates(
        "person_merged_has_target",
        lambda: Person.objects.create(name="A. Example", slug="a-example", status="merged"),
    )
    person.status, person.merged_into = "merged", person
    violates("person_not_merged_into_self", lambda: person.save())


def test_contradiction_pair_is_stored_once_in_id_order():
    article = make_article()
    base = {
        "article": article, "text": "x y z", "start": 0, "end": 5,
        "speaker_label": "an official", "speaker_kind": "anonymous", "cue": "said",
    }  # fmt: skip
    first, second = Claim.objects.create(**base), Claim.objects.create(**base, stance="deny")
    Contradiction.objects.create(claim=first, other=second, reason="denial")
    violates(
        "contradiction_ordered",
        lambda: Contradiction.objects.create(claim=second, other=first, reason="r"),
    )
    violates(
        "contradiction_unique_pair",
        lambda: Contradiction.objects.create(claim=first, other=second, reason="r"),
    )
