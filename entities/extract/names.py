"""Person-name normalisation and matching, used to find one person across articles.

No Django imports: the resolver stores `normalize_name` in `Alias.normalized` and asks
`best_match` which known name a new spelling belongs to.
"""

from __future__ import annotations

import unicodedata

import regex
from rapidfuzz import fuzz

# Full names scoring at least this (token-sort ratio of normalised forms) are one person:
# "zelensky"/"zelenskyy"/"zelenskiy", "volodymr"/"volodymyr" pass; two different people
# sharing a surname ("eli cohen"/"yossi cohen") stay below it, because given names must
# match too (see `same_person`).
FUZZY_THRESHOLD = 85
_TITLES = regex.compile(r"^(?:(?:mr|mrs|ms|dr|prof|sir|rabbi|gen|col|lt|sen|rep|gov)\.?\s+)+")


def normalize_name(name: str) -> str:
    """Lower-case ASCII form of a name for lookups: accents, apostrophes, hyphens, honorifics
    and possessives removed, whitespace collapsed ("Ze’ev Elkin's" -> "zeev elkin")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = regex.sub(r"['’]s\b", "", text)
    text = regex.sub(r"['’`.]", "", text)
    text = regex.sub(r"[^\p{L}\p{N}]+", " ", text).strip()
    return _TITLES.sub("", text).strip()


def surname(name: str) -> str:
    """Last word of the normalised name ("" for an empty name)."""
    parts = normalize_name(name).split()
    return parts[-1] if parts else ""


def same_person(a: str, b: str) -> bool:
    """True when two written names plausibly name the same person.

    Surnames must be near-identical (transliteration variants) and given names must agree
    when both are present; one side may be the surname alone or an initial.
    """
    na, nb = normalize_name(a).split(), normalize_name(b).split()
    if not na or not nb:
        return False
    if fuzz.ratio(na[-1], nb[-1]) < FUZZY_THRESHOLD:
        return False
    if len(na) == 1 or len(nb) == 1:
        return True
    ga, gb = na[0], nb[0]
    if len(ga) == 1 or len(gb) == 1:
        return ga[0] == gb[0]
    return (
        fuzz.ratio(ga, gb) >= FUZZY_THRESHOLD - 10
        and fuzz.token_sort_ratio(" ".join(na), " ".join(nb)) >= FUZZY_THRESHOLD
    )


def best_match(name: str, candidates: dict[int, list[str]]) -> int | None:
    """Key of the one candidate whose names match `name` (see `same_person`), else None.

    `candidates` maps a key (a person id) to that person's known full names. A surname
    alone matches only when exactly one candidate has it; a full name takes the highest
    scoring candidate, and ties between different candidates give None.
    """
    scored: list[tuple[float, int]] = []
    for key, names in candidates.items():
        score = max(
            (fuzz.token_sort_ratio(normalize_name(name), normalize_name(n))
             for n in names if same_person(name, n)),
            default=None,
        )  # fmt: skip
        if score is not None:
            scored.append((score, key))
    if not scored:
        return None
    scored.sort(reverse=True)
    if len(normalize_name(name).split()) == 1 and len(scored) > 1:
        return None
    if len(scored) > 1 and scored[0][0] == scored[1][0] and scored[0][1] != scored[1][1]:
        return None
    return scored[0][1]
