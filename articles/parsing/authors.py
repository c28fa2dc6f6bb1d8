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


# Credit lines for people and agencies who contributed to a story, kept out of its body:
# "The Associated Press contributed to this report.", "Jane Doe contributed reporting from
# Kyiv.", "Reporting by Jane Doe in Kyiv; Additional reporting by John Roe; Editing by
# Ann Poe". A line counts only when every segment of it is such a credit.
_CREDIT_BY = regex.compile(
    r"^(?:and\s+)?(?:additional\s+)?(?:reporting|writing|editing|reported|compiled|research|"
    r"translation|translated|fact[- ]checking|graphics|production|produced)"
    r"(?:\s+and\s+(?:reporting|writing|editing|research|graphics))?\s+by\s+(?P<names>.+)$",
    regex.I,
)
_CREDIT_CONTRIBUTED = regex.compile(
    r"^(?P<names>.{2,200}?)\s+(?:also\s+)?contributed\s+(?:additional\s+)?(?:reporting|"
    r"research|to\s+this\s+(?:report|story|article))\b[^.;]*$",
    regex.I,
)
# "AP writer Jim Heintz in Tallinn contributed.": a bare "contributed" needs a role word.
_CREDIT_BARE = regex.compile(r"^(?P<names>.{2,200}?),?\s+(?:also\s+)?contributed$", regex.I)
_CREDIT_SEGMENTS = regex.compile(r"\s*(?:;|\.(?=\s+\p{Lu})|\.$)\s*")
_CREDIT_PLACE = regex.compile(r"\s+(?:in|from|at)\s+\p{Lu}.*$")
_CREDIT_ROLE = regex.compile(
    r"^(?P<org>.*?)\s*\b(?:staff\s+)?(?:writers?|reporters?|correspondents?|journalists?|"
    r"photographers?|staff(?:ers)?|editors?)\b\s*(?P<name>.*)$",
    regex.I,
)
# "Fox News' Jessica Napoli": an outlet's journalist.
_CREDIT_POSSESSIVE = regex.compile(r"^(?P<org>\p{Lu}.*?)['’]s?\s+(?P<name>\p{Lu}.*)$")
_CREDIT_NAME = regex.compile(r"^\p{Lu}[\p{L}\p{M}'’.&-]*(?:\s+[\p{L}\p{M}'’.&-]+){0,6}$")


def _credit_names(text: str) -> list[str]:
    names: list[str] = []
    after_place = False
    for part in _SPLIT.split(text):
        part = part.strip(" .")
        if after_place and len(part.split()) == 1:
            continue  # the rest of a place: "in Tallinn, Estonia"
        stripped = _CREDIT_PLACE.sub("", part).strip(" .")
        after_place, part = stripped != part, stripped
        role = _CREDIT_ROLE.match(part) or _CREDIT_POSSESSIVE.match(part)
        candidates = [role["org"], role["name"]] if role else [part]
        for candidate in candidates:
            candidate = candidate.strip(" .")
            if _CREDIT_NAME.match(candidate) and candidate not in names:
                names.append(candidate)
    return names


def parse_contributor_line(line: str) -> list[str] | None:
    """The people and agencies a contributor credit line names, in order, or None when
    `line` is not such a line. Names are as written; nothing is added."""
    line = line.strip()
    if not line or len(line.split()) > 60:
        return None
    names: list[str] = []
    for segment in filter(None, _CREDIT_SEGMENTS.split(line)):
        match = _CREDIT_BY.match(segment) or _CREDIT_CONTRIBUTED.match(segment)
        if match is None:
            match = _CREDIT_BARE.match(segment)
            if match and not _CREDIT_ROLE.match(match["names"]):
                match = None
        if not match:
            return None
        names += [n for n in _credit_names(match["names"]) if n not in names]
    return names if names else None
