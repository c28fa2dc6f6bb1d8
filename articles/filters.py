"""Article filters, shared by the list page, its exports and feed, and the API."""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef

from articles.models import Article
from entities.models import Claim, Mention

SEARCH_CONFIG = "english"

# Newest first, undated articles last (an index on this exact order keeps deep pages fast).
DATE_ORDER = (F("published").desc(nulls_last=True), F("id").desc())

_ISO2 = re.compile(r"^[A-Za-z]{2}$")
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


class CodeListField(forms.Field):
    """A repeatable text parameter (`?country=UA&country=IL`) checked value by value.

    Codes are checked by their shape, not looked up: a well-formed code that matches
    nothing simply finds nothing, and validation costs no query.
    """

    widget = forms.MultipleHiddenInput

    def __init__(self, *, pattern, message, normalise=str.strip, **kwargs):
        self.pattern = pattern
        self.message = message
        self.normalise = normalise
        super().__init__(**kwargs)

    def to_python(self, value):
        if not value:
            return []
        values = value if isinstance(value, (list, tuple)) else [value]
        cleaned = []
        for raw in values:
            item = self.normalise(str(raw))
            if not item:
                continue
            if not self.pattern.match(item):
                raise ValidationError(self.message, params={"value": raw}, code="invalid")
            if item not in cleaned:
                cleaned.append(item)
        return cleaned


class CodeListFilter(django_filters.Filter):
    field_class = CodeListField


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField  # 1.5 is an error, not outlet 1


def iso2_list_filter(**kwargs):
    return CodeListFilter(
        pattern=_ISO2,
        normalise=lambda value: value.strip().upper(),
        message="“%(value)s” is not a two-letter country code (for example UA).",
        **kwargs,
    )


def slug_list_filter(**kwargs):
    return CodeListFilter(
        pattern=_SLUG,
        normalise=lambda value: value.strip().lower(),
        message="“%(value)s” is not a person's slug (for example eli-cohen).",
        **kwargs,
    )


def iso_date_filter(**kwargs):
    """A date in YYYY-MM-DD only: 02/03/2023 means different days to different readers."""
    return django_filters.DateFilter(
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Enter a date as YYYY-MM-DD."},
        **kwargs,
    )


def _visible_claims():
    return Claim.objects.exclude(review_status=Claim.Review.REJECTED)


class ArticleFilter(django_filters.FilterSet):
    """Filters of `/articles/`; `filter_queryset` also applies the chosen order."""

    SORT_CHOICES = [("date", "newest first"), ("relevance", "relevance")]

    q = django_filters.CharFilter(
        method="filter_q",
        label="Search",
        help_text='Words, "a phrase", -excluded, or either OR other.',
    )
    date_from = iso_date_filter(field_name="published", lookup_expr="gte", label="From")
    date_to = iso_date_filter(field_name="published", lookup_expr="lte", label="To")
    country = iso2_list_filter(method="filter_country", label="Country (ISO code)")
    person = slug_list_filter(method="filter_person", label="Person")
    # An id, checked by type only: an unknown outlet finds nothing, and no query is spent
    # validating it (the page lists the outlets once for its select box).
    outlet = IntegerFilter(field_name="outlet_id", lookup_expr="exact", label="Outlet", min_value=1)
    event_type = django_filters.ChoiceFilter(
        method="filter_event_type",
        choices=Claim.EventType.choices,
        label="Event type",
        empty_label="any",
    )
    stance = django_filters.ChoiceFilter(
        method="filter_stance", choices=Claim.Stance.choices, label="Stance", empty_label="any"
    )
    sort = django_filters.ChoiceFilter(
        method="filter_noop", choices=SORT_CHOICES, label="Sort", empty_label=None
    )

    class Meta:
        model = Article
        fields: list[str] = []

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_q(self, queryset, name, value):
        query = SearchQuery(value, search_type="websearch", config=SEARCH_CONFIG)
        return queryset.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )

    # Each value is its own EXISTS: an article must mention every country asked for, and
    # no join multiplies rows (so no DISTINCT over the whole result).
    def filter_country(self, queryset, name, codes):
        for code in codes:
            queryset = queryset.filter(
                Exists(Mention.objects.filter(article=OuterRef("pk"), country__iso2=code))
            )
        return queryset

    def filter_person(self, queryset, name, slugs):
        for slug in slugs:
            queryset = queryset.filter(
                Exists(Mention.objects.filter(article=OuterRef("pk"), person__slug=slug))
            )
        return queryset

    def filter_event_type(self, queryset, name, value):
        return queryset.filter(
            Exists(_visible_claims().filter(article=OuterRef("pk"), event_type=value))
        )

    def filter_stance(self, queryset, name, value):
        return queryset.filter(
            Exists(_visible_claims().filter(article=OuterRef("pk"), stance=value))
        )

    @property
    def sort_order(self) -> str:
        """ "relevance" only makes sense with a search; without one the order is by date."""
        data = getattr(self.form, "cleaned_data", {})
        if not data.get("q"):
            return "date"
        return data.get("sort") or "relevance"

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.sort_order == "relevance":
            return queryset.order_by("-rank", "-published", "-id")
        return queryset.order_by(*DATE_ORDER)

    @property
    def uses_dates(self) -> bool:
        data = getattr(self.form, "cleaned_data", {})
        return bool(data.get("date_from") or data.get("date_to"))
