"""The countries a reader may filter by: the Country table's codes, ids and names, kept in the
cache so that a page's country list, checking a filter's codes and turning them into ids cost
no query on a running site."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache

from entities.models import Country

CODES_KEY = "newsdesk:country-codes"
# The table is ISO 3166 and changes only when an editor adds a country. A code missing from
# the kept table is looked up before it is refused, so a country added since works at once;
# a change seen by this process drops the kept table (`forget_countries`).
CODES_SECONDS = 60 * 60


@dataclass(frozen=True)
class CountryTable:
    ids: dict[str, int]  # ISO2 -> id
    choices: tuple[tuple[str, str], ...]  # (ISO2, name), by name

    def __contains__(self, code: str) -> bool:
        return code in self.ids


def load_country_table() -> CountryTable:
    """Reads the table and keeps it: one query."""
    rows = list(Country.objects.order_by("name", "iso2").values_list("iso2", "name", "pk"))
    table = CountryTable(
        ids={code: pk for code, _, pk in rows},
        choices=tuple((code, name) for code, name, _ in rows),
    )
    if rows:  # an empty table (a test's flushed database) is never kept
        cache.set(CODES_KEY, table, CODES_SECONDS)
    return table


def country_table() -> CountryTable:
    """The kept table, read (one query) when none is kept."""
    table = cache.get(CODES_KEY)
    if not isinstance(table, CountryTable):
        table = load_country_table()
    return table


def forget_countries(**kwargs) -> None:
    """Drops the kept table: a country was saved or deleted, or the tables were flushed."""
    cache.delete(CODES_KEY)


def country_choices() -> tuple[tuple[str, str], ...]:
    """(ISO2, name) of every country, by name, for a form's suggestion list: no query while
    the table is kept, else one."""
    return country_table().choices


def _with_missing(table: CountryTable, codes: list[str]) -> tuple[CountryTable, list[str]]:
    """The table with those of `codes` it lacks looked up (one query, none if it lacks
    none), and the codes still unknown."""
    missing = [code for code in codes if code not in table]
    if not missing:
        return table, []
    found = dict(Country.objects.filter(iso2__in=missing).values_list("iso2", "pk"))
    if found:
        # Kept at once; the choices are read again when the kept table next expires.
        table = CountryTable(ids={**table.ids, **found}, choices=table.choices)
        cache.set(CODES_KEY, table, CODES_SECONDS)
    return table, [code for code in missing if code not in found]


def unknown_country_codes(codes: Iterable[str]) -> list[str]:
    """Those of `codes` (upper-case ISO2) that are the code of no country.

    Queries: none when every code is in the kept table; otherwise one, for the whole table
    when none is kept, else for the codes missing from it.
    """
    codes = list(dict.fromkeys(codes))
    if not codes:
        return []
    table = cache.get(CODES_KEY)
    if not isinstance(table, CountryTable):
        table = load_country_table()
        return [code for code in codes if code not in table]
    return _with_missing(table, codes)[1]


def country_ids(codes: Iterable[str]) -> list[int]:
    """The ids of these known codes (checked by the filter form), in their order: filtering
    mentions by the id lets the planner use the (country, article) index with the country's
    own statistics, where a join on the code makes it guess. Queries: as
    `unknown_country_codes`, so none once the form has checked them."""
    codes = list(dict.fromkeys(codes))
    table, _ = _with_missing(country_table(), codes)
    return [table.ids[code] for code in codes if code in table.ids]
