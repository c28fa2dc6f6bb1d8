"""Attribution candidates in one sentence: where the cue, the speaker phrase and the
content are. Each finder reads one construction of news prose (see the package
docstring) and returns offsets within the sentence; nothing here classifies speakers or
builds claims.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from entities.extract.claims.cues import (
    ADDRESSEE_LEMMAS,
    CLAUSE_OR_INFINITIVE_LEMMAS,
    CUE_LEMMA,
    NEEDS_CLAUSE_LEMMAS,
    OBJECT_LEMMAS,
    PARTICLE_CUES,
    cue_confidence,
    cue_lemma,
    find_cues,
)
from entities.extract.claims.spans import (
    ACCORDING_RE,
    MIN_CONTENT_WORDS,
    OPEN_QUOTES,
    Segment,
    content_after,
    content_before,
    content_ok,
    trim_end,
    words_of,
)
from entities.extract.claims.speakers import looks_like_speaker, trim_speaker
from entities.extract.claims.subjects import (
    AUX_WORDS,
    coordinated_subject,
    speaker_after,
    subject_before,
)
from entities.extract.lexicon import entries, words

TIME_WORDS = words("claims/time_words.txt")

_COLON_CUE_RE = regex.compile(r"\b([A-Za-z]+)(\s+(?:this|that)\s+\p{Ll}+)?\s*:\s*$")
_THAT_RE = regex.compile(r"((?:\s+[\p{L}\p{N}'’.\-]+){0,9}?)\s+(that)\b")
_QUOTE_NEXT_RE = regex.compile(r"\s*[:,]?\s*[“\"]")
_INFINITIVE_RE = regex.compile(r"(?:\s+[\p{L}\p{N}'’.\-]+){0,4}?\s+to\s+\p{Ll}")
_PARTICLE_RE = regex.compile(r"\s+(\p{Ll}+)\b")
_ACC_TAIL_RE = regex.compile(r",?\s*according to [^.;]*")
_ADDRESSEE_TAIL_RE = regex.compile(
    r"((?:the\s+|The\s+)?\p{Lu}[\p{L}'’.\-]*(?:\s+(?:of|the|\p{Lu}[\p{L}'’.\-]*))*"
    r"|reporters|journalists)"
)
_ADDRESSEE_RE = regex.compile(
    r"\s*((?:the\s+|The\s+)?\p{Lu}[\p{L}'’.\-]*(?:\s+(?:of|\p{Lu}[\p{L}'’.\-]*))*"
    r"|reporters|journalists|\p{Ll}+)"
)
# Time and occasion adjuncts between a cue and its content: "said Monday", "told
# reporters last week", "said in a statement on Facebook".
_SKIP_TIME_RE = regex.compile(
    r"(?:\s*,?\s*(?:on|last|this|earlier|in|at)?\s*(?:"
    + "|".join(entries("claims/time_nouns.txt"))
    + r"|(?:a|an|the)\s+(?:"
    + "|".join(entries("claims/statement_nouns.txt"))
    + r")(?:\s+(?:on|with)\s+[\p{Lu}][\p{L}]+)?)\b\s*,?)*"
)
_PARTICIPLE_HEAD_RE = regex.compile(
    r"\s*((?:[\p{L}\p{N}'’.\-]+\s+){0,7}?)(?:has|have|had|is|are|was|were|"
    r"will|would|\p{Ll}+ed)\b"
)
# Where a coordinated second attribution starts: "A said X, while B said Y".
_COORD_RE = regex.compile(r"(?:,\s*|\s+)(?:while|whereas|but|and|although)\s+|;\s+")
_SPLIT_QUOTE_RE = regex.compile(r"[^“\"]{0,60}?[,:]\s*[“\"]")
_PARTICIPLE_SPLIT = words("claims/participle_claims.txt")
# "..., with spokesman X saying C": the participle's subject follows "with"; the phrase
# between them is at most a few words and crosses no clause boundary.
_WITH_SUBJECT_RE = regex.compile(r"(?:^|[\s,(—–])with\s+([^,;:()“”\"—–]{2,80}?)\s*$")
# "X, who said ..." / "economists who argue ...": the relative pronoun between a speaker
# and its cue (auxiliaries and adverbs may stand before the cue).
_RELATIVE_RE = regex.compile(r"\s*,?\s*(who)\b")
_MAIN_VERB_AFTER_COMMA_RE = regex.compile(r",\s+(\p{Ll}+)\b")
_FINITE_AUX = words("claims/finite_auxiliaries.txt")
_TAIL_CLAUSE_RE = regex.compile(
    r"(?:^|,)\s*\p{Ll}+ing\b|,\s*(?:to|who|which|according|with|in|as)\b|"
    r"(?:^|\s)(?:as|when|after|before|while|because|since|though|although|until|amid|"
    r"following|where)\b"
)
_ADJUNCT_PREPS = words("claims/adjunct_prepositions.txt")
_NOT_ADJUNCT = words("claims/not_adjunct.txt")
_TRAILING_LEMMAS = words("claims/trailing_lemmas.txt")
_INVERTED_LEMMAS = words("claims/inverted_lemmas.txt")
_SPLIT_QUOTE_LEMMAS = words("claims/split_quote_lemmas.txt")
_TAIL_PARTICIPLES = _PARTICIPLE_SPLIT | words("claims/tail_participles.txt")
_TAIL_PARTICIPLE_RE = regex.compile(r",\s*(" + "|".join(sorted(_TAIL_PARTICIPLES)) + r")\b")
# "Clinton: I support D.C. statehood" (a headline's attribution): a short name or source
# phrase, a colon, then the statement.
_NAME_COLON_RE = regex.compile(r"((?:\p{Lu}[\p{L}.'’\-]*\s+){0,3}\p{Lu}[\p{L}.'’\-]*)\s*:\s+(?=\S)")
_NOT_COLON_SPEAKERS = words("claims/not_colon_speakers.txt")
# Reportative passives. "It was reported that C" names no speaker: the claim's speaker is
# labelled with the passive as written ("It was reported") and its kind is `media` for
# "reported" (the press reported it) and `anonymous` for the others ("it is said",
# "it was claimed"): someone unnamed said it. "X was quoted as saying C" has the speaker as
# subject.
_IMPERSONAL_RE = regex.compile(
    r"\b[Ii]t\s+(?:is|was|has\s+been|had\s+been)\s+(?:widely\s+|also\s+)?"
    r"(" + "|".join(entries("claims/impersonal_verbs.txt")) + r")\s+(?=that\b)"
)
_QUOTED_AS_RE = regex.compile(r"\s+(?:was|were|is|has\s+been)\s+quoted\s+as\s+saying\b")
# Belief verbs take a clause without "that" ("Her advisers think she has the
# discipline"); the clause is recognised by a subject pronoun or a determiner right after
# the verb, which an object noun phrase of these verbs rarely starts with.
_ZERO_THAT_LEMMAS = words("claims/zero_that_lemmas.txt")
_CLAUSE_SUBJECT_RE = regex.compile(
    r"\s*\b(?:he|she|they|it|we|I|you|there|this|these|those|his|her|their|our|its|"
    r"the\s+\p{L}+\s+(?:is|are|was|were|will|would|can|could|has|have|had|should|must))\b"
)


@dataclass
class Found:
    """One attribution found in a sentence: where its content, speaker phrase and cue are
    (offsets within the sentence) and how sure the construction is of it."""

    content: tuple[int, int]  # offsets within the segment
    speaker: tuple[int, int]
    cue: tuple[int, int]
    confidence: float
    addressee: tuple[int, int] | None = None
    extra: Found | None = None  # a ", saying C" claim cut from this one's content
    # Speaker kind fixed by the construction: an impersonal "it was reported that" has no
    # speaker to classify.
    kind: str | None = None
    # The attribution written inside the content ("“X,” he said, “Y.”"): not content.
    gap: tuple[int, int] | None = None
    # The relative pronoun of "X, who said C": part of how the speaker is written.
    relative: tuple[int, int] | None = None


def find_all(s: str) -> list[Found]:
    """Every attribution of one sentence, outermost first, never two nested ones.

    A trailing attribution ("C, X said.") or an "according to" governs the sentence,
    so it is the only one. Otherwise forward attributions are read left to right: an
    attribution inside the content of an earlier one is nested and left to the outer
    one ("A said B told C that ..."); a coordinated one ("A said X, while B said Y") cuts
    the earlier content and gives a claim of its own.
    """
    cues = find_cues(s)
    if not cues and "ccording" not in s and ":" not in s and " quoted as " not in s:
        return []
    out: list[Found] = []
    floor = 0
    for finder in (_trailing, _split_quote, _according_to, _name_colon, _reportative):
        found = finder(s, cues)
        if found:
            # "C, he said, with aides saying D": the participle's claim comes after.
            with_found = _with_participle(s, cues, _end_of(found))
            return [found, with_found] if with_found else [found]
    first = _quote_first(s, cues)
    if first is not None:
        # The rest of the sentence may hold an attribution of its own ("“C,” she said,
        # and Smith said D"); it is read after the quotation's.
        out.append(first)
        floor = first.cue[1]
        with_found = _with_participle(s, cues, floor)
        if with_found is not None:
            return [first, with_found]
    for m in cues:
        if m.start() < floor:
            continue
        found = _forward(s, m)
        if found is None:
            continue
        out.append(found)
        with_found = _with_participle(s, cues, found.content[0])
        if with_found is not None and with_found.cue[0] < found.content[1]:
            # "The ministry said C, with officials adding that D": D is the officials'.
            cut = s.rfind(",", found.content[0], with_found.speaker[0])
            cut = cut if cut >= 0 else with_found.speaker[0] - len("with ")
            if content_ok(s, found.content[0], cut):
                found.content = trim_end(s, found.content[0], cut)
                out.append(with_found)
                floor = with_found.content[1]
                continue
        nxt = _cut_coordinated(s, found, cues)
        floor = found.content[1] if nxt is None else nxt
    if out:
        return out
    found = _with_participle(s, cues, 0) or _participle(s, cues)
    return [found] if found else []


def _end_of(f: Found) -> int:
    return max(f.content[1], f.cue[1], f.speaker[1])


def _with_participle(s: str, cues: list, lo: int) -> Found | None:
    """ "..., with spokesman X saying C" / "with X adding that C": the speaker is the
    phrase after "with", the content what follows the participle."""
    for m in cues:
        if m.start() < lo:
            continue
        sp = _with_subject(s, m, lo)
        content = content_after(s, m.end()) if sp else None
        if content is not None:
            return Found(content, sp, m.span(), cue_confidence(m.group().lower()) - 0.1)
    return None


def _with_subject(s: str, m, lo: int = 0) -> tuple[int, int] | None:
    """The speaker phrase of a participle cue introduced by "with" ("with aides saying")."""
    form = m.group().lower()
    if not form.endswith("ing") or cue_lemma(form) == "other":
        return None
    w = _WITH_SUBJECT_RE.search(s, max(lo, m.start() - 90), m.start())
    if w is None:
        return None
    a, b = trim_speaker(w.group(1))
    sp = (w.start(1) + a, w.start(1) + b)
    return sp if b > a and looks_like_speaker(s[sp[0] : sp[1]]) else None


def _cut_coordinated(s: str, f: Found, cues: list) -> int | None:
    """Shorten f's content before a coordinated attribution or a ", saying" participle;
    return where the next attribution may start (None when nothing was cut)."""
    cs, ce = f.content
    for m in cues:
        if not cs < m.start() < ce:
            continue
        form = m.group().lower()
        if form in _PARTICIPLE_SPLIT and s[: m.start()].rstrip().endswith(","):
            cut = s.rfind(",", cs, m.start())
            content = content_after(s, m.end())
            if content and content_ok(s, cs, cut):
                f.content = trim_end(s, cs, cut)
                f.extra = Found(content, f.speaker, m.span(), cue_confidence(form) - 0.1)
                return ce
            continue
        coord = None
        for c in _COORD_RE.finditer(s, cs, m.start()):
            coord = c
        if coord is None or _forward(s, m) is None:
            continue
        subj = subject_before(s, m.start(), floor=coord.end())
        if subj is None or subj[0] != coord.end():
            continue
        if content_ok(s, cs, coord.start()):
            f.content = trim_end(s, cs, coord.start())
            return coord.end()
    return None


def _adjunct_tail(s: str, start: int, lemma: str) -> tuple[bool, tuple[int, int] | None]:
    """Is s[start:] only an addressee and time/place adjuncts up to the sentence end?"""
    tail = s[start:]
    if len(tail) > 160:
        return False, None
    tail_core = _ACC_TAIL_RE.sub("", tail)
    tail_core = tail_core.strip().rstrip('.!?”"').strip()
    if not tail_core:
        return True, None
    addressee = None
    rest = tail_core
    if lemma in ADDRESSEE_LEMMAS:
        m = _ADDRESSEE_TAIL_RE.match(rest)
        if m:
            off = tail.find(m.group(1))
            addressee = (start + off, start + off + len(m.group(1)))
            rest = rest[m.end() :]
    # "... said Tuesday in Paris, noting that ...", "... he said as he launched the
    # process": a participle or a subordinate clause after the adjuncts belongs to the
    # attribution, not to the content, which is all before it.
    cut = _TAIL_CLAUSE_RE.search(rest)
    if cut:
        rest = rest[: cut.start()]
    ws = words_of(rest)
    if len(ws) > (12 if cut else 8):
        return False, None
    ok = all(w.lower() in TIME_WORDS or w[:1].isdigit() or w[:1].isupper() for w in ws)
    if not ok and ws and ws[0].lower() in _ADJUNCT_PREPS and len(ws) <= 11:
        # "... told AFP by phone", "... said in a television interview"
        ok = not any(w.lower() in _NOT_ADJUNCT for w in ws)
    return ok, addressee


def _trailing(s: str, cues: list) -> Found | None:
    # The last cue is the outermost attribution when it ends the sentence.
    rev = list(reversed(cues))
    # ", adding that D" after the attribution is its speaker's second claim (see
    # _participle_claim), not the attribution that governs the sentence.
    while len(rev) > 1 and (
        (rev[0].group().lower() in _TAIL_PARTICIPLES and s[: rev[0].start()].rstrip()[-1:] == ",")
        or _with_subject(s, rev[0])
    ):
        rev.pop(0)
    for i, m in enumerate(rev):
        if i:
            # An earlier cue can only head an inverted attribution whose speaker carries
            # a relative clause with cues of its own: "“C,” said Smith, who said ...".
            inv = _inverted(s, m)
            if inv is not None:
                return inv
            continue
        form = m.group().lower()
        lemma = cue_lemma(form)
        if lemma not in _TRAILING_LEMMAS:
            continue
        ok, addressee = _adjunct_tail(s, m.end(), lemma)
        if ok:
            subj = subject_before(s, m.start())
            if subj and content_before(s, subj[0]):
                found = Found(
                    content_before(s, subj[0]), subj, m.span(), cue_confidence(form), addressee
                )
                found.extra = _participle_claim(s, m.end(), subj)
                return found
        # Inverted: "C, said the official (on Monday)."
        inv = _inverted(s, m)
        if inv is not None:
            return inv
    return None


def _participle_claim(s: str, start: int, subj: tuple[int, int]) -> Found | None:
    """ "C,” he said, adding that D": D is a second claim of the same speaker."""
    p = _TAIL_PARTICIPLE_RE.search(s, start)
    if p is None:
        return None
    content = content_after(s, p.end())
    if content is None:
        return None
    return Found(content, subj, p.span(1), cue_confidence(p.group(1)) - 0.1)


def _inverted(s: str, m) -> Found | None:
    """ "C, said the official (on Monday)." / "“Q,” says Smith, an analyst at ..." """
    form = m.group().lower()
    before = s[: m.start()].rstrip()
    if before.endswith((",", "”", '"')) and cue_lemma(form) in _INVERTED_LEMMAS:
        sp = speaker_after(s, m.end())
        if sp and content_before(s, m.start()):
            found = Found(content_before(s, m.start()), sp, m.span(), cue_confidence(form) - 0.05)
            found.extra = _relative_claim(s, sp)
            return found
    return None


def _relative_claim(s: str, sp: tuple[int, int]) -> Found | None:
    """ "“C,” said Smith, who added that D": D is a second claim of the speaker."""
    rel = _RELATIVE_RE.match(s, sp[1])
    if rel is None or "," not in s[sp[1] : rel.start(1)]:
        return None
    for m in find_cues(s[rel.end() :]):
        between = words_of(s[rel.end() : rel.end() + m.start()])
        if any(w.lower() not in AUX_WORDS for w in between):
            return None
        form = m.group().lower()
        if form.endswith("ing") or cue_lemma(form) == "other":
            return None
        start = rel.end() + m.end()
        that = _THAT_RE.match(s, start)
        content = content_after(s, that.start(2) if that and not that.group(1) else start)
        if content is None:
            return None
        cue = (rel.end() + m.start(), start)
        return Found(content, sp, cue, cue_confidence(form) - 0.1, relative=rel.span(1))
    return None


def _split_quote(s: str, cues: list) -> Found | None:
    """“X,” he said, “Y.” (or “X,” said the official. “Y”): one claim over both parts."""
    if s[:1] not in OPEN_QUOTES:
        return None
    for m in cues:
        lemma = cue_lemma(m.group().lower())
        if lemma not in _SPLIT_QUOTE_LEMMAS:
            continue
        after = s[m.end() :]
        q = _SPLIT_QUOTE_RE.match(after)
        if not q:
            continue
        before = s[: m.start()].rstrip()
        close = max(before.rfind("”"), before.rfind('"'))
        if close <= 0 or len(words_of(before[close + 1 :])) > 6:
            continue
        sp = (
            subject_before(s, m.start(), floor=close + 1)
            if words_of(before[close + 1 :])
            else speaker_after(s, m.end())
        )
        if sp is None:
            continue
        end = len(s.rstrip())
        if content_ok(s, 0, close):
            resume = m.end() + q.end() - 1
            return Found(
                (0, end), sp, m.span(), cue_confidence(m.group().lower()), gap=(close + 1, resume)
            )
    return None


def _quote_first(s: str, cues: list) -> Found | None:
    """ "“C,” she said of the election, and ...": a sentence that opens with a quotation
    punctuated for its attribution (a comma, question or exclamation mark inside the
    closing quote), right after which comes the speaker and the cue. The quotation is
    the content whatever follows the attribution; `_trailing` already read the sentences
    in which only adjuncts follow it."""
    if s[:1] != "“":
        return None
    close = s.find("”")
    if close < 2 or s[:close].rstrip()[-1:] not in (",", "?", "!") or s.count("“", 1, close):
        return None
    for m in cues:
        if m.start() <= close:
            continue
        lemma = cue_lemma(m.group().lower())
        if lemma not in _TRAILING_LEMMAS or len(words_of(s[close + 1 : m.start()])) > 8:
            break
        content = content_before(s, close + 1)
        if content is None:
            return None
        if words_of(s[close + 1 : m.start()]):
            sp = subject_before(s, m.start(), floor=close + 1)
            if sp is None or words_of(s[close + 1 : sp[0]]):
                return None
        elif lemma in _INVERTED_LEMMAS:
            sp = speaker_after(s, m.end())
        else:
            return None
        if sp is None:
            return None
        return Found(content, sp, m.span(), cue_confidence(m.group().lower()) - 0.05)
    return None


def _according_to(s: str, cues: list) -> Found | None:
    m = ACCORDING_RE.search(s)
    if not m:
        return None
    if m.start() < 3:  # "According to X, C"
        comma = s.find(",", m.end())
        if comma < 0:
            return None
        sp = _trimmed(s, m.end(), comma)
        content = content_after(s, comma + 1)
        if sp and content and _according_source(s[sp[0] : sp[1]]):
            return Found(content, sp, m.span(), 0.85)
        return None
    # "C, according to X."
    sp = _trimmed(s, m.end(), len(s))
    if sp is None:
        return None
    a, b = sp
    while b > a and s[b - 1] in ".!?":
        b -= 1
    head = s[max(0, m.start() - 3) : m.start()]
    content = content_before(s, m.start())
    if "," in head and content and _according_source(s[a:b]):
        return Found(content, (a, b), m.span(), 0.8)
    return None


def _according_source(phrase: str) -> bool:
    # "according to" names a source of any kind, not only a speaker: a poll, a filing,
    # "early returns", "media trackers". The cue is unambiguous, so any short noun
    # phrase will do.
    if looks_like_speaker(phrase):
        return True
    ws = words_of(phrase)
    return 0 < len(ws) <= 16 and ws[0].lower() not in {"which", "that", "whom", "how", "what"}


def _name_colon(s: str, cues: list) -> Found | None:
    m = _NAME_COLON_RE.match(s)
    if not m:
        return None
    name = m.group(1)
    if name.lower() in _NOT_COLON_SPEAKERS or name.isupper() or not looks_like_speaker(name):
        return None
    content = content_after(s, m.end())
    if content is None:
        return None
    colon = s.index(":", m.end(1))
    return Found(content, m.span(1), (colon, colon + 1), 0.6)


def _reportative(s: str, cues: list) -> Found | None:
    m = _IMPERSONAL_RE.search(s)
    if m:
        content = content_after(s, m.end())
        if content:
            it = (m.start(), m.start() + 2)
            kind = "media" if m.group(1) == "reported" else "anonymous"
            return Found(content, it, (it[1] + 1, m.end(1)), 0.6, kind=kind)
    q = _QUOTED_AS_RE.search(s)
    if q:
        subj = subject_before(s, q.start())
        content = content_after(s, q.end())
        if subj and content:
            return Found(content, subj, (q.start() + 1, q.end()), 0.8)
    return None


def _trimmed(s: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and s[a].isspace():
        a += 1
    while b > a and s[b - 1].isspace():
        b -= 1
    return (a, b) if b > a else None


def _forward(s: str, m) -> Found | None:
    form = m.group().lower()
    lemma = cue_lemma(form)
    if form.endswith("ing") and lemma not in {"say"}:
        return None
    subj = subject_before(s, m.start())
    if subj is None:
        subj = coordinated_subject(s, m.start())
    if subj is None:
        return None
    cue = m.span()
    after = m.end()
    addressee = None
    particles = PARTICLE_CUES.get(lemma)
    if particles:
        p = _PARTICLE_RE.match(s, after)
        if p and p.group(1) in particles:
            cue = (m.start(), p.end(1))
            after = p.end(1)
    that = _THAT_RE.match(s, after)
    if that and _is_adjunct(that.group(1), lemma):
        if lemma in ADDRESSEE_LEMMAS:
            addressee = _addressee_span(s, after, after + len(that.group(1)))
        # News corpora keep the complementiser in the content ("said that ...").
        start = that.start(2)
    elif _QUOTE_NEXT_RE.match(s, after) or cue[1] != m.end() or lemma in OBJECT_LEMMAS:
        start = after
    elif lemma in CLAUSE_OR_INFINITIVE_LEMMAS:
        if not _INFINITIVE_RE.match(s, after) and not (
            lemma in _ZERO_THAT_LEMMAS and _CLAUSE_SUBJECT_RE.match(s, after)
        ):
            return None
        start = after
    elif lemma in ADDRESSEE_LEMMAS:
        # "told AP he was working with Manafort": addressee, then a clause without "that".
        ad = _ADDRESSEE_RE.match(s, after)
        if ad is None or not _CLAUSE_SUBJECT_RE.match(s, ad.end(1) + _skip_time(s[ad.end(1) :])):
            return None
        addressee = ad.span(1)
        start = ad.end(1) + _skip_time(s[ad.end(1) :])
    elif lemma in NEEDS_CLAUSE_LEMMAS:
        return None
    else:
        start = after + _skip_time(s[after:])
    content = content_after(s, start)
    if content is None:
        return None
    conf = cue_confidence(form) - (0.0 if that else 0.1)
    rel = _RELATIVE_RE.match(s, subj[1], m.start())
    if rel is not None and "," in s[subj[1] : rel.start(1)]:
        # "Smith, who said C, voted against it": the relative clause ends before the
        # main clause's verb.
        content = _relative_content(s, content)
    return Found(content, subj, cue, conf, addressee, relative=rel.span(1) if rel else None)


def _relative_content(s: str, content: tuple[int, int]) -> tuple[int, int]:
    # The last comma before a finite verb: the relative clause may hold commas of its
    # own ("the plan, also known as the levy, was unfair").
    a, b = content
    for c in reversed(list(_MAIN_VERB_AFTER_COMMA_RE.finditer(s, a, b))):
        word = c.group(1).lower()
        if (word in _FINITE_AUX or word.endswith("ed") or word in CUE_LEMMA) and content_ok(
            s, a, c.start()
        ):
            return trim_end(s, a, c.start())
    return content


def _is_adjunct(words: str, lemma: str) -> bool:
    ws = words_of(words)
    if lemma in ADDRESSEE_LEMMAS:
        return all(w[:1].isupper() or w.lower() in TIME_WORDS | {"of"} for w in ws) or (
            len(ws) <= 3
        )
    return all(w.lower() in TIME_WORDS or w[:1].isupper() or w[:1].isdigit() for w in ws)


def _addressee_span(s: str, a: int, b: int) -> tuple[int, int] | None:
    m = _ADDRESSEE_RE.match(s[a:b])
    if not m:
        return None
    return a + m.start(1), a + m.end(1)


def _skip_time(rest: str) -> int:
    m = _SKIP_TIME_RE.match(rest)
    return m.end() if m else 0


def _participle(s: str, cues: list) -> Found | None:
    for m in cues:
        form = m.group().lower()
        if not form.endswith("ing") or s[: m.start()].rstrip()[-1:] != ",":
            continue
        # Subject of the main clause: the words before its first auxiliary or verb.
        head = _PARTICIPLE_HEAD_RE.match(s[: m.start()])
        if not head or not head.group(1).strip():
            continue
        a, b = trim_speaker(head.group(1))
        sp = (head.start(1) + a, head.start(1) + b)
        if not looks_like_speaker(s[sp[0] : sp[1]]):
            continue
        content = content_after(s, m.end())
        if content:
            return Found(content, sp, m.span(), cue_confidence(form) - 0.2)
    return None


def colon_cue(s: str) -> tuple[int, int, tuple[int, int]] | None:
    """A sentence ending "X said:" -> (cue start, cue end, speaker span)."""
    m = _COLON_CUE_RE.search(s)
    if not m or m.group(1).lower() not in CUE_LEMMA:
        return None
    subj = subject_before(s, m.start(1))
    if subj is None:
        return None
    return m.start(1), m.end(1), subj


def colon_claim(seg: Segment, nxt: Segment, pending) -> Found | None:
    """The attribution of "X said:" (`pending`, from `colon_cue`) whose content is the next
    segment; None when that segment is too short to be a statement."""
    cs, ce, subj = pending
    # Offsets of the content are relative to seg, so the next segment's text is placed
    # at its distance from seg.
    a = nxt.start - seg.start
    b = a + len(nxt.text)
    if len(words_of(nxt.text)) < MIN_CONTENT_WORDS:
        return None
    return Found((a, b), subj, (cs, ce), cue_confidence(seg.text[cs:ce].lower()) - 0.05)


def continues_quote(f: Found, seg: Segment, nxt: Segment, value: str) -> bool:
    """A trailing quotation attribution followed, in the same paragraph, by a sentence
    that is a quotation with no attribution of its own."""
    if seg.text[f.content[0] : f.content[0] + 1] not in OPEN_QUOTES:
        return False
    if (f.cue[0] < f.content[1] and f.gap is None) or seg.text[f.content[1] :].count("“"):
        return False
    if nxt.text[:1] not in OPEN_QUOTES or "\n" in value[seg.start + len(seg.text) : nxt.start]:
        return False
    # A sentence that is one quotation belongs to the speaker already named, even when
    # it contains a reporting verb of its own ("We will say so").
    closes = nxt.text.rstrip(" .").endswith(("”", '"')) and nxt.text.count("”") <= 1
    return closes or not find_all(nxt.text)
