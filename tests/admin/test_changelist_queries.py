"""Queries per admin changelist: pinned exactly, the same for 1 row and for 30.

Each changelist is measured on a world with one row of its model and again with 30, every row
with its related objects set, so the columns that follow a relation are rendered for each of
them. Both counts must equal the pinned figure: a column that loads its relation row by row
(N+1) shows up as a count that grows with the rows. A failure prints the SQL of both requests.
The list must also show each row's identifying text and the result count, and its search box
must find one row among the 30.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import slugify

from articles.models import (
    DomainThrottle,
    Feed,
    FeedEntry,
    IngestionFailure,
    IngestionRun,
    MinHashBand,
    Outlet,
    RawDocument,
)
from entities.models import Alias, Claim, Country, Person, ReextractionReport
from entities.resolver import normalize_name
from tests.factories import ArticleFactory, claim_at, contradiction, country, mention_at

pytestmark = pytest.mark.django_db

MANY = 30
# The row the search tests look for, among the 30.
SOUGHT = 12

NAMES = [
    "Volodymyr Zelensky",
    "Eli Cohen",
    "Dmytro Kuleba",
    "Isaac Herzog",
    "Benjamin Netanyahu",
    "Yoav Gallant",
    "Denys Shmyhal",
    "Rustem Umerov",
    "Andriy Yermak",
    "Olena Zelenska",
    "Antony Blinken",
    "Lloyd Austin",
    "Jake Sullivan",
    "Olaf Scholz",
    "Annalena Baerbock",
    "Emmanuel Macron",
    "Rishi Sunak",
    "James Cleverly",
    "Recep Erdogan",
    "Hakan Fidan",
    "Abdel Fattah el-Sisi",
    "Sameh Shoukry",
    "Ayman Safadi",
    "Ursula von der Leyen",
    "Josep Borrell",
    "Antonio Guterres",
    "Jens Stoltenberg",
    "Andrzej Duda",
    "Giorgia Meloni",
    "Pedro Sanchez",
]
OUTLETS = [
    "The Times of Israel",
    "Kyiv Independent",
    "Ukrainska Pravda",
    "Haaretz",
    "Jerusalem Post",
    "Ynet News",
    "Reuters",
    "Associated Press",
    "BBC News",
    "The Guardian",
    "Le Monde",
    "Der Spiegel",
    "Gazeta Wyborcza",
    "Hurriyet Daily News",
    "Al-Ahram",
    "Jordan Times",
    "Meduza",
    "Xinhua",
    "NHK World",
    "The Hindu",
    "Folha de S.Paulo",
    "CBC News",
    "ABC News Australia",
    "Corriere della Sera",
    "El Pais",
    "NRC Handelsblad",
    "Le Soir",
    "Dagens Nyheter",
    "NRK",
    "Yle News",
]
CODES = [
    "IL", "UA", "US", "GB", "FR", "DE", "PL", "TR", "EG", "JO", "RU", "CN", "JP", "IN", "BR",
    "CA", "AU", "IT", "ES", "NL", "BE", "SE", "NO", "FI", "DK", "AT", "CH", "GR", "PT", "IE",
]  # fmt: skip
START = datetime(2023, 10, 1, 6, 0, tzinfo=UTC)


def resumes(i: int) -> str:
    """What row i's speaker says: a date no other row's text contains."""
    return f"the talks on air defence would resume on {date(2023, 11, 1) + timedelta(days=i):%d %B}"


# --- Rows, each with its related objects ------------------------------------------------------
# `make_<model>(i)` creates row i of a model and returns it with the texts its changelist row
# shows. Related rows shared by several models (the outlet, the feed) are made once per i.


def domain(i: int) -> str:
    return f"{slugify(OUTLETS[i])}.example"


def make_outlet(i: int):
    outlet, _ = Outlet.objects.get_or_create(
        name=OUTLETS[i], defaults={"domain": domain(i), "country": country(CODES[i])}
    )
    return outlet, [outlet.name, outlet.country.name]


def make_feed(i: int):
    outlet, _ = make_outlet(i)
    feed, _ = Feed.objects.get_or_create(
        url=f"https://{domain(i)}/feed/",
        defaults={
            "title": f"{OUTLETS[i]}: world news",
            "outlet": outlet,
            "last_polled_at": START + timedelta(hours=i),
            "last_status": 503 if i % 2 else 200,
            "last_error": f"HTTP 503 from {domain(i)}" if i % 2 else "",
        },
    )
    return feed, [feed.title, outlet.name]


def make_entry(i: int):
    feed, _ = make_feed(i)
    entry = FeedEntry.objects.create(
        feed=feed,
        guid=f"urn:{domain(i)}:{i}",
        url=f"https://{domain(i)}/2023/10/entry-{i}/",
        title=f"{NAMES[i]} arrives for talks on air defence",
        published=START + timedelta(hours=i),
    )
    return entry, [entry.title, feed.title]


def make_run(i: int):
    run = IngestionRun.objects.create(
        source=f"https://{domain(i)}/feed/",
        kind="feed",
        status=IngestionRun.Status.DONE,
        expected=3,
        new=2,
        failed=1,
        started_at=START + timedelta(hours=i),
        finished_at=START + timedelta(hours=i, minutes=2),
    )
    return run, [run.source, "1 failed"]


def make_raw(i: int, *, failed: bool = False):
    feed, _ = make_feed(i)
    run, _ = make_run(i)
    slug = slugify(f"{NAMES[i]} talks")
    body = "" if failed else f"<p>{NAMES[i]} said the talks would resume.</p>"
    content = f"<html><head><title>{NAMES[i]}</title></head><body>{body}</body></html>".encode()
    raw = RawDocument.objects.create(
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        media_type="text/html",
        source_url=f"https://{domain(i)}/2023/10/{slug}{'-failed' if failed else ''}/",
        http_status=200,
        received_at=START + timedelta(hours=i),
        feed=feed,
        run=run,
        status=RawDocument.Status.FAILED if failed else RawDocument.Status.PARSED,
        error="no article text found" if failed else "",
    )
    return raw, [raw.source_url, str(len(content))]


def make_article(i: int):
    outlet, _ = make_outlet(i)
    raw, _ = make_raw(i)
    place = country(CODES[i]).name
    article = ArticleFactory(
        outlet=outlet,
        raw=raw,
        url=raw.source_url,
        canonical_url=raw.source_url,
        title=f"{NAMES[i]} calls for talks on air defence",
        body=(
            f"{NAMES[i]} said {resumes(i)}.\n\n"
            f"{place} denied that the talks would resume, the ministry said."
        ),
        published=date(2023, 10, 1) + timedelta(days=i),
    )
    return article, [article.title, outlet.name]


def make_failure(i: int):
    """Even rows: an analysis that failed on an article; odd rows: a page that did not parse."""
    if i % 2 == 0:
        article, _ = make_article(i)
        raw, shown = article.raw, article.title
        stage = IngestionFailure.Stage.ANALYSE
        reason = f"extraction timed out on the article about {NAMES[i]}"
    else:
        article = None
        raw, _ = make_raw(i, failed=True)
        stage = IngestionFailure.Stage.PARSE
        reason = f"no article text found at {domain(i)}"
        shown = f"raw #{raw.pk}"
    failure = IngestionFailure.objects.create(
        run=raw.run,
        raw=raw,
        article=article,
        feed=raw.feed,
        source=raw.source_url,
        stage=stage,
        reason=reason,
        created_at=START + timedelta(hours=i),
    )
    return failure, [reason, raw.source_url, shown]


def make_band(i: int):
    article, _ = make_article(i)
    band = MinHashBand.objects.create(article=article, band=i % 16, value=7_000_000_000 + i)
    return band, [str(band.value)]


def make_throttle(i: int):
    throttle = DomainThrottle.objects.create(
        domain=domain(i), next_allowed_at=START + timedelta(seconds=i)
    )
    return throttle, [throttle.domain]


def make_country(i: int):
    """Countries come preloaded: the test empties the table first, and this puts row i back."""
    row = country(CODES[i])
    return row, [row.name, row.iso3]


def make_person(i: int, *, alias: bool = True) -> Person:
    name = NAMES[i]
    person = Person.objects.create(
        name=name, slug=slugify(name), role="Minister", country=country(CODES[i])
    )
    if alias:
        Alias.objects.create(person=person, name=name, normalized=normalize_name(name))
    return person


def make_people_row(i: int):
    """A person named and quoted in an article; every fifth one merged into the one before."""
    person = make_person(i)
    article, _ = make_article(i)
    mention_at(article, person, NAMES[i])
    claim_at(
        article,
        resumes(i),
        speaker_label=NAMES[i],
        speaker_kind=Claim.SpeakerKind.PERSON,
        speaker_person=person,
        speaker_country=person.country,
    )
    shown = [person.name, person.country.name]
    if i % 5 == 4:
        target = Person.objects.get(slug=slugify(NAMES[i - 1]))
        person.status, person.merged_into = Person.Status.MERGED, target
        person.save(update_fields=["status", "merged_into"])
    return person, shown


def make_alias(i: int):
    """The surname alone: the way the resolver meets a name it already knows."""
    person = make_person(i, alias=False)
    surname = NAMES[i].split()[-1]
    alias = Alias.objects.create(person=person, name=surname, normalized=normalize_name(surname))
    return alias, [alias.name, person.name]


def make_mention(i: int):
    """Even rows name a person, odd rows a country."""
    article, _ = make_article(i)
    if i % 2 == 0:
        mention = mention_at(article, make_person(i), NAMES[i])
    else:
        place = country(CODES[i])
        mention = mention_at(article, place, place.name)
    return mention, [mention.text, article.title]


def make_claim(i: int):
    """Every third claim is anonymous; the others are a named person's."""
    article, _ = make_article(i)
    anonymous = i % 3 == 2
    speaker = None if anonymous else make_person(i)
    claim = claim_at(
        article,
        resumes(i),
        speaker_label="an official" if anonymous else NAMES[i],
        speaker_kind=Claim.SpeakerKind.ANONYMOUS if anonymous else Claim.SpeakerKind.PERSON,
        speaker_person=speaker,
        speaker_country=country(CODES[i]),
        event_type=Claim.EventType.CONSULT,
        subject_countries=[country("UA")],
    )
    return claim, [claim.text, claim.speaker_label, article.title]


def make_contradiction(i: int):
    article, _ = make_article(i)
    person = make_person(i)
    said = claim_at(
        article,
        resumes(i),
        speaker_label=NAMES[i],
        speaker_kind=Claim.SpeakerKind.PERSON,
        speaker_person=person,
        event_type=Claim.EventType.CONSULT,
    )
    denied = claim_at(
        article,
        "the talks would resume",
        speaker_label="the ministry",
        speaker_kind=Claim.SpeakerKind.GOVERNMENT,
        speaker_country=country(CODES[i]),
        stance=Claim.Stance.DENY,
        event_type=Claim.EventType.CONSULT,
    )
    pair = contradiction(said, denied, f"{NAMES[i]} expects talks; the ministry denies it")
    return pair, [pair.reason, said.text, "the ministry said: the talks would resume"]


def make_report(i: int):
    article, _ = make_article(i)
    report = ReextractionReport.objects.create(
        article=article,
        changes={"people_added": [NAMES[i]], "counts": {"people_added": 1}},
        summary=f"1 people added ({NAMES[i]})",
    )
    return report, [report.summary, article.title]


# --- The changelists --------------------------------------------------------------------------


@dataclass(frozen=True)
class Changelist:
    name: str  # admin URL name prefix: app_model
    make: Callable[[int], tuple[Model, list[str]]]
    queries: int
    expected: str  # the queries, named
    search: Callable[[Model], str] | None  # what an editor types to find a row


# Every request opens with the session and the user; "count" is the paginator's (capped for
# the big tables, which never count the whole table), "total" the unfiltered count shown
# beside a search (the big tables skip it). A filter on a foreign key, or on a text field
# without choices, lists its values; a date hierarchy reads the dates' range, then the dates
# at the level it shows.
CHANGELISTS = [
    Changelist(
        "articles_outlet",
        make_outlet,
        5,
        "session; user; count; total; rows with their country",
        lambda outlet: outlet.name,
    ),
    Changelist(
        "articles_feed",
        make_feed,
        6,
        "session; user; outlets for the filter; count; total; rows with their outlet",
        lambda feed: feed.url,
    ),
    Changelist(
        "articles_feedentry",
        make_entry,
        4,
        "session; user; capped count; rows with their feed",
        lambda entry: entry.title,
    ),
    Changelist(
        "articles_ingestionrun",
        make_run,
        # A big table now (one run per feed poll): a capped count and no total, one query less.
        7,
        "session; user; capped count; rows; date range; dates; kinds for the filter",
        lambda run: run.source,
    ),
    Changelist(
        "articles_ingestionfailure",
        make_failure,
        # A big table now: a capped count and no total, one query less.
        7,
        "session; user; capped count; rows with their article's title; date range; dates; "
        "run kinds for the filter",
        lambda failure: failure.reason,
    ),
    Changelist(
        "articles_rawdocument",
        make_raw,
        4,
        "session; user; capped count; rows with their size (not their bytes)",
        lambda raw: raw.source_url,
    ),
    Changelist(
        "articles_article",
        make_article,
        7,
        "session; user; outlets for the filter; capped count; rows with their outlet; "
        "date range; dates",
        lambda _article: NAMES[SOUGHT],
    ),
    Changelist(
        "articles_minhashband",
        make_band,
        4,
        "session; user; capped count; rows",
        None,
    ),
    Changelist(
        "articles_domainthrottle",
        make_throttle,
        5,
        "session; user; count; total; rows",
        lambda throttle: throttle.domain,
    ),
    Changelist(
        "entities_country",
        make_country,
        5,
        "session; user; count; total; rows",
        lambda row: row.name,
    ),
    Changelist(
        "entities_person",
        make_people_row,
        # People grow with the corpus: a capped count and no total since the editors' desk.
        5,
        "session; user; countries for the filter; capped count; "
        "rows with their country, merge target and mention and claim counts",
        lambda person: person.name,
    ),
    Changelist(
        "entities_alias",
        make_alias,
        # Aliases grow with the corpus: a capped count and no total since the editors' desk.
        4,
        "session; user; capped count; rows with their person",
        lambda alias: alias.name,
    ),
    Changelist(
        "entities_mention",
        make_mention,
        4,
        "session; user; capped count; rows with their person or country and article title",
        lambda mention: mention.text,
    ),
    Changelist(
        "entities_claim",
        make_claim,
        5,
        "session; user; countries for the speaker filter; capped count; "
        "rows with their speaker and article title",
        lambda claim: claim.text,
    ),
    Changelist(
        "entities_contradiction",
        make_contradiction,
        5,
        "session; user; count; total; rows with both claims",
        lambda pair: pair.reason,
    ),
    Changelist(
        "entities_reextractionreport",
        make_report,
        5,
        "session; user; extractor versions for the filter; capped count; "
        "rows with their article's title",
        lambda report: report.summary,
    ),
]


def prepare(case: Changelist) -> str:
    """The changelist's URL, on a table holding only the rows the test makes."""
    if case.make is make_country:
        # Loaded by a migration; `country()` puts back the ones the test asks for.
        Country.objects.all().delete()
    return reverse(f"admin:{case.name}_changelist")


def get(client, url: str, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return response, [q["sql"] for q in queries.captured_queries]


def listing(sql: list[str]) -> str:
    return "\n".join(f"  {n}. {statement}" for n, statement in enumerate(sql, 1))


def result_count_line(response, count: int) -> str:
    """The paginator's line under the list, e.g. "30 articles"."""
    opts = response.context["cl"].opts
    noun = opts.verbose_name if count == 1 else opts.verbose_name_plural
    return f"{count} {noun}"


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def assert_shows(response, made: list[tuple[Model, list[str]]]) -> None:
    page = text_of(response)
    assert {row.pk for row in response.context["cl"].result_list} == {row.pk for row, _ in made}
    for row, texts in made:
        for text in texts:
            assert escape(text) in page, f"row {row.pk}: {text!r} is not on the page"
    assert result_count_line(response, len(made)) in page


@pytest.mark.parametrize("case", CHANGELISTS, ids=[c.name for c in CHANGELISTS])
def test_changelist_queries_are_pinned_and_constant(editor, case):
    url = prepare(case)
    made = [case.make(0)]
    response_one, one = get(editor, url)
    made += [case.make(i) for i in range(1, MANY)]
    response_many, many = get(editor, url)

    assert len(one) == len(many) == case.queries, (
        f"{url}: {len(one)} queries with 1 row, {len(many)} with {MANY}; pinned "
        f"{case.queries} ({case.expected})\n"
        f"with 1 row:\n{listing(one)}\nwith {MANY} rows:\n{listing(many)}"
    )
    assert_shows(response_one, made[:1])
    assert_shows(response_many, made)


SEARCHABLE = [c for c in CHANGELISTS if c.search is not None]


@pytest.mark.parametrize("case", SEARCHABLE, ids=[c.name for c in SEARCHABLE])
def test_search_box_finds_the_row(editor, case):
    url = prepare(case)
    made = [case.make(i) for i in range(MANY)]
    row, texts = made[SOUGHT]

    response, _ = get(editor, url, q=case.search(row))

    assert [r.pk for r in response.context["cl"].result_list] == [row.pk]
    page = text_of(response)
    assert "1 result (" in page
    for text in texts:
        assert escape(text) in page
    others = [t for r, ts in made if r.pk != row.pk for t in ts[:1]]
    assert not [t for t in others if escape(t) in page]
