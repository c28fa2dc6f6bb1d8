"""The publishing outlet's country, from its name ("The Times of Israel" -> IL). No Django.

An outlet's name is recognised by one of the words of `lexicon/outlet_words.txt`. Its
country is the first country name or capital the gazetteer finds in it.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from entities.extract import gazetteer as gz
from entities.extract.lexicon import entries
from entities.extract.tokens import fields, longest_match, tokenize
from entities.extract.types import ArticleText

OUTLET_WORDS = entries("outlet_words.txt")
_OUTLET = "|".join(OUTLET_WORDS)
# "The Times of Israel", "Kyiv Independent", "Jerusalem Post": outlet names with a place.
# Each word starts where no letter precedes it: without that, one long capitalised token
# is tried from every one of its letters (quadratic time).
_WRITTEN_RE = regex.compile(
    rf"(?:The )?(?:{_OUTLET}) of \p{{Lu}}\p{{L}}+|(?<!\p{{L}})\p{{Lu}}\p{{L}}+ (?:{_OUTLET})\b"
)
_TOLD_RE = regex.compile(r"\btold\s+((?:The\s+)?\p{Lu}[\p{L}]*(?:\s+(?:of|\p{Lu}[\p{L}]*)){0,4})")


def home_country(outlet: str | None, named: Iterable[str]) -> str | None:
    """ISO2 of the outlet's country: from the outlet's own name when given, else from the
    outlet names in `named` (the first that holds a country name or capital wins).

    The extractors pass the outlet names their rule trusts: `outlets_written` or
    `outlet_told`. None when no name gives a country.
    """
    for name in [outlet, *named] if outlet else named:
        tokens = tokenize(name)
        for i in range(len(tokens)):
            _n, entry = longest_match(tokens, i, gz.lexicon())
            if entry is not None and entry.kind in (gz.NAME, gz.CAPITAL):
                return entry.iso2
    return None


def outlets_written(article: ArticleText) -> list[str]:
    """Outlet names with a place written anywhere in the article ("The Times of Israel",
    "Kyiv Independent"), in reading order."""
    return [m.group() for _loc, _idx, text in fields(article) for m in _WRITTEN_RE.finditer(text)]


def outlet_told(body: str) -> list[str]:
    """The outlet the article's sources speak to most often ("... told The Times of
    Israel"), which in practice is the publishing outlet itself; [] when there is none."""
    counts: dict[str, int] = {}
    for m in _TOLD_RE.finditer(body):
        name = m.group(1)
        if any(w in name.split() for w in OUTLET_WORDS):
            counts[name] = counts.get(name, 0) + 1
    return [max(counts, key=counts.get)] if counts else []
