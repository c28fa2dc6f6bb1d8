"""Script payloads through every ingested field never run: each page that shows the article,
its people and its claims is opened in Chromium, and no dialog may open."""

from __future__ import annotations

import json

import pytest

from articles.models import Article
from articles.services import raw_document_store
from newsdesk.ingestion.stages import process_raw

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAYLOADS = [
    "<script>alert('s')</script>",
    '"><img src=x onerror=alert("i")>',
    "<svg/onload=alert('v')>",
    "javascript:alert('j')",
    "</title><script>alert('t')</script>",
    "<iframe srcdoc=\"<script>parent.alert('f')</script>\"></iframe>",
]


def _hostile_record() -> bytes:
    joined = " ".join(PAYLOADS)
    body = "\n\n".join(
        [
            f"Foreign Minister Eli Cohen said {joined} talks would resume in Kyiv.",
            f'"We will not accept {PAYLOADS[1]}," Ukraine\'s Dmytro Kuleba told reporters.',
            f"Israel denied that {PAYLOADS[2]} was agreed. {joined}",
        ]
        * 3
    )
    return json.dumps(
        {
            "url": "https://news.example/story?x=\"><script>alert('u')</script>",
            "title": f"Talks in Kyiv {PAYLOADS[0]}",
            "author": f"Ana {PAYLOADS[1]} Ruiz",
            "published": "2023-02-16",
            "body": body,
        }
    ).encode()


def test_no_payload_runs_on_any_page(live_server, page, country_rows):
    raw, _ = raw_document_store(_hostile_record(), media_type="application/json")
    result = process_raw(raw, run_id=None)
    assert result.outcome == "new"
    article = Article.objects.get(pk=result.article_id)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    paths = [
        "/",
        "/articles/",
        f"/articles/{article.pk}/",
        "/articles/?q=talks",
        "/claims/",
        "/people/",
        "/articles/feed/",
        "/api/articles/",
    ]
    mentions = article.mentions.select_related("person", "country")
    people = {m.person.slug for m in mentions if m.person_id}
    countries = sorted({m.country.iso2.lower() for m in mentions if m.country_id})
    paths += [f"/people/{slug}/" for slug in sorted(people)]
    paths += [f"/countries/{code}/" for code in countries]
    if len(countries) >= 2:
        paths.append(f"/relations/{countries[0]}-{countries[1]}/")

    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        page.wait_for_load_state("load")

    assert len(paths) > 10  # the people pages were opened too
    assert dialogs == []
