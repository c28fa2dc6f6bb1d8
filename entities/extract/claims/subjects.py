"""Where the speaker phrase of a reporting cue is written: the subject before it ("the
minister said"), a phrase after it ("said the minister"), or the subject of a short
coordinated predicate ("Scott blasted Congress and said"). Offsets within one sentence.
"""

from __future__ import annotations

import regex

from entities.extract.claims.spans import mask_abbreviation_dots
from entities.extract.claims.speakers import DETERMINERS, looks_like_speaker, trim_speaker
from entities.extract.lexicon import words

# Characters that end the phrase before a cue: the subject never reaches past them.
BOUNDARY_CHARS = ',;:—–(“”"\n'
AUX_WORDS = words("claims/aux_words.txt")
_SPEAKER_AFTER_RE = regex.compile(
    r"\s*([^,.;:]+?)\s*(?:,|\.|;|$|\s+(?:on|in|at|last|this|earlier)\b)"
)
_AND_BEFORE_RE = regex.compile(r"\s+and\s*$")
_VP_WORD_RE = regex.compile(r"\s*([\p{L}\p{N}][\p{L}\p{N}'’.\-]*)")
_NOT_IN_VP = words("claims/not_in_predicate.txt")


def _strip_aux_back(s: str, end: int) -> int:
    """Move `end` back over auxiliaries and -ly adverbs ("has increasingly insisted")."""
    while True:
        b = end
        while b > 0 and s[b - 1].isspace():
            b -= 1
        a = b
        while a > 0 and (s[a - 1].isalpha() or s[a - 1] == "'"):
            a -= 1
        w = s[a:b].lower()
        if w and (
            w in AUX_WORDS or (w.endswith("ly") and len(w) > 4 and w not in {"only", "early"})
        ):
            end = a
            continue
        return end


def subject_before(s: str, cue_start: int, floor: int = 0) -> tuple[int, int] | None:
    end = _strip_aux_back(s, cue_start)
    stripped = s[:end].rstrip()
    if stripped.endswith(")"):
        # "Rep. Gwen Moore (D-Wis.) said": the speaker is the phrase before the
        # parenthesis, which stays part of the speaker phrase.
        opening = s.rfind("(", floor, len(stripped))
        if opening > floor and ")" not in s[opening : len(stripped) - 1]:
            inner = subject_before(s, opening, floor)
            if inner is None or s[inner[1] : opening].strip():
                return None
            return inner[0], len(stripped)
    left = max(s.rfind(c, floor, end) for c in BOUNDARY_CHARS)
    start = max(left + 1, floor)
    a, b = trim_speaker(s[start:end])
    if b > a and looks_like_speaker(s[start + a : start + b]):
        return start + a, start + b
    phrase = s[start + a : start + b]
    if phrase.endswith(" who") and " " in phrase:
        # "economists who argue that ...": the antecedent right before a relative
        # pronoun with no comma; its longest speaker-like tail.
        who = start + b - 3
        for w in list(_VP_WORD_RE.finditer(s, start + a, who))[-6:]:
            tail_end = who
            while tail_end > w.start(1) and s[tail_end - 1].isspace():
                tail_end -= 1
            if looks_like_speaker(s[w.start(1) : tail_end]):
                return w.start(1), tail_end
        return None
    if phrase == "who" and s[left : left + 1] == ",":
        # "Democrats, who want to keep the White House": the antecedent speaks.
        # The antecedent ends the phrase before the comma: its longest speaker-like tail.
        head_start = max(max(s.rfind(c, floor, left) for c in BOUNDARY_CHARS) + 1, floor)
        tail_words = list(_VP_WORD_RE.finditer(s, head_start, left))[-6:]
        for w in tail_words:
            a = w.start(1)
            if looks_like_speaker(s[a:left]):
                return a, left
    # "Smith, who leads the group, said": the phrase between commas is an apposition;
    # the subject is the name before it, and the speaker phrase runs to the apposition's end.
    if b <= a and s[left : left + 1] == ",":
        inner = s.rfind(",", floor, left)
        if inner < 0:
            return None
        head_start = max(max(s.rfind(c, floor, inner) for c in BOUNDARY_CHARS) + 1, floor)
        a, b = trim_speaker(s[head_start:inner])
        if b > a and looks_like_speaker(s[head_start + a : head_start + b]):
            return head_start + a, left
    return None


def coordinated_subject(s: str, cue_start: int) -> tuple[int, int] | None:
    """Subject of "Scott blasted Congress and said ...": the speaker-like words that
    open the clause, when the cue is the second verb of a short coordinated predicate."""
    end = _strip_aux_back(s, cue_start)
    conj = _AND_BEFORE_RE.search(s, max(0, end - 8), end)
    if conj is None:
        return None
    left = max(s.rfind(c, 0, conj.start()) for c in BOUNDARY_CHARS)
    start = left + 1
    words = []
    pos = start
    while len(words) < 20:
        w = _VP_WORD_RE.match(s, pos, conj.start())
        if not w:
            break
        words.append(w.span(1))
        pos = w.end()
    if len(words) < 2:
        return None
    for k in range(min(6, len(words) - 1), 0, -1):
        a, b = words[0][0], words[k - 1][1]
        nxt = s[words[k][0] : words[k][1]]
        rest = {s[x:y].lower() for x, y in words[k:]}
        if (
            nxt[:1].islower()
            and not rest & _NOT_IN_VP
            and len(words) - k <= 10
            and looks_like_speaker(s[a:b])
            and s[a:b][:1].isupper()
            and s[words[k - 1][0] : words[k - 1][1]].lower() not in DETERMINERS
        ):
            ta, tb = trim_speaker(s[a:b])
            return a + ta, a + tb
    return None


def speaker_after(s: str, start: int) -> tuple[int, int] | None:
    m = _SPEAKER_AFTER_RE.match(mask_abbreviation_dots(s), start)
    if not m:
        return None
    a, b = m.span(1)
    if looks_like_speaker(s[a:b]):
        return a, b
    return None
