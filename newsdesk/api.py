"""Read-only JSON API. The viewsets use the pages' FilterSets, so `?country=UA` means the
same thing on /articles/, in its exports and at /api/articles/."""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework import routers, viewsets

from articles.filters import ArticleFilter
from articles.models import Article
from entities.filters import ClaimFilter, PersonFilter
from entities.models import Alias, Claim, Contradiction, Country, Person
from newsdesk import serializers
from newsdesk.exports import article_entity_codes


class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """Articles, newest first (or by relevance with `q`)."""

    filterset_class = ArticleFilter

    def get_queryset(self):
        return Article.objects.visible().select_related("outlet").annotate(**article_entity_codes())

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ArticleDetailSerializer
        return serializers.ArticleSerializer


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.PersonSerializer
    filterset_class = PersonFilter
    lookup_field = "slug"

    def get_queryset(self):
        aliases = Alias.objects.filter(person=OuterRef("pk"), rejected=False).order_by("name")
        return (
            Person.objects.active()
            .select_related("country")
            .annotate(alias_names=ArraySubquery(aliases.values("name")))
            .order_by("name", "id")
        )


class CountryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.CountrySerializer
    queryset = Country.objects.order_by("name")
    lookup_field = "iso2"
    lookup_value_regex = "[A-Za-z]{2}"
    filterset_class = None

    def get_object(self):
        self.kwargs["iso2"] = self.kwargs["iso2"].upper()
        return super().get_object()


class ClaimViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ClaimSerializer
    filterset_class = ClaimFilter

    def get_queryset(self):
        through_people = Claim.subject_people.through.objects
        through_countries = Claim.subject_countries.through.objects
        return (
            Claim.objects.visible()
            .select_related("article", "speaker_person", "speaker_country")
            .annotate(
                subject_slugs=ArraySubquery(
                    through_people.filter(claim=OuterRef("pk"))
                    .order_by("person__slug")
                    .values("person__slug")
                ),
                subject_codes=ArraySubquery(
                    through_countries.filter(claim=OuterRef("pk"))
                    .order_by("country__iso2")
                    .values("country__iso2")
                ),
                contradicts_a=ArraySubquery(
                    Contradiction.objects.filter(claim=OuterRef("pk")).values("other_id")
                ),
                contradicts_b=ArraySubquery(
                    Contradiction.objects.filter(other=OuterRef("pk")).values("claim_id")
                ),
            )
        )


router = routers.DefaultRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("people", PersonViewSet, basename="person")
router.register("countries", CountryViewSet, basename="country")
router.register("claims", ClaimViewSet, basename="claim")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("", include(router.urls)),
]
