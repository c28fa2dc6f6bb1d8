"""Duplicate keys: URL normalisation, content hashes and MinHash signatures."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles.dedupe import (
    NUM_PERM,
    band_values,
    content_hash,
    minhash_signature,
    normalise_url,
    similarity,
)

SAMPLES = Path(__file__).resolve().parents[2] / "articles" / "sample_data"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "HTTPS://News.Example.COM:443/World/Story/?utm_source=tw&b=2&a=1&fbclid=x#comments",
            "https://news.example.com/World/Story?a=1&b=2",
        ),
        ("http://example.com:80", "http://example.com/"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com/a?gclid=1&utm_medium=email", "https://example.com/a"),
        ("https://example.com/caf%C3%A9", "https://example.com/caf%C3%A9"),
        ("https://example.com/café", "https://example.com/caf%C3%A9"),
        ("https://example.com/a?id=7&page=2", "https://example.com/a?id=7&page=2"),
    ],
)
def test_normalise_url(url, expected):
    assert normalise_url(url) == expected


def test_normalise_url_rejects_relative():
    with pytest.raises(ValueError):
        normalise_url("/just/a/path")


_url_parts = st.text(alphabet="abcXYZ019-_.~%/", max_size=20)


@given(
    path=_url_parts,
    query=st.lists(st.tuples(st.sampled_from(["a", "B", "utm_x", "id"]), _url_parts), max_size=4),
)
def test_normalise_url_is_idempotent(path, query):
    url = "https://Example.org/" + path + "?" + "&".join(f"{k}={v}" for k, v in query)
    once = normalise_url(url)
    assert normalise_url(once) == once


def test_content_hash_ignores_whitespace_and_composition():
    composed = "Caf\u00e9 talks resumed.\n\nThey ended."
    decomposed = "Cafe\u0301   talks resumed.\r\n\r\n\r\n  They ended.  "
    assert content_hash(composed) == content_hash(decomposed)
    assert content_hash(composed) != content_hash("Cafe talks resumed.\n\nThey ended.")
    assert len(content_hash(composed)) == 64


def test_signature_is_serialisable_uint32():
    signature = minhash_signature("the quick brown fox jumps over the lazy dog again")
    assert len(signature) == NUM_PERM
    assert all(isinstance(v, int) and 0 <= v < 2**32 for v in signature)


def test_near_copy_is_similar_and_other_story_is_not():
    seeds = sorted(SAMPLES.glob("*.txt"))
    first, second = (path.read_text() for path in seeds[:2])
    syndicated = first.replace("Kyiv", "Kiev", 1) + "\n\nCopyright 2023 a syndication partner."
    assert similarity(minhash_signature(first), minhash_signature(syndicated)) > 0.8
    assert similarity(minhash_signature(first), minhash_signature(second)) < 0.2


def test_band_values_shared_by_near_copies():
    text = " ".join(f"word{i}" for i in range(300))
    near = text.replace("word150", "changed")
    other = " ".join(f"term{i}" for i in range(300))
    keys = set(band_values(minhash_signature(text)))
    assert keys & set(band_values(minhash_signature(near)))
    assert not keys & set(band_values(minhash_signature(other)))


@given(st.text(max_size=300))
def test_similarity_with_itself_is_one(text):
    signature = minhash_signature(text)
    assert similarity(signature, signature) == 1.0
