"""The countries a reader may filter by: the Country table's codes, kept in the cache so that
checking a filter's codes costs no query on a running site."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache

from entities.models import Country

CODES_KEY = "newsdesk:country-codes"
# The table is ISO 3166 and changes only when an editor adds a country. A code missing from
# the kept set is looked up before it is refused, so a country added since works at once.
CODES_SECONDS = 60 * 60


def country_choices() -> list[tuple[str, str]]:
    """(ISO2, name) of every country, by name, for a form's suggestion list: one query.

    The codes read are kept as the known set, so the page's filters check their codes
    without a query of their own.
    """
    choices = list(Country.objects.order_by("name").values_list("iso2", "name"))
    if choices:
        cache.set(CODES_KEY, frozenset(code for code, _ in choices), CODES_SECONDS)
    return choices


def load_country_codes() -> frozenset[str]:
    """Reads the codes from the table and keeps them: one query."""
    codes = frozenset(Country.objects.values_list("iso2", flat=True))
    if codes:  # an empty table (a test's flushed database) is never kept
        cache.set(CODES_KEY, codes, CODES_SECONDS)
    return codes


def unknown_country_codes(codes: Iterable[str]) -> list[str]:
    """Those of `codes` (upper-case ISO2) that are the code of no country.

    Queries: none when every code is in the kept set; otherwise one, for the whole set when
    none is kept, else for the codes missing from it.
    """
    codes = list(dict.fromkeys(codes))
    if not codes:
        return []
    known = cache.get(CODES_KEY)
    if known is None:
        known = load_country_codes()
        return [code for code in codes if code not in known]
    missing = [code for code in codes if code not in known]
    if not missing:
        return []
    found = set(Country.objects.filter(iso2__in=missing).values_list("iso2", flat=True))
    if found:
        cache.set(CODES_KEY, known | found, CODES_SECONDS)
    return [code for code in missing if code not in found]
