"""Word tokens with offsets, shared by the people and country extractors. No Django.

A token keeps its character span in the field it came from. Possessive endings ("'s",
"’s") are left out of the token's `key` so "Reznikov’s" looks up as "Reznikov", while
the span still covers what was written.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

import regex

from entities.extract.lexicon import entries, words
from entities.extract.types import ArticleText

# Abbreviations with dots ("U.S.", "U.A.E.") first; otherwise letters/digits joined by
# inner apostrophes or hyphens ("Ze’ev", "N'Djamena", "Guinea-Bissau", "al-Assad").
_TOKEN = regex.compile(r"(?:\p{Lu}\.){2,}|[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*")
_POSSESSIVE = regex.compile(r"['’]s$")
# Parenthesised photo credits in captions: "(AP Photo/Efrem Lukatsky)", "(X / POOL / AFP)".
_CREDIT = regex.compile(
    r"\((?=[^()]*(?:/"
    + "".join(rf"|\b{word}\b" for word in entries("photo_credit_words.txt"))
    + r"))[^()]*\)",
    regex.IGNORECASE,
)
_SENTENCE_END = frozenset('.!?:;"“”\n')
# Single capital letters are initials ("J. K. Rowling"), whose dot ends no sentence either.
_ABBREVIATIONS = words("abbreviations.txt") | {chr(c) for c in range(ord("A"), ord("Z") + 1)}


class Token(NamedTuple):
    start: int
    end: int
    text: str
    key: str  # text without a possessive ending
    sentence_start: bool  # first word of a sentence, line or field
    gap: str  # the characters between the previous token and this one
    is_cap: bool  # starts with an upper-case letter
    possessive: bool  # written with "'s" / "’s"


def tokenize(text: str) -> list[Token]:
    """Split `text` into word tokens with offsets; punctuation is kept only in `gap`."""
    out: list[Token] = []
    prev_end = 0
    for m in _TOKEN.finditer(text):
        gap = text[prev_end : m.start()]
        stripped = gap.strip()
        first = not out or "\n" in gap or (bool(stripped) and stripped[-1] in _SENTENCE_END)
        if first and stripped == "." and out and out[-1].text in _ABBREVIATIONS:
            # "Mr. Smith", "Lt. Gen. Halevi": the dot ends an abbreviation, not a sentence.
            first = False
        word = m.group()
        key = _POSSESSIVE.sub("", word) if "s" in word[-1:] else word
        out.append(Token(m.start(), m.end(), word, key, first, gap, key[:1].isupper(), key != word))
        prev_end = m.end()
    return out


def word_key(phrase: str) -> tuple[str, ...]:
    """Token keys of a phrase, the form used as a lexicon key ("St. Petersburg" -> 2 keys)."""
    return tuple(t.key for t in tokenize(phrase))


def credit_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of parenthesised photo credits, which name no subject of the text."""
    return [m.span() for m in _CREDIT.finditer(text)]


def fields(article: ArticleText) -> Iterator[tuple[str, int | None, str]]:
    """(location, caption_index, text) for each field extractors read, in reading order.

    The byline is not included: bylines are handled on their own by the people extractor.
    """
    yield "headline", None, article.title or ""
    if article.standfirst:
        yield "standfirst", None, article.standfirst
    yield "body", None, article.body or ""
    for i, caption in enumerate(article.captions):
        yield "caption", i, caption


def masked_tokens(text: str, location: str) -> list[Token]:
    """Tokens of a field, without those inside photo credits (captions and bodies).

    Returns a new list each call (callers may edit it); the tokenising itself is cached
    because both extractors read the same fields several times.
    """
    return list(_masked(text))


@lru_cache(maxsize=256)
def _masked(text: str) -> tuple[Token, ...]:
    tokens = tokenize(text)
    spans = credit_spans(text)
    if not spans:
        return tuple(tokens)
    return tuple(t for t in tokens if not any(a <= t.start < b for a, b in spans))


_PREFIXES: dict[int, tuple[dict, dict[str, int]]] = {}


def longest_match(tokens: list[Token], i: int, table: dict) -> tuple[int, object | None]:
    """Longest phrase of `table` (token-key tuples) starting at token i: (length, value).

    Phrases never span punctuation or a possessive inside them. The table must be a
    long-lived object (the cached lexicons): its first-word index is built once.
    """
    cached = _PREFIXES.get(id(table))
    if cached is None or cached[0] is not table:
        index: dict[str, int] = {}
        for key in table:
            index[key[0]] = max(index.get(key[0], 0), len(key))
        cached = _PREFIXES[id(table)] = (table, index)
    limit = cached[1].get(tokens[i].key, 0)
    if not limit:
        return 0, None
    for n in range(min(limit, len(tokens) - i), 0, -1):
        window = tokens[i : i + n]
        if n > 1 and (
            any(t.gap.strip() for t in window[1:]) or any(t.possessive for t in window[:-1])
        ):
            continue
        value = table.get(tuple(t.key for t in window))
        if value is not None:
            return n, value
    return 0, None
