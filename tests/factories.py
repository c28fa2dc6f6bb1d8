"""factory_boy factories for the Newsdesk models, plus helpers that compute offsets.

Countries are loaded by a data migration: use `country("UA")`, never a factory, so no
duplicate rows appear. Mentions and claims carry character offsets into a field of their
article; `mention_at` and `claim_at` find the text in the field and fill them in.
"""

from __future__ import annotations

import hashlib
from datetime import date

import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from articles.models import Article, Outlet
from entities.models import Alias, Claim, Contradiction, Country, Mention, Person


def country(iso2: str) -> Country:
    """The pre-loaded country with this code.

    Tests on `transactional_db` flush every table afterwards, data-migration rows
    included; later such tests then get the row back from pycountry, once.
    """
    iso2 = iso2.upper()
    try:
        return Country.objects.get(iso2=iso2)
    except Country.DoesNotExist:
        import pycountry  # noqa: PLC0415 - only for a code missing from the table

        record = pycountry.countries.get(alpha_2=iso2)
        if record is None:
            raise
        name = getattr(record, "common_name", None) or record.name
        return Country.objects.create(
            iso2=iso2,
            iso3=record.alpha_3,
            name=name,
            official_name=getattr(record, "official_name", "") or "",
        )


class OutletFactory(DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Outlet {n}")
    domain = factory.LazyAttribute(lambda o: f"{slugify(o.name)}.example")


class ArticleFactory(DjangoModelFactory):
    """A published article, dated from metadata unless `published=None` is passed."""

    class Meta:
        model = Article

    outlet = factory.SubFactory(OutletFactory)
    title = factory.Sequence(lambda n: f"Article number {n} on talks between two ministers")
    standfirst = "Officials met to discuss aid and a visit."
    byline = factory.LazyFunction(lambda: ["Staff reporter"])
    body = factory.Sequence(
        lambda n: f"Paragraph one of article {n} about diplomacy.\n\nParagraph two of it."
    )
    captions = factory.LazyFunction(list)
    url = factory.Sequence(lambda n: f"https://news.example/articles/{n}")
    canonical_url = factory.LazyAttribute(lambda a: a.url)
    content_hash = factory.LazyAttribute(
        lambda a: hashlib.sha256(f"{a.url}\n{a.title}\n{a.body}".encode()).hexdigest()
    )
    published = date(2023, 2, 22)
    published_source = factory.LazyAttribute(
        lambda a: Article.DateSource.METADATA if a.published else Article.DateSource.NONE
    )
    published_precision = factory.LazyAttribute(
        lambda a: Article.DatePrecision.DAY if a.published else Article.DatePrecision.NONE
    )
    status = Article.Status.PUBLISHED


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Person Number{n}")
    slug = factory.LazyAttribute(lambda p: slugify(p.name))
    role = ""
    country = None
    status = Person.Status.ACTIVE


class AliasFactory(DjangoModelFactory):
    class Meta:
        model = Alias

    person = factory.SubFactory(PersonFactory)
    name = factory.LazyAttribute(lambda a: a.person.name)
    normalized = factory.LazyAttribute(lambda a: a.name.lower())


def _field_text(article: Article, location: str, field_index: int | None) -> str:
    if location == "headline":
        return article.title
    if location == "standfirst":
        return article.standfirst
    if location == "body":
        return article.body
    if location == "caption":
        caption = article.captions[field_index or 0]
        return caption["text"] if isinstance(caption, dict) else caption
    if location == "byline":
        return article.byline[field_index or 0]
    raise ValueError(location)


def _span(article, location, text, occurrence, field_index) -> tuple[int, int]:
    field = _field_text(article, location, field_index)
    start = -1
    for _ in range(occurrence + 1):
        start = field.find(text, start + 1)
        if start < 0:
            raise ValueError(f"{text!r} occurs fewer than {occurrence + 1} times in {location}")
    return start, start + len(text)


class MentionFactory(DjangoModelFactory):
    """Prefer `mention_at`, which computes the offsets from the text."""

    class Meta:
        model = Mention

    article = factory.SubFactory(ArticleFactory)
    person = factory.SubFactory(PersonFactory)
    country = None
    location = "body"
    text = "Paragraph"
    start = 0
    end = factory.LazyAttribute(lambda m: m.start + len(m.text))


def mention_at(article, entity, text, *, location="body", occurrence=0, field_index=None):
    """A mention of a Person or Country where `text` occurs in the article's field."""
    start, end = _span(article, location, text, occurrence, field_index)
    is_person = isinstance(entity, Person)
    return Mention.objects.create(
        article=article,
        person=entity if is_person else None,
        country=None if is_person else entity,
        location=location,
        field_index=field_index,
        start=start,
        end=end,
        text=text,
    )


class ClaimFactory(DjangoModelFactory):
    """Prefer `claim_at`, which computes the offsets from the text."""

    class Meta:
        model = Claim
        skip_postgeneration_save = True

    article = factory.SubFactory(ArticleFactory)
    text = "Paragraph one"
    location = "body"
    start = 0
    end = factory.LazyAttribute(lambda c: c.start + len(c.text))
    speaker_label = "an official"
    speaker_kind = Claim.SpeakerKind.ANONYMOUS
    cue = "said"
    stance = Claim.Stance.ASSERT
    event_type = ""
    confidence = 0.8

    @factory.post_generation
    def subject_people(self, create, people, **kwargs):
        if create and people:
            self.subject_people.set(people)

    @factory.post_generation
    def subject_countries(self, create, countries, **kwargs):
        if create and countries:
            self.subject_countries.set(countries)


def claim_at(article, text, *, occurrence=0, **fields):
    """A claim whose content is `text`, found in the article's body."""
    start, end = _span(article, "body", text, occurrence, None)
    return ClaimFactory(article=article, text=text, start=start, end=end, **fields)


def contradiction(first: Claim, second: Claim, reason: str) -> Contradiction:
    """Stores the pair once, lower id first, as the model requires."""
    low, high = sorted((first, second), key=lambda c: c.pk)
    return Contradiction.objects.create(claim=low, other=high, reason=reason)


# An article page as a news site serves it, for tests that fetch from a local server.
PARAGRAPHS = [
    "The two foreign ministers met in the capital on Monday for talks on trade, energy and "
    "the reopening of border crossings that have been closed for most of the past year.",
    "Officials from both delegations described the meeting as frank and constructive, and "
    "said working groups would continue the discussions over the coming weeks.",
    "A joint statement issued after the talks said both governments remained committed to "
    "a negotiated settlement and to regular consultations at ministerial level.",
]


def article_html(title: str) -> str:
    """A news page with this title, a date in its metadata and three paragraphs."""
    body = "".join(f"<p>{p}</p>" for p in [title + " today.", *PARAGRAPHS])
    return (
        f"<html><head><title>{title}</title>"
        f'<meta property="article:published_time" content="2024-03-05T10:00:00Z"></head>'
        f"<body><nav>Home</nav><article><h1>{title}</h1>{body}</article></body></html>"
    )
