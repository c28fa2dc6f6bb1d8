"""Find the countries an article mentions, counting every form that names one.

Forms: names and aliases ("the United States", "U.S.", "Britain"), demonyms ("Ukrainian",
"Israelis"), capitals and seats of power as metonyms ("Kyiv", "the Kremlin", "Knesset"),
and large cities used as places ("Kherson", "Paris"). Context rules drop forms that are
part of a longer name (a person "Jordan Peterson", "Percy French", an outlet "Kyiv
Independent", "The Times of Israel"), a language ("conducted in Russian", "studying
Portuguese"), a currency ("US dollars"), an ancient civilisation ("ancient Greek"), a
wider region ("Latin American") or, for "Georgia", the US state. Demonyms describing an
actor ("Israeli officials", "the Ukrainian president") are mentions of the country.
Multi-country groupings ("the West", "European countries") are never countries. No Django
imports.
"""

from __future__ import annotations

from functools import cache

import regex

from entities.extract import gazetteer as gz
from entities.extract.lexicon import entries, rows, words
from entities.extract.name_words import ORG_WORDS, first_names, title_keys
from entities.extract.outlets import home_country, outlet_told
from entities.extract.tokens import Token, fields, longest_match, masked_tokens, word_key
from entities.extract.types import ArticleText, CountryResult, PersonResult, Span

_LANGUAGE_BEFORE = words("places/language_before.txt")
_LANGUAGE_AFTER = words("places/language_after.txt")
_FUNCTION_AFTER = words("places/function_after.txt")
_OUTLET_OF = words("places/outlets_named_after.txt")
_PAST_BEFORE = words("places/past_before.txt")
_CURRENCY_AFTER = words("places/currency_after.txt")
_REGION_BEFORE = words("places/region_before.txt")
_NATIONAL_BODIES = words("places/national_bodies.txt")
_PLACE_KINDS_AFTER = words("places/place_kinds_after.txt")
_OTHER_SENSES = {
    (form, side): frozenset(cues.split("|"))
    for form, side, cues in rows("places/demonym_other_senses.tsv")
}
# A city is taken for a namesake elsewhere when the places table says its name is shared
# (it starts the name of a place in another country: "Newcastle", "Newcastle upon Tyne") or
# it is a small place (a territory's seat such as "Plymouth").
SMALL_PLACE_POPULATION = 100_000
# A namesake elsewhere is a candidate when it has at least this share of the listed
# city's population (Newcastle upon Tyne beside Newcastle, Australia), or any size when
# the listed place is small (Plymouth, Montserrat). Capitals this large are never moved.
NAMESAKE_SHARE = 0.02
WORLD_CAPITAL_POPULATION = 1_000_000
# "Georgia" is the US state in a field with more of these cues than of the country's.
_US_STATE_CUES = regex.compile(
    r"\b(?:" + "|".join(entries("places/georgia_us_state_cues.txt")) + r")\b"
)
_GEORGIA_CUES = regex.compile(
    r"\b(?:" + "|".join(entries("places/georgia_country_cues.txt")) + r")\b"
)


def extract_countries(text: ArticleText, people: list[PersonResult]) -> list[CountryResult]:
    """Countries mentioned in the article, each with every mention, most mentioned first.

    Input: the article's fields and its people from `extract_people` (their name spans
    are excluded so "Israel Katz" is not a mention of Israel).
    Output: one CountryResult per ISO2 code with `name` the common short name. Mentions in
    headline, standfirst, body and captions count; photo credits and bylines do not.
    """
    person_spans = [s for p in people for s in p.mentions if " " in s.text or s.text[:1].isupper()]
    found: dict[str, list[Span]] = {}
    for loc, idx, field_text in fields(text):
        us_cues = len(_US_STATE_CUES.findall(field_text))
        ge_cues = len(_GEORGIA_CUES.findall(field_text))
        for span, iso2 in _field_mentions(field_text, loc, idx, us_cues > ge_cues):
            if any(
                s.location == loc
                and s.caption_index == idx
                and s.start < span.end
                and span.start < s.end
                for s in person_spans
            ):
                continue
            found.setdefault(iso2, []).append(span)
    context = _region_support(text)
    home = home_country(text.outlet, outlet_told(text.body or ""))
    if home:
        context[home] = context.get(home, 0) + 2
    _place_namesakes(found, context)
    _drop_stray_minor_cities(found)
    results = [CountryResult(iso2, gz.country_name(iso2), spans) for iso2, spans in found.items()]
    results.sort(key=lambda r: -len(r.mentions))
    return results


def _namesake_countries(entry: gz.Entry | None, form: str) -> dict[str, int]:
    """Other countries with a city named `form` that news may mean (see
    `NAMESAKE_SHARE`), with their population; {} for a form that is not a city."""
    if entry is None or entry.kind not in (gz.CITY, gz.CAPITAL):
        return {}
    others = gz.namesakes().get(entry.form)
    if not others:
        return {}
    pop = _population().get(entry.form, 0)
    if entry.kind == gz.CAPITAL and pop >= WORLD_CAPITAL_POPULATION:
        return {}  # "London", "Paris": a large capital is itself, or its government
    floor = 0 if pop < SMALL_PLACE_POPULATION else pop * NAMESAKE_SHARE
    return {iso2: n for iso2, n in others.items() if n >= floor and iso2 != entry.iso2}


def _region_support(text: ArticleText) -> dict[str, int]:
    """Countries whose regions the article names ("Wisconsin", "Devon", "Gainesville,
    Va."), one point per mention: context for cities whose name is shared."""
    names_re, comma_re, table = _region_patterns()
    counts: dict[str, int] = {}
    for _loc, _idx, value in fields(text):
        for m in names_re.finditer(value):
            iso2 = table[m.group(1)]
            counts[iso2] = counts.get(iso2, 0) + 1
        for m in comma_re.finditer(value):
            iso2 = table[m.group(1)]
            counts[iso2] = counts.get(iso2, 0) + 1
    return counts


@cache
def _region_patterns() -> tuple[regex.Pattern, regex.Pattern, dict[str, str]]:
    lex = gz.lexicon()
    table, names, abbreviations = {}, [], []
    for name, iso2, form in rows("places/regions.tsv"):
        if form == "name" and word_key(name) in lex:
            continue  # "Georgia", "Washington", "Victoria": read as the gazetteer says
        table[name] = iso2
        (names if form == "name" else abbreviations).append(regex.escape(name))
    # A region's name glued to a capitalised word is part of another name ("Virginia
    # Tech", "Texas Instruments").
    names_re = regex.compile(
        r"(?<!\p{L})(" + "|".join(sorted(names, key=len, reverse=True)) + r")(?![\p{L}])"
        r"(?!\s+\p{Lu})"
    )
    comma_re = regex.compile(
        r"\p{Lu}\p{L}+,\s+(" + "|".join(sorted(abbreviations, key=len, reverse=True)) + r")"
        r"(?!\p{L})"
    )
    return names_re, comma_re, table


def _place_namesakes(found: dict[str, list[Span]], context: dict[str, int]) -> None:
    """Move a city whose name several countries share to the country the article is
    about, when the gazetteer's country has no other support in the article and exactly
    one namesake country has the most: "Newcastle" in a story that names Britain is
    Newcastle upon Tyne, not the Australian city.

    Support: a country's names, demonyms and institutions (2 each), its cities that share
    no name and its regions (1 each), the outlet's home country (2), all in `context`
    but the article's own country mentions. With no support for any namesake,
    the city keeps the gazetteer's country (then `_drop_stray_minor_cities` applies).
    """
    lex = gz.lexicon()
    support: dict[str, int] = dict(context)
    shared: list[tuple[str, Span, dict[str, int]]] = []
    for iso2, spans in found.items():
        for span in spans:
            entry = lex.get(word_key(span.text))
            others = _namesake_countries(entry, span.text)
            if others:
                shared.append((iso2, span, others))
            elif entry is not None:
                weight = 1 if entry.kind in (gz.CITY, gz.CAPITAL) else 2
                support[iso2] = support.get(iso2, 0) + weight
    for iso2, span, others in shared:
        if support.get(iso2):
            continue
        ranked = sorted(others, key=lambda c: -support.get(c, 0))
        best = ranked[0]
        if not support.get(best) or (
            len(ranked) > 1 and support.get(ranked[1], 0) == support[best]
        ):
            continue
        found[iso2].remove(span)
        if not found[iso2]:
            del found[iso2]
        # Keep reading order: the field's place in the article, then the offset.
        found.setdefault(best, []).append(span)
        found[best].sort(key=_reading_order)


_LOCATION_ORDER = {"headline": 0, "standfirst": 1, "body": 2, "caption": 3}


def _reading_order(span: Span) -> tuple[int, int, int]:
    idx = span.caption_index if span.caption_index is not None else -1
    return _LOCATION_ORDER.get(span.location, 4), idx, span.start


@cache
def _population() -> dict[str, int]:
    return {name: int(pop or 0) for name, _iso2, pop, _kind in rows("places/places.tsv")}


def _drop_stray_minor_cities(found: dict[str, list[Span]]) -> None:
    """Leave out countries named only through cities whose name is shared or small (see
    `SMALL_PLACE_POPULATION`) when the article names another country by its name or
    demonym at least twice: the city is most likely a namesake in that country."""
    lex, shared = gz.lexicon(), _shared_city_names()

    def only_shared_cities(spans: list[Span]) -> bool:
        entries = [lex.get(word_key(s.text)) for s in spans]
        return all(
            e is not None and e.kind in (gz.CITY, gz.CAPITAL) and s.text in shared
            for e, s in zip(entries, spans, strict=True)
        )

    def strong(spans: list[Span]) -> int:
        kinds = (lex.get(word_key(s.text)) for s in spans)
        return sum(1 for e in kinds if e is not None and e.kind in (gz.NAME, gz.DEMONYM))

    if not any(strong(spans) >= 2 for spans in found.values()):
        return
    for iso2 in [code for code, spans in found.items() if only_shared_cities(spans)]:
        del found[iso2]


@cache
def _shared_city_names() -> frozenset[str]:
    places = [(name, iso2, int(pop or 0)) for name, iso2, pop, _kind in rows("places/places.tsv")]
    shared = {name for name, _iso2, pop in places if pop < SMALL_PLACE_POPULATION}
    starts: dict[str, set[str]] = {}  # the first words of a longer place name -> countries
    for name, iso2, _pop in places:
        words_ = name.split()
        for n in range(1, len(words_)):
            starts.setdefault(" ".join(words_[:n]), set()).add(iso2)
    shared |= {name for name, iso2, _pop in places if starts.get(name, set()) - {iso2}}
    return frozenset(shared)


def _field_mentions(text: str, loc: str, idx: int | None, us_state_context: bool):
    tokens = masked_tokens(text, loc)
    lex, limit = gz.lexicon(), gz.max_form_length()
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if not tok.is_cap:
            i += 1
            continue
        n, entry = _longest(tokens, i, lex, limit)
        if entry is None:
            i += 1
            continue
        if _keep(tokens, i, n, entry, us_state_context):
            start = tokens[i].start
            last = tokens[i + n - 1]
            end = last.start + len(last.key)
            yield Span(start, end, loc, text[start:end], idx), entry.iso2
        i += n


def _longest(tokens: list[Token], i: int, lex, limit: int):
    return longest_match(tokens, i, lex)


def _keep(tokens: list[Token], i: int, n: int, entry: gz.Entry, us_state_context: bool) -> bool:
    """Context rules deciding whether a gazetteer hit really mentions the country."""
    prev = tokens[i - 1] if i else None
    nxt = tokens[i + n] if i + n < len(tokens) else None
    prev_attached = prev is not None and not tokens[i].gap.strip()
    next_attached = nxt is not None and not nxt.gap.strip()
    last = tokens[i + n - 1]
    form = entry.form

    if next_attached and nxt.key in _CURRENCY_AFTER:
        return False  # "40 US dollars", "Canadian dollars": a currency, not the country
    if (
        entry.kind == gz.NAME
        and prev_attached
        and prev.key == "of"
        and i >= 2
        and tokens[i - 2].key in _OUTLET_OF
        and not tokens[i - 1].gap.strip()
    ):
        return False  # "The Times of Israel"
    if entry.kind == gz.DEMONYM:
        if (
            prev_attached
            and prev.key in _LANGUAGE_BEFORE
            and (nxt is None or not next_attached or nxt.key in _FUNCTION_AFTER)
        ):
            return False  # "conducted in Russian.", "studying Portuguese", "spoke in Spanish after"
        if next_attached and nxt.key.lower() in _LANGUAGE_AFTER:
            return False  # "Russian-speaking", "the Ukrainian language", "(English version)"
        if prev_attached and prev.key in _REGION_BEFORE:
            return False  # "Latin American", "South American"
        if prev_attached and prev.key in _PAST_BEFORE:
            return False  # "ancient Greek deities": a civilisation, not today's state
        if (
            prev_attached and prev.is_cap and not prev.sentence_start
            and prev.key in first_names()
        ):  # fmt: skip
            return False  # "Percy French", a person's surname
        if next_attached and nxt.is_cap and nxt.key in _PLACE_KINDS_AFTER:
            return False  # "Spanish Town", "the Indian Ocean": a place's name
        if prev_attached and prev.key in _OTHER_SENSES.get((form, "before"), ()):
            return False  # "American Indian": not the country
        return not (next_attached and nxt.key in _OTHER_SENSES.get((form, "after"), ()))

    # A gazetteer word glued to other capitalised words is part of a longer name:
    # an outlet ("Kyiv Independent", "Israel Hayom"), a person, a company.
    glued_next = (
        next_attached and nxt.is_cap and not last.possessive and (nxt.key,) not in title_keys()
    )
    glued_prev = (
        prev_attached and prev.is_cap and not prev.sentence_start and not prev.possessive
        and (prev.key,) not in gz.lexicon() and (prev.key,) not in title_keys()
    )  # fmt: skip
    if entry.kind == gz.NAME and form not in gz.AMBIGUOUS_FORMS:
        # Country names are strong; only outlets and person names built on them are dropped.
        return not (glued_next and nxt.key in ORG_WORDS and nxt.key not in _NATIONAL_BODIES)
    if glued_next or glued_prev:
        return form not in gz.AMBIGUOUS_FORMS and nxt is not None and nxt.key in _NATIONAL_BODIES
    if form == "Georgia" and us_state_context:
        return False
    # "George Washington", "Michael Jordan": a given name before it makes it a person.
    return not (
        form in gz.AMBIGUOUS_FORMS and prev_attached and prev.is_cap and prev.key in first_names()
    )
