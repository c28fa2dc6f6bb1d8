"""Country knowledge base: names, aliases, demonyms, capitals, cities and seats of power.

Built once per process from pycountry (every ISO 3166-1 country) and the tables in
`lexicon/places/`. No Django imports. The lexicon maps a token tuple (as produced by
`tokens.word_key`) to what it names, so matching text is a dict lookup per position.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pycountry

from entities.extract.lexicon import rows, words
from entities.extract.tokens import word_key

# Kinds of surface forms, from the strongest evidence of a country mention to the weakest.
NAME, DEMONYM, CAPITAL, INSTITUTION, CITY = "name", "demonym", "capital", "institution", "city"

# Forms often not the country in English news: the country matcher checks their context.
AMBIGUOUS_FORMS = words("places/ambiguous_forms.txt")


@dataclass(frozen=True)
class Entry:
    iso2: str
    kind: str
    form: str  # the form as listed in the knowledge base


def _split(cell: str) -> list[str]:
    return [p.strip() for p in cell.split("|") if p.strip()]


def _plural(demonym: str) -> str | None:
    """English plural of a demonym noun, or None where the plural is the same word."""
    if demonym.endswith(("ese", "ish", "ch", "ss", "s", "Swiss", "i")):
        # "Israelis", "Iraqis" are the exception among these endings.
        return demonym + "s" if demonym.endswith("i") else None
    if demonym.endswith("man"):
        return None
    return demonym + "s"


@dataclass(frozen=True)
class CountryInfo:
    iso2: str
    iso3: str
    name: str
    official_name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str | None


@cache
def countries() -> dict[str, CountryInfo]:
    """Every ISO 3166-1 country (plus Kosovo) keyed by ISO2, with curated names."""
    curated = {r[0]: r for r in rows("places/country_terms.tsv")}
    capitals = {r[1]: r[0] for r in rows("places/places.tsv") if r[3] == "capital"}
    out: dict[str, CountryInfo] = {}
    iso_rows = [(c.alpha_2, c.alpha_3, c) for c in pycountry.countries]
    iso_rows.append(("XK", "XKX", None))  # Kosovo: user-assigned code, widely used
    for iso2, iso3, rec in iso_rows:
        row = [*curated.get(iso2, [iso2, "", "", ""]), "", "", ""]
        pyname = getattr(rec, "common_name", None) or getattr(rec, "name", "") if rec else ""
        name = row[1] or pyname
        official = getattr(rec, "official_name", None) or name if rec else name
        aliases = set(_split(row[2]))
        for form in (pyname, official, getattr(rec, "name", "") if rec else ""):
            # "Korea, Republic of" style names are index forms, never written in prose.
            if form and "," not in form and "(" not in form and form != name:
                aliases.add(form)
        demonyms = _split(row[3])
        out[iso2] = CountryInfo(
            iso2, iso3, name, official, tuple(sorted(aliases)), tuple(demonyms),
            capitals.get(iso2),
        )  # fmt: skip
    return out


def country_records() -> list[dict]:
    """Rows for the Country table: iso2, iso3, name, official_name, aliases, demonyms, capital.

    `aliases` holds every other name the matcher accepts for the country (never the
    display name itself); `demonyms` the adjectives/nouns as listed (plurals derived).
    """
    return [
        {
            "iso2": c.iso2,
            "iso3": c.iso3,
            "name": c.name,
            "official_name": c.official_name,
            "aliases": list(c.aliases),
            "demonyms": list(c.demonyms),
            "capital": c.capital,
        }
        for c in countries().values()
    ]


def country_name(iso2: str) -> str:
    """Common short name for an ISO2 code ("UA" -> "Ukraine"); the code itself if unknown."""
    info = countries().get(iso2)
    return info.name if info else iso2


@cache
def lexicon() -> dict[tuple[str, ...], Entry]:
    """Token tuple -> Entry for every surface form that can name a country.

    Stronger kinds win when two tables list the same form (a country name beats a
    city of the same spelling: "Singapore", "Luxembourg").
    """
    rank = {NAME: 0, DEMONYM: 1, INSTITUTION: 2, CAPITAL: 3, CITY: 4}
    table: dict[tuple[str, ...], Entry] = {}

    def add(form: str, iso2: str, kind: str) -> None:
        key = word_key(form)
        if not key:
            return
        old = table.get(key)
        if old is None or rank[kind] < rank[old.kind]:
            table[key] = Entry(iso2, kind, form)

    for c in countries().values():
        for form in (c.name, *c.aliases):
            add(form, c.iso2, NAME)
            if form.startswith("the "):
                add(form[4:], c.iso2, NAME)
        for dem in c.demonyms:
            add(dem, c.iso2, DEMONYM)
            plural = _plural(dem)
            if plural:
                add(plural, c.iso2, DEMONYM)
    for name, iso2, _pop, kind in rows("places/places.tsv"):
        add(name, iso2, CAPITAL if kind == "capital" else CITY)
    for name, iso2 in rows("places/place_aliases.tsv"):
        table.pop(word_key(name), None)  # the curated row overrides the generated one
        add(name, iso2, CITY)
    for phrase, iso2 in rows("places/metonyms.tsv"):
        add(phrase.removeprefix("the "), iso2, INSTITUTION)
    return table


@cache
def namesakes() -> dict[str, dict[str, int]]:
    """Place name -> {ISO2: population} of the other countries with a place of that name
    (`places/namesakes.tsv`, from GeoNames): "Newcastle" -> {"ZA": ..., "GB": ...} besides
    the Australian city the lexicon gives. Names without namesakes are absent."""
    out: dict[str, dict[str, int]] = {}
    for name, cell in rows("places/namesakes.tsv"):
        out[name] = {iso2: int(pop) for iso2, _, pop in (p.partition(":") for p in cell.split("|"))}
    return out


@cache
def max_form_length() -> int:
    """Longest form in tokens, so matchers know how far to look ahead."""
    return max(len(k) for k in lexicon())
