"""Personas and a small newsroom of rows for the admin tests (plain ORM, real database)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from articles.models import (
    Article,
    DomainThrottle,
    Feed,
    FeedEntry,
    IngestionFailure,
    IngestionRun,
    MinHashBand,
    Outlet,
    RawDocument,
)
from entities.models import Alias, Claim, Contradiction, Country, Mention, Person
from entities.resolver import normalize_name
from entities.roles import EDITORS, RESEARCHERS


@pytest.fixture
def editor(db) -> Client:
    """An editor: staff with every admin permission, logged in."""
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def anonymous(db) -> Client:
    return Client()


def staff_in(group_name: str, username: str):
    """A staff user in one of the newsroom's groups (made by the roles migration)."""
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def desk_editor_user(db):
    return staff_in(EDITORS, "desk-editor")


@pytest.fixture
def desk_editor(desk_editor_user) -> Client:
    """An editor as a newsroom has them: staff in the Editors group, not a superuser."""
    client = Client()
    client.force_login(desk_editor_user)
    return client


@pytest.fixture
def researcher(db) -> Client:
    """A researcher: staff in the Researchers group (view permissions only)."""
    client = Client()
    client.force_login(staff_in(RESEARCHERS, "researcher"))
    return client


@dataclass
class Newsroom:
    israel: Country
    ukraine: Country
    outlet: Outlet
    feed: Feed
    entry: FeedEntry
    run: IngestionRun
    raw: RawDocument
    failed_raw: RawDocument
    article: Article
    failure: IngestionFailure
    zelensky: Person
    alias: Alias
    mention: Mention
    claim: Claim
    denial: Claim
    contradiction: Contradiction
    band: MinHashBand
    throttle: DomainThrottle


def make_person(name: str, slug: str, **fields) -> Person:
    """A person with an alias of its own name, as the resolver would create it."""
    person = Person.objects.create(name=name, slug=slug, **fields)
    Alias.objects.create(person=person, name=name, normalized=normalize_name(name))
    return person


def make_claim(article: Article, start: int, **fields) -> Claim:
    defaults = {
        "text": "Israel will not send Patriot systems",
        "start": start,
        "end": start + 30,
        "speaker_label": "an Israeli official",
        "speaker_kind": Claim.SpeakerKind.ANONYMOUS,
        "cue": "said",
    }
    return Claim.objects.create(article=article, **(defaults | fields))


@pytest.fixture
def newsroom(db) -> Newsroom:
    israel = Country.objects.get(iso2="IL")
    ukraine = Country.objects.get(iso2="UA")
    outlet = Outlet.objects.create(name="The Times of Israel", domain="timesofisrael.com")
    feed = Feed.objects.create(url="https://www.timesofisrael.com/feed/", outlet=outlet)
    entry = FeedEntry.objects.create(
        feed=feed, guid="g1", url="https://www.timesofisrael.com/a/", title="Zelensky visit"
    )
    run = IngestionRun.objects.create(source="feed 1", kind="feed", expected=2, new=1, failed=1)
    raw = RawDocument.objects.create(
        content=b"<html><body><script>alert(1)</script>Zelensky</body></html>",
        sha256="a" * 64,
        media_type="text/html",
        source_url="https://www.timesofisrael.com/a/",
        status=RawDocument.Status.PARSED,
        run=run,
        feed=feed,
    )
    failed_raw = RawDocument.objects.create(
        content=b"\xff\xfe not text",
        sha256="b" * 64,
        media_type="text/html",
        source_url="https://www.timesofisrael.com/b/",
        status=RawDocument.Status.FAILED,
        error="no article text found",
        run=run,
    )
    article = Article.objects.create(
        raw=raw,
        outlet=outlet,
        url="https://www.timesofisrael.com/a/",
        content_hash="c" * 64,
        title="Zelensky asks Israel for air defense",
        body="Ukrainian President Volodymyr Zelensky asked Israel for Patriot systems.",
        published=datetime.date(2023, 10, 4),
        published_source=Article.DateSource.INFERRED,
        published_precision=Article.DatePrecision.DAY,
    )
    failure = IngestionFailure.objects.create(
        run=run, raw=failed_raw, source=failed_raw.source_url, stage="parse",
        reason="no article text found",
    )  # fmt: skip
    zelensky = make_person(
        "Volodymyr Zelensky", "volodymyr-zelensky", role="President", country=ukraine
    )
    alias = zelensky.aliases.get()
    mention = Mention.objects.create(
        article=article, person=zelensky, location="body", start=21, end=39,
        text="Volodymyr Zelensky",
    )  # fmt: skip
    claim = make_claim(article, 0, speaker_person=zelensky, speaker_kind="person",
                       speaker_label="Zelensky", speaker_country=ukraine, confidence=0.4,
                       event_type="request")  # fmt: skip
    claim.subject_countries.add(israel)
    denial = make_claim(article, 40, stance="deny", speaker_country=israel, confidence=0.9)
    contradiction = Contradiction.objects.create(claim=claim, other=denial, reason="deny vs assert")
    band = MinHashBand.objects.create(article=article, band=0, value=42)
    throttle = DomainThrottle.objects.create(domain="timesofisrael.com")
    return Newsroom(
        israel, ukraine, outlet, feed, entry, run, raw, failed_raw, article, failure, zelensky,
        alias, mention, claim, denial, contradiction, band, throttle,
    )  # fmt: skip
