"""Conflicting claims: one speaker asserts what another denies.

Two claims conflict when they are about the same matter and have opposite polarity.
Same matter: enough shared content words (rapidfuzz token_set_ratio on content words)
or shared subjects plus a shared key word. Opposite polarity: one is a `deny` and the
other an `assert`, or both are asserted and exactly one of them is grammatically negated
("there have been no further requests" against "Reznikov sent a request"). A confirmation
("X confirmed the report that ...") agrees with what it confirms and is linked only to an
explicit denial. Pure functions over
ClaimResult-like objects (anything with text, stance, speaker, subject_people,
subject_countries), so they also work across articles.
"""

from __future__ import annotations

import functools

import regex
from rapidfuzz import fuzz

from entities.extract.claims.places import country_of_word
from entities.extract.lexicon import rows, words
from entities.extract.types import ClaimResult

_WORD = regex.compile(r"[\p{L}\p{N}]+")
_NEGATION = regex.compile(
    r"\b(?:no|not|never|none|nothing|neither|nor|without|hadn[’']t|hasn[’']t|haven[’']t|"
    r"didn[’']t|doesn[’']t|don[’']t|isn[’']t|aren[’']t|wasn[’']t|weren[’']t|won[’']t|"
    r"unable|refus\w*|rebuff\w*|deni\w*|deny)\b",
    regex.IGNORECASE,
)
# For two assertions only a grammatical negation of the statement counts: "unable to
# arrange a call" or "rebuffed requests" report the same failed contact that "no call took
# place" does, so those words do not make an assertion the opposite of another.
_PLAIN_NEGATION = regex.compile(
    r"\b(?:no|not|never|none|nothing|neither|nor|\w+n[’']t)\b", regex.IGNORECASE
)
_CONFIRM = regex.compile(r"^confirm", regex.IGNORECASE)
_STOP = words("contradictions/stop_words.txt")
SIMILARITY_THRESHOLD = 70  # token_set_ratio on content words for two plain assertions

# Words of diplomatic contact grouped into one concept, so "requests" from one side
# meets "a phone conversation" or "the call" from the other.
_CONCEPT_OF = {word: concept for concept, word in rows("contradictions/concepts.tsv")}
_CONCEPTS = frozenset(_CONCEPT_OF.values())


@functools.lru_cache(maxsize=8192)
def _content_words(text: str) -> tuple[str, ...]:
    """Content words of a claim, cached: a claim is compared with many others."""
    found = []
    for w in _WORD.findall(text.lower()):
        if w in _STOP or len(w) < 3 or country_of_word(w):
            # Country names link everything in a bilateral story; they are subjects,
            # not the matter.
            continue
        # Concepts first, then crude stemming so "request"/"requests" meet.
        found.append(_CONCEPT_OF.get(w, w[:6]))
    return tuple(found)


def _negated(text: str) -> bool:
    return bool(_NEGATION.search(text))


def _polarity(claim: ClaimResult) -> bool:
    """True when the claim, as its speaker holds it, says the matter is so."""
    positive = not _negated(claim.text)
    return positive if claim.stance != "deny" else not positive


def _side(claim: ClaimResult) -> str | None:
    # The press reports; it is not a party to the matter, whatever country it is from.
    return None if claim.speaker.kind == "media" else claim.speaker.country


def _other_side(a: ClaimResult, b: ClaimResult) -> bool:
    ca, cb = _side(a), _side(b)
    return ca != cb and not (ca is None and cb is None)


def contradiction_reason(a: ClaimResult, b: ClaimResult, *, strict: bool = False) -> str | None:
    """Why claims a and b conflict, in one sentence, or None when they do not.

    `strict` is for claims of different articles, which share no story to narrow the
    matter down: they must also share a person as subject and two content words.

    Conflict needs opposite polarity (see module docstring) and the same matter:
    - a denial against an assertion: one shared content word or concept when the
      speakers stand on different sides (different or unknown countries), two otherwise;
    - two assertions, one negated: one shared concept across sides, or near-identical
      content (token_set_ratio >= SIMILARITY_THRESHOLD and three shared words).
    """
    wa, wb = _content_words(a.text), _content_words(b.text)
    if not wa or not wb or _polarity(a) == _polarity(b):
        return None
    shared = set(wa) & set(wb)
    if not shared:
        return None
    if strict and (len(shared) < 2 or not set(a.subject_people) & set(b.subject_people)):
        return None
    score = fuzz.token_set_ratio(" ".join(sorted(set(wa))), " ".join(sorted(set(wb))))
    sides = _other_side(a, b)
    if "deny" in (a.stance, b.stance) and a.stance != b.stance:
        if not (len(shared) >= 2 or sides):
            return None
        denier, other = (a, b) if a.stance == "deny" else (b, a)
        return (
            f"{denier.speaker.label} denies what {other.speaker.label} states "
            f"(shared: {', '.join(sorted(shared)[:4])})"
        )
    # A confirmation agrees with what it confirms; it conflicts only with an explicit
    # denial (handled above), never through the negation of two assertions.
    if _CONFIRM.match(a.cue or "") or _CONFIRM.match(b.cue or ""):
        return None
    if bool(_PLAIN_NEGATION.search(a.text)) == bool(_PLAIN_NEGATION.search(b.text)):
        return None
    known_sides = sides and _side(a) is not None and _side(b) is not None
    concept_shared = shared & _CONCEPTS
    if not (
        (known_sides and concept_shared) or (score >= SIMILARITY_THRESHOLD and len(shared) >= 3)
    ):
        return None
    neg, pos = (a, b) if _PLAIN_NEGATION.search(a.text) else (b, a)
    return (
        f"{neg.speaker.label} says no where {pos.speaker.label} says yes "
        f"(shared: {', '.join(sorted(shared)[:4])})"
    )


# Claims of one article compared with each other at most. Real articles hold a few dozen;
# a page with more is a list or a dump, and its claims past this bound are not compared.
MAX_CLAIMS = 500


def find_contradictions(claims: list[ClaimResult]) -> list[tuple[int, int, str]]:
    """All pairs (i, j, reason), i < j, of claims that conflict (see contradiction_reason).

    Every conflict needs a shared content word, so only pairs sharing one are compared
    (an index from content word to claims), and only the first `MAX_CLAIMS` claims take
    part: at most MAX_CLAIMS * (MAX_CLAIMS - 1) / 2 comparisons, whatever the text's size.
    """
    index: dict[str, list[int]] = {}
    for i, claim in enumerate(claims[:MAX_CLAIMS]):
        for word in set(_content_words(claim.text)):
            index.setdefault(word, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in index.values():
        for k, i in enumerate(members):
            for j in members[k + 1 :]:
                pairs.add((i, j))
    out = []
    for i, j in sorted(pairs):
        reason = contradiction_reason(claims[i], claims[j])
        if reason:
            out.append((i, j, reason))
    return out
