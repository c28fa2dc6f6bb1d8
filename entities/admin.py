"""Editors' admin for who and where and what they said: people, aliases, mentions, claims.

Merging and rejecting people, and reviewing claims, go through `entities.curation`, which
leaves the data so that re-extraction keeps the editors' decisions.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from articles.admin import BigTableAdmin, admin_link, log_bulk_change
from articles.models import Article
from entities import curation
from entities.models import Alias, Claim, Contradiction, Country, Mention, Person
from entities.resolver import normalize_name


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


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso2", "iso3", "official_name"]
    # `aliases` is an array: icontains matches inside its text form, good enough to find one.
    search_fields = ["name", "=iso2", "=iso3", "official_name", "aliases"]


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


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Person.objects.none(), widget=forms.RadioSelect, empty_label=None
    )


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
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
        "created_at",
        "updated_at",
    ]
    # Status and merge target change only through the merge and reject actions.
    readonly_fields = ["status", "merged_into_link", "created_at", "updated_at"]
    inlines = [AliasInline]
    actions = ["merge_selected", "reject_selected"]

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

    @admin.action(description="Merge selected people into one…")
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

    @admin.action(description="Mark selected as not a person…")
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
class AliasAdmin(admin.ModelAdmin):
    form = AliasForm
    list_display = ["name", "normalized", "person", "rejected"]
    list_filter = ["rejected"]
    list_select_related = ["person"]
    search_fields = ["name", "normalized"]
    autocomplete_fields = ["person"]
    readonly_fields = ["normalized"]


# --- Mentions --------------------------------------------------------------------------------


@admin.register(Mention)
class MentionAdmin(BigTableAdmin):
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
class ClaimAdmin(BigTableAdmin):
    list_display = [
        "short_text",
        "speaker_label",
        "speaker_kind",
        "speaker",
        "cue",
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
    list_select_related = ["speaker_person", "speaker_country"]
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
        "subject_people",
        "subject_countries",
        "created_at",
    ]
    readonly_fields = [
        "article_link",
        "text",
        "location",
        "start",
        "end",
        "quote",
        "cue",
        "confidence",
        "created_at",
    ]
    inlines = [ContradictionInline, ContradictedByInline]
    actions = ["verify", "reject", "mark_unreviewed"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_title=F("article__title"))

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        # A claim an editor corrected is a reviewed claim: re-extraction must not replace it.
        if (
            change
            and form.changed_data
            and "review_status" not in form.changed_data
            and obj.review_status == Claim.Review.UNREVIEWED
        ):
            obj.review_status = Claim.Review.VERIFIED
        super().save_model(request, obj, form, change)

    @admin.display(description="claim")
    def short_text(self, obj):
        return obj.text[:120]

    @admin.display(description="speaker person")
    def speaker(self, obj):
        if obj.speaker_person_id is None:
            return "—"
        return admin_link(Person, obj.speaker_person_id, obj.speaker_person.name)

    @admin.display(description="article")
    def article_link(self, obj):
        title = getattr(obj, "article_title", None) or obj.article.title
        link = admin_link(Article, obj.article_id, title)
        public = reverse("articles:detail", args=[obj.article_id])
        return format_html('{} (<a href="{}">public page</a>)', link, public)

    def _review(self, request, queryset, status: str, label: str):
        count = curation.claim_review(queryset.only("pk"), status)
        log_bulk_change(request, queryset, label)
        self.message_user(request, f"{count} claim(s) {label.lower()}.", messages.SUCCESS)

    @admin.action(description="Verify selected claims")
    def verify(self, request, queryset):
        self._review(request, queryset, Claim.Review.VERIFIED, "Verified")

    @admin.action(description="Reject selected claims")
    def reject(self, request, queryset):
        self._review(request, queryset, Claim.Review.REJECTED, "Rejected")

    @admin.action(description="Mark selected claims unreviewed")
    def mark_unreviewed(self, request, queryset):
        self._review(request, queryset, Claim.Review.UNREVIEWED, "Marked unreviewed")


@admin.register(Contradiction)
class ContradictionAdmin(admin.ModelAdmin):
    list_display = ["claim", "other", "reason", "created_at"]
    list_select_related = ["claim", "other"]
    autocomplete_fields = ["claim", "other"]
    search_fields = ["reason"]
