"""PLOVER event category of a statement, from a lexicon of event words.

`classify_event("Israel would assist Ukraine with an early warning system")` -> "aid".
Each category has weighted word patterns (stems of verbs and nouns named in the PLOVER
and CAMEO codebooks, in `lexicon/events/patterns.tsv`); the category with the highest
total weight wins, ties going to the earlier match. Negated cooperative verbs ("refused
to provide", "has no desire to") count as `reject`. Returns None when no event word is present.
"""

from __future__ import annotations

import re

import regex

from entities.extract.lexicon import entries, rows
from entities.extract.types import EVENT_TYPES

# The lexicon's patterns, grouped by their first letter, each one a named group: the text
# is walked word by word and only the patterns that can start with the word's first
# letter are tried there, which is several times faster than one big alternation tried at
# every position. A hit's category and weight are looked up by the group that matched.
_GROUPS: dict[str, tuple[str, float]] = {}
_BY_LETTER: dict[str, list[str]] = {}
for _n, (_cat, _weight, _pattern) in enumerate(rows("events/patterns.tsv")):
    _GROUPS[f"p{_n}"] = (_cat, float(_weight))
    assert _pattern[:1].isalpha(), _pattern  # every pattern starts with a letter
    _BY_LETTER.setdefault(_pattern[0].lower(), []).append(f"(?P<p{_n}>{_pattern})")
_COMPILED = {
    letter: re.compile("|".join(alts), re.IGNORECASE) for letter, alts in _BY_LETTER.items()
}
_WORD_START_RE = re.compile(r"(?<![^\W\d_])[^\W\d_]")
# Cooperative verbs under a refusal become `reject` ("refused to provide weapons").
_COOPERATIVE = entries("events/cooperative.txt")
_NEGATED_RE = regex.compile(
    r"\b(?:refus\w*|declin\w*|reject\w*|resist\w*|(?:has|have|had|is|are|was|were|do|does|did|"
    r"would|will|could)\s+(?:not|n't|no)\b|not\s+to|no desire|unwilling|avoid\w*)",
    regex.IGNORECASE,
)
assert {cat for cat, _w in _GROUPS.values()} == set(EVENT_TYPES)


def _scan(text: str) -> tuple[dict[str, float], dict[str, int]]:
    scores: dict[str, float] = {}
    first: dict[str, int] = {}
    pos = 0
    for w in _WORD_START_RE.finditer(text):
        start = w.start()
        if start < pos:
            continue
        pattern = _COMPILED.get(w.group().lower())
        m = pattern.match(text, start) if pattern is not None else None
        if m is None:
            continue
        pos = m.end()
        cat, weight = _GROUPS[m.lastgroup]
        scores[cat] = scores.get(cat, 0.0) + weight
        first.setdefault(cat, start)
    if scores and _NEGATED_RE.search(text):
        moved = sum(scores.pop(c, 0.0) for c in _COOPERATIVE)
        if moved:
            scores["reject"] = scores.get("reject", 0.0) + moved
    return scores, first


def classify_event(text: str) -> str | None:
    """Return the PLOVER category (lower case, one of EVENT_TYPES) the text describes,
    or None when it names no interaction. Pure function of the text; never raises."""
    if not text:
        return None
    scores, first = _scan(text)
    if not scores:
        return None
    return max(scores, key=lambda c: (scores[c], -first.get(c, len(text))))
