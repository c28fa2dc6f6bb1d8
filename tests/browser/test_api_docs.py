"""The API's docs page: Swagger UI draws the operations, with nothing loaded from elsewhere."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    # live_server flushes the database after the test; serialized_rollback puts the
    # migration-loaded rows (countries, content types) back for the tests that follow.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_api_docs_show_the_operations_and_load_only_from_the_site(live_server, page, screenshot):
    requested, answered = [], {}
    page.on("request", lambda request: requested.append(request.url))
    page.on("response", lambda response: answered.update({response.url: response.status}))

    page.goto(f"{live_server.url}/api/docs/")

    articles = page.locator('.opblock-summary-path[data-path="/api/articles/"]')
    # Swagger UI's script is large; a busy machine parses it slowly.
    expect(articles.first).to_be_visible(timeout=30_000)
    assert all(status == 200 for status in answered.values()), answered
    # Swagger UI puts zero-width spaces into paths so that they can wrap.
    text = page.locator("#swagger-ui").inner_text().replace("\u200b", "")
    for path in ("/api/articles/", "/api/people/", "/api/countries/", "/api/claims/"):
        assert path in text
    expect(page.get_by_role("heading", name="Newsdesk API")).to_be_visible()
    screenshot(page, "api-docs-desktop")

    origin = f"{live_server.url}/"
    assert any("/api/schema/" in url for url in requested), requested
    elsewhere = [url for url in requested if not url.startswith(origin)]
    assert elsewhere == [], f"requests outside {origin}: {elsewhere}"
