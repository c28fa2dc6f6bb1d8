"""Duplicate detection keys: canonical URLs, exact content hashes, MinHash signatures.

No Django imports. The database stores `normalise_url(...)`, `content_hash(...)` and
`minhash_signature(...)` per article; the pipeline links an article to an existing one
when the URL or hash is equal (a duplicate) or the signatures are similar (a syndicated
near-copy, e.g. the same wire story on two sites).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

import numpy as np
from datasketch import MinHash

from articles.parsing.normalise import normalise_body

NUM_PERM = 128
SHINGLE_WORDS = 5
# Fixed so that signatures computed by any worker, today or next year, are comparable.
_SEED = 1

# Query parameters that only track a click and never change the page shown.
_TRACKING_EXACT = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
    "mc_cid", "mc_eid", "_ga", "_gl", "ref_src", "ref_url", "cmpid", "ocid", "smid",
    "smtyp", "ito", "__twitter_impression", "spm", "s_cid", "cid_source", "rss", "feature",
}  # fmt: skip
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "vero_", "oly_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_WORD = re.compile(r"\w+")


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return key in _TRACKING_EXACT or key.startswith(_TRACKING_PREFIXES)


def normalise_url(url: str) -> str:
    """Canonical form of an article URL for equality checks.

    Lower-cases scheme and host (IDNA-encoded), drops user info, default ports and the
    fragment, removes tracking parameters (utm_*, fbclid, gclid...), sorts the remaining
    query parameters, normalises percent-encoding, and removes a trailing slash from
    non-root paths. Idempotent. Raises ValueError for a URL without scheme or host.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if not scheme or not host:
        raise ValueError(f"not an absolute URL: {url!r}")
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        host = host.lower()
    netloc = f"[{host}]" if ":" in host else host
    if parts.port and parts.port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{parts.port}"
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=-._~%") or "/"
    path = re.sub(r"/{2,}", "/", path)
    if len(path) > 1:
        path = path.rstrip("/")
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
    )
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def equivalent_urls(canonical: str) -> list[str]:
    """The forms of a normalised URL that name the same story: http or https, with or without
    "www.". (An AMP copy is matched through its page's canonical link, which names the story.)"""
    parts = urlsplit(canonical)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [canonical]
    bare = parts.netloc.removeprefix("www.")
    hosts = {bare, f"www.{bare}"} if "." in bare and not bare.startswith("[") else {bare}
    return sorted(
        urlunsplit((scheme, host, parts.path, parts.query, ""))
        for scheme in ("https", "http")
        for host in hosts
    )


@lru_cache(maxsize=4)
def _normalised(body: str) -> str:
    # A stored article's body is normalised for its hash, then for its shingles: once.
    return normalise_body(body)


def content_hash(body: str) -> str:
    """SHA-256 hex digest of the normalised body: equal for texts differing only in
    whitespace, line endings or Unicode composition."""
    return hashlib.sha256(_normalised(body).encode("utf-8")).hexdigest()


def _shingles(body: str) -> set[bytes]:
    words = _WORD.findall(_normalised(body).casefold())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8")
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def minhash_signature(body: str) -> list[int]:
    """MinHash signature of the body's 5-word shingles: NUM_PERM unsigned 32-bit ints,
    JSON- and database-friendly. Case, punctuation and whitespace do not matter."""
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED)
    shingles = _shingles(body)
    if shingles:
        minhash.update_batch(list(shingles))
    return [int(v) for v in minhash.hashvalues]


def similarity(sig_a: list[int], sig_b: list[int]) -> float:
    """Estimated Jaccard similarity of the two bodies' shingle sets (0.0 to 1.0)."""
    if len(sig_a) != len(sig_b) or not sig_a:
        raise ValueError("signatures must be non-empty and of equal length")
    return float(np.mean(np.asarray(sig_a) == np.asarray(sig_b)))


# Signatures are cut into bands of this many values for the candidate lookup: two bodies
# sharing a whole band are compared in full with `similarity`.
BAND_ROWS = 4


def band_values(signature: list[int]) -> list[tuple[int, int]]:
    """(band number, value) pairs for locality-sensitive lookup: bodies sharing any pair are
    near-duplicate candidates. Values are 64-bit hashes of each band's numbers, shifted to fit a
    signed bigint column; confirm candidates with `similarity`."""
    bands = []
    for band, offset in enumerate(range(0, len(signature) - BAND_ROWS + 1, BAND_ROWS)):
        chunk = ",".join(str(v) for v in signature[offset : offset + BAND_ROWS])
        value = int.from_bytes(hashlib.blake2b(chunk.encode(), digest_size=8).digest(), "big")
        bands.append((band, value - (1 << 63)))
    return bands
