"""Claims of one article: sentences walked in reading order, each attribution found in
them built into a ClaimResult with its speaker, stance, event type, subjects and
confidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

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
    # The quoted passages the claim's text joins (field offsets, quote marks left out):
    # one for most claims, several for a quotation interrupted by its attribution or
    # continued in the next sentences or paragraphs.
    parts: list[tuple[int, int]] = field(default_factory=list)


def extract_claims(
    text: ArticleText, people: list[PersonResult], countries: list[CountryResult]
) -> list[ClaimResult]:
    """Return the attributed claims of an article, in reading order.

    Input: the article's text fields, the people and countries found in it (their
    mentions carry offsets used to name speakers and subjects). Output: one ClaimResult
    per attribution found in the headline, standfirst or body; offsets index the field
    named by `location` and `text == field[start:end]`, except for a quotation written
    in parts (interrupted by its attribution, or continued in the next sentences or
    paragraphs), whose text joins the parts (see `join_parts`) and whose offsets run
    from the first part's start to the last part's end. Captions and bylines are not
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
        # Quoted paragraphs left open with no attribution yet, waiting for the paragraph
        # that attributes them.
        open_paragraphs: list[Segment] = []
        i = 0
        while i < len(segs):
            seg = segs[i]
            i += 1
            _note_plural_subjects(seg, people, ctx)
            found_all = find_all(seg.text)
            if not found_all and i < len(segs) and _question_quote(seg, segs[i], value):
                # "“Q?” she asked. “R.”": the sentence after a quotation that ends on a
                # question or exclamation mark may be its attribution alone.
                joined = Segment(value[seg.start : _end(segs[i])], seg.start, location)
                found_joined = find_all(joined.text)
                if found_joined and found_joined[0].content[0] == 0:
                    seg, found_all = joined, found_joined
                    i += 1
            if not found_all:
                pending = colon_cue(seg.text)
                if pending is not None and i < len(segs):
                    # "X said:" and the quotation in the next sentence or paragraph.
                    found_all = [colon_claim(seg, segs[i], pending)]
                    i += 1
                    if found_all[0] is None:
                        continue
            if not found_all:
                open_paragraphs = [*open_paragraphs, seg] if _open_paragraph(seg, value) else []
                continue
            for found in _flatten(found_all):
                built = _build(found, seg, location, value, ctx)
                if built is None:
                    continue
                claim, parts = built
                off = seg.start
                content_start = found.content[0] + off
                end = found.content[1] + off
                if open_paragraphs and found.content[0] == 0 and _paragraph_start(seg, value):
                    # "“A.\n\n“B,” she said.": a quotation of several paragraphs, each
                    # opened and only the last one closed.
                    parts[:0] = [_quote_part(value, p.start, _end(p)) for p in open_paragraphs]
                    content_start = open_paragraphs[0].start
                last = seg
                while i < len(segs) and (
                    continues_quote(found, seg, segs[i], value)
                    or _continues_paragraph(last, segs[i], value, parts)
                ):
                    # "“X,” he said. “Y.”": the next quotation is the same claim.
                    parts.append(_quote_part(value, segs[i].start, _end(segs[i])))
                    end = max(end, _end(segs[i]))
                    last = segs[i]
                    i += 1
                details.append(
                    ClaimDetail(
                        _joined(claim, parts, value),
                        (
                            found.speaker[0] + off,
                            max(found.speaker[1], (found.relative or (0, 0))[1]) + off,
                        ),
                        (found.cue[0] + off, found.cue[1] + off),
                        (min(parts[0][0], content_start), max(parts[-1][1], end)),
                        parts,
                    )
                )
                ctx.history.append(claim.speaker)
            open_paragraphs = []
        if value is not original:
            for d in details[first:]:
                d.claim = replace(d.claim, text=join_parts(original, d.parts))
    _inherit_summary_countries(details)
    return details


def _end(seg: Segment) -> int:
    return seg.start + len(seg.text)


def _paragraph_start(seg: Segment, value: str) -> bool:
    return value[: seg.start].rstrip(" \t").endswith("\n") or not value[: seg.start].strip()


def _open_paragraph(seg: Segment, value: str) -> bool:
    """A whole paragraph that opens a quotation and does not close it: the journalistic
    convention for a quotation that goes on in the next paragraph."""
    text = seg.text
    if text[:1] != "“" or text.count("“") <= text.count("”"):
        return False
    return _paragraph_start(seg, value) and value[_end(seg) :].lstrip(" \t")[:1] in ("\n", "")


def _continues_paragraph(
    last: Segment, nxt: Segment, value: str, parts: list[tuple[int, int]]
) -> bool:
    """The claim's quotation was left open at the end of its paragraph, and the next
    paragraph opens with a quote mark and attributes nothing itself."""
    para_start = value.rfind("\n", 0, last.start) + 1
    para = value[max(para_start, parts[0][0] - 1) : _end(last)]
    if para.count("“") <= para.count("”") or not _paragraph_start(nxt, value):
        return False
    if value[_end(last) : nxt.start].count("\n") < 1 or nxt.text[:1] != "“":
        return False
    return not find_all(nxt.text)


def _question_quote(seg: Segment, nxt: Segment, value: str) -> bool:
    """Is seg one quotation ending on "?”" or "!”", followed in the same paragraph by a
    short sentence that is not a quotation?"""
    text = seg.text
    if text[:1] != "“" or text[-2:] not in ("?”", "!”") or text.count("“") != 1:
        return False
    if nxt.text[:1] in OPEN_QUOTES or "\n" in value[_end(seg) : nxt.start]:
        return False
    return len(words_of(nxt.text)) <= 16


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


def _quote_part(value: str, cs: int, ce: int) -> tuple[int, int]:
    """The statement in value[cs:ce]: no complementiser, no surrounding quote marks or
    the comma that joins a quotation to "he said"."""
    lead = _THAT_LEAD_RE.match(value, cs, ce)
    if lead:
        cs = lead.end()
    if value[cs : cs + 1] in OPEN_QUOTES:
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
    return cs, ce


def join_parts(value: str, parts: list[tuple[int, int]]) -> str:
    """The text of a claim written in several parts, joined as one statement: a part
    that ends on the comma of its attribution ends a sentence when the next part starts
    one ("“We will not go,” he said. “Not now.”" -> "We will not go. Not now"), and
    runs on into a next part that continues the sentence ("“We will not go,” he said,
    “until they leave.”" -> "We will not go, until they leave")."""
    out = ""
    for a, b in parts:
        text = value[a:b].strip()
        if not text:
            continue
        if out:
            if text[:1].islower():
                out = out.rstrip(" ,") + ", "
            else:
                out = out.rstrip(" ,")
                if out[-1:] not in ".!?…":
                    out += "."
                out += " "
        out += text
    return out


def _joined(claim: ClaimResult, parts: list[tuple[int, int]], value: str) -> ClaimResult:
    if len(parts) == 1:
        return claim
    text = join_parts(value, parts)
    return replace(
        claim,
        text=text,
        start=parts[0][0],
        end=parts[-1][1],
        event_type=classify_event(text),
    )


def _build(
    f: Found, seg: Segment, location: str, value: str, ctx: SpeakerContext
) -> tuple[ClaimResult, list[tuple[int, int]]] | None:
    off = seg.start
    raw_start, raw_end = f.content[0] + off, f.content[1] + off
    if f.gap is not None:
        # "“X,” he said, “Y.”": the attribution between the two parts is not content.
        parts = [
            _quote_part(value, raw_start, f.gap[0] + off),
            _quote_part(value, f.gap[1] + off, raw_end),
        ]
    else:
        parts = [_quote_part(value, raw_start, raw_end)]
    cs, ce = parts[0][0], parts[-1][1]
    opened = any(c in OPEN_QUOTES for c in value[raw_start:cs])
    ss, se = f.speaker[0] + off, f.speaker[1] + off
    content = join_parts(value, parts)
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
    claim = ClaimResult(
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
    return claim, parts


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
