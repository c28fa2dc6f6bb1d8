"""Editors' admin for what was published: articles, raw documents, feeds, runs and failures.

Built for curation on big tables: list pages never COUNT(*) a whole table (see
`EstimatedCountPaginator`), never load article bodies or raw bytes for a list, and every bulk
action calls a service in `articles.curation` or `entities.curation`.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.db.models import F, Func, IntegerField
from django.db.models.functions import Substr
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django_celery_beat.admin import ClockedScheduleAdmin
from django_celery_beat.models import ClockedSchedule, SolarSchedule

from articles import curation
from articles.models import (
    Article,
    DomainThrottle,
    Feed,
    FeedEntry,
    IngestionFailure,
    IngestionRun,
    MinHashBand,
    Outlet,
    RawDocument,
)
from newsdesk.common.admin import (
    BigTableAdmin,
    HistoryAdmin,
    SuperuserOnlyAdmin,
    admin_link,
    log_bulk_change,
    shortened,
)

# How much of a raw document the change page shows; the rest is downloadable.
RAW_PREVIEW_BYTES = 64 * 1024


# --- Outlets and feeds -----------------------------------------------------------------------


@admin.register(Outlet)
class OutletAdmin(HistoryAdmin):
    list_display = ["name", "domain", "country"]
    list_select_related = ["country"]
    search_fields = ["name", "domain"]
    autocomplete_fields = ["country"]


class FeedEntryInline(admin.TabularInline):
    model = FeedEntry
    fields = ["title", "url", "published", "first_seen_at"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ["-first_seen_at"]
    show_change_link = True

    def get_queryset(self, request):
        # A busy feed has thousands of entries; the latest are what an editor checks.
        queryset = super().get_queryset(request)
        latest = queryset.order_by("-first_seen_at").values_list("pk", flat=True)[:20]
        return queryset.filter(pk__in=list(latest))


@admin.register(Feed)
class FeedAdmin(HistoryAdmin):
    # Feeds are entered by hand: a bare host means https, as Django 6 will assume.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "__str__",
        "outlet",
        "active",
        "interval_minutes",
        "last_polled_at",
        "last_status",
        "short_error",
        "next_poll_at",
    ]
    list_filter = ["active", "outlet"]
    list_select_related = ["outlet"]
    search_fields = ["url", "title"]
    autocomplete_fields = ["outlet"]
    fields = [
        "url",
        "title",
        "outlet",
        "active",
        "interval_minutes",
        "next_poll_at",
        "last_polled_at",
        "last_status",
        "last_error",
        "etag",
        "last_modified",
        "created_at",
    ]
    readonly_fields = [
        "last_polled_at",
        "last_status",
        "last_error",
        "etag",
        "last_modified",
        "created_at",
    ]
    inlines = [FeedEntryInline]
    actions = ["poll_now"]

    @admin.display(description="last error")
    def short_error(self, obj):
        return shortened(obj.last_error)

    @admin.action(description="Poll selected feeds now", permissions=["change"])
    def poll_now(self, request, queryset):
        count = curation.feed_poll_now(queryset)
        log_bulk_change(request, queryset, "Polled now")
        self.message_user(request, f"{count} feed(s) queued for polling.", messages.SUCCESS)


@admin.register(FeedEntry)
class FeedEntryAdmin(BigTableAdmin):
    list_display = ["title", "feed", "published", "first_seen_at", "url"]
    list_select_related = ["feed"]
    search_fields = ["title", "url", "guid"]
    raw_id_fields = ["feed"]
    readonly_fields = ["feed", "guid", "url", "title", "published", "first_seen_at"]

    def has_add_permission(self, request):
        return False


# --- Runs and failures -----------------------------------------------------------------------


@admin.register(IngestionRun)
class IngestionRunAdmin(BigTableAdmin):
    list_display = [
        "started_at",
        "kind",
        "short_source",
        "status",
        "expected",
        "new",
        "duplicate",
        "failed",
        "finished_at",
        "failures_link",
    ]
    list_filter = ["kind", "status"]
    # Every column is the run's own: nothing to join.
    list_select_related = False
    search_fields = ["source"]
    date_hierarchy = "started_at"
    readonly_fields = [f.name for f in IngestionRun._meta.fields] + ["failures_link"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="source")
    def short_source(self, obj):
        return shortened(obj.source, 80)

    @admin.display(description="failures")
    def failures_link(self, obj):
        url = reverse("admin:articles_ingestionfailure_changelist") + f"?run__id__exact={obj.pk}"
        return format_html('<a href="{}">{} failed</a>', url, obj.failed)


@admin.register(IngestionFailure)
class IngestionFailureAdmin(BigTableAdmin):
    list_display = [
        "created_at",
        "stage",
        "short_reason",
        "short_source",
        "raw_link",
        "article_link",
        "resolved",
    ]
    list_filter = ["stage", "resolved", "run__kind"]
    # The links need only the ids and the article's title (annotated below): nothing to join.
    list_select_related = False
    search_fields = ["source", "reason"]
    date_hierarchy = "created_at"
    fields = [
        "created_at",
        "stage",
        "source",
        "reason",
        "detail",
        "run",
        "raw_link",
        "article_link",
        "feed",
        "resolved",
    ]
    readonly_fields = [name for name in fields if name != "resolved"]
    actions = ["retry", "mark_resolved", "reprocess_raw"]

    def get_queryset(self, request):
        # The article's title only: joining the article would load its whole body.
        return super().get_queryset(request).annotate(article_title=F("article__title"))

    def has_add_permission(self, request):
        return False

    @admin.display(description="reason")
    def short_reason(self, obj):
        return shortened(obj.reason, 80)

    @admin.display(description="source", ordering="source")
    def short_source(self, obj):
        return shortened(obj.source, 60)

    @admin.display(description="raw document")
    def raw_link(self, obj):
        return admin_link(RawDocument, obj.raw_id, f"raw #{obj.raw_id}")

    @admin.display(description="article")
    def article_link(self, obj):
        return admin_link(Article, obj.article_id, getattr(obj, "article_title", None) or "")

    @admin.action(description="Retry selected failures (fetch, parse or analyse again)",
                  permissions=["change"])  # fmt: skip
    def retry(self, request, queryset):
        outcome = curation.failure_retry(queryset)
        log_bulk_change(request, queryset.only("pk", "stage", "source"), f"Retried: {outcome}")
        runs = outcome.fetches + outcome.polls
        if runs:
            url = (
                reverse("admin:articles_ingestionrun_changelist")
                + "?id__in="
                + ",".join(map(str, runs))
            )
            self.message_user(
                request,
                format_html('Retried: {}. <a href="{}">See the new runs</a>.', str(outcome), url),
                messages.SUCCESS,
            )
        else:
            self.message_user(request, f"Retried: {outcome}.", messages.SUCCESS)
        for reason in outcome.refused:
            self.message_user(request, reason, messages.WARNING)

    @admin.action(description="Mark selected failures as resolved", permissions=["change"])
    def mark_resolved(self, request, queryset):
        count = curation.failure_resolve(queryset)
        log_bulk_change(request, queryset, "Marked resolved")
        self.message_user(request, f"{count} failure(s) marked resolved.", messages.SUCCESS)

    @admin.action(
        description="Reprocess the raw documents of selected failures", permissions=["change"]
    )
    def reprocess_raw(self, request, queryset):
        raws = RawDocument.objects.filter(pk__in=queryset.exclude(raw=None).values("raw_id")).only(
            "pk"
        )
        count = curation.raw_reprocess(raws)
        self.message_user(request, f"{count} raw document(s) queued.", messages.SUCCESS)


class FailureInline(admin.TabularInline):
    model = IngestionFailure
    fk_name = "raw"
    fields = ["created_at", "stage", "reason", "resolved"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True


class ArticleFailureInline(FailureInline):
    fk_name = "article"


# --- Raw documents ---------------------------------------------------------------------------


class OctetLength(Func):
    function = "octet_length"
    output_field = IntegerField()


@admin.register(RawDocument)
class RawDocumentAdmin(BigTableAdmin):
    list_display = [
        "pk",
        "__str__",
        "media_type",
        "status",
        "short_error",
        "size",
        "received_at",
    ]
    # No filter on media_type: listing its distinct values would scan the whole table.
    list_filter = ["status"]
    search_fields = ["source_url", "final_url", "source_path", "=sha256"]
    fields = [
        "source_url",
        "final_url",
        "source_path",
        "media_type",
        "http_status",
        "headers",
        "received_at",
        "feed",
        "run",
        "status",
        "error",
        "processed_at",
        "sha256",
        "size",
        "articles_made",
        "content_preview",
    ]
    readonly_fields = fields
    inlines = [FailureInline]
    actions = ["reprocess"]

    def get_queryset(self, request):
        # Never load the bytes for a page of rows: the size comes from the database.
        return super().get_queryset(request).defer("content").annotate(size=OctetLength("content"))

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="articles_rawdocument_download",
            ),
            *super().get_urls(),
        ]

    def download_view(self, request, pk):
        """The exact bytes, as an attachment: never rendered in the admin's origin."""
        if not self.has_view_permission(request):
            raise Http404
        raw = get_object_or_404(RawDocument, pk=pk)
        response = HttpResponse(bytes(raw.content), content_type="application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="raw-{raw.pk}.bin"'
        return response

    @admin.display(description="error")
    def short_error(self, obj):
        return shortened(obj.error)

    @admin.display(description="bytes", ordering="size")
    def size(self, obj):
        return obj.size

    @admin.display(description="articles")
    def articles_made(self, obj):
        rows = obj.articles.values_list("pk", "title")
        return (
            format_html_join(
                ", ",
                '<a href="{}">{}</a>',
                (
                    (reverse("admin:articles_article_change", args=[pk]), title)
                    for pk, title in rows
                ),
            )
            or "—"
        )

    @admin.display(description="content")
    def content_preview(self, obj):
        head = (
            RawDocument.objects.filter(pk=obj.pk)
            .annotate(head=Substr("content", 1, RAW_PREVIEW_BYTES))
            .values_list("head", flat=True)
            .first()
        )
        text = bytes(head or b"").decode("utf-8", errors="replace")
        download = reverse("admin:articles_rawdocument_download", args=[obj.pk])
        note = (
            f"first {RAW_PREVIEW_BYTES // 1024} KB of {obj.size} bytes"
            if obj.size > RAW_PREVIEW_BYTES
            else f"{obj.size} bytes"
        )
        # format_html escapes the document: foreign HTML is shown as text, never rendered.
        return format_html(
            '<p>{} · <a href="{}">download the exact bytes</a></p>'
            '<pre style="white-space: pre-wrap; max-height: 40em; overflow: auto">{}</pre>',
            note,
            download,
            text,
        )

    @admin.action(
        description="Reprocess selected (failed or pending) documents", permissions=["change"]
    )
    def reprocess(self, request, queryset):
        count = curation.raw_reprocess(queryset.only("pk"))
        message = f"{count} document(s) queued for parsing."
        skipped = queryset.count() - count
        if skipped:
            message += f" {skipped} already parsed: re-extract their articles instead."
        self.message_user(request, message, messages.SUCCESS)


# --- Internal tables -------------------------------------------------------------------------


@admin.register(MinHashBand)
class MinHashBandAdmin(SuperuserOnlyAdmin, BigTableAdmin):
    list_display = ["article_id", "band", "value"]
    raw_id_fields = ["article"]
    readonly_fields = ["article", "band", "value"]

    def has_add_permission(self, request):
        return False


@admin.register(DomainThrottle)
class DomainThrottleAdmin(SuperuserOnlyAdmin):
    list_display = ["domain", "next_allowed_at"]
    search_fields = ["domain"]


# Beat's schedules the pipeline never uses: kept for superusers, out of editors' sight.
admin.site.unregister(SolarSchedule)
admin.site.unregister(ClockedSchedule)


@admin.register(SolarSchedule)
class SolarScheduleAdmin(SuperuserOnlyAdmin):
    pass


@admin.register(ClockedSchedule)
class InternalClockedScheduleAdmin(SuperuserOnlyAdmin, ClockedScheduleAdmin):
    pass
