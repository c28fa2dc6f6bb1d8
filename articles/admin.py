"""Editors' admin for what was published: articles, raw documents, feeds, runs and failures.

Built for curation on big tables: list pages never COUNT(*) a whole table (see
`EstimatedCountPaginator`), never load article bodies or raw bytes for a list, and every bulk
action calls a service in `articles.curation` or `entities.curation`.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.paginator import Paginator
from django.db import connection, models
from django.db.models import F, Func, IntegerField
from django.db.models.functions import Substr
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join

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
from entities import curation as entity_curation
from entities.models import Claim, Mention

# How much of a raw document the change page shows; the rest is downloadable.
RAW_PREVIEW_BYTES = 64 * 1024


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


class BigTableAdmin(admin.ModelAdmin):
    """For tables that grow with the corpus: no full counts."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False


def admin_link(obj_or_model, pk, label) -> str:
    """A link to an object's admin change page (empty when there is no object)."""
    if pk is None:
        return "—"
    meta = obj_or_model._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk])
    return format_html('<a href="{}">{}</a>', url, label)


def log_bulk_change(request, objects, message: str) -> None:
    """Record a bulk action in each object's history, like a change made in the form."""
    LogEntry.objects.log_actions(request.user.pk, list(objects), CHANGE, change_message=message)


# --- Outlets and feeds -----------------------------------------------------------------------


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
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
class FeedAdmin(admin.ModelAdmin):
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
        return obj.last_error[:120]

    @admin.action(description="Poll selected feeds now")
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
class IngestionRunAdmin(admin.ModelAdmin):
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
    search_fields = ["source"]
    date_hierarchy = "started_at"
    readonly_fields = [f.name for f in IngestionRun._meta.fields] + ["failures_link"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="source")
    def short_source(self, obj):
        return obj.source[:100]

    @admin.display(description="failures")
    def failures_link(self, obj):
        url = reverse("admin:articles_ingestionfailure_changelist") + f"?run__id__exact={obj.pk}"
        return format_html('<a href="{}">{} failed</a>', url, obj.failed)


@admin.register(IngestionFailure)
class IngestionFailureAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "stage",
        "short_reason",
        "source",
        "raw_link",
        "article_link",
        "resolved",
    ]
    list_filter = ["stage", "resolved", "run__kind"]
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
    actions = ["mark_resolved", "reprocess_raw"]

    def get_queryset(self, request):
        # The article's title only: joining the article would load its whole body.
        return super().get_queryset(request).annotate(article_title=F("article__title"))

    def has_add_permission(self, request):
        return False

    @admin.display(description="reason")
    def short_reason(self, obj):
        return obj.reason[:120]

    @admin.display(description="raw document")
    def raw_link(self, obj):
        return admin_link(RawDocument, obj.raw_id, f"raw #{obj.raw_id}")

    @admin.display(description="article")
    def article_link(self, obj):
        return admin_link(Article, obj.article_id, getattr(obj, "article_title", None) or "")

    @admin.action(description="Mark selected failures as resolved")
    def mark_resolved(self, request, queryset):
        count = curation.failure_resolve(queryset)
        log_bulk_change(request, queryset, "Marked resolved")
        self.message_user(request, f"{count} failure(s) marked resolved.", messages.SUCCESS)

    @admin.action(description="Reprocess the raw documents of selected failures")
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
        return obj.error[:120]

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

    @admin.action(description="Reprocess selected (failed or pending) documents")
    def reprocess(self, request, queryset):
        count = curation.raw_reprocess(queryset.only("pk"))
        message = f"{count} document(s) queued for parsing."
        skipped = queryset.count() - count
        if skipped:
            message += f" {skipped} already parsed: re-extract their articles instead."
        self.message_user(request, message, messages.SUCCESS)


# --- Articles --------------------------------------------------------------------------------


class MentionInline(admin.TabularInline):
    model = Mention
    fields = ["entity", "text", "location", "field_index", "start", "end"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "country")

    @admin.display(description="person or country")
    def entity(self, obj):
        if obj.person_id:
            return admin_link(obj.person, obj.person_id, obj.person.name)
        return admin_link(obj.country, obj.country_id, obj.country.name)


class ClaimInline(admin.TabularInline):
    model = Claim
    fields = [
        "text",
        "speaker_label",
        "speaker",
        "cue",
        "stance",
        "event_type",
        "confidence",
        "review_status",
    ]
    readonly_fields = [f for f in fields if f != "review_status"]
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker_person")

    @admin.display(description="speaker")
    def speaker(self, obj):
        if obj.speaker_person_id is None:
            return "—"
        return admin_link(obj.speaker_person, obj.speaker_person_id, obj.speaker_person.name)


class ArticleForm(forms.ModelForm):
    """Editors change an article's visibility and date; the text is what was published."""

    class Meta:
        model = Article
        fields = ["status", "published", "published_precision"]

    def clean(self):
        cleaned = super().clean()
        if {"published", "published_precision"} & set(self.changed_data):
            if cleaned.get("published") is None:
                self.add_error("published", "Give the corrected date (it cannot be cleared).")
            elif cleaned.get("published_precision") not in {"day", "month", "year"}:
                self.add_error("published_precision", "Is the date a day, a month or a year?")
        return cleaned


@admin.register(Article)
class ArticleAdmin(BigTableAdmin):
    form = ArticleForm
    list_display = [
        "title",
        "outlet",
        "published",
        "published_source",
        "status",
        "created_at",
    ]
    list_filter = ["status", "published_source", "outlet"]
    list_select_related = ["outlet"]
    date_hierarchy = "published"
    search_fields = ["title"]
    fieldsets = [
        (None, {"fields": ["title", "outlet", "source_link", "status"]}),
        (
            "Date",
            {
                "fields": ["published", "published_precision", "published_source"],
                "description": "Changing the date records it as the editor's.",
            },
        ),
        ("Text", {"fields": ["standfirst", "byline", "body", "captions"]}),
        (
            "Provenance",
            {"fields": ["raw_document", "near_duplicate_of", "created_at", "analysed_at"]},
        ),
    ]
    readonly_fields = [
        "title",
        "outlet",
        "source_link",
        "published_source",
        "standfirst",
        "byline",
        "body",
        "captions",
        "raw_document",
        "near_duplicate_of",
        "created_at",
        "analysed_at",
    ]
    inlines = [MentionInline, ClaimInline, ArticleFailureInline]
    actions = ["reextract", "hide", "show"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            # A page of titles, not of bodies.
            queryset = queryset.defer("body", "minhash", "captions", "standfirst", "byline")
        return queryset

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        # Through the services, so a date change is always recorded as the editor's.
        if {"published", "published_precision"} & set(form.changed_data):
            entity_curation.article_set_date(
                obj, form.cleaned_data["published"], form.cleaned_data["published_precision"]
            )
        if "status" in form.changed_data:
            if obj.status == Article.Status.HIDDEN:
                entity_curation.article_hide([obj])
            else:
                entity_curation.article_show([obj])

    def save_formset(self, request, form, formset, change):
        # Reviews made in the claims inline go through the same service as the bulk actions.
        if formset.model is not Claim:
            return super().save_formset(request, form, formset, change)
        # The admin's change message reads these lists, which formset.save() would have set.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for claim_form in formset.forms:
            if "review_status" in claim_form.changed_data:
                claim = claim_form.instance
                entity_curation.claim_review([claim], claim_form.cleaned_data["review_status"])
                formset.changed_objects.append((claim, ["review_status"]))

    @admin.display(description="source")
    def source_link(self, obj):
        link = obj.source_link
        return format_html('<a href="{}" rel="noreferrer">{}</a>', link, link) if link else "—"

    @admin.display(description="raw document")
    def raw_document(self, obj):
        if obj.raw_id is None:
            return "—"
        raw = RawDocument.objects.only("status", "media_type", "error").get(pk=obj.raw_id)
        label = f"raw #{raw.pk} ({raw.media_type or 'unknown type'}, {raw.status})"
        link = admin_link(RawDocument, raw.pk, label)
        return format_html("{} {}", link, raw.error) if raw.error else link

    @admin.action(description="Re-extract people, countries and claims")
    def reextract(self, request, queryset):
        count = curation.article_reextract(queryset.only("pk"))
        self.message_user(request, f"{count} article(s) queued for extraction.", messages.SUCCESS)

    @admin.action(description="Hide selected articles")
    def hide(self, request, queryset):
        count = entity_curation.article_hide(queryset.only("pk"))
        log_bulk_change(request, queryset.select_related(None).only("pk", "title"), "Hidden")
        self.message_user(request, f"{count} article(s) hidden.", messages.SUCCESS)

    @admin.action(description="Show selected articles")
    def show(self, request, queryset):
        count = entity_curation.article_show(queryset.only("pk"))
        log_bulk_change(request, queryset.select_related(None).only("pk", "title"), "Shown")
        self.message_user(request, f"{count} article(s) shown.", messages.SUCCESS)


# --- Internal tables -------------------------------------------------------------------------


@admin.register(MinHashBand)
class MinHashBandAdmin(BigTableAdmin):
    list_display = ["article_id", "band", "value"]
    raw_id_fields = ["article"]
    readonly_fields = ["article", "band", "value"]

    def has_add_permission(self, request):
        return False


@admin.register(DomainThrottle)
class DomainThrottleAdmin(admin.ModelAdmin):
    list_display = ["domain", "next_allowed_at"]
    search_fields = ["domain"]
