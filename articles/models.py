"""What was published: outlets, feeds, the raw bytes received, and the articles made from them."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from newsdesk.common.history import EditorHistory


class Outlet(models.Model):
    name = models.CharField(max_length=200, unique=True)
    domain = models.CharField(max_length=253, blank=True, db_index=True)
    country = models.ForeignKey(
        "entities.Country", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = EditorHistory()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Feed(models.Model):
    """An RSS or Atom feed polled by beat when due."""

    url = models.URLField(max_length=2000, unique=True)
    title = models.CharField(max_length=300, blank=True)
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL)
    active = models.BooleanField(default=True)
    interval_minutes = models.PositiveIntegerField(default=30)
    # Conditional GET state, sent back on the next poll.
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    next_poll_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    # The poll's own bookkeeping changes on every poll: only what an editor sets is kept.
    history = EditorHistory(
        excluded_fields=[
            "etag", "last_modified", "last_polled_at", "next_poll_at", "last_status", "last_error"
        ]
    )  # fmt: skip

    class Meta:
        ordering = ["url"]
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_minutes__gte=1), name="feed_interval_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class FeedEntry(models.Model):
    """One entry seen in a feed, keyed by its GUID so it is fetched once."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="entries")
    guid = models.CharField(max_length=2000)
    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=1000, blank=True)
    published = models.DateTimeField(null=True, blank=True)
    first_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "feed entries"
        constraints = [
            models.UniqueConstraint(fields=["feed", "guid"], name="feedentry_unique_guid"),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class IngestionRun(models.Model):
    """One call of `ingest`, one feed poll or one admin action, with its counts."""

    class Status(models.TextChoices):
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    source = models.TextField(help_text="what was asked for: paths, URLs or a feed")
    kind = models.CharField(max_length=20, default="manual")
    status = models.CharField(max_length=10, choices=Status, default=Status.RUNNING)
    expected = models.PositiveIntegerField(default=0)
    new = models.PositiveIntegerField(default=0)
    duplicate = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text="why the run was closed as failed")

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["running", "done", "failed"]),
                name="ingestionrun_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.started_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def processed(self) -> int:
        return self.new + self.duplicate + self.failed


class RawDocument(models.Model):
    """The exact bytes received or read, kept forever and stored before any parsing."""

    class Status(models.TextChoices):
        PENDING = "pending"
        PARSED = "parsed"
        DUPLICATE = "duplicate"
        FAILED = "failed"

    content = models.BinaryField()
    sha256 = models.CharField(max_length=64, unique=True)
    media_type = models.CharField(max_length=100, blank=True)
    source_url = models.URLField(max_length=2000, blank=True)
    final_url = models.URLField(max_length=2000, blank=True)
    source_path = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    feed = models.ForeignKey(Feed, null=True, blank=True, on_delete=models.SET_NULL)
    run = models.ForeignKey(IngestionRun, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    error = models.TextField(blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    # Counted before the work, in a commit of its own, so a start whose worker dies still
    # counts: a document that kills its worker every time is quarantined, not retried forever.
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="how many times processing started on it"
    )
    attempted_at = models.DateTimeField(
        null=True, blank=True, help_text="when processing last started or was last sent again"
    )

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "parsed", "duplicate", "failed"]),
                name="rawdocument_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "received_at"], name="raw_status_received")]

    def __str__(self) -> str:
        return self.source_url or self.source_path or self.sha256[:12]

    @property
    def source(self) -> str:
        return self.final_url or self.source_url or self.source_path


class ArticleQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(status=Article.Status.PUBLISHED)


class Article(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published"
        HIDDEN = "hidden"

    class DateSource(models.TextChoices):
        METADATA = "metadata"
        URL = "url"
        INFERRED = "inferred"
        EDITOR = "editor"
        NONE = "none"

    class DatePrecision(models.TextChoices):
        DAY = "day"
        MONTH = "month"
        YEAR = "year"
        NONE = "none"

    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL)
    raw = models.ForeignKey(
        RawDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    url = models.URLField(max_length=2000, blank=True)
    canonical_url = models.URLField(max_length=2000, blank=True)
    content_hash = models.CharField(max_length=64, unique=True)
    minhash = models.JSONField(default=list, blank=True)
    near_duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="near_copies"
    )
    title = models.TextField()
    standfirst = models.TextField(blank=True)
    byline = models.JSONField(default=list, blank=True)
    body = models.TextField()
    # [{"text": ..., "credit": ..., "archive": bool}]; archive: an archive ("File") photo
    captions = models.JSONField(default=list, blank=True)
    # Agencies or reporters credited in a line such as "Reuters contributed to this report."
    contributors = models.JSONField(default=list, blank=True)
    # Licence and attribution of the text, when its source gives one; shown on its page.
    rights = models.CharField(max_length=1000, blank=True)
    language = models.CharField(max_length=10, blank=True)
    published = models.DateField(null=True, blank=True)
    published_source = models.CharField(max_length=10, choices=DateSource, default=DateSource.NONE)
    published_precision = models.CharField(
        max_length=5, choices=DatePrecision, default=DatePrecision.NONE
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PUBLISHED)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    analysed_at = models.DateTimeField(null=True, blank=True)
    # Kept by the sweeper: an article left unanalysed with no recorded failure has its
    # analysis sent again, a bounded number of times.
    analysis_resent = models.PositiveSmallIntegerField(default=0)
    analysis_resent_at = models.DateTimeField(null=True, blank=True)
    # Fields an editor corrected: no later parse or extraction may change them.
    editor_fields = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config="english")
        + SearchVector("standfirst", weight="B", config="english")
        + SearchVector("body", weight="C", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ArticleQuerySet.as_manager()
    # What editors change; the body, derived columns and pipeline bookkeeping are not copied.
    history = EditorHistory(
        excluded_fields=[
            "body", "captions", "contributors", "minhash", "search_vector", "analysed_at",
            "analysis_resent", "analysis_resent_at", "updated_at",
        ]
    )  # fmt: skip

    class Meta:
        ordering = [F("published").desc(nulls_last=True), "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["canonical_url"],
                condition=~Q(canonical_url=""),
                name="article_unique_canonical_url",
            ),
            models.CheckConstraint(
                condition=Q(published_source__in=["metadata", "url", "inferred", "editor", "none"]),
                name="article_published_source_valid",
            ),
            models.CheckConstraint(
                condition=Q(published_precision__in=["day", "month", "year", "none"]),
                name="article_published_precision_valid",
            ),
            # A date and its provenance go together: no date without a source, no source
            # without a date.
            models.CheckConstraint(
                condition=(
                    Q(published__isnull=True, published_source="none")
                    | (Q(published__isnull=False) & ~Q(published_source="none"))
                ),
                name="article_published_has_source",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["published", "hidden"]), name="article_status_valid"
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="article_search_gin"),
            # The list order: newest first, undated last (DESC puts NULLs first by default).
            models.Index(
                F("published").desc(nulls_last=True), F("id").desc(), name="article_published_desc"
            ),
            # The same order over published articles only: lists, their capped counts and
            # timeline windows read it without visiting the table.
            models.Index(
                F("published").desc(nulls_last=True),
                F("id").desc(),
                condition=Q(status="published"),
                name="article_visible_order",
            ),
            models.Index(fields=["outlet", "-published"], name="article_outlet_published"),
            models.Index(fields=["-created_at"], name="article_created_desc"),
            # The sweeper's look for articles left unanalysed, every minute: a few rows, not a
            # scan of the table.
            models.Index(
                fields=["created_at"],
                condition=Q(analysed_at__isnull=True),
                name="article_unanalysed",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", args=[self.pk])

    @property
    def source_link(self) -> str:
        return self.canonical_url or self.url


class IngestionFailure(models.Model):
    """Bad input or a failed stage: what, where, why. Shown to editors; never retried blindly."""

    class Stage(models.TextChoices):
        READ = "read"
        FETCH = "fetch"
        FEED = "feed"
        PARSE = "parse"
        ANALYSE = "analyse"

    run = models.ForeignKey(
        IngestionRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="failures"
    )
    raw = models.ForeignKey(
        RawDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="failures"
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="failures"
    )
    feed = models.ForeignKey(Feed, null=True, blank=True, on_delete=models.SET_NULL)
    source = models.TextField()
    stage = models.CharField(max_length=10, choices=Stage)
    reason = models.TextField()
    detail = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage__in=["read", "fetch", "feed", "parse", "analyse"]),
                name="ingestionfailure_stage_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stage}: {self.reason[:80]}"


class MinHashBand(models.Model):
    """Locality-sensitive hashing bands of an article's MinHash signature.

    Articles sharing any band are near-duplicate candidates; the candidates' full signatures
    are then compared. This keeps the check an index lookup however many articles exist.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bands")
    band = models.PositiveSmallIntegerField()
    value = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "band"], name="minhashband_unique"),
        ]
        # The article id last: each (band, value) is read in article order, so the earliest
        # candidates come first however many copies of a story share the band.
        indexes = [
            models.Index(fields=["band", "value", "article"], name="minhashband_lookup_article")
        ]

    def __str__(self) -> str:
        return f"article {self.article_id} band {self.band}"


class DomainThrottle(models.Model):
    """When a domain may next be fetched: politeness shared by every worker on every host."""

    domain = models.CharField(max_length=253, primary_key=True)
    next_allowed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.domain
