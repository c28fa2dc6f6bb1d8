"""`benchmark pages` and `benchmark ingest --source`: what they measure, not how fast."""

from __future__ import annotations

import random

import pytest

from articles.dedupe import minhash_signature, similarity
from newsdesk.benchmarks import runs, seeding
from newsdesk.benchmarks.stock import STOCK_URL

PAGE = """<html><head><title>Ministers meet on grain exports</title>
<link rel="canonical" href="https://example.org/grain"><meta property="og:url"
content="https://example.org/grain"></head><body>
<article><h1>Ministers meet on grain exports</h1>
<p>The foreign ministers of both countries met in the capital on Tuesday to discuss grain
exports through the corridor, officials said after the talks ended late in the evening.</p>
<p>Negotiations on the shipping insurance scheme will continue next week, according to a
statement released by the ministry, which described the meeting as constructive and useful.</p>
</article></body></html>"""


def test_varied_pages_are_not_near_duplicates_of_their_source():
    rng = random.Random(1)
    words = " ".join(PAGE.split())

    copies = [runs.vary_html(PAGE, rng) for _ in range(3)]

    original = minhash_signature(words)
    for copy in copies:
        assert copy != PAGE
        assert "<p>" in copy and "</title>" in copy
        assert "example.org/grain" not in copy
        assert similarity(original, minhash_signature(" ".join(copy.split()))) < 0.5


def test_html_source_items_are_distinct_pages(tmp_path):
    (tmp_path / "one.html").write_text(PAGE)

    items = runs._bench_items(4, rng=random.Random(2), label="t", source=tmp_path)

    assert [item.media_type for item in items] == ["text/html"] * 4
    assert len({item.content for item in items}) == 4


@pytest.mark.django_db
def test_pages_measures_the_stock_list_and_the_largest_entities():
    seeding.seed(articles=60, rng_seed=4, vacuum=False, out=lambda *_: None)
    lines = []

    urls = runs.default_urls()
    rows = runs.pages(urls, repeat=1, out=lines.append)

    assert any(url.startswith("/relations/") for url in urls)
    assert any(url.startswith("/countries/") for url in urls)
    assert any(url.startswith("/people/") for url in urls)
    assert rows[0]["url"] == STOCK_URL
    assert {row["status"] for row in rows} == {200}
    assert all("x_p50" in row for row in rows[1:])
    assert lines[0].startswith("load average") and lines[-1].startswith("load average")
