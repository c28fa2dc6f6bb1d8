"""Read-only API representations. Related codes come from array subqueries in the
viewsets' queries, so a page of results is one query however many rows it holds."""

from __future__ import annotations

from rest_framework import serializers

from articles.models import Article
from entities.models import Claim, Country, Person


class ArticleSerializer(serializers.ModelSerializer):
    outlet = serializers.CharField(source="outlet.name", default=None, read_only=True)
    source_url = serializers.CharField(source="source_link", read_only=True)
    page = serializers.SerializerMethodField()
    countries = serializers.ListField(child=serializers.CharField(), read_only=True)
    people = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "standfirst",
            "byline",
            "published",
            "published_source",
            "published_precision",
            "outlet",
            "source_url",
            "page",
            "countries",
            "people",
        ]

    def get_page(self, article) -> str:
        request = self.context.get("request")
        path = article.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body", "captions"]


class CountrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["iso2", "iso3", "name", "official_name"]


class PersonSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.iso2", default=None, read_only=True)
    aliases = serializers.ListField(
        child=serializers.CharField(), source="alias_names", read_only=True
    )

    class Meta:
        model = Person
        fields = ["slug", "name", "role", "country", "description", "aliases"]


class ClaimSerializer(serializers.ModelSerializer):
    speaker_person = serializers.CharField(source="speaker_person.slug", default=None)
    speaker_country = serializers.CharField(source="speaker_country.iso2", default=None)
    article_published = serializers.DateField(source="article.published", default=None)
    subject_people = serializers.ListField(child=serializers.CharField(), source="subject_slugs")
    subject_countries = serializers.ListField(child=serializers.CharField(), source="subject_codes")
    contradicts = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "article_published",
            "text",
            "quote",
            "speaker_label",
            "speaker_kind",
            "speaker_person",
            "speaker_country",
            "cue",
            "stance",
            "event_type",
            "subject_people",
            "subject_countries",
            "contradicts",
            "review_status",
            "confidence",
            "location",
            "start",
            "end",
        ]
        read_only_fields = fields

    def get_contradicts(self, claim) -> list[int]:
        return sorted(claim.contradicts_a + claim.contradicts_b)
