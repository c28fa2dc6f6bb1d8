"""Country lookup for speaker phrases and claim subjects: "Israeli" -> IL, "Kyiv" -> UA,
"Ukraine" -> UA.

Kept apart so a fuller gazetteer can replace it: `country_of_word` and
`countries_in_phrase` are the only entry points. Built on pycountry names plus the small
tables of demonyms, capitals and news spellings in `lexicon/claims/place_*.tsv`, which
pycountry lacks. Works offline.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry

from entities.extract.lexicon import rows

_DEMONYMS = dict(rows("claims/place_demonyms.tsv"))
_CAPITALS = dict(rows("claims/place_capitals.tsv"))
_NAMES = dict(rows("claims/place_names.tsv"))


@lru_cache(maxsize=4096)
def country_of_word(word: str) -> str | None:
    """Return the ISO2 code a country name, capital or demonym denotes, else None.

    Case-insensitive; accepts plurals of demonyms ("Ukrainians") and possessives
    ("Israel's"). Never guesses from partial words.
    """
    key = word.strip().lower().removesuffix("'s").removesuffix("’s").strip()
    if not key:
        return None
    for table in (_DEMONYMS, _CAPITALS, _NAMES):
        if key in table:
            return table[key]
    if key.endswith("s") and key[:-1] in _DEMONYMS:
        return _DEMONYMS[key[:-1]]
    if len(key) < 4:
        return None
    return _pycountry_names().get(key)


@lru_cache(maxsize=1)
def _pycountry_names() -> dict[str, str]:
    # The same exact, case-insensitive match as pycountry's `lookup` on names, but one
    # dict read instead of a scan of every country per word.
    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                names.setdefault(value.lower(), c.alpha_2)
    return names


def countries_in_phrase(phrase: str) -> list[str]:
    """ISO2 codes of every country word in a short phrase, in order, without repeats.

    Tries two-word sequences first so "South Korea" is not read as "Korea".
    """
    words = [w.strip(",.;:()“”\"'") for w in phrase.split()]
    found: list[str] = []
    i = 0
    while i < len(words):
        code = None
        if i + 1 < len(words) and words[i][:1].isupper() and words[i + 1][:1].isupper():
            code = country_of_word(f"{words[i]} {words[i + 1]}")
            if code:
                i += 1
        if code is None and words[i][:1].isupper():
            code = country_of_word(words[i])
        if code and code not in found:
            found.append(code)
        i += 1
    return found
