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

import regex

from entities.extract import gazetteer as gz
from entities.extract.tokens import Token, fields, longest_match, masked_tokens
from entities.extract.types import ArticleText, CountryResult, PersonResult, Span
from entities.extract.wordlists import ORG_WORDS, first_names, title_keys

_LANGUAGE_BEFORE = frozenset(
    ["in", "speak", "speaks", "speaking", "spoke", "spoken", "from", "into", "fluent",
     "study", "studies", "studying", "studied", "learn", "learns", "learning", "learned",
     "learnt", "teach", "teaches", "teaching", "taught", "translate", "translated",
     "understand", "understands", "write", "writes", "wrote", "written"]
)  # fmt: skip
_LANGUAGE_AFTER = frozenset(
    ["language", "languages", "speaker", "speakers", "speaking", "translation",
     "translations", "version", "versions", "subtitles", "edition", "lessons", "classes",
     "course", "courses", "teacher", "teachers", "dictionary", "word", "words", "dub"]
)  # fmt: skip
# Words that may follow a language name in "spoke in Russian at home", "answered in
# Spanish after the match": a function word, not a noun the adjective would describe.
_FUNCTION_AFTER = frozenset(
    ["and", "or", "at", "after", "before", "to", "with", "on", "for", "but", "while", "as",
     "when", "because", "during", "by", "so", "than", "then", "until", "about", "instead"]
)  # fmt: skip
# An outlet named after a country is no mention of it: "The Times of Israel".
_OUTLET_OF = frozenset(
    ["Times", "Post", "Herald", "Journal", "Tribune", "Telegraph", "Gazette", "Voice",
     "Radio", "News", "Daily", "Star", "Mirror"]
)  # fmt: skip
_PAST_BEFORE = frozenset(["ancient", "Ancient", "classical", "Classical", "medieval"])
_CURRENCY_AFTER = frozenset(["dollar", "dollars", "cent", "cents"])
_REGION_BEFORE = frozenset(
    ["Latin", "South", "North", "Central", "Native", "African", "Asian", "Anglo", "Pan"]
)
_US_STATE_CUES = regex.compile(
    r"\b(?:Atlanta|Savannah|Augusta|Gov\.|governor|county|Peach State|Senate race"
    r"|state of Georgia|Georgia's \d|Alabama|Florida|Tennessee|Carolina|U\.S\. state)\b"
)
_GEORGIA_CUES = regex.compile(r"\b(?:Tbilisi|Georgian|Caucasus|Abkhazia|Ossetia|Russia|Kremlin)\b")


def extract_countries(
    text: ArticleText, people: list[PersonResult] | None = None
) -> list[CountryResult]:
    """Countries mentioned in the article, each with every mention, most mentioned first.

    Input: the article's fields and, when already computed, its people (their name spans
    are excluded so "Israel Katz" is not a mention of Israel; computed here when None).
    Output: one CountryResult per ISO2 code with `name` the common short name. Mentions in
    headline, standfirst, body and captions count; photo credits and bylines do not.
    """
    if people is None:
        from entities.extract.people import extract_people

        people = extract_people(text)
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
    results = [CountryResult(iso2, gz.country_name(iso2), spans) for iso2, spans in found.items()]
    results.sort(key=lambda r: -len(r.mentions))
    return results


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
        # "the Indian Ocean" is a place, not India.
        return not (form == "Indian" and next_attached and nxt.key == "Ocean")

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


# Capitalised words after a country name that keep it a reference to the state itself.
_NATIONAL_BODIES = frozenset(
    [
        "Defense",
        "Defence",
        "Forces",
        "Army",
        "Navy",
        "Air",
        "Government",
        "Ministry",
        "Embassy",
        "Parliament",
    ]
)
