"""Person-name normalisation and matching: one rule for when two written names are one person.

No Django imports. The resolver stores `normalize_name` in `Alias.normalized` and asks
`best_match` which known name a new spelling belongs to; the people extractor merges the
spellings met within one article with `same_person_words` and the `IN_ARTICLE` rule.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import regex
from rapidfuzz import fuzz

from entities.extract.lexicon import entries

# Full names scoring at least this (token-sort ratio of normalised forms) are one person:
# "zelensky"/"zelenskyy"/"zelenskiy", "volodymr"/"volodymyr" pass; two different people
# sharing a surname ("eli cohen"/"yossi cohen") stay below it, because given names must
# match too (see `same_person`).
FUZZY_THRESHOLD = 85
_POSSESSIVE = regex.compile(r"['’]s\b")
_DROPPED = regex.compile(r"['’`.]")
_SEPARATORS = regex.compile(r"[^\p{L}\p{N}]+")
_TITLES = regex.compile(r"^(?:(?:" + "|".join(entries("people/name_prefixes.txt")) + r")\.?\s+)+")
# The same steps over many names at once, one name a line (see `normalize_names`).
_NON_ASCII = regex.compile(r"[^\x00-\x7f]")
_LINE_SEPARATORS = regex.compile(r"[^\p{L}\p{N}\n]+")
_LINE_EDGES = regex.compile(r"^ +| +$", regex.MULTILINE)
_LINE_TITLES = regex.compile(
    r"^(?:(?:" + "|".join(entries("people/name_prefixes.txt")) + r")\.?[ ]+)+", regex.MULTILINE
)


@dataclass(frozen=True)
class NameMatch:
    """How alike two names' words must be to name one person (rapidfuzz ratios, 0-100).

    The surnames (last words) must score at least `surname` (100: identical). Given names
    (first words) no longer than `initial` letters count as initials: only their first
    letters are compared. Longer given names must score at least `given`, start with the
    same letter when `same_initial` is set, and the whole names must score at least `full`
    (token-sort ratio; 0 leaves that test out).
    """

    surname: int
    given: int
    full: int
    initial: int
    same_initial: bool


# Across articles, spellings vary by transliteration ("Zelensky", "Zelenskyy").
ACROSS_ARTICLES = NameMatch(
    surname=FUZZY_THRESHOLD, given=FUZZY_THRESHOLD - 10, full=FUZZY_THRESHOLD, initial=1,
    same_initial=False,
)  # fmt: skip
# Within one article the surname is written one way; the given name may be shortened
# ("Jo"/"John") or spelt a little differently ("Oleksii"/"Oleksiy").
IN_ARTICLE = NameMatch(surname=100, given=80, full=0, initial=2, same_initial=True)


def normalize_name(name: str) -> str:
    """Lower-case ASCII form of a name for lookups: accents, apostrophes, hyphens, honorifics
    and possessives removed, whitespace collapsed ("Ze’ev Elkin's" -> "zeev elkin")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _POSSESSIVE.sub("", text)
    text = _DROPPED.sub("", text)
    text = _SEPARATORS.sub(" ", text).strip()
    return _TITLES.sub("", text).strip()


def normalize_names(names: Sequence[str]) -> list[str]:
    """`normalize_name` of each name, in order, in a few passes over all of them: loading
    tens of thousands of names (the officeholders table) this way takes a tenth of the time."""
    if any("\n" in name or "\r" in name for name in names):
        return [normalize_name(name) for name in names]
    text = unicodedata.normalize("NFKD", "\n".join(names))
    # Only letters outside ASCII can be combining marks: test those alone.
    text = _NON_ASCII.sub(lambda m: "" if unicodedata.combining(m.group()) else m.group(), text)
    text = text.lower()
    text = _POSSESSIVE.sub("", text)
    text = _DROPPED.sub("", text)
    text = _LINE_EDGES.sub("", _LINE_SEPARATORS.sub(" ", text))
    out = [line.strip() for line in _LINE_TITLES.sub("", text).split("\n")]
    return out if len(out) == len(names) else [normalize_name(name) for name in names]


def surname(name: str) -> str:
    """Last word of the normalised name ("" for an empty name)."""
    parts = normalize_name(name).split()
    return parts[-1] if parts else ""


def same_person(a: str, b: str, rule: NameMatch = ACROSS_ARTICLES) -> bool:
    """True when two written names plausibly name the same person.

    Compares the words of the normalised names with `same_person_words`: surnames must be
    near-identical (transliteration variants) and given names must agree when both are
    present; one side may be the surname alone or an initial.
    """
    return same_person_words(normalize_name(a).split(), normalize_name(b).split(), rule)


def same_person_words(
    a: Sequence[str], b: Sequence[str], rule: NameMatch = ACROSS_ARTICLES
) -> bool:
    """True when two names, given as their words (given name first, surname last), name
    one person under `rule`. A name of one word is a surname: it matches any name with
    that surname. Never true for an empty name."""
    if not a or not b:
        return False
    if fuzz.ratio(a[-1], b[-1]) < rule.surname:
        return False
    if len(a) == 1 or len(b) == 1:
        return True
    ga, gb = a[0], b[0]
    if len(ga) <= rule.initial or len(gb) <= rule.initial:
        return ga[0] == gb[0]
    if rule.same_initial and ga[0] != gb[0]:
        return False
    return fuzz.ratio(ga, gb) >= rule.given and (
        rule.full <= 0 or fuzz.token_sort_ratio(" ".join(a), " ".join(b)) >= rule.full
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
