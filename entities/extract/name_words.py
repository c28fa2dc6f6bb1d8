"""Words that make or break a person's name, from `lexicon/people/`, and the lookups built
on them: titles by token key, and given names. General English news vocabulary, not tied
to any article. No Django imports.
"""

from __future__ import annotations

import importlib
from functools import cache

import regex

from entities.extract.lexicon import entries, rows, words
from entities.extract.tokens import word_key

TITLES = entries("people/titles.txt")
HONORIFICS = words("people/honorifics.txt")
TITLE_COUNTRY = dict(rows("people/title_countries.tsv"))
VAGUE_TITLES = words("people/vague_titles.txt")
ORG_WORDS = words("people/org_words.txt")
STOP_WORDS = words("people/stop_words.txt")
SPEECH_VERBS = words("people/speech_verbs.txt")
PERSON_NOUNS = words("people/person_nouns.txt")
PARTICLES = words("people/particles.txt")
NOT_GIVEN = words("people/not_given_names.txt")

_LATIN_NAME = regex.compile(r"\p{Lu}[\p{Latin}'’\-]*")


@cache
def title_keys() -> dict[tuple[str, ...], str]:
    """Token tuple of a title -> the title as canonically written."""
    out: dict[tuple[str, ...], str] = {}
    for title in TITLES:
        out[word_key(title)] = title
        out[word_key(title.lower())] = title
        if " " in title:  # "Vice-President", "Prime-Minister": one hyphenated word
            out.setdefault(word_key(title.replace(" ", "-")), title)
            out.setdefault(word_key(title.lower().replace(" ", "-")), title)
    return out


@cache
def first_names() -> frozenset[str]:
    """Given names: Faker's first-name lists (MIT) for the locales of
    `lexicon/people/name_locales.txt` plus the curated `given_names.txt`.

    Evidence only, loaded on first use (about 0.3 s, a few MB, once per process): people
    are still found by titles, honorifics, speech verbs and repeated surnames without it.
    """
    names: set[str] = set()
    for locale in entries("people/name_locales.txt"):
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except ImportError:  # a locale dropped by a later Faker release: use the others
            continue
        for attr, value in vars(provider).items():
            if attr.startswith("first_") and isinstance(value, (list, tuple, dict)):
                names.update(_title(n) for n in value if isinstance(n, str))
    for line in entries("people/given_names.txt"):
        names.update(line.split())
    names = {n for n in names if _LATIN_NAME.fullmatch(n)}
    # "Bill" names a person more often than a draft law when it starts a name.
    return frozenset(names - STOP_WORDS - NOT_GIVEN - (ORG_WORDS - {"Bill"}))


def _title(name: str) -> str:
    # zh_TW romanisations are upper case ("CHIA-HAO"); prose writes "Chia-hao".
    return name.capitalize() if name.isupper() and len(name) > 1 else name
