"""Read-only JSON API. The viewsets use the pages' FilterSets, so `?country=UA` means the
same thing on /articles/, in its exports and at /api/articles/."""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import routers, viewsets

from articles.models import Article
from entities.models import Alias, Claim, Country, Person
from newsdesk.web import serializers
from newsdesk.web.filters import ArticleFilter, ClaimFilter, PersonFilter
from newsdesk.web.queries.articles import article_entities
from newsdesk.web.queries.claims import claims_for_data


class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """Articles, newest first (or by relevance with `q`)."""

    filterset_class = ArticleFilter

    def get_queryset(self):
        return (
            Article.objects.visible()
            .select_related("outlet")
            .annotate(**article_entities(labelled=False))
        )

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
        return claims_for_data(
            Claim.objects.visible().select_related("article", "speaker_person", "speaker_country")
        )


router = routers.DefaultRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("people", PersonViewSet, basename="person")
router.register("countries", CountryViewSet, basename="country")
router.register("claims", ClaimViewSet, basename="claim")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI over the schema, its files served from our own static files (the sidecar);
    # the split view serves its start-up script as a file (?script), as our CSP allows no
    # inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
