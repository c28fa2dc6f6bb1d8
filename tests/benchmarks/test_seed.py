"""`benchmark seed`: skewed, reproducible, consistent with what the pages expect."""

from __future__ import annotations

import pytest
from django.db.models import Count

from articles.models import Article
from entities.models import Claim, Mention
from newsdesk.benchmarks import seeding

pytestmark = pytest.mark.django_db


def quiet(*_args) -> None:
    pass


def snapshot() -> list[tuple]:
    return list(
        Article.objects.order_by("content_hash").values_list(
            "content_hash", "title", "body", "published", "outlet__name"
        )
    )


def test_seed_is_reproducible_from_its_seed():
    seeding.seed(articles=30, rng_seed=3, vacuum=False, out=quiet)
    first = snapshot()
    Article.objects.all().delete()

    seeding.seed(articles=30, rng_seed=3, vacuum=False, out=quiet)

    assert snapshot() == first


def test_seed_popularity_is_skewed_and_some_articles_are_undated():
    seeding.seed(articles=300, rng_seed=5, vacuum=False, out=quiet)

    per_country = list(
        Mention.objects.filter(country__isnull=False)
        .values("country")
        .annotate(n=Count("article", distinct=True))
        .order_by("-n")
        .values_list("n", flat=True)
    )
    assert per_country[0] > 5 * per_country[len(per_country) // 2]
    assert Article.objects.filter(published__isnull=True).exists()
    assert Article.objects.filter(published__isnull=False).count() > 250


def test_seed_mentions_and_claims_point_at_their_text():
    seeding.seed(articles=40, rng_seed=9, vacuum=False, out=quiet)

    for mention in Mention.objects.select_related("article", "person", "country")[:200]:
        assert mention.article.body[mention.start : mention.end] == mention.text
        assert mention.text == (mention.person or mention.country).name
    for claim in Claim.objects.select_related("article", "speaker_person")[:100]:
        assert claim.article.body[claim.start : claim.end] == claim.text
        assert claim.text.startswith(claim.speaker_person.name)
        assert claim.speaker_country_id == claim.speaker_person.country_id
