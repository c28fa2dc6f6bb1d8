"""Paginators that never count a whole big table: the public lists' and the admin's."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import connection
from django.utils.functional import cached_property

# Counting every match of a broad filter over 100k rows costs more than the page itself;
# past this many the page says "more than" and pagination stops there.
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A paginator whose count stops at `cap` (one bounded query instead of COUNT(*)).

    `object_list` is a queryset or the list of matching ids from `summarise` (already
    capped, so counting it costs nothing). With `rows`, only the rows shown are fetched
    with the annotations `rows` adds (PostgreSQL computes a select list's subqueries for
    every row an OFFSET skips, so annotating before paginating makes deep pages slow):
    for a queryset, as `rows(queryset.filter(pk__in=<the page's ids>))` in the queryset's
    order; for a list of ids, as `rows(<the page's ids>)`, put back in the ids' order.
    `count` is a count already known (from `summarise`), so no query is run for it.
    """

    def __init__(
        self, object_list, per_page, cap=COUNT_CAP, rows=None, counted=None, count=None, **kw
    ):
        self.cap = cap
        self.rows = rows
        # What the count is of, when the pages show only a window of it.
        self.counted = counted
        self.known_count = count
        super().__init__(object_list, per_page, **kw)

    def _get_page(self, object_list, number, paginator):
        if self.rows is not None and isinstance(object_list, list):
            by_id = {row.pk: row for row in self.rows(object_list)}
            object_list = [by_id[pk] for pk in object_list if pk in by_id]
        elif self.rows is not None:
            ids = object_list.values("pk")
            object_list = self.rows(self.object_list.filter(pk__in=ids))
        return super()._get_page(object_list, number, paginator)

    @cached_property
    def count(self) -> int:
        if self.known_count is not None:
            return min(self.known_count, self.cap + 1)
        counted = self.object_list if self.counted is None else self.counted
        if isinstance(counted, list):
            return min(len(counted), self.cap + 1)
        return counted.order_by().values("pk")[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        return max(1, -(-min(self.count, self.cap) // self.per_page))


class EstimatedCountPaginator(Paginator):
    """A paginator that never counts a whole big table.

    It counts at most `cap + 1` rows (a LIMITed subquery, cheap whatever the table size). When
    there are more and the list is unfiltered, the planner's row estimate for the table is used
    instead, so every page stays reachable; a filtered list beyond the cap shows `cap` rows'
    worth of pages, which is as deep as anyone pages through a filtered admin list.
    """

    cap = 10_000

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        capped = queryset.order_by()[: self.cap + 1].count()
        if capped <= self.cap:
            return capped
        if not queryset.query.where:
            return max(self.cap, _estimated_rows(queryset.model._meta.db_table))
        return self.cap


def _estimated_rows(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [table])
        row = cursor.fetchone()
    return max(0, int(row[0])) if row else 0
