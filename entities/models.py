"""Who and where, and what they said: countries, people, their mentions and claims."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from entities.extract import EXTRACTOR_VERSION
from entities.extract.officeholders import RANK as OFFICE_RANK
from newsdesk.common.history import EditorHistory

LOCATION_CHOICES = [
    ("headline", "headline"),
    ("standfirst", "standfirst"),
    ("body", "body"),
    ("caption", "caption"),
    ("byline", "byline"),
]
LOCATIONS = [value for value, _ in LOCATION_CHOICES]


def current_extractor_version() -> str:
    """The default of `extractor_version` (a callable, so a new version needs no migration)."""
    return EXTRACTOR_VERSION


def _extractor_version_field():
    return models.CharField(max_length=20, default=current_extractor_version, db_index=True)


def _editor_fields_field():
    """Fields an editor corrected: the extractor and the resolver never change them again."""
    return ArrayField(models.CharField(max_length=40), default=list, blank=True)


class Country(models.Model):
    iso2 = models.CharField(max_length=2, unique=True)
    iso3 = models.CharField(max_length=3, blank=True)
    name = models.CharField(max_length=200)
    official_name = models.CharField(max_length=300, blank=True)
    aliases = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    demonyms = ArrayField(models.CharField(max_length=100), default=list, blank=True)

    history = EditorHistory()

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
    # Set when the person is a known officeholder (`OfficeTerm.person_qid`).
    wikidata_id = models.CharField(max_length=20, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    editor_fields = _editor_fields_field()
    extractor_version = _extractor_version_field()

    objects = PersonQuerySet.as_manager()
    history = EditorHistory(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
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

    def office_terms(self):
        """The offices this person held, newest first (empty without a Wikidata id)."""
        if not self.wikidata_id:
            return OfficeTerm.objects.none()
        return OfficeTerm.objects.filter(person_qid=self.wikidata_id).order_by(
            F("start_date").desc(nulls_last=True), "office_label"
        )


class Alias(models.Model):
    """A way a person's name is written. `normalized` is what the resolver looks up.

    An alias with `rejected=True` belongs to a name editors marked as not a person: the
    resolver never turns it into a person again.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, db_index=True)
    rejected = models.BooleanField(default=False)

    history = EditorHistory()

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
    extractor_version = _extractor_version_field()

    history = EditorHistory()

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


# The one definition of a claim readers see: not rejected by an editor, in a published
# article. `ClaimQuerySet.visible` is it in SQL, `Claim.is_visible` on a loaded row, and the
# cross-article candidate query of `entities.services` passes these two values.
CLAIM_HIDDEN_REVIEW = "rejected"
CLAIM_SHOWN_ARTICLE_STATUS = "published"


class ClaimQuerySet(models.QuerySet):
    def visible(self):
        return self.exclude(review_status=CLAIM_HIDDEN_REVIEW).filter(
            article__status=CLAIM_SHOWN_ARTICLE_STATUS
        )


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
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    editor_fields = _editor_fields_field()
    extractor_version = _extractor_version_field()
    subject_people = models.ManyToManyField(Person, blank=True, related_name="claims_about")
    subject_countries = models.ManyToManyField(Country, blank=True, related_name="claims_about")
    contradicts = models.ManyToManyField(
        "self", through="Contradiction", symmetrical=False, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ClaimQuerySet.as_manager()
    # Who reviewed and when is the history record's own user and date.
    history = EditorHistory(excluded_fields=["reviewed_by", "reviewed_at"])

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
            # The stance filter of public pages reads visible claims only, and goes on to
            # their articles.
            models.Index(
                fields=["stance", "article"],
                condition=~Q(review_status=CLAIM_HIDDEN_REVIEW),
                name="claim_visible_stance",
            ),
            models.Index(fields=["event_type"], name="claim_event_type"),
            models.Index(fields=["speaker_kind"], name="claim_speaker_kind"),
            models.Index(fields=["speaker_person"], name="claim_speaker_person"),
            models.Index(fields=["speaker_country"], name="claim_speaker_country"),
            models.Index(fields=["confidence"], name="claim_confidence"),
            models.Index(fields=["-created_at"], name="claim_created_desc"),
        ]

    def __str__(self) -> str:
        return f"{self.speaker_label} {self.cue}: {self.text[:80]}"

    @property
    def is_visible(self) -> bool:
        """`ClaimQuerySet.visible` for a loaded claim (reads `article.status`)."""
        return (
            self.review_status != CLAIM_HIDDEN_REVIEW
            and self.article.status == CLAIM_SHOWN_ARTICLE_STATUS
        )


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


_OFFICE_RANK = {kind: n for n, kind in enumerate(OFFICE_RANK)}


class OfficeTermQuerySet(models.QuerySet):
    def held_on(self, day):
        """Terms that had begun by `day` and had not ended before it (open ends count)."""
        return self.filter(Q(start_date__lte=day) | Q(start_date__isnull=True)).filter(
            Q(end_date__gte=day) | Q(end_date__isnull=True)
        )


class OfficeTerm(models.Model):
    """One public office held by one person for one period: reference data, not a mention.

    Loaded from the officeholders table (Wikidata P39 statements, CC0) by
    `manage.py load_officeholders`. A term names its holder by Wikidata id only: a `Person`
    exists when an article names them, and then carries the same `wikidata_id`.
    `start`/`end` keep the source's precision (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`, `YYY0s`);
    `start_date` is the earliest day and `end_date` the latest day that text allows.
    """

    person_qid = models.CharField(max_length=20, db_index=True)
    name = models.CharField(max_length=300)
    aliases = ArrayField(models.CharField(max_length=300), default=list, blank=True)
    gender = models.CharField(max_length=30, blank=True)
    birth_date = models.CharField(max_length=10, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO2 of the office's polity")
    jurisdiction = models.CharField(max_length=100)
    scope = models.CharField(max_length=20)
    office = models.CharField(max_length=300)
    office_label = models.CharField(max_length=300)
    office_type = models.CharField(max_length=40, db_index=True)
    host_country = models.CharField(max_length=2, blank=True)
    start = models.CharField(max_length=10, blank=True)
    end = models.CharField(max_length=10, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    start_basis = models.CharField(max_length=20, blank=True)
    end_basis = models.CharField(max_length=20, blank=True)
    observed_until = models.DateField(null=True, blank=True)
    enwiki = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=100, blank=True)

    objects = OfficeTermQuerySet.as_manager()

    class Meta:
        ordering = ["person_qid", "start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["person_qid", "office_label", "jurisdiction", "start", "end"],
                name="office_term_unique",
            ),
        ]
        indexes = [
            models.Index(
                fields=["country", "office_type", "start_date"], name="office_term_office"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.office_label} ({self.start}–{self.end or 'open'})"

    def held_through(self, first, last) -> bool:
        """Whether the term covers every day from `first` to `last` (open ends count)."""
        return (self.start_date is None or self.start_date <= first) and (
            self.end_date is None or self.end_date >= last
        )

    @property
    def rank(self) -> int:
        """How well the office names the holder's standing: 0 for a head of state."""
        return _OFFICE_RANK.get(self.office_type, len(OFFICE_RANK))

    @property
    def title(self) -> str:
        """The office with its polity, as a reader would name it ("Minister of Foreign
        Affairs, Israel"); an envoy's label already names both states."""
        if not self.jurisdiction or self.jurisdiction.lower() in self.office_label.lower():
            return self.office_label
        return f"{self.office_label}, {self.jurisdiction}"


class ReextractionReport(models.Model):
    """What one re-extraction of an article changed, for the editor who asked for it.

    `changes` holds lists of short descriptions: `people_added`, `people_removed`,
    `claims_added`, `claims_removed`, `claims_changed`, and `kept` (what editors reviewed or
    corrected, which re-extraction never changes).
    """

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="reextraction_reports"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    extractor_version = _extractor_version_field()
    changes = models.JSONField(default=dict, blank=True)
    summary = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "re-extraction report"

    def __str__(self) -> str:
        return f"article {self.article_id}, {self.created_at:%Y-%m-%d %H:%M}: {self.summary}"
