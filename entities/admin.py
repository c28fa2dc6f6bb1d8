"""Editors' admin for who and where and what they said: people, aliases, mentions, claims.

Merging, splitting and rejecting people, correcting and reviewing claims and articles go
through `entities.curation`, which marks what editors set (`editor_fields`, the review status)
so that re-extraction keeps it. Every change is in the object's history page (django-simple-
history, see `newsdesk.common.history`); the claim review queue is `entities.review`.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce, Length
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from articles import curation as article_curation
from articles.admin import ArticleFailureInline
from articles.models import Article, RawDocument
from entities import curation
from entities.models import (
    Alias,
    Claim,
    Contradiction,
    Country,
    Mention,
    Person,
    ReextractionReport,
)
from entities.resolver import normalize_name
from entities.review import claim_in_context, queue_queryset, review_queue_view
from newsdesk.common.admin import (
    BigTableAdmin,
    HistoryAdmin,
    admin_link,
    csv_export_action,
    log_bulk_change,
    shortened,
)


def _count_of(queryset, field: str):
    """A per-row count as a correlated subquery: no join fan-out, computed for shown rows only."""
    counts = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


# --- Countries -------------------------------------------------------------------------------


def _ranked(queryset, term: str, exact: Q, starts: Q, *tiebreak):
    """`queryset` with the best matches of `term` first: exact, then prefix, then the rest."""
    if not term.strip():
        return queryset
    return queryset.annotate(
        match_rank=Case(When(exact, then=0), When(starts, then=1), default=2)
    ).order_by("match_rank", *tiebreak)


@admin.register(Country)
class CountryAdmin(HistoryAdmin):
    list_display = ["name", "iso2", "iso3", "official_name"]
    # `aliases` is an array: icontains matches inside its text form, good enough to find one.
    search_fields = ["name", "=iso2", "=iso3", "official_name", "aliases"]

    def get_search_results(self, request, queryset, search_term):
        # "United States" must offer the United States before Mexico ("United Mexican
        # States"): the name or a code equal to the term first, then names starting with it,
        # the shortest first.
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        exact = (
            Q(name__iexact=term)
            | Q(iso2__iexact=term)
            | Q(iso3__iexact=term)
            | Q(aliases__contains=[term])
            | Q(official_name__iexact=term)
        )
        ranked = _ranked(queryset, term, exact, Q(name__istartswith=term), Length("name"), "name")
        return ranked, duplicates


# --- People ----------------------------------------------------------------------------------


class AliasForm(forms.ModelForm):
    """The normalized form is the resolver's, never typed by hand."""

    class Meta:
        model = Alias
        fields = ["person", "name", "rejected"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name"):
            key = normalize_name(cleaned["name"])
            if not key:
                self.add_error("name", "This name has no letters the resolver can match.")
            self.instance.normalized = key
        return cleaned


class AliasInline(admin.TabularInline):
    model = Alias
    form = AliasForm
    fields = ["name", "normalized", "rejected"]
    readonly_fields = ["normalized"]
    extra = 1


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "slug", "role", "country", "description"]


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Person.objects.none(), widget=forms.RadioSelect, empty_label=None
    )


@admin.register(Person)
class PersonAdmin(HistoryAdmin, BigTableAdmin):
    form = PersonForm
    list_display = [
        "name",
        "role",
        "country",
        "status",
        "merged_into_link",
        "mention_count",
        "claim_count",
    ]
    list_filter = ["status", "country"]
    list_select_related = ["country", "merged_into"]
    search_fields = ["name", "aliases__name", "=slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    fields = [
        "name",
        "slug",
        "role",
        "country",
        "description",
        "status",
        "merged_into_link",
        "editor_fields",
        "split_link",
        "created_at",
        "updated_at",
    ]
    # Status and merge target change only through the merge, split and reject actions.
    readonly_fields = [
        "status",
        "merged_into_link",
        "editor_fields",
        "split_link",
        "created_at",
        "updated_at",
    ]
    inlines = [AliasInline]
    actions = ["merge_selected", "reject_selected", "export_csv"]
    export_csv = csv_export_action(
        {"id": "pk", "name": "name", "role": "role", "country": "country__iso2",
         "status": "status", "merged into": "merged_into_id"},
        "people",
    )  # fmt: skip

    def get_search_results(self, request, queryset, search_term):
        # The exact name (or an alias of it) first, then names starting with the term, then
        # the most mentioned: the person an editor means is usually the common one.
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        key = normalize_name(term)
        exact = Q(name__iexact=term) | Q(
            Exists(Alias.objects.filter(person=OuterRef("pk"), normalized=key, rejected=False))
        )
        ranked = _ranked(queryset, term, exact, Q(name__istartswith=term), "-mention_count", "name")
        return ranked, duplicates

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        # Through the service: the corrected fields become the editor's (see `editor_fields`).
        curation.person_correct(obj, form.changed_data)
        return None

    def get_urls(self):
        return [
            path(
                "<int:pk>/split/",
                self.admin_site.admin_view(self.split_view),
                name="entities_person_split",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="split")
    def split_link(self, obj):
        if obj.pk is None or obj.status != Person.Status.ACTIVE:
            return "—"
        url = reverse("admin:entities_person_split", args=[obj.pk])
        return format_html('<a href="{}">Split aliases off into another person…</a>', url)

    def split_view(self, request, pk):
        person = get_object_or_404(Person, pk=pk)
        if not self.has_change_permission(request, person):
            raise PermissionDenied
        aliases = list(person.aliases.order_by("name"))
        if request.method == "POST":
            chosen = [a for a in aliases if str(a.pk) in request.POST.getlist("alias")]
            try:
                other = curation.person_split(person, chosen, name=request.POST.get("name", ""))
            except curation.CurationError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                names = ", ".join(a.name for a in chosen)
                self.message_user(
                    request,
                    format_html(
                        'Split {} off into <a href="{}">{}</a>.',
                        names,
                        reverse("admin:entities_person_change", args=[other.pk]),
                        other.name,
                    ),
                    messages.SUCCESS,
                )
                return redirect("admin:entities_person_change", person.pk)
        return TemplateResponse(
            request,
            "admin/entities/person/split.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Split {person.name}",
                "opts": self.model._meta,
                "person": person,
                "original": person,
                "aliases": aliases,
                "merged_from": person.merged_from.filter(status=Person.Status.MERGED),
            },
        )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                mention_count=_count_of(Mention.objects.all(), "person"),
                claim_count=_count_of(Claim.objects.all(), "speaker_person"),
            )
        )

    @admin.display(description="mentions", ordering="mention_count")
    def mention_count(self, obj):
        return obj.mention_count

    @admin.display(description="claims made", ordering="claim_count")
    def claim_count(self, obj):
        return obj.claim_count

    @admin.display(description="merged into")
    def merged_into_link(self, obj):
        if obj.merged_into_id is None:
            return "—"
        return admin_link(Person, obj.merged_into_id, obj.merged_into.name)

    @admin.action(description="Merge selected people into one…", permissions=["change"])
    def merge_selected(self, request, queryset):
        people = list(queryset.order_by("-mention_count", "name"))
        active = [p for p in people if p.status == Person.Status.ACTIVE]
        if len(active) < 2 or len(active) != len(people):
            self.message_user(
                request,
                "Select at least two people, all active (merged or rejected people cannot be "
                "merged again).",
                messages.WARNING,
            )
            return None
        form = MergeForm(request.POST if "confirm" in request.POST else None)
        form.fields["target"].queryset = queryset
        if form.is_bound and form.is_valid():
            target = form.cleaned_data["target"]
            sources = [p for p in people if p.pk != target.pk]
            try:
                count = curation.person_merge(target, sources)
            except curation.CurationError as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return None
            log_bulk_change(request, sources, f"Merged into {target} (#{target.pk})")
            self.log_change(request, target, f"Absorbed {', '.join(p.name for p in sources)}")
            self.message_user(request, f"Merged {count} into {target}.", messages.SUCCESS)
            return None
        return TemplateResponse(
            request,
            "admin/entities/person/merge_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": "Merge people",
                "opts": self.model._meta,
                "people": people,
                "form": form,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description="Mark selected as not a person…", permissions=["change"])
    def reject_selected(self, request, queryset):
        people = list(queryset)
        if "confirm" not in request.POST:
            return TemplateResponse(
                request,
                "admin/entities/person/reject_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": "Mark as not a person",
                    "opts": self.model._meta,
                    "people": people,
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        rejected, refused = [], []
        for person in people:
            try:
                curation.person_reject(person)
                rejected.append(person)
            except curation.CurationError as exc:
                refused.append(str(exc))
        log_bulk_change(request, rejected, "Marked as not a person")
        if rejected:
            self.message_user(request, f"{len(rejected)} marked as not a person.", messages.SUCCESS)
        for reason in refused:
            self.message_user(request, reason, messages.WARNING)
        return None


@admin.register(Alias)
class AliasAdmin(HistoryAdmin, BigTableAdmin):
    form = AliasForm
    list_display = ["name", "normalized", "person", "rejected"]
    list_filter = ["rejected"]
    list_select_related = ["person"]
    search_fields = ["name", "normalized"]
    autocomplete_fields = ["person"]
    readonly_fields = ["normalized"]


# --- Mentions --------------------------------------------------------------------------------


@admin.register(Mention)
class MentionAdmin(HistoryAdmin, BigTableAdmin):
    list_display = ["text", "location", "entity", "article_link", "start", "end"]
    list_filter = ["location"]
    list_select_related = ["person", "country"]
    search_fields = ["text"]
    autocomplete_fields = ["article", "person", "country"]

    def get_queryset(self, request):
        # The article's title only: joining the article would load its whole body.
        return super().get_queryset(request).annotate(article_title=F("article__title"))

    def has_add_permission(self, request):
        return False

    @admin.display(description="person or country")
    def entity(self, obj):
        if obj.person_id:
            return admin_link(Person, obj.person_id, obj.person.name)
        return admin_link(Country, obj.country_id, obj.country.name)

    @admin.display(description="article")
    def article_link(self, obj):
        return admin_link(Article, obj.article_id, obj.article_title)


# --- Claims ----------------------------------------------------------------------------------


class ContradictionInline(admin.TabularInline):
    """Claims this one conflicts with (stored once per pair, the lower id first)."""

    model = Contradiction
    fk_name = "claim"
    fields = ["other", "reason", "created_at"]
    # Found by the pipeline; an editor may delete a wrong one, not invent a pair.
    readonly_fields = fields
    extra = 0
    max_num = 0
    verbose_name = "contradicted claim"


class ContradictedByInline(admin.TabularInline):
    model = Contradiction
    fk_name = "other"
    fields = ["claim", "reason", "created_at"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    verbose_name = "contradicting claim (earlier)"


@admin.register(Claim)
class ClaimAdmin(HistoryAdmin, BigTableAdmin):
    # Columns that fit 1280 px: the text and the title are cut, the cue is on the change page.
    list_display = [
        "short_text",
        "speaker_label",
        "speaker_kind",
        "speaker",
        "stance",
        "event_type",
        "confidence",
        "review_status",
        "article_link",
    ]
    list_filter = [
        "review_status",
        "stance",
        "event_type",
        "speaker_kind",
        "quote",
        ("speaker_country", admin.RelatedFieldListFilter),
    ]
    list_select_related = ["speaker_person"]
    # Any column can be sorted; "confidence" ascending puts the doubtful claims first.
    sortable_by = ["confidence", "speaker_label", "event_type", "review_status", "stance"]
    search_fields = ["text", "speaker_label"]
    autocomplete_fields = [
        "speaker_person",
        "speaker_country",
        "subject_people",
        "subject_countries",
    ]
    fields = [
        "article_link",
        "in_context",
        "text",
        "location",
        "start",
        "end",
        "quote",
        "speaker_label",
        "speaker_kind",
        "speaker_person",
        "speaker_country",
        "addressee",
        "cue",
        "stance",
        "event_type",
        "confidence",
        "review_status",
        "reviewed_by",
        "reviewed_at",
        "editor_fields",
        "subject_people",
        "subject_countries",
        "extractor_version",
        "created_at",
    ]
    # The offsets follow the text (`curation.claim_edit`); what was found stays as found.
    readonly_fields = [
        "article_link",
        "in_context",
        "location",
        "start",
        "end",
        "quote",
        "cue",
        "confidence",
        "reviewed_by",
        "reviewed_at",
        "editor_fields",
        "extractor_version",
        "created_at",
    ]
    inlines = [ContradictionInline, ContradictedByInline]
    actions = ["verify", "reject", "mark_unreviewed", "export_csv"]
    export_csv = csv_export_action(
        {"id": "pk", "article": "article_id", "text": "text", "speaker": "speaker_label",
         "speaker kind": "speaker_kind", "speaker person": "speaker_person__name",
         "speaker country": "speaker_country__iso2", "cue": "cue", "stance": "stance",
         "event type": "event_type", "confidence": "confidence", "review": "review_status"},
        "claims",
    )  # fmt: skip

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_title=F("article__title"))

    def get_urls(self):
        return [
            path(
                "review/",
                self.admin_site.admin_view(lambda request: review_queue_view(self, request)),
                name="entities_claim_review",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra = {"review_queue_url": reverse("admin:entities_claim_review")}
        return super().changelist_view(request, extra | (extra_context or {}))

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        # Through the services: a corrected claim is verified by this editor, its corrected
        # fields are the editor's, and re-extraction never replaces it.
        changed = [f for f in form.changed_data if f in curation.CLAIM_CORRECTABLE]
        if changed:
            curation.claim_edit(obj, {f: form.cleaned_data[f] for f in changed})
        if "review_status" in form.changed_data:
            curation.claim_review([obj], form.cleaned_data["review_status"])
        obj.refresh_from_db()

    @admin.display(description="in its sentence")
    def in_context(self, obj):
        if obj.pk is None:
            return "—"
        return claim_in_context(queue_queryset(include_reviewed=True).get(pk=obj.pk))

    @admin.display(description="claim")
    def short_text(self, obj):
        return shortened(obj.text, 90)

    @admin.display(description="speaker person")
    def speaker(self, obj):
        if obj.speaker_person_id is None:
            return "—"
        return admin_link(Person, obj.speaker_person_id, obj.speaker_person.name)

    @admin.display(description="article")
    def article_link(self, obj):
        title = getattr(obj, "article_title", None) or obj.article.title
        link = admin_link(Article, obj.article_id, title[:60])
        public = reverse("articles:detail", args=[obj.article_id])
        return format_html('{} (<a href="{}">public page</a>)', link, public)

    def _review(self, request, queryset, status: str, label: str):
        count = curation.claim_review(queryset.only("pk"), status)
        log_bulk_change(request, queryset, label)
        self.message_user(request, f"{count} claim(s) {label.lower()}.", messages.SUCCESS)

    @admin.action(description="Verify selected claims", permissions=["change"])
    def verify(self, request, queryset):
        self._review(request, queryset, Claim.Review.VERIFIED, "Verified")

    @admin.action(description="Reject selected claims", permissions=["change"])
    def reject(self, request, queryset):
        self._review(request, queryset, Claim.Review.REJECTED, "Rejected")

    @admin.action(description="Mark selected claims unreviewed", permissions=["change"])
    def mark_unreviewed(self, request, queryset):
        self._review(request, queryset, Claim.Review.UNREVIEWED, "Marked unreviewed")


@admin.register(Contradiction)
class ContradictionAdmin(admin.ModelAdmin):
    list_display = ["claim", "other", "reason", "created_at"]
    list_select_related = ["claim", "other"]
    autocomplete_fields = ["claim", "other"]
    search_fields = ["reason"]


# --- Articles, with what was extracted from them ---------------------------------------------
# Registered here rather than in articles/admin.py: the inlines show people and claims, and
# articles sits below entities in the layers.


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


class BylineField(forms.CharField):
    """The byline's names, one a line (stored as a list)."""

    widget = forms.Textarea(attrs={"rows": 2, "cols": 60})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]

    def has_changed(self, initial, data):
        return (initial or []) != self.to_python(data)


class ArticleForm(forms.ModelForm):
    """Editors correct an article's title, standfirst, byline, outlet, date and visibility;
    the body is what was published (it stays as received, for the extraction offsets)."""

    byline = BylineField(required=False, help_text="One name a line.")

    class Meta:
        model = Article
        fields = [
            "title", "standfirst", "byline", "outlet", "status", "published",
            "published_precision",
        ]  # fmt: skip
        widgets = {"title": forms.TextInput(attrs={"size": 90})}

    def clean(self):
        cleaned = super().clean()
        if {"published", "published_precision"} & set(self.changed_data):
            if cleaned.get("published") is None:
                self.add_error("published", "Give the corrected date (it cannot be cleared).")
            elif cleaned.get("published_precision") not in {"day", "month", "year"}:
                self.add_error("published_precision", "Is the date a day, a month or a year?")
        return cleaned


class ReextractionReportInline(admin.TabularInline):
    model = ReextractionReport
    fields = ["created_at", "summary", "report_link"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = "re-extractions (latest first)"

    def get_queryset(self, request):
        queryset = super().get_queryset(request).defer("changes")
        latest = queryset.order_by("-created_at", "-id").values_list("pk", flat=True)[:5]
        return queryset.filter(pk__in=list(latest))

    @admin.display(description="what changed")
    def report_link(self, obj):
        return admin_link(ReextractionReport, obj.pk, "details")


@admin.register(Article)
class ArticleAdmin(HistoryAdmin, BigTableAdmin):
    form = ArticleForm
    list_display = [
        "short_title",
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
    autocomplete_fields = ["outlet"]
    fieldsets = [
        (None, {"fields": ["title", "outlet", "source_link", "status", "editor_fields"]}),
        (
            "Date",
            {
                "fields": ["published", "published_precision", "published_source"],
                "description": "Changing the date records it as the editor's.",
            },
        ),
        (
            "Text",
            {
                "fields": ["standfirst", "byline", "body", "captions"],
                "description": "A corrected title, standfirst, byline or outlet is the "
                "editor's: no later processing changes it.",
            },
        ),
        (
            "Provenance",
            {"fields": ["raw_document", "near_duplicate_of", "created_at", "analysed_at"]},
        ),
    ]
    readonly_fields = [
        "source_link",
        "published_source",
        "editor_fields",
        "body",
        "captions",
        "raw_document",
        "near_duplicate_of",
        "created_at",
        "analysed_at",
    ]
    inlines = [ReextractionReportInline, MentionInline, ClaimInline, ArticleFailureInline]
    actions = ["reextract", "hide", "show", "export_csv"]
    export_csv = csv_export_action(
        {"id": "pk", "title": "title", "outlet": "outlet__name", "published": "published",
         "date source": "published_source", "url": "url", "status": "status"},
        "articles",
    )  # fmt: skip

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            # A page of titles, not of bodies.
            queryset = queryset.defer("body", "minhash", "captions", "standfirst", "byline")
        return queryset

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        # Through the services, so each correction is recorded as the editor's.
        corrected = [f for f in form.changed_data if f in curation.ARTICLE_CORRECTABLE]
        corrected = [f for f in corrected if f != "status"]
        if corrected:
            curation.article_correct(obj, corrected)
        if {"published", "published_precision"} & set(form.changed_data):
            curation.article_set_date(
                obj, form.cleaned_data["published"], form.cleaned_data["published_precision"]
            )
        if "status" in form.changed_data:
            if obj.status == Article.Status.HIDDEN:
                curation.article_hide([obj])
            else:
                curation.article_show([obj])

    def save_formset(self, request, form, formset, change):
        # Reviews made in the claims inline go through the same service as the bulk actions.
        if formset.model is not Claim:
            return super().save_formset(request, form, formset, change)
        # The admin's change message reads these lists, which formset.save() would have set.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for claim_form in formset.forms:
            if "review_status" in claim_form.changed_data:
                claim = claim_form.instance
                curation.claim_review([claim], claim_form.cleaned_data["review_status"])
                formset.changed_objects.append((claim, ["review_status"]))

    @admin.display(description="title", ordering="title")
    def short_title(self, obj):
        return shortened(obj.title, 90)

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

    @admin.action(description="Re-extract people, countries and claims", permissions=["change"])
    def reextract(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        count = article_curation.article_reextract(Article.objects.filter(pk__in=ids).only("pk"))
        url = (
            reverse("admin:entities_reextractionreport_changelist")
            + "?article__id__in="
            + (",".join(map(str, ids)))
        )
        self.message_user(
            request,
            format_html(
                '{} article(s) queued for extraction. <a href="{}">What each re-extraction '
                "changed</a> (reviewed and corrected claims are kept).",
                count,
                url,
            ),
            messages.SUCCESS,
        )

    @admin.action(description="Hide selected articles", permissions=["change"])
    def hide(self, request, queryset):
        count = curation.article_hide(queryset.only("pk"))
        log_bulk_change(request, queryset.select_related(None).only("pk", "title"), "Hidden")
        self.message_user(request, f"{count} article(s) hidden.", messages.SUCCESS)

    @admin.action(description="Show selected articles", permissions=["change"])
    def show(self, request, queryset):
        count = curation.article_show(queryset.only("pk"))
        log_bulk_change(request, queryset.select_related(None).only("pk", "title"), "Shown")
        self.message_user(request, f"{count} article(s) shown.", messages.SUCCESS)


# --- Re-extraction reports -------------------------------------------------------------------

REPORT_SECTIONS = [
    ("people_added", "People added"),
    ("people_removed", "People removed"),
    ("claims_added", "Claims added"),
    ("claims_removed", "Claims removed"),
    ("claims_changed", "Claims changed"),
    ("kept", "Kept as the editors left them"),
]


@admin.register(ReextractionReport)
class ReextractionReportAdmin(BigTableAdmin):
    list_display = ["created_at", "article_link", "summary", "extractor_version"]
    list_filter = ["extractor_version"]
    search_fields = ["summary"]
    fields = ["article_link", "created_at", "extractor_version", "summary", "details"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_title=F("article__title"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def lookup_allowed(self, lookup, value, request=None):
        return lookup == "article__id__in" or super().lookup_allowed(lookup, value, request)

    @admin.display(description="article")
    def article_link(self, obj):
        title = getattr(obj, "article_title", None) or obj.article.title
        return admin_link(Article, obj.article_id, title[:80])

    @admin.display(description="what changed")
    def details(self, obj):
        counts = obj.changes.get("counts", {})
        sections = []
        for key, label in REPORT_SECTIONS:
            items = obj.changes.get(key) or []
            if not items:
                continue
            more = counts.get(key, len(items)) - len(items)
            sections.append(
                format_html(
                    "<h3>{} ({})</h3><ul>{}</ul>{}",
                    label,
                    counts.get(key, len(items)),
                    format_html_join("", "<li>{}</li>", ((item,) for item in items)),
                    f"… and {more} more" if more > 0 else "",
                )
            )
        return format_html_join("", "{}", ((section,) for section in sections)) or "No change."
