"""Filters for people and claims, shared by pages, exports, feeds and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q

from articles.filters import iso2_list_filter, iso_date_filter, slug_list_filter
from entities.models import Alias, Claim, Contradiction, Person

# Newest articles first (undated last), then in reading order within an article.
CLAIM_ORDER = (F("article__published").desc(nulls_last=True), F("article_id").desc(), "start", "id")


class ClaimFilter(django_filters.FilterSet):
    speaker = slug_list_filter(
        field_name="speaker_person__slug", lookup_expr="in", label="Speaker (person)"
    )
    speaker_kind = django_filters.ChoiceFilter(
        field_name="speaker_kind",
        choices=Claim.SpeakerKind.choices,
        label="Kind of speaker",
        empty_label="any",
    )
    speaker_country = iso2_list_filter(
        field_name="speaker_country__iso2", lookup_expr="in", label="Speaker's country"
    )
    subject_country = iso2_list_filter(method="filter_subject_country", label="About country")
    stance = django_filters.ChoiceFilter(
        field_name="stance", choices=Claim.Stance.choices, label="Stance", empty_label="any"
    )
    event_type = django_filters.ChoiceFilter(
        field_name="event_type",
        choices=Claim.EventType.choices,
        label="Event type",
        empty_label="any",
    )
    date_from = iso_date_filter(field_name="article__published", lookup_expr="gte", label="From")
    date_to = iso_date_filter(field_name="article__published", lookup_expr="lte", label="To")
    contradicted = django_filters.BooleanFilter(
        method="filter_contradicted",
        label="Contradicted",
        widget=forms.Select(
            choices=[("", "any"), ("true", "only contradicted"), ("false", "not contradicted")]
        ),
    )

    class Meta:
        model = Claim
        fields: list[str] = []

    # The subject M2M is tested with EXISTS so a claim about several countries is one row.
    def filter_subject_country(self, queryset, name, codes):
        for code in codes:
            queryset = queryset.filter(
                Exists(
                    Claim.subject_countries.through.objects.filter(
                        claim=OuterRef("pk"), country__iso2=code
                    )
                )
            )
        return queryset

    def filter_contradicted(self, queryset, name, value):
        contradicted = Exists(
            Contradiction.objects.filter(Q(claim=OuterRef("pk")) | Q(other=OuterRef("pk")))
        )
        return queryset.filter(contradicted if value else ~contradicted)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset.order_by(*CLAIM_ORDER)

    @property
    def uses_dates(self) -> bool:
        data = getattr(self.form, "cleaned_data", {})
        return bool(data.get("date_from") or data.get("date_to"))


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Name")
    country = iso2_list_filter(field_name="country__iso2", lookup_expr="in", label="Country")
    role = django_filters.CharFilter(field_name="role", lookup_expr="icontains", label="Role")

    class Meta:
        model = Person
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        alias = Alias.objects.filter(person=OuterRef("pk"), name__icontains=value)
        return queryset.filter(Q(name__icontains=value) | Exists(alias))
