"""The Wikinews demo set that `make demo` ingests: every record becomes an article whose page
shows the text's licence and attribution."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article

DEMO = Path(__file__).resolve().parents[2] / "articles" / "demo_data" / "wikinews.jsonl"

pytestmark = pytest.mark.django_db


def test_demo_articles_are_ingested_with_their_attribution(client):
    out = StringIO()
    call_command("ingest", str(DEMO), "--sync", stdout=out, stderr=StringIO())

    assert "24 new, 0 duplicate, 0 failed" in out.getvalue()
    article = Article.objects.get(title__startswith="After visa snags")
    assert article.published.isoformat() == "2017-07-18"
    assert article.mentions.filter(person__name="Donald Trump").exists()
    page = client.get(f"/articles/{article.pk}/").content.decode()
    assert "licensed CC BY 2.5" in page
    assert "en.wikinews.org/wiki/After_visa_snags" in page
    assert Article.objects.exclude(rights__contains="CC BY 2.5").count() == 0
