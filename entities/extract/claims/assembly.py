"""Claims of one article: sentences walked in reading order, each attribution found in
them built into a ClaimResult with its speaker, stance, event type, subjects and
confidence.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex

from entities.extract.claims.cues import CUE_LEMMA, DENY_LEMMAS
from entities.extract.claims.finders import (
    Found,
    colon_claim,
    colon_cue,
    continues_quote,
    find_all,
)
from entities.extract.claims.places import countries_in_phrase
from entities.extract.claims.spans import (
    CLOSE_QUOTES,
    OPEN_QUOTES,
    Segment,
    normalise_quotes,
    segments,
    words_of,
)
from entities.extract.claims.speakers import (
    MEDIA_NOUNS,
    PRONOUNS,
    SpeakerContext,
    classify_speaker,
    person_for_span,
)
from entities.extract.events import classify_event
from entities.extract.outlets import home_country, outlet_told
from entities.extract.types import ArticleText, ClaimResult, CountryResult, PersonResult, Speaker

_THAT_LEAD_RE = regex.compile(r"that\s+")
_AND_RE = regex.compile(r"(\p{Lu}[\p{L}'’\-]+)\s+and\s+(\p{Lu}[\p{L}'’\-]+)")
_MEDIA_INTRO_RE = regex.compile(
    r"\b(?:" + "|".join(sorted(MEDIA_NOUNS, key=len, reverse=True)) + r")\s+"
    r"((?:\p{Lu}[\p{L}'’\-]*)(?:\s+\p{Lu}[\p{L}'’\-]*){0,3})"
)


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
    ctx.home_country = home_country(text.outlet, outlet_told(text.body or ""))

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
            found_all = find_all(seg.text)
            if not found_all:
                pending = colon_cue(seg.text)
                if pending is not None and i < len(segs):
                    # "X said:" and the quotation in the next sentence or paragraph.
                    found_all = [colon_claim(seg, segs[i], pending)]
                    i += 1
                    if found_all[0] is None:
                        continue
            for found in _flatten(found_all):
                claim = _build(found, seg, location, value, ctx)
                if claim is None:
                    continue
                end = found.content[1] + seg.start
                if i < len(segs) and continues_quote(found, seg, segs[i], value):
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


def _flatten(found_all: list[Found]) -> list[Found]:
    out = []
    for f in found_all:
        out.append(f)
        if f.extra is not None:
            out.append(f.extra)
    return out


def _extend(claim: ClaimResult, nxt: Segment, value: str) -> ClaimResult:
    end = nxt.start + len(nxt.text)
    return replace(
        claim, end=end, text=value[claim.start : end], event_type=classify_event(claim.text)
    )


def _build(
    f: Found, seg: Segment, location: str, value: str, ctx: SpeakerContext
) -> ClaimResult | None:
    off = seg.start
    cs, ce = f.content[0] + off, f.content[1] + off
    # The claim's text is the statement itself: no complementiser, no surrounding quote
    # marks or the comma that joins a quotation to "he said" (the detail keeps them).
    lead = _THAT_LEAD_RE.match(value, cs, ce)
    if lead:
        cs = lead.end()
    opened = value[cs : cs + 1] in OPEN_QUOTES
    if opened:
        cs += 1
        while cs < ce and value[cs] == " ":
            cs += 1
        while ce > cs and value[ce - 1] in " ,;:":
            ce -= 1
        if value[ce - 1 : ce] in CLOSE_QUOTES and value.count("“", cs, ce) < value.count(
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
        cs > 0 and value[cs - 1] in OPEN_QUOTES and value[ce : ce + 1] in CLOSE_QUOTES + ",."
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
    if speaker.label.lower() in PRONOUNS:
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


def _media_names(all_text: str) -> set[str]:
    """Names introduced with a media noun: "the Hebrew daily Israel Hayom" -> Israel Hayom."""
    return {m.group(1) for m in _MEDIA_INTRO_RE.finditer(all_text)}


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
