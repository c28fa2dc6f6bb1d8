"""Who and where, and what they said: countries, people, their mentions and claims."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

LOCATION_CHOICES = [
    ("headline", "headline"),
    ("standfirst", "standfirst"),
    ("body", "body"),
    ("caption", "caption"),
    ("byline", "byline"),
]
LOCATIONS = [value for value, _ in LOCATION_CHOICES]


class Country(models.Model):
    iso2 = models.CharField(max_length=2, unique=True)
    iso3 = models.CharField(max_length=3, blank=True)
    name = models.CharField(max_length=200)
    official_name = models.CharField(max_length=300, blank=True)
    aliases = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    demonyms = ArrayField(models.CharField(max_length=100), default=list, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(
                condition=Q(iso2__regex=r"^[A-Z]{2}$"), name="country_iso2_upper"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("entities:country", args=[self.iso2.lower()])


class PersonQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Person.Status.ACTIVE)


class Person(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active"
        MERGED = "merged", "merged into another person"
        NOT_A_PERSON = "not_person", "not a person"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    role = models.CharField(max_length=200, blank=True)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.ACTIVE)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["active", "merged", "not_person"]),
                name="person_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="merged", merged_into__isnull=False)
                | (~Q(status="merged") & Q(merged_into__isnull=True)),
                name="person_merged_has_target",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=F("id")), name="person_not_merged_into_self"
            ),
        ]
        indexes = [models.Index(fields=["country", "name"], name="person_country_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("entities:person", args=[self.slug])


class Alias(models.Model):
    """A way a person's name is written. `normalized` is what the resolver looks up.

    An alias with `rejected=True` belongs to a name editors marked as not a person: the
    resolver never turns it into a person again.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, db_index=True)
    rejected = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "normalized"], name="alias_unique_per_person"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Mention(models.Model):
    """One place in an article where a person or a country is named."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="mentions"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    location = models.CharField(max_length=10, choices=LOCATION_CHOICES)
    # For captions and bylines: which one (index into the article's list).
    field_index = models.PositiveSmallIntegerField(null=True, blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["article", "location", "start"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(country__isnull=True))
                | (Q(person__isnull=True) & Q(country__isnull=False)),
                name="mention_person_xor_country",
            ),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="mention_span_valid"),
            models.CheckConstraint(
                condition=Q(location__in=LOCATIONS), name="mention_location_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["person", "article"], name="mention_person_article"),
            models.Index(fields=["country", "article"], name="mention_country_article"),
            # Facets and co-mentions of a set of articles read who is named where from the
            # index alone.
            models.Index(
                fields=["article"],
                include=["person", "country", "location"],
                name="mention_article_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.location} {self.start}-{self.end})"


class ClaimQuerySet(models.QuerySet):
    def visible(self):
        return self.exclude(review_status=Claim.Review.REJECTED).filter(article__status="published")


class Claim(models.Model):
    """An attributed statement: who said what, with the cue, stance and event type."""

    class SpeakerKind(models.TextChoices):
        PERSON = "person"
        ANONYMOUS = "anonymous"
        ORGANIZATION = "organization"
        MEDIA = "media"
        GOVERNMENT = "government"
        GROUP = "group"

    class Stance(models.TextChoices):
        ASSERT = "assert"
        DENY = "deny"

    class EventType(models.TextChoices):
        AGREE = "agree"
        CONSULT = "consult"
        SUPPORT = "support"
        CONCEDE = "concede"
        COOPERATE = "cooperate"
        AID = "aid"
        RETREAT = "retreat"
        REQUEST = "request"
        ACCUSE = "accuse"
        REJECT = "reject"
        THREATEN = "threaten"
        PROTEST = "protest"
        SANCTION = "sanction"
        MOBILIZE = "mobilize"
        COERCE = "coerce"
        ASSAULT = "assault"

    class Review(models.TextChoices):
        UNREVIEWED = "unreviewed"
        VERIFIED = "verified"
        REJECTED = "rejected"

    class Location(models.TextChoices):
        HEADLINE = "headline"
        STANDFIRST = "standfirst"
        BODY = "body"

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="claims")
    text = models.TextField()
    location = models.CharField(max_length=10, choices=Location, default=Location.BODY)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.BooleanField(default=False)
    speaker_label = models.CharField(max_length=300)
    speaker_kind = models.CharField(max_length=12, choices=SpeakerKind)
    speaker_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims_made"
    )
    speaker_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims_made"
    )
    addressee = models.CharField(max_length=300, blank=True)
    cue = models.CharField(max_length=100)
    stance = models.CharField(max_length=6, choices=Stance, default=Stance.ASSERT)
    event_type = models.CharField(max_length=10, choices=EventType, blank=True)
    confidence = models.FloatField(default=0.5)
    review_status = models.CharField(max_length=10, choices=Review, default=Review.UNREVIEWED)
    subject_people = models.ManyToManyField(Person, blank=True, related_name="claims_about")
    subject_countries = models.ManyToManyField(Country, blank=True, related_name="claims_about")
    contradicts = models.ManyToManyField(
        "self", through="Contradiction", symmetrical=False, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["article", "location", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="claim_span_valid"),
            models.CheckConstraint(
                condition=Q(
                    speaker_kind__in=[
                        "person",
                        "anonymous",
                        "organization",
                        "media",
                        "government",
                        "group",
                    ]
                ),
                name="claim_speaker_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(stance__in=["assert", "deny"]), name="claim_stance_valid"
            ),
            models.CheckConstraint(
                condition=Q(
                    event_type__in=[
                        "",
                        "agree",
                        "consult",
                        "support",
                        "concede",
                        "cooperate",
                        "aid",
                        "retreat",
                        "request",
                        "accuse",
                        "reject",
                        "threaten",
                        "protest",
                        "sanction",
                        "mobilize",
                        "coerce",
                        "assault",
                    ]
                ),
                name="claim_event_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(review_status__in=["unreviewed", "verified", "rejected"]),
                name="claim_review_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(location__in=["headline", "standfirst", "body"]),
                name="claim_location_valid",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1),
                name="claim_confidence_range",
            ),
        ]
        indexes = [
            models.Index(fields=["stance"], name="claim_stance"),
            models.Index(fields=["event_type"], name="claim_event_type"),
            models.Index(fields=["speaker_kind"], name="claim_speaker_kind"),
            models.Index(fields=["speaker_person"], name="claim_speaker_person"),
            models.Index(fields=["speaker_country"], name="claim_speaker_country"),
            models.Index(fields=["confidence"], name="claim_confidence"),
            models.Index(fields=["-created_at"], name="claim_created_desc"),
        ]

    def __str__(self) -> str:
        return f"{self.speaker_label} {self.cue}: {self.text[:80]}"


class Contradiction(models.Model):
    """Two claims whose contents conflict (an assertion and a denial of the same matter)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="contradictions")
    other = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="contradicted_by")
    reason = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["claim", "other"], name="contradiction_unique_pair"),
            # One row per pair, in id order, so a pair cannot be stored twice.
            models.CheckConstraint(condition=Q(claim__lt=F("other")), name="contradiction_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} ↔ {self.other_id}: {self.reason}"
