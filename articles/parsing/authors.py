"""Bylines: author names (and an outlet when stated) from byline lines. No Django imports."""

from __future__ import annotations

import regex

# A personal name: 2-5 capitalised words, allowing initials, hyphens, apostrophes and the
# lower-case particles of many naming traditions ("de", "van", "bin", "al-").
_NAME = (
    r"\p{Lu}[\p{L}'’.-]*(?:\s+(?:\p{Lu}[\p{L}'’.-]*|de|da|di|do|dos|du|van|von|der|den|bin|"
    r"ibn|al-?\p{L}*|el|la|le|ter|ten)){1,4}"
)
_ROLE = (
    r"(?:[\p{L}-]+\s+){0,4}?(?:reporter|correspondent|editor|writer|journalist|columnist|"
    r"contributor|producer|analyst|bureau chief|photographer|critic|commentator|"
    r"presenter|anchor)s?"
)
# "Jane Doe is The Daily Planet's diplomatic reporter."
_BIO_POSSESSIVE = regex.compile(
    rf"^(?P<names>{_NAME}(?:\s+and\s+{_NAME})?)\s+(?:is|are)\s+(?:a\s+|an\s+|the\s+)?"
    rf"(?P<outlet>.+?)['’]s?\s+{_ROLE}\.?$"
)
# "Jane Doe is a senior correspondent for/at/with The Daily Planet."
_BIO_FOR = regex.compile(
    rf"^(?P<names>{_NAME}(?:\s+and\s+{_NAME})?)\s+(?:is|are)\s+(?:a|an|the)\s+{_ROLE}"
    rf"\s+(?:for|at|with|of)\s+(?P<outlet>.+?)\.?$"
)
_BY = regex.compile(r"^by\s+(?P<names>.+?)$", regex.I)
_BY_TAIL = regex.compile(r"\s*(?:[|•·]|\s[-–—]\s|,?\s+(?:on|updated|published)\s).*$", regex.I)
_BY_OUTLET = regex.compile(r"^(?P<names>.+?)\s+(?:for|of)\s+(?P<outlet>\p{Lu}.*)$")
_NAME_ONLY = regex.compile(rf"^{_NAME}$")
_SPLIT = regex.compile(r"\s*(?:,|;|&|\band\b)\s*")


def split_authors(text: str | None) -> list[str]:
    """Split an author string ("Jane Doe, John Roe and Ann Poe") into personal names.

    Parts that do not look like a personal name (job titles, outlets) are dropped.
    """
    if not text:
        return []
    names = []
    for part in _SPLIT.split(text.strip()):
        part = part.strip(" .")
        if _NAME_ONLY.match(part) and part not in names:
            names.append(part)
    return names


def parse_byline(line: str) -> tuple[list[str], str | None] | None:
    """Read one byline line. Returns (names, outlet or None), or None if it is not a byline.

    Recognises "By Jane Doe and John Roe" (optionally "for Outlet", "| date") and
    author-bio sentences whose role is journalistic ("Jane Doe is Outlet's reporter").
    """
    line = line.strip()
    if len(line.split()) > 25:
        return None
    for pattern in (_BIO_POSSESSIVE, _BIO_FOR):
        match = pattern.match(line)
        if match:
            names = split_authors(match["names"])
            outlet = match["outlet"].strip(" .")
            if names and outlet and outlet[0].isupper():
                return names, outlet
    match = _BY.match(line)
    if match:
        rest = _BY_TAIL.sub("", match["names"])
        outlet = None
        with_outlet = _BY_OUTLET.match(rest)
        if with_outlet:
            rest, outlet = with_outlet["names"], with_outlet["outlet"].strip(" .")
        names = split_authors(rest)
        if names:
            return names, outlet
    return None


def find_byline(lines: list[str]) -> tuple[list[str], str | None, int | None]:
    """Find the first byline among `lines`: (names, outlet, index), or ([], None, None)."""
    for index, line in enumerate(lines):
        found = parse_byline(line)
        if found:
            return found[0], found[1], index
    return [], None, None
