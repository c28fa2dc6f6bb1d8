"""FilterSets of articles, people and claims, shared by pages, exports, feeds and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Exists, F, OuterRef, Q

from articles.models import Article
from entities.models import CLAIM_HIDDEN_REVIEW, Alias, Claim, Contradiction, Mention, Person
from newsdesk.web.filter_fields import (
    FilterForm,
    IntegerFilter,
    StanceFilter,
    YesNoFilter,
    iso2_list_filter,
    iso_date_filter,
    slug_list_filter,
)
from newsdesk.web.queries.countries import country_ids

SEARCH_CONFIG = "english"

# Newest first, undated articles last (an index on this exact order keeps deep pages fast).
DATE_ORDER = (F("published").desc(nulls_last=True), F("id").desc())


def _shown_claims_of_outer_article():
    """The visible claims (`ClaimQuerySet.visible`) of the article of the outer query, for an
    EXISTS. The article's own visibility is left to the outer query, which lists visible
    articles only: a second join to the articles makes the planner read every claim of the
    stance or event type (and their articles) rather than the article's few claims."""
    return Claim.objects.filter(article=OuterRef("pk")).exclude(review_status=CLAIM_HIDDEN_REVIEW)


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
    stance = StanceFilter(method="filter_stance", label="Stance")
    sort = django_filters.ChoiceFilter(
        method="filter_noop", choices=SORT_CHOICES, label="Sort", empty_label=None
    )

    class Meta:
        model = Article
        form = FilterForm
        fields: list[str] = []

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_q(self, queryset, name, value):
        query = SearchQuery(value, search_type="websearch", config=SEARCH_CONFIG)
        return queryset.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )

    # Each value is its own EXISTS: an article must mention every country asked for, and
    # no join multiplies rows (so no DISTINCT over the whole result). The codes become ids
    # from the kept country table: on the id, the planner reads the country's own share of
    # the mentions from its statistics, where through a join on the code it guesses an
    # average country's, and a popular country's plan goes wrong.
    def filter_country(self, queryset, name, codes):
        ids = country_ids(codes)
        if len(ids) < len(set(codes)):  # a country gone since the form checked its code
            return queryset.none()
        for pk in ids:
            queryset = queryset.filter(
                Exists(Mention.objects.filter(article=OuterRef("pk"), country_id=pk))
            )
        return queryset

    # As for countries, the slugs become ids first (one small query): on the id the planner
    # reads how many mentions the person has from its statistics, where through a join on
    # the slug it guesses a few hundred and, for someone named in thousands of articles,
    # picks a plan twice as slow.
    def filter_person(self, queryset, name, slugs):
        ids = dict(Person.objects.filter(slug__in=slugs).values_list("slug", "pk"))
        if len(ids) < len(set(slugs)):  # a slug of nobody: nothing matches
            return queryset.none()
        for slug in slugs:
            queryset = queryset.filter(
                Exists(Mention.objects.filter(article=OuterRef("pk"), person_id=ids[slug]))
            )
        return queryset

    def filter_event_type(self, queryset, name, value):
        return queryset.filter(Exists(_shown_claims_of_outer_article().filter(event_type=value)))

    def filter_stance(self, queryset, name, value):
        return queryset.filter(Exists(_shown_claims_of_outer_article().filter(stance=value)))

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

    @property
    def names_asked(self) -> int:
        """How many countries and people every match must name."""
        data = getattr(self.form, "cleaned_data", {})
        return len(data.get("country") or ()) + len(data.get("person") or ())


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
    stance = StanceFilter(field_name="stance", lookup_expr="exact", label="Stance")
    event_type = django_filters.ChoiceFilter(
        field_name="event_type",
        choices=Claim.EventType.choices,
        label="Event type",
        empty_label="any",
    )
    date_from = iso_date_filter(field_name="article__published", lookup_expr="gte", label="From")
    date_to = iso_date_filter(field_name="article__published", lookup_expr="lte", label="To")
    contradicted = YesNoFilter(
        method="filter_contradicted",
        label="Contradicted",
        widget=forms.Select(
            choices=[("", "any"), ("true", "only contradicted"), ("false", "not contradicted")]
        ),
    )

    class Meta:
        model = Claim
        form = FilterForm
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
        form = FilterForm
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        alias = Alias.objects.filter(person=OuterRef("pk"), name__icontains=value)
        return queryset.filter(Q(name__icontains=value) | Exists(alias))


class PeopleListFilter(PersonFilter):
    """`/people/`: the people filters and an order; the page orders by `sort_order` (the
    API lists people by name and takes no `sort`)."""

    SORT_CHOICES = [("mentions", "most mentioned first"), ("name", "name, A to Z")]

    sort = django_filters.ChoiceFilter(
        method="filter_noop", choices=SORT_CHOICES, label="Sort", empty_label=None
    )

    def filter_noop(self, queryset, name, value):
        return queryset

    @property
    def sort_order(self) -> str:
        data = getattr(self.form, "cleaned_data", {})
        return data.get("sort") or "mentions"
