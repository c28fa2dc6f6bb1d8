"""Speaker phrases of claims: recognise them, classify them, resolve pronouns and
definite descriptions ("the official") to what the article introduced earlier.

Pure functions over strings and the extractor's own inputs (PersonResult,
CountryResult); no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from entities.extract.claims.places import countries_in_phrase, country_of_word
from entities.extract.claims.spans import words_of
from entities.extract.lexicon import rows, words
from entities.extract.types import CountryResult, PersonResult, Speaker

_PRONOUNS = rows("claims/pronouns.tsv")
PRONOUNS_PERSON = frozenset(p for p, kind in _PRONOUNS if kind == "person")
PRONOUNS_PLURAL = frozenset(p for p, kind in _PRONOUNS if kind == "plural")
PRONOUNS_OTHER = frozenset(p for p, kind in _PRONOUNS if kind == "other")
PRONOUNS = PRONOUNS_PERSON | PRONOUNS_PLURAL | PRONOUNS_OTHER
ANONYMOUS_NOUNS = words("claims/anonymous_nouns.txt")
ROLE_NOUNS = words("claims/role_nouns.txt")
MEDIA_NOUNS = words("claims/media_nouns.txt")
MEDIA_NAME_WORDS = words("claims/media_name_words.txt")
ORG_NOUNS = words("claims/org_nouns.txt")
ORG_NAMES = words("claims/org_names.txt")
GOVERNMENT_WORDS = words("claims/government_words.txt")
DETERMINERS = words("claims/determiners.txt")
CLAUSE_WORDS = words("claims/clause_words.txt")
WEAK_CONNECTIVES = words("claims/weak_connectives.txt")
_PP_WORDS = words("claims/head_prepositions.txt")
_MODIFIERS = words("claims/source_modifiers.txt")

_LEAD_WORD_RE = regex.compile(r"\s*([\p{L}]+)\s*,?\s*")
_MAX_SPEAKER_WORDS = 9


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def trim_speaker(phrase: str) -> tuple[int, int]:
    """Offsets (within phrase) of the speaker once leading connectives are dropped."""
    start, end = 0, len(phrase)
    while True:
        m = _LEAD_WORD_RE.match(phrase, start, end)
        if m and m.group(1).lower() in WEAK_CONNECTIVES and m.end() < end:
            start = m.end()
            continue
        break
    while start < end and phrase[start] in " \t\n—–-,;:(\"“”'":
        start += 1
    while end > start and phrase[end - 1] in " \t\n,;:—–":
        end -= 1
    return start, end


def looks_like_speaker(phrase: str, *, person_overlap: bool = False) -> bool:
    """True if the phrase can be the noun phrase of someone who speaks.

    Accepts pronouns, names (capitalised heads), and phrases headed by a source,
    media or institution noun; refuses clauses (an auxiliary, "that", "which" inside)
    and long phrases.
    """
    ws = words_of(phrase)
    if not ws or len(ws) > _MAX_SPEAKER_WORDS:
        return False
    low = [w.lower() for w in ws]
    if len(ws) == 1 and low[0] in PRONOUNS:
        return True
    if any(w in CLAUSE_WORDS for w in low):
        return False
    if person_overlap:
        return True
    first = ws[0]
    # "spokesman John Smith" (after an inverted cue): a source noun, then the name.
    named_source = (
        len(ws) >= 2
        and low[0] in ANONYMOUS_NOUNS | ROLE_NOUNS
        and all(_is_capitalised(w) for w in ws[1:])
    )
    if not (
        _is_capitalised(first)
        or low[0] in DETERMINERS
        or _head_noun(low)
        or named_source
        or _titled_name(ws, low)
    ):
        return False
    # Lower-case words before the head must be determiners/modifiers we know, or the
    # phrase has a prepositional tail ("a spokesman for the campaign").
    head_index = _head_index(low)
    # "Sanders campaign manager Jeff Weaver", "UNH pollster Andy Smith": a full name
    # after a descriptive title; any lower-case noun may be part of the title.
    titled_name = (
        head_index == len(ws) - 1 and len(ws) >= 3 and all(_is_capitalised(w) for w in ws[-2:])
    )
    for i, w in enumerate(ws[:head_index]):
        if titled_name or named_source:
            continue
        if not (
            _is_capitalised(w)
            or low[i] in DETERMINERS
            or low[i] in {"and", "&"}
            or low[i].endswith(("ian", "ese"))
            or low[i] in ANONYMOUS_NOUNS | MEDIA_NOUNS | ORG_NOUNS | ROLE_NOUNS
            or _modifier(low[i])
        ):
            return False
    head = ws[head_index]
    return (
        _is_capitalised(head)
        or low[head_index] in ANONYMOUS_NOUNS | MEDIA_NOUNS | ORG_NOUNS | ROLE_NOUNS
    )


def _titled_name(ws: list[str], low: list[str]) -> bool:
    """Lower-case words ending in a role or source noun, then a name of two to four
    capitalised words that names no organisation or country."""
    k = 0
    while k < len(ws) and not _is_capitalised(ws[k]):
        k += 1
    name = ws[k:]
    if k < 1 or not 2 <= len(name) <= 4 or low[k - 1] not in ROLE_NOUNS | ANONYMOUS_NOUNS:
        return False
    if any(w in _PP_WORDS or w in WEAK_CONNECTIVES for w in low[:k]):
        return False  # "with spokesman Dan Perez": a preposition's object, not a subject
    if not all(_is_capitalised(w) for w in name) or any(w in ORG_NAMES for w in name):
        return False
    return not any(w.lower() in ORG_NOUNS | MEDIA_NOUNS for w in name) and not countries_in_phrase(
        " ".join(name)
    )


def _modifier(word: str) -> bool:
    # Adjectives and noun modifiers common in source descriptions ("diplomatic source",
    # "defense official", "security officials"): recognised by shape, and by a short list
    # for the common ones the shape misses.
    return (
        word.endswith(("al", "ic", "ive", "ary", "ior", "ing", "ern", "ed")) or word in _MODIFIERS
    )


def _head_index(low: list[str]) -> int:
    """Index of the head word: the last word before a prepositional tail."""
    for i, w in enumerate(low):
        if i > 0 and w in _PP_WORDS:
            return i - 1
    return len(low) - 1


def _head_noun(low: list[str]) -> str | None:
    head = low[_head_index(low)]
    if head in ANONYMOUS_NOUNS or head in MEDIA_NOUNS or head in ORG_NOUNS or head in ROLE_NOUNS:
        return head
    return None


@dataclass
class SpeakerContext:
    """What the article has introduced so far, for pronouns and definite descriptions."""

    people: list[PersonResult]
    countries: list[CountryResult]
    home_country: str | None = None
    media_names: set[str] = field(default_factory=set)
    # (position in field order, Speaker) of the speakers already resolved.
    history: list[Speaker] = field(default_factory=list)
    # Plural subjects met in the text ("Elkin and Edelstein"), most recent last.
    plural_subjects: list[tuple[int, Speaker]] = field(default_factory=list)


def person_for_span(
    people: list[PersonResult], location: str, start: int, end: int, phrase: str
) -> PersonResult | None:
    """The PersonResult with a mention inside [start, end) of `location`, else one whose
    surface form (full name or surname) is written in the phrase."""
    for p in people:
        for m in p.mentions:
            if m.location == location and m.start < end and m.end > start:
                return p
    ws = set(words_of(phrase))
    best = None
    for p in people:
        forms = {p.name, *p.surface_forms}
        surname = p.name.split()[-1] if p.name.split() else ""
        if any(f and f in phrase for f in forms) or (surname and surname in ws):
            best = p
    return best


def classify_speaker(
    phrase: str,
    location: str,
    start: int,
    end: int,
    ctx: SpeakerContext,
    content_countries: list[str],
) -> Speaker:
    """Build the Speaker for a phrase already accepted by `looks_like_speaker`.

    Order: pronoun -> coreference; group ("X and Y"); person; media; organisation;
    government (a country or capital name); anonymous source. The label is the phrase as
    written, except for pronouns, which take the label of what they refer to.
    """
    ws = words_of(phrase)
    low = [w.lower() for w in ws]
    if len(ws) == 1 and low[0] in PRONOUNS:
        return _resolve_pronoun(low[0], phrase, ctx)

    if " and " in f" {phrase} " and len(ws) >= 3:
        return _group(phrase, location, start, end, ctx)

    person = person_for_span(ctx.people, location, start, end, phrase)
    head = low[_head_index(low)]
    if person is not None and (
        head not in ANONYMOUS_NOUNS | ORG_NOUNS | MEDIA_NOUNS
        or _named_in_apposition(phrase, person)
    ):
        return Speaker(label=phrase, kind="person", person=person.name, country=person.country)

    countries = countries_in_phrase(phrase)
    if _titled_name(ws, low) and not _is_media(phrase, ws, low, ctx):
        # "spokesman Dan Perez", "campaign manager Jo Weller": a role, then a full name.
        return Speaker(label=phrase, kind="person", country=countries[0] if countries else None)
    if _is_media(phrase, ws, low, ctx):
        return Speaker(label=phrase, kind="media", country=countries[0] if countries else None)
    if _is_org(ws, low):
        if low[_head_index(low)] in GOVERNMENT_WORDS and countries:
            return Speaker(label=phrase, kind="government", country=countries[0])
        country = countries[0] if countries else _context_country(ctx, content_countries)
        return Speaker(label=phrase, kind="organization", country=country)
    if head in ROLE_NOUNS and low[0] in {"the", "this", "that"}:
        # "the minister": the latest person speaker or person with that role.
        for p in reversed(ctx.people):
            if p.role and head in p.role.lower():
                return Speaker(label=phrase, kind="person", person=p.name, country=p.country)
        for prev in reversed(ctx.history):
            if prev.kind == "person" and head in prev.label.lower():
                return Speaker(
                    label=phrase, kind="person", person=prev.person, country=prev.country
                )
    if head in ANONYMOUS_NOUNS or head in ROLE_NOUNS:
        return _anonymous(phrase, low, countries, ctx, content_countries)
    named = " ".join(ws[1:]) if low[0] == "the" and len(ws) > 1 else phrase
    if len(ws) <= 3 and country_of_word(named):
        # "Israel", "The US": a country speaking is its government.
        return Speaker(label=phrase, kind="government", country=country_of_word(named))
    if person is not None:
        return Speaker(label=phrase, kind="person", person=person.name, country=person.country)
    # An unknown capitalised name: most often a person the people extractor missed.
    if all(_is_capitalised(w) for w in ws) and len(ws) <= 4:
        return Speaker(label=phrase, kind="person", country=countries[0] if countries else None)
    return Speaker(label=phrase, kind="organization", country=countries[0] if countries else None)


_OBJECT_PREPOSITIONS = frozenset({"for", "to", "of", "with", "at", "from", "by", "close"})


def _named_in_apposition(phrase: str, person) -> bool:
    """True when the person's name describes the speaker itself ("economist Jane Roe",
    "Jane Roe, an economist"), not the one the speaker works for ("a spokesman for Jane
    Roe", "an aide to Roe")."""
    for form in sorted({m.text for m in person.mentions}, key=len, reverse=True):
        at = phrase.find(form)
        if at < 0 or len(form.split()) < 2:
            continue
        before = phrase[:at].split()
        return not (before and before[-1].lower() in _OBJECT_PREPOSITIONS)
    return False


def _is_media(phrase: str, ws: list[str], low: list[str], ctx: SpeakerContext) -> bool:
    if any(name and name in phrase for name in ctx.media_names):
        return True
    head = low[_head_index(low)]
    if head in MEDIA_NOUNS:
        return True
    return all(_is_capitalised(w) for w in ws) and any(w in MEDIA_NAME_WORDS for w in ws)


def _is_org(ws: list[str], low: list[str]) -> bool:
    head = low[_head_index(low)]
    if head in ORG_NOUNS:
        return True
    joined = " ".join(ws)
    return any(w in ORG_NAMES for w in ws) or "White House" in joined


def _anonymous(
    phrase: str,
    low: list[str],
    countries: list[str],
    ctx: SpeakerContext,
    content_countries: list[str],
) -> Speaker:
    country = countries[0] if countries else None
    if country is None:
        # "a Defense Ministry official": an institution's official, from context.
        if any(w in ORG_NOUNS for w in low):
            country = _context_country(ctx, content_countries)
        # "the official", "the officials": the source introduced earlier.
        elif low[0] in {"the", "that", "this", "these", "those"}:
            head = low[_head_index(low)]
            for prev in reversed(ctx.history):
                if prev.kind == "anonymous" and head.rstrip("s") in prev.label.lower():
                    country = prev.country
                    break
    return Speaker(label=phrase, kind="anonymous", country=country)


def _group(phrase: str, location: str, start: int, end: int, ctx: SpeakerContext) -> Speaker:
    members = [
        p
        for p in ctx.people
        if any(m.location == location and m.start < end and m.end > start for m in p.mentions)
    ]
    codes = {p.country for p in members if p.country}
    if not members:
        # Only when every conjunct names the same country ("Kyiv and Ukraine's army").
        parts = [countries_in_phrase(part) for part in regex.split(r"\s+and\s+|,\s*", phrase)]
        codes = {c for part in parts for c in part} if all(parts) else set()
    country = codes.pop() if len(codes) == 1 else None
    return Speaker(label=phrase, kind="group", country=country)


def _resolve_pronoun(pronoun: str, written: str, ctx: SpeakerContext) -> Speaker:
    if pronoun in PRONOUNS_PLURAL:
        # Plural: the latest plural subject or plural speaker.
        candidates = [s for _, s in ctx.plural_subjects[-1:]]
        for prev in reversed(ctx.history):
            if prev.kind in {"group", "anonymous", "government", "organization"} and (
                prev.kind == "group" or prev.label.lower().endswith("s")
            ):
                candidates.append(prev)
                break
        if candidates:
            best = candidates[0]
            return Speaker(
                label=best.label, kind=best.kind, person=best.person, country=best.country
            )
        return Speaker(label=written, kind="anonymous")
    if pronoun in PRONOUNS_PERSON:
        for prev in reversed(ctx.history):
            if prev.kind == "person":
                return Speaker(
                    label=prev.label, kind="person", person=prev.person, country=prev.country
                )
        return Speaker(label=written, kind="person")
    for prev in reversed(ctx.history):
        if prev.kind in {"organization", "government", "media"}:
            return Speaker(label=prev.label, kind=prev.kind, country=prev.country)
    return Speaker(label=written, kind="organization")


def _context_country(ctx: SpeakerContext, content_countries: list[str]) -> str | None:
    """Country of an unqualified national institution ("the Defense Ministry").

    The outlet's country when its name gives one (a national outlet's unqualified
    "Defense Ministry" is its own country's); otherwise the most mentioned country of the
    article that the claim itself does not name (a ministry rarely names its own
    country as the other side).
    """
    if ctx.home_country:
        return ctx.home_country
    counts: dict[str, int] = {}
    for c in ctx.countries:
        counts[c.iso2] = counts.get(c.iso2, 0) + max(1, len(c.mentions))
    for p in ctx.people:
        if p.country:
            counts[p.country] = counts.get(p.country, 0) + len(p.mentions)
    ranked = sorted(counts, key=lambda k: -counts[k])
    for code in ranked:
        if code not in content_countries:
            return code
    return ranked[0] if ranked else None
