"""Base classes and helpers shared by the apps' admin modules."""

from __future__ import annotations

import csv

from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from newsdesk.common.paginators import EstimatedCountPaginator


class BigTableAdmin(admin.ModelAdmin):
    """For tables that grow with the corpus: no full counts."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False


class HistoryAdmin(SimpleHistoryAdmin):
    """Each object's history page lists every editor's change, field by field (before/after).

    Reverting from the history page is off: it would write the old row back without the
    services, so the editor markers and the moved mentions and claims would not follow.
    """

    def revert_disabled(self, request, obj=None):
        return True


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """Internal tables: only superusers see them, whatever permissions a group holds."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


def csv_export_action(columns: dict[str, str], filename: str):
    """An admin action answering the selected rows as CSV; needs only the view permission.

    `columns` maps a header to a `values()` path, so the rows are read in one query.
    """

    @admin.action(description="Export selected as CSV", permissions=["view"])
    def export_csv(modeladmin, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        writer = csv.writer(response)
        writer.writerow(columns)
        rows = queryset.select_related(None).order_by("pk").values_list(*columns.values())
        writer.writerows(rows.iterator(chunk_size=2000))
        return response

    return export_csv


def admin_link(obj_or_model, pk, label) -> str:
    """A link to an object's admin change page (empty when there is no object)."""
    if pk is None:
        return "—"
    meta = obj_or_model._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk])
    return format_html('<a href="{}">{}</a>', url, label)


def shortened(text: str, length: int = 60) -> str:
    """A list cell cut to `length` characters, the whole text on hover (lists fit 1280 px)."""
    text = text or ""
    if len(text) <= length:
        return text
    return format_html('<span title="{}">{}…</span>', text, text[: length - 1])


def log_bulk_change(request, objects, message: str) -> None:
    """Record a bulk action in each object's history, like a change made in the form."""
    LogEntry.objects.log_actions(request.user.pk, list(objects), CHANGE, change_message=message)
