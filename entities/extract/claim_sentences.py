"""Sentence segments with offsets, as the claim extractor reads them.

Splits on sentence-final punctuation followed by a capital or an opening quote, on
line breaks, and (in headlines and standfirsts) on semicolons, which separate
independent statements there. Never splits inside a curly quotation, so a quoted
passage of several sentences stays with its attribution. Known abbreviations
("Mr.", "U.S.", "Sen.") do not end a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sen",
        "rep",
        "gov",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "adm",
        "st",
        "jr",
        "sr",
        "no",
        "vs",
        "etc",
        "inc",
        "corp",
        "co",
        "ltd",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
        "pres",
        "supt",
    ]
)
_MAX_QUOTE = 1200  # an unclosed quote mark must not swallow the rest of the article
_END_RE = regex.compile(r"[.!?]+[”\"’)]*(?=\s+[\p{Lu}“\"‘(\d])")


@dataclass
class Segment:
    text: str
    start: int  # offset of text within the field
    location: str


def segments(value: str, location: str) -> list[Segment]:
    """Split one text field into sentence segments whose offsets index `value`."""
    out: list[Segment] = []
    seps = r"\n+|;\s+" if location in {"headline", "standfirst"} else r"\n+"
    pos = 0
    for m in regex.finditer(seps, value + "\n"):
        block_end = min(m.start(), len(value))
        _split_block(value, pos, block_end, location, out)
        pos = m.end()
    return out


def _split_block(value: str, start: int, end: int, location: str, out: list[Segment]) -> None:
    block = value[start:end]
    cut = 0
    open_at: int | None = None
    i = 0
    candidates = {m.end(): m for m in _END_RE.finditer(block)}
    while i < len(block):
        ch = block[i]
        if ch == "“":
            open_at = i
        elif ch == "”":
            open_at = None
        if open_at is not None and i - open_at > _MAX_QUOTE:
            open_at = None
        if i + 1 in candidates and open_at is None and not _abbreviation(block, i + 1):
            _emit(value, start + cut, start + i + 1, location, out)
            cut = i + 1
        i += 1
    _emit(value, start + cut, end, location, out)


def _abbreviation(block: str, end: int) -> bool:
    m = regex.search(r"([\p{L}.]+)[.]+[”\"’)]*$", block[:end])
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _emit(value: str, a: int, b: int, location: str, out: list[Segment]) -> None:
    while a < b and value[a].isspace():
        a += 1
    while b > a and value[b - 1].isspace():
        b -= 1
    if b > a:
        out.append(Segment(value[a:b], a, location))
