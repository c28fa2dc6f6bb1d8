"""Hostile input sizes finish: no backtracking or all-pairs blow-up in the extractors."""

from __future__ import annotations

import time

from entities.extract.analysis import analyse, article_text
from entities.extract.contradictions import MAX_CLAIMS, find_contradictions
from entities.extract.outlets import outlets_written
from entities.extract.types import ArticleText, ClaimResult, Speaker

HANG_GUARD_SECONDS = 60  # generous: this guards against a hang, it measures nothing


def test_outlet_pattern_is_linear_on_one_huge_capitalised_token():
    body = "A" * 1_000_000 + " said so, The Jerusalem Post reported."
    started = time.perf_counter()
    found = outlets_written(ArticleText(title="x", body=body))
    elapsed = time.perf_counter() - started
    print(f"1 MB capitalised token: {elapsed:.3f} s")
    assert "Jerusalem Post" in found
    assert elapsed < HANG_GUARD_SECONDS


def test_contradictions_on_half_a_megabyte_of_claims_finish():
    claims = []
    speaker = Speaker(label="an official", kind="anonymous")
    while sum(len(c.text) for c in claims) < 500_000:
        n = len(claims)
        text = f"there was no meeting about grain shipment number {n} in the port {n % 7}"
        stance = "deny" if n % 2 else "assert"
        claims.append(ClaimResult(text=text, start=0, end=1, location="body",
                                  speaker=speaker, cue="said", stance=stance))  # fmt: skip
    started = time.perf_counter()
    found = find_contradictions(claims)
    elapsed = time.perf_counter() - started
    print(f"{len(claims)} claims: {elapsed:.3f} s, {len(found)} conflicts")
    assert all(j < MAX_CLAIMS for _i, j, _r in found)
    assert found
    assert elapsed < HANG_GUARD_SECONDS


def test_contradictions_still_found_between_claims_sharing_a_word():
    speaker = Speaker(label="Kyiv", kind="government", country="UA")
    other = Speaker(label="Jerusalem", kind="government", country="IL")
    claims = [
        ClaimResult("Reznikov sent a request for a call", 0, 1, "body", speaker, "said"),
        ClaimResult("the weather was fine", 0, 1, "body", speaker, "said"),
        ClaimResult("there was no request for a call", 0, 1, "body", other, "said"),
    ]
    assert [(i, j) for i, j, _r in find_contradictions(claims)] == [(0, 2)]


def test_an_article_keeps_at_most_max_claims():
    sentence = "The minister said talks with Kyiv would resume on day {}. "
    body = "".join(sentence.format(i) for i in range(MAX_CLAIMS + 200))
    text = article_text(
        title="Talks", body=body, standfirst=None, captions=[], byline=[], outlet=None
    )

    claims = analyse(text).claims

    assert len(claims) == MAX_CLAIMS
