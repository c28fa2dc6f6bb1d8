"""Attributed claims: who said what, about whom, asserted or denied.

`extract_claims` reads the headline, standfirst and body of an article, sentence by
sentence, and recognises the attribution forms of news prose:

- trailing attribution: "C, an Israeli official told X on Wednesday." / "“Q,” he said."
- inverted trailing attribution: "C, said the official."
- forward attribution: "X said (that) C", "X told Y (on Monday) that C",
  "X denied that C", "X confirmed a report that C", "X announced new measures ..."
- "according to": "According to X, C" and "C, according to X"
- participle: "X pushed for ..., saying C" (the speaker is the clause's subject)

- split and continued quotations: "“X,” he said, “Y.”", "“X,” he said. “Y.”", and
  "X said:" followed by the quotation in the next sentence or paragraph
- belief, intent and particle cues: "X wants to ...", "X called for ...", "X accused Y of",
  "X thinks she has ..." (a belief verb before a clause without "that")
- a headline's "Name: statement"; reportative passives: "it was reported that C" (speaker
  kind `media`), "it is said/claimed that C" (`anonymous`), "X was quoted as saying C"
- ", adding that D" after an attribution: a second claim of the same speaker
- quotations typed with two apostrophes (''Q,'' he said) read like curly ones

Nested attributions keep the outermost one, so "A told B that C, a source said" is the
source's claim whose content is "A told B that C"; coordinated ones ("A said X, while B
said Y") give one claim each.

Stance: `deny` when the cue is a denial verb (denied, rejected, dismissed, refuted,
disputed). A speaker asserting a negative ("the ministry says no request was made") is
`assert` with negative content; `contradictions.py` reads negation in the content.

Never touches the database; works on strings and the people/countries found by the
other extractors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import regex

from .claim_lexicon import (
    ADDRESSEE_LEMMAS,
    AUX_WORDS,
    CLAUSE_OR_INFINITIVE_LEMMAS,
    CUE_CONFIDENCE,
    CUE_LEMMA,
    DENY_LEMMAS,
    DETERMINERS,
    MEDIA_NOUNS,
    NEEDS_CLAUSE_LEMMAS,
    OBJECT_LEMMAS,
    PARTICLE_CUES,
    TIME_WORDS,
)
from .claim_places import countries_in_phrase
from .claim_sentences import Segment, normalise_quotes, segments
from .claim_speakers import (
    SpeakerContext,
    classify_speaker,
    looks_like_speaker,
    person_for_span,
    trim_speaker,
    words_of,
)
from .events import classify_event
from .types import ArticleText, ClaimResult, CountryResult, PersonResult, Speaker

_ACCORDING_RE = regex.compile(r"\baccording to\b", regex.IGNORECASE)
_BOUNDARY_CHARS = ',;:—–(“”"\n'
_OPEN_QUOTES = '“"‘'
_CLOSE_QUOTES = '”"’'
_MIN_CONTENT_WORDS = 3


@dataclass
class _Found:
    content: tuple[int, int]  # offsets within the segment
    speaker: tuple[int, int]
    cue: tuple[int, int]
    confidence: float
    addressee: tuple[int, int] | None = None
    extra: _Found | None = None  # a ", saying C" claim cut from this one's content
    # Speaker kind fixed by the construction: an impersonal "it was reported that" has no
    # speaker to classify.
    kind: str | None = None


@dataclass
class ClaimDetail:
    """A claim with the offsets of its speaker phrase and cue (same field as the claim)."""

    claim: ClaimResult
    speaker_span: tuple[int, int]
    cue_span: tuple[int, int]
    # The content as attribution corpora annotate it: with a leading complementiser
    # ("that ...") that the claim's own text leaves out.
    content_span: tuple[int, int] = (0, 0)


def extract_claims(
    text: ArticleText, people: list[PersonResult], countries: list[CountryResult]
) -> list[ClaimResult]:
    """Return the attributed claims of an article, in reading order.

    Input: the article's text fields, the people and countries found in it (their
    mentions carry offsets used to name speakers and subjects). Output: one ClaimResult
    per attribution found in the headline, standfirst or body; offsets index the field
    named by `location` and `text == field[start:end]`. Captions and bylines are not
    read. Deterministic; never raises on odd text (a sentence that fits no pattern is
    skipped).
    """
    return [d.claim for d in extract_claim_details(text, people, countries)]


def extract_claim_details(
    text: ArticleText, people: list[PersonResult], countries: list[CountryResult]
) -> list[ClaimDetail]:
    """Same as `extract_claims`, keeping where the speaker phrase and the cue were
    written (used by evaluation against span-annotated corpora)."""
    fields = [
        ("headline", text.title or ""),
        ("standfirst", text.standfirst or ""),
        ("body", text.body or ""),
    ]
    ctx = SpeakerContext(people=people, countries=countries)
    ctx.media_names = _media_names(" ".join(f for _, f in fields))
    ctx.home_country = _home_country(text, fields, ctx.media_names)

    details: list[ClaimDetail] = []
    for location, original in fields:
        value = normalise_quotes(original)
        first = len(details)
        segs = segments(value, location)
        i = 0
        while i < len(segs):
            seg = segs[i]
            i += 1
            _note_plural_subjects(seg, people, ctx)
            found_all = _find_all(seg.text)
            if not found_all:
                pending = _colon_cue(seg.text)
                if pending is not None and i < len(segs):
                    # "X said:" and the quotation in the next sentence or paragraph.
                    found_all = [_colon_claim(seg, segs[i], pending)]
                    i += 1
                    if found_all[0] is None:
                        continue
            for found in _flatten(found_all):
                claim = _build(found, seg, location, value, ctx)
                if claim is None:
                    continue
                end = found.content[1] + seg.start
                if i < len(segs) and _continues_quote(found, seg, segs[i], value):
                    # "“X,” he said. “Y.”": the second quotation is the same claim.
                    claim = _extend(claim, segs[i], value)
                    i += 1
                off = seg.start
                details.append(
                    ClaimDetail(
                        claim,
                        (found.speaker[0] + off, found.speaker[1] + off),
                        (found.cue[0] + off, found.cue[1] + off),
                        (min(claim.start, found.content[0] + off), max(claim.end, end)),
                    )
                )
                ctx.history.append(claim.speaker)
        if value is not original:
            for d in details[first:]:
                d.claim = replace(d.claim, text=original[d.claim.start : d.claim.end])
    _inherit_summary_countries(details)
    return details


def _inherit_summary_countries(details: list[ClaimDetail]) -> None:
    """A headline's or standfirst's "Officials say ..." names no country; the article's
    other claims by sources with the same head noun ("Israeli officials", "a senior
    official") do. Take their country when they agree on one; otherwise leave it unknown.
    """
    for d in details:
        sp = d.claim.speaker
        if d.claim.location == "body" or sp.kind != "anonymous" or sp.country:
            continue
        head = _head_word(sp.label)
        codes = {
            o.claim.speaker.country
            for o in details
            if o is not d
            and o.claim.speaker.kind == "anonymous"
            and o.claim.speaker.country
            and _head_word(o.claim.speaker.label) == head
        }
        if len(codes) == 1:
            d.claim = replace(d.claim, speaker=replace(sp, country=codes.pop()))


def _head_word(label: str) -> str:
    ws = words_of(label.lower())
    return ws[-1].removesuffix("s") if ws else ""


def _flatten(found_all: list[_Found]) -> list[_Found]:
    out = []
    for f in found_all:
        out.append(f)
        if f.extra is not None:
            out.append(f.extra)
    return out


_COLON_CUE_RE = regex.compile(r"\b([A-Za-z]+)(\s+(?:this|that)\s+\p{Ll}+)?\s*:\s*$")


def _colon_cue(s: str) -> tuple[int, int, tuple[int, int]] | None:
    """A sentence ending "X said:" -> (cue start, cue end, speaker span)."""
    m = _COLON_CUE_RE.search(s)
    if not m or m.group(1).lower() not in CUE_LEMMA:
        return None
    subj = _subject_before(s, m.start(1))
    if subj is None:
        return None
    return m.start(1), m.end(1), subj


def _colon_claim(seg: Segment, nxt: Segment, pending) -> _Found | None:
    cs, ce, subj = pending
    # Offsets of the content are relative to seg, so the next segment's text is placed
    # at its distance from seg.
    a = nxt.start - seg.start
    b = a + len(nxt.text)
    if len(words_of(nxt.text)) < _MIN_CONTENT_WORDS:
        return None
    return _Found((a, b), subj, (cs, ce), _confidence(seg.text[cs:ce].lower()) - 0.05)


def _continues_quote(f: _Found, seg: Segment, nxt: Segment, value: str) -> bool:
    """A trailing quotation attribution followed, in the same paragraph, by a sentence
    that is a quotation with no attribution of its own."""
    if seg.text[f.content[0] : f.content[0] + 1] not in _OPEN_QUOTES:
        return False
    if f.cue[0] < f.content[1] or seg.text[f.content[1] :].count("“"):
        return False
    if nxt.text[:1] not in _OPEN_QUOTES or "\n" in value[seg.start + len(seg.text) : nxt.start]:
        return False
    # A sentence that is one quotation belongs to the speaker already named, even when
    # it contains a reporting verb of its own ("We will say so").
    closes = nxt.text.rstrip(" .").endswith(("”", '"')) and nxt.text.count("”") <= 1
    return closes or not _find_all(nxt.text)


def _extend(claim: ClaimResult, nxt: Segment, value: str) -> ClaimResult:
    end = nxt.start + len(nxt.text)
    return replace(
        claim, end=end, text=value[claim.start : end], event_type=classify_event(claim.text)
    )


# ---------------------------------------------------------------- patterns

# Cue candidates come from one pass over the words of a segment and a dict lookup,
# which is much cheaper than matching an alternation of every inflection.
_WORD_RE = re.compile(r"[A-Za-z]+")
_CUE_FORMS = frozenset(CUE_LEMMA)
_THAT_RE = regex.compile(r"((?:\s+[\p{L}\p{N}'’.\-]+){0,9}?)\s+(that)\b")
_QUOTE_NEXT_RE = regex.compile(r"\s*[:,]?\s*[“\"]")
_INFINITIVE_RE = regex.compile(r"(?:\s+[\p{L}\p{N}'’.\-]+){0,4}?\s+to\s+\p{Ll}")
_PARTICLE_RE = regex.compile(r"\s+(\p{Ll}+)\b")
_SPEAKER_AFTER_RE = regex.compile(
    r"\s*([^,.;:]+?)\s*(?:,|\.|;|$|\s+(?:on|in|at|last|this|earlier)\b)"
)
_ACC_TAIL_RE = regex.compile(r",?\s*according to [^.;]*")
_ADDRESSEE_TAIL_RE = regex.compile(
    r"((?:the\s+|The\s+)?\p{Lu}[\p{L}'’.\-]*(?:\s+(?:of|the|\p{Lu}[\p{L}'’.\-]*))*"
    r"|reporters|journalists)"
)
_ADDRESSEE_RE = regex.compile(
    r"\s*((?:the\s+|The\s+)?\p{Lu}[\p{L}'’.\-]*(?:\s+(?:of|\p{Lu}[\p{L}'’.\-]*))*"
    r"|reporters|journalists|\p{Ll}+)"
)
_SKIP_TIME_RE = regex.compile(
    r"(?:\s*,?\s*(?:on|last|this|earlier|in|at)?\s*(?:Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday|week|month|year|night|morning|today|yesterday|"
    r"(?:a|an|the)\s+(?:statement|interview|speech|briefing|post)(?:\s+(?:on|with)\s+"
    r"[\p{Lu}][\p{L}]+)?)\b\s*,?)*"
)
_PARTICIPLE_HEAD_RE = regex.compile(
    r"\s*((?:[\p{L}\p{N}'’.\-]+\s+){0,7}?)(?:has|have|had|is|are|was|were|"
    r"will|would|\p{Ll}+ed)\b"
)
_THAT_AHEAD_RE = regex.compile(r"\s+that\b")
# Where a coordinated second attribution starts: "A said X, while B said Y".
_COORD_RE = regex.compile(r"(?:,\s*|\s+)(?:while|whereas|but|and|although)\s+|;\s+")
_SPLIT_QUOTE_RE = regex.compile(r"[^“\"]{0,60}?[,:]\s*[“\"]")
_AND_RE = regex.compile(r"(\p{Lu}[\p{L}'’\-]+)\s+and\s+(\p{Lu}[\p{L}'’\-]+)")
_VERB_THAT_RE = re.compile(r"\b[a-z]+ed\b(?=(?:\s+out)?\s+that\b)")
_NOT_CUES = frozenset({"need", "used", "ensured", "meant", "required", "proposed", "needed"})
_OTHER_VERB_CONFIDENCE = 0.5
_THAT_LEAD_RE = regex.compile(r"that\s+")
_PARTICIPLE_SPLIT = frozenset({"saying", "adding", "arguing", "noting", "warning", "claiming"})


def _cues(s: str) -> list[re.Match]:
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


def _lemma(form: str) -> str:
    return CUE_LEMMA.get(form, "other")


def _confidence(form: str) -> float:
    return CUE_CONFIDENCE.get(form, _OTHER_VERB_CONFIDENCE)


def _find_all(s: str) -> list[_Found]:
    """Every attribution of one sentence, outermost first, never two nested ones.

    A trailing attribution ("C, X said.") or an "according to" governs the sentence,
    so it is the only one. Otherwise forward attributions are read left to right: an
    attribution inside the content of an earlier one is nested and left to the outer
    one ("A said B told C that ..."); a coordinated one ("A said X, while B said Y") cuts
    the earlier content and gives a claim of its own.
    """
    cues = _cues(s)
    if not cues and "ccording" not in s and ":" not in s and " quoted as " not in s:
        return []
    for finder in (_trailing, _split_quote, _according_to, _name_colon, _reportative):
        found = finder(s, cues)
        if found:
            return [found]
    out: list[_Found] = []
    floor = 0
    for m in cues:
        if m.start() < floor:
            continue
        found = _forward(s, m)
        if found is None:
            continue
        out.append(found)
        nxt = _cut_coordinated(s, found, cues)
        floor = found.content[1] if nxt is None else nxt
    if out:
        return out
    found = _participle(s, cues)
    return [found] if found else []


def _cut_coordinated(s: str, f: _Found, cues: list) -> int | None:
    """Shorten f's content before a coordinated attribution or a ", saying" participle;
    return where the next attribution may start (None when nothing was cut)."""
    cs, ce = f.content
    for m in cues:
        if not cs < m.start() < ce:
            continue
        form = m.group().lower()
        if form in _PARTICIPLE_SPLIT and s[: m.start()].rstrip().endswith(","):
            cut = s.rfind(",", cs, m.start())
            content = _content_after(s, m.end())
            if content and _content_ok(s, cs, cut):
                f.content = _trim_end(s, cs, cut)
                f.extra = _Found(content, f.speaker, m.span(), _confidence(form) - 0.1)
                return ce
            continue
        coord = None
        for c in _COORD_RE.finditer(s, cs, m.start()):
            coord = c
        if coord is None or _forward(s, m) is None:
            continue
        subj = _subject_before(s, m.start(), floor=coord.end())
        if subj is None or subj[0] != coord.end():
            continue
        if _content_ok(s, cs, coord.start()):
            f.content = _trim_end(s, cs, coord.start())
            return coord.end()
    return None


def _content_ok(s: str, a: int, b: int) -> bool:
    return len(words_of(s[a:b])) >= _MIN_CONTENT_WORDS


def _trim_end(s: str, a: int, b: int) -> tuple[int, int]:
    while b > a and s[b - 1] in " ,;:—–":
        b -= 1
    return a, b


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


def _subject_before(s: str, cue_start: int, floor: int = 0) -> tuple[int, int] | None:
    end = _strip_aux_back(s, cue_start)
    left = max(s.rfind(c, floor, end) for c in _BOUNDARY_CHARS)
    start = max(left + 1, floor)
    a, b = trim_speaker(s[start:end])
    if b > a and looks_like_speaker(s[start + a : start + b]):
        return start + a, start + b
    if s[start + a : start + b] == "who" and s[left : left + 1] == ",":
        # "Democrats, who want to keep the White House": the antecedent speaks.
        # The antecedent ends the phrase before the comma: its longest speaker-like tail.
        head_start = max(max(s.rfind(c, floor, left) for c in _BOUNDARY_CHARS) + 1, floor)
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
        head_start = max(max(s.rfind(c, floor, inner) for c in _BOUNDARY_CHARS) + 1, floor)
        a, b = trim_speaker(s[head_start:inner])
        if b > a and looks_like_speaker(s[head_start + a : head_start + b]):
            return head_start + a, left
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


_TAIL_CLAUSE_RE = regex.compile(
    r"(?:^|,)\s*\p{Ll}+ing\b|,\s*(?:to|who|which|according|with|in|as)\b|"
    r"(?:^|\s)(?:as|when|after|before|while|because|since|though|although|until|amid|"
    r"following|where)\b"
)
_ADJUNCT_PREPS = frozenset(
    {"in", "on", "at", "by", "during", "after", "before", "via", "from", "over", "with",
     "to", "while", "when", "outside", "inside", "last", "this", "earlier", "later", "as",
     "of", "about", "through"}
)  # fmt: skip
_NOT_ADJUNCT = frozenset({"that", "which", "who", "is", "are", "was", "were", "be", "not"})


_TRAILING_LEMMAS = frozenset(
    {"say", "tell", "add", "note", "write", "explain", "insist", "claim", "argue", "warn",
     "state", "declare", "announce", "confirm", "deny", "tweet", "report", "assert", "stress",
     "emphasize", "acknowledge", "admit", "suggest", "predict", "reiterate", "contend",
     "allege", "concede", "recall", "reply", "respond", "believe", "think", "estimate",
     "complain", "ask", "wonder", "maintain", "vow", "promise", "pledge", "reveal"}
)  # fmt: skip


def _trailing(s: str, cues: list) -> _Found | None:
    # The last cue is the outermost attribution when it ends the sentence.
    rev = list(reversed(cues))
    # ", adding that D" after the attribution is its speaker's second claim (see
    # _participle_claim), not the attribution that governs the sentence.
    while len(rev) > 1 and (
        rev[0].group().lower() in _TAIL_PARTICIPLES and s[: rev[0].start()].rstrip()[-1:] == ","
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
        lemma = _lemma(form)
        if lemma not in _TRAILING_LEMMAS:
            continue
        ok, addressee = _adjunct_tail(s, m.end(), lemma)
        if ok:
            subj = _subject_before(s, m.start())
            if subj and _content_before(s, subj[0]):
                found = _Found(
                    _content_before(s, subj[0]), subj, m.span(), _confidence(form), addressee
                )
                found.extra = _participle_claim(s, m.end(), subj)
                return found
        # Inverted: "C, said the official (on Monday)."
        inv = _inverted(s, m)
        if inv is not None:
            return inv
    return None


_TAIL_PARTICIPLES = _PARTICIPLE_SPLIT | {"insisting", "stressing", "explaining"}
_TAIL_PARTICIPLE_RE = regex.compile(r",\s*(" + "|".join(sorted(_TAIL_PARTICIPLES)) + r")\b")


def _participle_claim(s: str, start: int, subj: tuple[int, int]) -> _Found | None:
    """ "C,” he said, adding that D": D is a second claim of the same speaker."""
    p = _TAIL_PARTICIPLE_RE.search(s, start)
    if p is None:
        return None
    content = _content_after(s, p.end())
    if content is None:
        return None
    return _Found(content, subj, p.span(1), _confidence(p.group(1)) - 0.1)


def _inverted(s: str, m) -> _Found | None:
    """ "C, said the official (on Monday)." / "“Q,” says Smith, an analyst at ..." """
    form = m.group().lower()
    before = s[: m.start()].rstrip()
    if before.endswith((",", "”", '"')) and _lemma(form) in {"say", "add", "tell", "write"}:
        sp = _speaker_after(s, m.end())
        if sp and _content_before(s, m.start()):
            return _Found(_content_before(s, m.start()), sp, m.span(), _confidence(form) - 0.05)
    return None


def _split_quote(s: str, cues: list) -> _Found | None:
    """“X,” he said, “Y.” (or “X,” said the official. “Y”): one claim over both parts."""
    if s[:1] not in _OPEN_QUOTES:
        return None
    for m in cues:
        lemma = _lemma(m.group().lower())
        if lemma not in {"say", "add", "tell", "write", "explain", "continue", "insist"}:
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
            _subject_before(s, m.start(), floor=close + 1)
            if words_of(before[close + 1 :])
            else _speaker_after(s, m.end())
        )
        if sp is None:
            continue
        end = len(s.rstrip())
        if _content_ok(s, 0, close):
            return _Found((0, end), sp, m.span(), _confidence(m.group().lower()))
    return None


def _speaker_after(s: str, start: int) -> tuple[int, int] | None:
    m = _SPEAKER_AFTER_RE.match(s, start)
    if not m:
        return None
    a, b = m.span(1)
    if looks_like_speaker(s[a:b]):
        return a, b
    return None


def _content_before(s: str, end: int) -> tuple[int, int] | None:
    """Content that precedes an attribution, without the joining comma; a quotation
    keeps its quote marks and the comma inside them ("“Q,” he said"), as news corpora
    annotate it."""
    start = 0
    while start < end and s[start] == " ":
        start += 1
    while end > start and s[end - 1] in " ;:—–":
        end -= 1
    if s[start : start + 1] in _OPEN_QUOTES and s[end - 1 : end] in _CLOSE_QUOTES:
        pass
    else:
        while end > start and s[end - 1] in ",":
            end -= 1
    if len(words_of(s[start:end])) < _MIN_CONTENT_WORDS:
        return None
    return start, end


def _content_after(s: str, start: int) -> tuple[int, int] | None:
    end = len(s)
    acc = _ACCORDING_RE.search(s, start)
    if acc:
        end = s.rfind(",", start, acc.start()) if "," in s[start : acc.start()] else acc.start()
    while start < end and s[start] in " ,:":
        start += 1
    while end > start and s[end - 1] in " .,;:!?" + _CLOSE_QUOTES:
        end -= 1
    # Keep the closing quote mark (and the full stop inside it) when the content opened
    # a quotation: text == field[start:end] must stay a balanced quotation.
    if s.count("“", start, end) > s.count("”", start, end) or (
        s[start : start + 1] == '"' and s.count('"', start, end) % 2
    ):
        close = max(s.find("”", end), s.find('"', end))
        if 0 <= close <= end + 2:
            end = close + 1
    if len(words_of(s[start:end])) < _MIN_CONTENT_WORDS:
        return None
    return start, end


def _according_to(s: str, cues: list) -> _Found | None:
    m = _ACCORDING_RE.search(s)
    if not m:
        return None
    if m.start() < 3:  # "According to X, C"
        comma = s.find(",", m.end())
        if comma < 0:
            return None
        sp = _trimmed(s, m.end(), comma)
        content = _content_after(s, comma + 1)
        if sp and content and _according_source(s[sp[0] : sp[1]]):
            return _Found(content, sp, m.span(), 0.85)
        return None
    # "C, according to X."
    sp = _trimmed(s, m.end(), len(s))
    if sp is None:
        return None
    a, b = sp
    while b > a and s[b - 1] in ".!?":
        b -= 1
    head = s[max(0, m.start() - 3) : m.start()]
    content = _content_before(s, m.start())
    if "," in head and content and _according_source(s[a:b]):
        return _Found(content, (a, b), m.span(), 0.8)
    return None


def _according_source(phrase: str) -> bool:
    # "according to" names a source of any kind, not only a speaker: a poll, a filing,
    # "early returns", "media trackers". The cue is unambiguous, so any short noun
    # phrase will do.
    if looks_like_speaker(phrase):
        return True
    ws = words_of(phrase)
    return 0 < len(ws) <= 16 and ws[0].lower() not in {"which", "that", "whom", "how", "what"}


# "Clinton: I support D.C. statehood" (a headline's attribution): a short name or source
# phrase, a colon, then the statement.
_NAME_COLON_RE = regex.compile(r"((?:\p{Lu}[\p{L}.'’\-]*\s+){0,3}\p{Lu}[\p{L}.'’\-]*)\s*:\s+(?=\S)")
# Labels that head a line with a colon without being anyone's statement.
_NOT_COLON_SPEAKERS = frozenset(
    {"update", "note", "editor's note", "photo", "video", "watch", "read", "related",
     "source", "sources", "correction", "transcript", "q", "a", "question", "answer",
     "full", "read more", "see also", "listen", "disclosure", "warning", "breaking"}
)  # fmt: skip


def _name_colon(s: str, cues: list) -> _Found | None:
    m = _NAME_COLON_RE.match(s)
    if not m:
        return None
    name = m.group(1)
    if name.lower() in _NOT_COLON_SPEAKERS or name.isupper() or not looks_like_speaker(name):
        return None
    content = _content_after(s, m.end())
    if content is None:
        return None
    colon = s.index(":", m.end(1))
    return _Found(content, m.span(1), (colon, colon + 1), 0.6)


# Reportative passives. "It was reported that C" names no speaker: the claim's speaker is
# labelled with the passive as written ("It was reported") and its kind is `media` for
# "reported" (the press reported it) and `anonymous` for the others ("it is said",
# "it was claimed"): someone unnamed said it. "X was quoted as saying C" has the speaker as
# subject.
_IMPERSONAL_RE = regex.compile(
    r"\b[Ii]t\s+(?:is|was|has\s+been|had\s+been)\s+(?:widely\s+|also\s+)?"
    r"(reported|said|claimed|alleged|rumou?red|believed|understood|announced)\s+(?=that\b)"
)
_QUOTED_AS_RE = regex.compile(r"\s+(?:was|were|is|has\s+been)\s+quoted\s+as\s+saying\b")


def _reportative(s: str, cues: list) -> _Found | None:
    m = _IMPERSONAL_RE.search(s)
    if m:
        content = _content_after(s, m.end())
        if content:
            it = (m.start(), m.start() + 2)
            kind = "media" if m.group(1) == "reported" else "anonymous"
            return _Found(content, it, (it[1] + 1, m.end(1)), 0.6, kind=kind)
    q = _QUOTED_AS_RE.search(s)
    if q:
        subj = _subject_before(s, q.start())
        content = _content_after(s, q.end())
        if subj and content:
            return _Found(content, subj, (q.start() + 1, q.end()), 0.8)
    return None


def _trimmed(s: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and s[a].isspace():
        a += 1
    while b > a and s[b - 1].isspace():
        b -= 1
    return (a, b) if b > a else None


def _forward(s: str, m) -> _Found | None:
    form = m.group().lower()
    lemma = _lemma(form)
    if form.endswith("ing") and lemma not in {"say"}:
        return None
    subj = _subject_before(s, m.start())
    if subj is None:
        subj = _coordinated_subject(s, m.start())
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
    content = _content_after(s, start)
    if content is None:
        return None
    conf = _confidence(form) - (0.0 if that else 0.1)
    return _Found(content, subj, cue, conf, addressee)


# Belief verbs take a clause without "that" ("Her advisers think she has the
# discipline"); the clause is recognised by a subject pronoun or a determiner right after
# the verb, which an object noun phrase of these verbs rarely starts with.
_ZERO_THAT_LEMMAS = frozenset({"think", "believe", "feel", "hope", "fear", "suggest", "predict"})
_CLAUSE_SUBJECT_RE = regex.compile(
    r"\s*\b(?:he|she|they|it|we|I|you|there|this|these|those|his|her|their|our|its|"
    r"the\s+\p{L}+\s+(?:is|are|was|were|will|would|can|could|has|have|had|should|must))\b"
)


_AND_BEFORE_RE = regex.compile(r"\s+and\s*$")
_VP_WORD_RE = regex.compile(r"\s*([\p{L}\p{N}][\p{L}\p{N}'’.\-]*)")
_NOT_IN_VP = frozenset({"that", "who", "which", "said", "says", "say", "told", "if", "because"})


def _coordinated_subject(s: str, cue_start: int) -> tuple[int, int] | None:
    """Subject of "Scott blasted Congress and said ...": the speaker-like words that
    open the clause, when the cue is the second verb of a short coordinated predicate."""
    end = _strip_aux_back(s, cue_start)
    conj = _AND_BEFORE_RE.search(s, max(0, end - 8), end)
    if conj is None:
        return None
    left = max(s.rfind(c, 0, conj.start()) for c in _BOUNDARY_CHARS)
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


def _participle(s: str, cues: list) -> _Found | None:
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
        content = _content_after(s, m.end())
        if content:
            return _Found(content, sp, m.span(), _confidence(form) - 0.2)
    return None


# ---------------------------------------------------------------- assembly


def _build(
    f: _Found, seg: Segment, location: str, value: str, ctx: SpeakerContext
) -> ClaimResult | None:
    off = seg.start
    cs, ce = f.content[0] + off, f.content[1] + off
    # The claim's text is the statement itself: no complementiser, no surrounding quote
    # marks or the comma that joins a quotation to "he said" (the detail keeps them).
    lead = _THAT_LEAD_RE.match(value, cs, ce)
    if lead:
        cs = lead.end()
    opened = value[cs : cs + 1] in _OPEN_QUOTES
    if opened:
        cs += 1
        while cs < ce and value[cs] == " ":
            cs += 1
        while ce > cs and value[ce - 1] in " ,;:":
            ce -= 1
        if value[ce - 1 : ce] in _CLOSE_QUOTES and value.count("“", cs, ce) < value.count(
            "”", cs, ce
        ) + (value[ce - 1] != "”"):
            ce -= 1
            while ce > cs and value[ce - 1] in " .,;:":
                ce -= 1
    ss, se = f.speaker[0] + off, f.speaker[1] + off
    content = value[cs:ce]
    label = value[ss:se]
    cue = value[f.cue[0] + off : f.cue[1] + off]
    content_countries = _subject_countries(value, cs, ce, location, ctx)
    if f.kind is not None:
        speaker = Speaker(label=value[ss : f.cue[1] + off], kind=f.kind)
    else:
        speaker = classify_speaker(label, location, ss, se, ctx, content_countries)
    quote = opened or (
        cs > 0 and value[cs - 1] in _OPEN_QUOTES and value[ce : ce + 1] in _CLOSE_QUOTES + ",."
    )
    lemma = CUE_LEMMA.get(cue.lower())
    return ClaimResult(
        text=content,
        start=cs,
        end=ce,
        location=location,
        speaker=speaker,
        cue=cue,
        stance="deny" if lemma in DENY_LEMMAS else "assert",
        quote=quote,
        event_type=classify_event(content),
        addressee=value[f.addressee[0] + off : f.addressee[1] + off] if f.addressee else None,
        subject_people=_subject_people(value, cs, ce, location, ctx),
        subject_countries=content_countries,
        confidence=round(max(0.05, min(1.0, f.confidence - _speaker_penalty(speaker))), 2),
    )


def _speaker_penalty(speaker: Speaker) -> float:
    # An unresolved pronoun or an unknown name is less certain than a named source.
    if speaker.label.lower() in {"he", "she", "they", "it", "we", "i"}:
        return 0.2
    if speaker.kind == "person" and speaker.person is None:
        return 0.1
    return 0.0


def _subject_people(value: str, cs: int, ce: int, location: str, ctx: SpeakerContext) -> list[str]:
    names: list[str] = []
    for p in ctx.people:
        hit = any(m.location == location and cs <= m.start and m.end <= ce for m in p.mentions)
        if not hit:
            surname = p.name.split()[-1] if p.name.split() else ""
            content_words = set(words_of(value[cs:ce]))
            hit = p.name in value[cs:ce] or bool(surname and surname in content_words)
        if hit and p.name not in names:
            names.append(p.name)
    return names


def _subject_countries(
    value: str, cs: int, ce: int, location: str, ctx: SpeakerContext
) -> list[str]:
    codes: list[str] = []
    for c in ctx.countries:
        if any(m.location == location and cs <= m.start and m.end <= ce for m in c.mentions):
            codes.append(c.iso2)
    for code in countries_in_phrase(value[cs:ce]):
        if code not in codes:
            codes.append(code)
    return codes


# ---------------------------------------------------------------- article-level context

_MEDIA_INTRO_RE = regex.compile(
    r"\b(?:" + "|".join(sorted(MEDIA_NOUNS, key=len, reverse=True)) + r")\s+"
    r"((?:\p{Lu}[\p{L}'’\-]*)(?:\s+\p{Lu}[\p{L}'’\-]*){0,3})"
)
_TOLD_OUTLET_RE = regex.compile(
    r"\btold\s+((?:The\s+)?\p{Lu}[\p{L}]*(?:\s+(?:of|\p{Lu}[\p{L}]*)){0,4})"
)


def _media_names(all_text: str) -> set[str]:
    """Names introduced with a media noun: "the Hebrew daily Israel Hayom" -> Israel Hayom."""
    return {m.group(1) for m in _MEDIA_INTRO_RE.finditer(all_text)}


def _home_country(text: ArticleText, fields, media_names: set[str]) -> str | None:
    """Country of the outlet, when its name gives one ("The Times of Israel" -> IL).

    The outlet's name comes from ArticleText.outlet or, failing that, from the outlet
    the article's sources speak to ("... told The Times of Israel"), which in practice is
    the publishing outlet itself.
    """
    names = [text.outlet] if text.outlet else []
    if not names:
        body = fields[-1][1]
        counts: dict[str, int] = {}
        for m in _TOLD_OUTLET_RE.finditer(body):
            name = m.group(1)
            if any(w in name.split() for w in ("Times", "Post", "Journal", "News", "Herald")):
                counts[name] = counts.get(name, 0) + 1
        if counts:
            names = [max(counts, key=counts.get)]
    for name in names:
        codes = countries_in_phrase(name)
        if codes:
            return codes[0]
    return None


def _note_plural_subjects(seg: Segment, people: list[PersonResult], ctx: SpeakerContext) -> None:
    """Remember "X and Y" subjects of two known people, for a later "they"."""
    if " and " not in seg.text:
        return
    for m in _AND_RE.finditer(seg.text):
        a = person_for_span(
            people, seg.location, seg.start + m.start(1), seg.start + m.end(1), m.group(1)
        )
        b = person_for_span(
            people, seg.location, seg.start + m.start(2), seg.start + m.end(2), m.group(2)
        )
        if a is not None and b is not None and a is not b:
            codes = {a.country, b.country} - {None}
            ctx.plural_subjects.append(
                (
                    seg.start + m.start(),
                    Speaker(
                        label=m.group(0),
                        kind="group",
                        country=codes.pop() if len(codes) == 1 else None,
                    ),
                )
            )
