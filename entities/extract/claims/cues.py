"""Reporting cues: the verbs news prose attributes statements with, from
`lexicon/claims/cue_verbs.tsv`, and the lemma classes that say what each verb needs after
it. `find_cues` lists the cue candidates of one sentence.
"""

from __future__ import annotations

import re

from entities.extract.lexicon import rows, words

_VERBS = rows("claims/cue_verbs.tsv")
# Inflected form -> lemma and base confidence; the cue is kept verbatim.
CUE_LEMMA: dict[str, str] = {
    form: lemma for lemma, _conf, forms in _VERBS for form in forms.split()
}
CUE_CONFIDENCE: dict[str, float] = {
    form: float(conf) for _lemma, conf, forms in _VERBS for form in forms.split()
}
DENY_LEMMAS = words("claims/deny_lemmas.txt")
ADDRESSEE_LEMMAS = words("claims/addressee_lemmas.txt")
NEEDS_CLAUSE_LEMMAS = words("claims/needs_clause_lemmas.txt")
CLAUSE_OR_INFINITIVE_LEMMAS = words("claims/clause_or_infinitive_lemmas.txt")
OBJECT_LEMMAS = words("claims/object_lemmas.txt")
# Lemma -> the particles that join it to make a cue ("called for").
PARTICLE_CUES: dict[str, frozenset[str]] = {
    lemma: frozenset(p for v, p in rows("claims/particle_cues.tsv") if v == lemma)
    for lemma, _particle in rows("claims/particle_cues.tsv")
}

# Cue candidates come from one pass over the words of a segment and a dict lookup,
# which is much cheaper than matching an alternation of every inflection.
_WORD_RE = re.compile(r"[A-Za-z]+")
_CUE_FORMS = frozenset(CUE_LEMMA)
_VERB_THAT_RE = re.compile(r"\b[a-z]+ed\b(?=(?:\s+out)?\s+that\b)")
_NOT_CUES = words("claims/not_cues.txt")
_OTHER_VERB_CONFIDENCE = 0.5


def find_cues(s: str) -> list[re.Match]:
    """Cue candidates of a sentence, in order: forms of the reporting verbs, and other
    past-tense verbs before "that" ("pointed out that"). The finders decide which of them
    attribute anything."""
    # Most sentences hold no cue: a set test on the words found by one findall answers
    # that without building a match object per word.
    forms = _CUE_FORMS.intersection(_WORD_RE.findall(s.lower()))
    if forms:
        found = sorted(
            (m for f in forms for m in re.finditer(rf"\b{f}\b", s, re.IGNORECASE)),
            key=lambda m: m.start(),
        )
    else:
        found = []
    if " that " in s:
        # A past-tense verb outside the lexicon with a that-clause after a speaker
        # ("Smith pointed out that", "aides conceded privately that" is covered by the
        # lexicon); _forward still requires a speaker-like subject.
        known = {m.start() for m in found}
        extra = [
            m
            for m in _VERB_THAT_RE.finditer(s)
            if m.start() not in known and m.group().lower() not in _NOT_CUES
        ]
        if extra:
            found = sorted(found + extra, key=lambda m: m.start())
    return found


def cue_lemma(form: str) -> str:
    """Lemma of a cue form (lower case); "other" for a verb outside the table."""
    return CUE_LEMMA.get(form, "other")


def cue_confidence(form: str) -> float:
    """Base confidence of an attribution by this cue form (lower case)."""
    return CUE_CONFIDENCE.get(form, _OTHER_VERB_CONFIDENCE)
