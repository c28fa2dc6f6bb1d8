"""Who held which public office, where and when: the officeholders table as plain data.

No Django imports and no database: the table (`lexicon/kb/officeholders.csv.gz`, Wikidata
P39 statements, CC0; see its README) is read once per process by `officeholders()`, so
`manage.py extract` resolves officeholders exactly as the pipeline does. About 54,000 terms
of 36,000 people; loading takes about a second and some 40 MB, on first use only.

Lookups: people by a written name (`people_named`, aliases and ASCII-folded spellings
included), a person's terms (`terms_of`, `held_on`), and the holders of an office of a
country on a day (`holders`). Dates are `datetime.date`; a term's start and end keep the
table's precision by taking its earliest and latest possible day.
"""

from __future__ import annotations

import csv
import gzip
import io
import operator
from collections.abc import Iterator
from datetime import date
from functools import cache
from importlib.resources import files
from typing import NamedTuple

from entities.extract.lexicon import rows
from entities.extract.names import normalize_name, normalize_names, same_person

KB_FILE = "kb/officeholders.csv.gz"
_OPEN = date.max.toordinal()
SURNAME_PREFIX = 4  # letters of the surname that must agree for a spelling variant

# Office types that name a person's standing best first: a president who is also foreign
# minister is shown as president.
RANK = (
    "head_of_state", "head_of_government", "vice_head_of_state", "deputy_head_of_government",
    "foreign_minister", "defence_minister", "finance_minister", "interior_minister",
    "justice_minister", "international_org", "central_bank_governor", "governor_general",
    "legislature_leader", "minister", "executive_office", "permanent_representative",
    "ambassador", "junior_minister", "military", "security_intelligence", "judiciary_legal",
    "subnational_leader", "consort", "other",
)  # fmt: skip
_RANK = {kind: n for n, kind in enumerate(RANK)}
ENVOY_TYPES = frozenset({"ambassador", "permanent_representative"})


class Term(NamedTuple):
    """One office held by one person: `country` is the office's polity (for an envoy, the
    sending state), `host` the receiving state of an envoy."""

    qid: str
    office: str
    office_type: str
    country: str
    host: str
    scope: str
    start: int  # proleptic ordinal of the earliest possible first day (0: unknown)
    end: int  # ordinal of the latest possible last day (`date.max` when open)

    def held_on(self, day: date) -> bool:
        return self.start <= day.toordinal() <= self.end

    @property
    def rank(self) -> int:
        return _RANK.get(self.office_type, len(RANK))

    @property
    def is_envoy(self) -> bool:
        return self.office_type in ENVOY_TYPES


def _variant_key(key: str) -> str:
    """What two spellings of one name share: the given name's initial and the surname's
    first letters ("volodymyr zelensky", "volodymyr zelenskyy" -> "v zele")."""
    return f"{key[:1]} {key.rsplit(' ', 1)[-1][:SURNAME_PREFIX]}"


@cache
def _bounds(text: str, *, last: bool) -> int:
    """Earliest (or, with `last`, latest) day an ISO date of any precision allows."""
    if not text:
        return _OPEN if last else 0
    try:
        if text.endswith("s"):  # "1990s"
            year = int(text[:4])
            return date(year + 9, 12, 31).toordinal() if last else date(year, 1, 1).toordinal()
        parts = [int(p) for p in text.split("-")]
    except ValueError:
        return _OPEN if last else 0
    year = parts[0]
    month = parts[1] if len(parts) > 1 else (12 if last else 1)
    if len(parts) > 2:
        return date(year, month, parts[2]).toordinal()
    if not last:
        return date(year, month, 1).toordinal()
    following = date(year + (month == 12), month % 12 + 1, 1)
    return following.toordinal() - 1


class Officeholders:
    """The table's terms with the indexes the extractors query. Build with `from_rows`."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}  # qid -> name
        self._countries: dict[str, frozenset[str]] = {}
        self._by_name: dict[str, tuple[str, ...]] = {}
        self._terms: dict[str, tuple[Term, ...]] = {}
        self._by_office: dict[tuple[str, str], tuple[Term, ...]] = {}
        # Initial and first letters of the surname -> (normalised name, qid): the
        # candidates for a spelling variant (see `_variant_key`).
        self._by_surname: dict[str, tuple[tuple[str, str], ...]] = {}

    @classmethod
    def from_rows(cls, records) -> Officeholders:
        """From dicts with the table's columns (as `csv.DictReader` gives them)."""
        columns = ("person_qid", "name", "aliases", "office", "office_type", "country",
                   "host_country", "scope", "start", "end")  # fmt: skip
        return cls._from_tuples(tuple(rec.get(c, "") for c in columns) for rec in records)

    @classmethod
    def _from_tuples(cls, records) -> Officeholders:
        """From tuples (qid, name, aliases, office, office_type, country, host, scope,
        start, end): the loop that reads the whole table, kept lean."""
        kb = cls()
        strings: dict[str, str] = {}
        share = strings.setdefault  # office titles and codes repeat thousands of times
        terms_of: dict[str, list[Term]] = {}
        by_office: dict[tuple[str, str], list[Term]] = {}
        names = kb.names
        forms: list[tuple[str, str]] = []  # (written name, qid), normalised in one pass
        for qid, name, aliases, office, kind, country, host, scope, start, end in records:
            term = Term(
                qid,
                share(office, office),
                share(kind, kind),
                share(country, country),
                share(host, host),
                share(scope, scope),
                _bounds(start, last=False),
                _bounds(end, last=True),
            )
            terms_of.setdefault(qid, []).append(term)
            if country:
                by_office.setdefault((country, kind), []).append(term)
            if qid not in names:
                names[qid] = name
                forms.append((name, qid))
                if aliases:
                    forms.extend((a, qid) for a in aliases.split("|") if a)
        by_name: dict[str, list[str]] = {}
        for key, (_form, qid) in zip(
            normalize_names([form for form, _ in forms]), forms, strict=True
        ):
            if " " in key:  # a single word is too little to name anyone
                owners = by_name.setdefault(key, [])
                if qid not in owners:
                    owners.append(qid)
        # Tuples of strings and numbers only: the garbage collector stops tracking them, so
        # a process holding the table pays nothing for it in later collections.
        kb._terms = {qid: tuple(terms) for qid, terms in terms_of.items()}
        kb._by_office = {key: tuple(terms) for key, terms in by_office.items()}
        kb._by_name = {key: tuple(qids) for key, qids in by_name.items()}
        variants: dict[str, list[tuple[str, str]]] = {}
        for key, qids in kb._by_name.items():
            variants.setdefault(_variant_key(key), []).extend((key, qid) for qid in qids)
        kb._by_surname = {key: tuple(forms) for key, forms in variants.items()}
        return kb

    def countries_of(self, qid: str) -> frozenset[str]:
        """The countries of a person's offices (read when asked, then kept)."""
        found = self._countries.get(qid)
        if found is None:
            found = frozenset(t.country for t in self.terms_of(qid) if t.country)
            self._countries[qid] = found
        return found

    def people_named(self, name: str) -> tuple[str, ...]:
        """QIDs of the people known by this written name (any spelling the table lists)."""
        return self._by_name.get(normalize_name(name), ())

    def terms_of(self, qid: str) -> tuple[Term, ...]:
        return self._terms.get(qid, ())

    def held_on(self, qid: str, day: date) -> list[Term]:
        """The person's terms on `day`, the highest-ranking office first."""
        return sorted((t for t in self.terms_of(qid) if t.held_on(day)), key=lambda t: t.rank)

    def holders(self, country: str, office_types, day: date, *, label_word: str = "") -> list[str]:
        """QIDs of the national holders of one of `office_types` of `country` on `day`
        (whose office title contains `label_word`, when given), in table order."""
        found: list[str] = []
        word = label_word.lower()
        for kind in office_types:
            for term in self._by_office.get((country, kind), ()):
                if (
                    term.scope == "national"
                    and term.held_on(day)
                    and word in term.office.lower()
                    and term.qid not in found
                ):
                    found.append(term.qid)
            if found:  # the first office type with a holder decides
                return found
        return found

    def holders_anywhere(self, office_types, day: date, *, label_word: str = "") -> list[str]:
        """`holders` over every country: for a title written without one ("President
        Trump"), narrowed by the caller to the name's surname."""
        countries = sorted({country for country, kind in self._by_office if kind in office_types})
        found: list[str] = []
        for country in countries:
            found.extend(self.holders(country, office_types, day, label_word=label_word))
        return found

    def person_for(self, name: str, *, day: date | None, country: str | None) -> str | None:
        """The one QID a name written in an article stands for, or None.

        Namesakes are told apart by the article: a person holding an office on its date,
        then a person of the country the text gives. A country the text gives that none
        of the person's offices is in rules the person out (a namesake).
        """
        qids = [
            q for q in self.people_named(name) if not country or country in self.countries_of(q)
        ]
        if not qids and (day is not None or country):
            qids = self._spelling_variant(name, day=day, country=country)
        if len(qids) > 1 and day is not None:
            qids = [q for q in qids if any(t.held_on(day) for t in self.terms_of(q))] or qids
        return qids[0] if len(qids) == 1 else None

    def _spelling_variant(self, name: str, *, day: date | None, country: str | None) -> list[str]:
        """People whose listed name is a spelling variant of `name` ("Zelensky"/"Zelenskyy",
        see `names.same_person`) and who fit the article: in office on its date, or of the
        country the text gives. A variant alone, with nothing in the article to back it, is
        too little."""
        key = normalize_name(name)
        if " " not in key:
            return []
        found: list[str] = []
        for form, qid in self._by_surname.get(_variant_key(key), ()):
            if qid in found or not same_person(key, form):
                continue
            terms = self.terms_of(qid)
            if (day is not None and any(t.held_on(day) for t in terms)) or (
                country and country in self.countries_of(qid)
            ):
                found.append(qid)
        return found


def read_rows(path=None) -> Iterator[dict[str, str]]:
    """The rows of an officeholders file (gzipped or plain CSV), as dicts of its columns;
    the project's copy when `path` is None."""
    if path is None:
        raw = files("entities.extract.lexicon").joinpath(KB_FILE).read_bytes()
    else:
        with open(path, "rb") as fh:
            raw = fh.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    reader = csv.reader(io.StringIO(raw.decode("utf-8")))
    header = next(reader, [])
    for row in reader:
        yield dict(zip(header, row, strict=False))


def date_bounds(text: str, *, last: bool = False) -> date | None:
    """The earliest (or, with `last`, latest) day an ISO date of any precision allows;
    None for an empty or unreadable date."""
    day = _bounds(text, last=last)
    return None if day in (0, _OPEN) else date.fromordinal(day)


@cache
def officeholders() -> Officeholders:
    """The table shipped with the project, read once per process."""
    raw = files("entities.extract.lexicon").joinpath(KB_FILE).read_bytes()
    # Read as a stream: the whole table as one string would more than double the peak.
    with io.TextIOWrapper(gzip.GzipFile(fileobj=io.BytesIO(raw)), encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        columns = ("person_qid", "name", "aliases", "office", "office_type", "country",
                   "host_country", "scope", "start", "end")  # fmt: skip
        at = operator.itemgetter(*(header.index(c) for c in columns))
        return Officeholders._from_tuples(map(at, reader))


@cache
def office_titles() -> dict[str, tuple[tuple[str, ...], str]]:
    """Title as written in news (lower case) -> (office types, word its office title has),
    from `lexicon/people/office_titles.tsv`."""
    return {
        row[0]: (tuple(row[1].split()), row[2] if len(row) > 2 else "")
        for row in rows("people/office_titles.tsv")
    }
