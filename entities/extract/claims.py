"""Attributed claims: who said what, about whom, asserted or denied.

`extract_claims` reads the headline, standfirst and body of an article, sentence by
sentence, and recognises the attribution forms of news prose:

- trailing attribution: "C, an Israeli official told X on Wednesday." / "“Q,” he said."
- inverted trailing attribution: "C, said the official."
- forward attribution: "X said (that) C", "X told Y (on Monday) that C",
  "X denied that C", "X confirmed a report that C", "X announced new measures ..."
- "according to": "According to X, C" and "C, according to X"
- participle: "X pushed for ..., saying C" (the speaker is the clause's subject)

One claim per sentence at most: the outermost attribution wins, so "A told B that C,
a source said" is the source's claim whose content is "A told B that C".

Stance: `deny` when the cue is a denial verb (denied, rejected, dismissed, refuted,
disputed). A speaker asserting a negative ("the ministry says no request was made") is
`assert` with negative content; `contradictions.py` reads negation in the content.

Never touches the database; works on strings and the people/countries found by the
other extractors.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .claim_lexicon import (
    ADDRESSEE_LEMMAS,
    AUX_WORDS,
    CUE_CONFIDENCE,
    CUE_LEMMA,
    DENY_LEMMAS,
    MEDIA_NOUNS,
    NEEDS_CLAUSE_LEMMAS,
    TIME_WORDS,
)
from .claim_places import countries_in_phrase
from .claim_sentences import Segment, segments
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

_CUE_RE = regex.compile(
    r"\b(?:" + "|".join(sorted(CUE_LEMMA, key=len, reverse=True)) + r")\b", regex.IGNORECASE
)
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


@dataclass
class ClaimDetail:
    """A claim with the offsets of its speaker phrase and cue (same field as the claim)."""

    claim: ClaimResult
    speaker_span: tuple[int, int]
    cue_span: tuple[int, int]


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
    for location, value in fields:
        for seg in segments(value, location):
            _note_plural_subjects(seg, people, ctx)
            found = _find_in_segment(seg.text)
            if found is None:
                continue
            claim = _build(found, seg, location, value, ctx)
            if claim is not None:
                off = seg.start
                details.append(
                    ClaimDetail(
                        claim,
                        (found.speaker[0] + off, found.speaker[1] + off),
                        (found.cue[0] + off, found.cue[1] + off),
                    )
                )
                ctx.history.append(claim.speaker)
    return details


# ---------------------------------------------------------------- patterns


def _find_in_segment(s: str) -> _Found | None:
    cues = list(_CUE_RE.finditer(s))
    for finder in (_trailing, _according_to):
        found = finder(s, cues)
        if found:
            return found
    for m in cues:
        found = _forward(s, m)
        if found:
            return found
    return _participle(s, cues)


def _strip_aux_back(s: str, end: int) -> int:
    """Move `end` back over auxiliaries and -ly adverbs ("has increasingly insisted")."""
    while True:
        m = regex.search(r"([\p{L}']+)\s*$", s[:end])
        if not m:
            return end
        w = m.group(1).lower()
        if w in AUX_WORDS or (w.endswith("ly") and len(w) > 4 and w not in {"only", "early"}):
            end = m.start()
            continue
        return end


def _subject_before(s: str, cue_start: int) -> tuple[int, int] | None:
    end = _strip_aux_back(s, cue_start)
    left = max(s.rfind(c, 0, end) for c in _BOUNDARY_CHARS)
    start = left + 1
    a, b = trim_speaker(s[start:end])
    if b <= a:
        return None
    span = (start + a, start + b)
    if looks_like_speaker(s[span[0] : span[1]]):
        return span
    return None


def _adjunct_tail(s: str, start: int, lemma: str) -> tuple[bool, tuple[int, int] | None]:
    """Is s[start:] only an addressee and time/place adjuncts up to the sentence end?"""
    tail = s[start:]
    tail_core = regex.sub(r",?\s*according to [^.;]*", "", tail)
    tail_core = tail_core.strip().rstrip('.!?”"').strip()
    if not tail_core:
        return True, None
    addressee = None
    rest = tail_core
    if lemma in ADDRESSEE_LEMMAS:
        m = regex.match(
            r"((?:the\s+|The\s+)?\p{Lu}[\p{L}'’.\-]*(?:\s+(?:of|the|\p{Lu}[\p{L}'’.\-]*))*"
            r"|reporters|journalists)",
            rest,
        )
        if m:
            off = tail.find(m.group(1))
            addressee = (start + off, start + off + len(m.group(1)))
            rest = rest[m.end() :]
    ws = words_of(rest)
    if len(ws) > 8:
        return False, None
    ok = all(w.lower() in TIME_WORDS or w[:1].isdigit() or w[:1].isupper() for w in ws)
    return ok, addressee


def _trailing(s: str, cues: list) -> _Found | None:
    # The last cue is the outermost attribution when it ends the sentence.
    for m in reversed(cues):
        lemma = CUE_LEMMA[m.group(0).lower()]
        ok, addressee = _adjunct_tail(s, m.end(), lemma)
        if ok:
            subj = _subject_before(s, m.start())
            if subj and _content_before(s, subj[0]):
                return _Found(
                    _content_before(s, subj[0]),
                    subj,
                    m.span(),
                    CUE_CONFIDENCE[m.group(0).lower()],
                    addressee,
                )
        # Inverted: "C, said the official (on Monday)."
        before = s[: m.start()].rstrip()
        if before.endswith((",", "”", '"')) and lemma in {"say", "add", "tell", "write"}:
            sp = _speaker_after(s, m.end())
            if sp and _content_before(s, m.start()):
                return _Found(
                    _content_before(s, m.start()),
                    sp,
                    m.span(),
                    CUE_CONFIDENCE[m.group(0).lower()] - 0.05,
                )
        break
    return None


def _speaker_after(s: str, start: int) -> tuple[int, int] | None:
    rest = s[start:]
    m = regex.match(r"\s*([^,.;:]+?)\s*(?:,|\.|;|$|\s+(?:on|in|at|last|this|earlier)\b)", rest)
    if not m:
        return None
    a = start + m.start(1)
    b = start + m.end(1)
    if looks_like_speaker(s[a:b]):
        return a, b
    return None


def _content_before(s: str, end: int) -> tuple[int, int] | None:
    """Content that precedes an attribution, without the joining comma or quote marks."""
    start = 0
    while start < end and s[start] in " " + _OPEN_QUOTES:
        start += 1
    while end > start and s[end - 1] in " ,;:—–" + _CLOSE_QUOTES:
        end -= 1
    if s[start - 1 : start] in _OPEN_QUOTES and start > 0 and s[end - 1 : end] in ",.":
        end -= 1  # "“Q,” he said": the comma belongs to the quotation, not the content
    if len(words_of(s[start:end])) < _MIN_CONTENT_WORDS:
        return None
    return start, end


def _content_after(s: str, start: int) -> tuple[int, int] | None:
    end = len(s)
    acc = _ACCORDING_RE.search(s, start)
    if acc:
        end = s.rfind(",", start, acc.start()) if "," in s[start : acc.start()] else acc.start()
    while start < end and s[start] in " ,:" + _OPEN_QUOTES:
        start += 1
    while end > start and s[end - 1] in " .,;:!?" + _CLOSE_QUOTES:
        end -= 1
    # Keep the closing quote mark (and the full stop inside it) when the content opened
    # a quotation: text == field[start:end] must stay a balanced quotation.
    if s[start:end].count("“") > s[start:end].count("”"):
        close = s.find("”", end)
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
        if sp and content and looks_like_speaker(s[sp[0] : sp[1]]):
            return _Found(content, sp, m.span(), 0.85)
        return None
    # "C, according to X."
    sp = _trimmed(s, m.end(), len(s))
    if sp is None:
        return None
    a, b = sp
    while b > a and s[b - 1] in ".!?":
        b -= 1
    head = s[m.start() - 2 : m.start()]
    content = _content_before(s, m.start())
    if "," in head and content and looks_like_speaker(s[a:b]):
        return _Found(content, (a, b), m.span(), 0.8)
    return None


def _trimmed(s: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and s[a].isspace():
        a += 1
    while b > a and s[b - 1].isspace():
        b -= 1
    return (a, b) if b > a else None


def _forward(s: str, m) -> _Found | None:
    form = m.group(0).lower()
    lemma = CUE_LEMMA[form]
    if form.endswith("ing") and lemma not in {"say"}:
        return None
    subj = _subject_before(s, m.start())
    if subj is None:
        return None
    after = m.end()
    addressee = None
    rest = s[after:]
    that = regex.match(r"((?:\s+[\p{L}\p{N}'’.\-]+){0,9}?)\s+that\b", rest)
    if that and _is_adjunct(that.group(1), lemma):
        if lemma in ADDRESSEE_LEMMAS:
            addressee = _addressee_span(s, after, after + len(that.group(1)))
        start = after + that.end()
    elif regex.match(r"\s*[:,]?\s*[“\"]", rest):
        start = after
    elif lemma in ADDRESSEE_LEMMAS or lemma in NEEDS_CLAUSE_LEMMAS:
        return None
    else:
        start = after + _skip_time(rest)
    content = _content_after(s, start)
    if content is None:
        return None
    conf = CUE_CONFIDENCE[form] - (0.0 if that else 0.1)
    return _Found(content, subj, m.span(), conf, addressee)


def _is_adjunct(words: str, lemma: str) -> bool:
    ws = words_of(words)
    if lemma in ADDRESSEE_LEMMAS:
        return all(w[:1].isupper() or w.lower() in TIME_WORDS | {"of"} for w in ws) or (
            len(ws) <= 3
        )
    return all(w.lower() in TIME_WORDS or w[:1].isupper() or w[:1].isdigit() for w in ws)


def _addressee_span(s: str, a: int, b: int) -> tuple[int, int] | None:
    m = regex.match(
        r"\s*((?:the\s+|The\s+)?\p{Lu}[\p{L}'’.\-]*(?:\s+(?:of|\p{Lu}[\p{L}'’.\-]*))*"
        r"|reporters|journalists|\p{Ll}+)",
        s[a:b],
    )
    if not m:
        return None
    return a + m.start(1), a + m.end(1)


def _skip_time(rest: str) -> int:
    m = regex.match(
        r"(?:\s*,?\s*(?:on|last|this|earlier|in|at)?\s*(?:Monday|Tuesday|Wednesday|Thursday|"
        r"Friday|Saturday|Sunday|week|month|year|night|morning|today|yesterday|"
        r"(?:a|an|the)\s+(?:statement|interview|speech|briefing|post)(?:\s+(?:on|with)\s+"
        r"[\p{Lu}][\p{L}]+)?)\b\s*,?)*",
        rest,
    )
    return m.end() if m else 0


def _participle(s: str, cues: list) -> _Found | None:
    for m in cues:
        form = m.group(0).lower()
        if not form.endswith("ing") or s[: m.start()].rstrip()[-1:] != ",":
            continue
        # Subject of the main clause: the words before its first auxiliary or verb.
        head = regex.match(
            r"\s*((?:[\p{L}\p{N}'’.\-]+\s+){0,7}?)(?:has|have|had|is|are|was|were|"
            r"will|would|\p{Ll}+ed)\b",
            s[: m.start()],
        )
        if not head or not head.group(1).strip():
            continue
        a, b = trim_speaker(head.group(1))
        sp = (head.start(1) + a, head.start(1) + b)
        if not looks_like_speaker(s[sp[0] : sp[1]]):
            continue
        after = m.end()
        that = regex.match(r"\s+that\b", s[after:])
        content = _content_after(s, after + (that.end() if that else 0))
        if content:
            return _Found(content, sp, m.span(), CUE_CONFIDENCE[form] - 0.2)
    return None


# ---------------------------------------------------------------- assembly


def _build(
    f: _Found, seg: Segment, location: str, value: str, ctx: SpeakerContext
) -> ClaimResult | None:
    off = seg.start
    cs, ce = f.content[0] + off, f.content[1] + off
    ss, se = f.speaker[0] + off, f.speaker[1] + off
    content = value[cs:ce]
    label = value[ss:se]
    cue = value[f.cue[0] + off : f.cue[1] + off]
    content_countries = _subject_countries(value, cs, ce, location, ctx)
    speaker = classify_speaker(label, location, ss, se, ctx, content_countries)
    quote = content[:1] in _OPEN_QUOTES or (
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
    for m in regex.finditer(r"(\p{Lu}[\p{L}'’\-]+)\s+and\s+(\p{Lu}[\p{L}'’\-]+)", seg.text):
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
