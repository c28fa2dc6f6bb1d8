"""The seeds through the real pipeline, then the pages a journalist opens: no factories here.

These are the acceptance criteria of the product card, checked on what the extractors and
the pipeline actually produce from the two sample articles.
"""

import csv
import io
import json
import xml.etree.ElementTree as ET
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article
from entities.models import Claim, Contradiction, Person

SAMPLES = Path(__file__).resolve().parent.parent / "articles" / "sample_data"
FIRST_TITLE = "Zelensky seeking Netanyahu visit to Kyiv, Israeli official says"
SECOND_TITLE = (
    "Ukraine claims Israeli defense minister rebuffing requests to speak with counterpart"
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeds():
    call_command("ingest", str(SAMPLES), "--sync", stdout=StringIO(), stderr=StringIO())
    return Article.objects.get(title=FIRST_TITLE), Article.objects.get(title=SECOND_TITLE)


def titles(response) -> set[str]:
    html = response.content.decode()
    return {t for t in (FIRST_TITLE, SECOND_TITLE) if t in html}


def streamed(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_people_resolve_to_one_record_each_with_roles_and_countries(seeds):
    people = {p.slug: p for p in Person.objects.active().select_related("country")}
    assert {
        "volodymyr-zelensky", "benjamin-netanyahu", "eli-cohen", "yuli-edelstein",
        "zeev-elkin", "emmanuel-macron", "olaf-scholz", "oleksii-reznikov", "yoav-gallant",
    } <= set(people)  # fmt: skip
    assert "lazar-berman" not in people  # the byline author is not a person in the news
    assert (people["volodymyr-zelensky"].role, people["volodymyr-zelensky"].country.iso2) == (
        "President",
        "UA",
    )
    assert people["yoav-gallant"].country.iso2 == "IL"
    assert people["olaf-scholz"].country.iso2 == "DE"
    cohen_articles = people["eli-cohen"].mentions.values("article").distinct().count()
    assert cohen_articles == 2


def test_variant_spelling_in_a_caption_is_the_same_person(seeds):
    first, _ = seeds
    zelensky = Person.objects.get(slug="volodymyr-zelensky")
    written = set(first.mentions.filter(person=zelensky).values_list("text", flat=True))
    assert "Volodymr Zelensky" in written  # the caption's misspelling
    assert not Person.objects.filter(name__icontains="Volodymr").exists()


def test_claims_have_typed_speakers_stances_and_the_contradiction(seeds):
    first, second = seeds
    cohen = Claim.objects.get(article=first, speaker_person__slug="eli-cohen", text__contains="3-6")
    assert cohen.speaker_kind == "person"
    denial = Claim.objects.get(article=second, stance="deny")
    assert (denial.speaker_kind, denial.speaker_country.iso2) == ("anonymous", "IL")
    media = Claim.objects.get(article=second, speaker_label__contains="Israel Hayom")
    assert media.speaker_kind == "media"
    anonymous = Claim.objects.filter(article=first, speaker_kind="anonymous")
    assert anonymous.filter(speaker_country__iso2="IL").count() >= 2
    ukrainian = Claim.objects.filter(
        article=second, speaker_kind="anonymous", speaker_country__iso2="UA"
    )
    assert ukrainian.exists()
    assert Contradiction.objects.filter(claim__in=ukrainian, other=denial).exists() or (
        Contradiction.objects.filter(claim=denial, other__in=ukrainian).exists()
    )


def test_article_list_filters(client, seeds):
    assert titles(client.get("/articles/")) == {FIRST_TITLE, SECOND_TITLE}
    assert titles(client.get("/articles/?country=UA&country=IL")) == {FIRST_TITLE, SECOND_TITLE}
    assert titles(client.get("/articles/?person=yoav-gallant")) == {SECOND_TITLE}
    assert titles(client.get("/articles/?q=Netanyahu")) == {FIRST_TITLE}
    assert titles(client.get("/articles/?date_from=2023-02-01&date_to=2023-02-28")) == {FIRST_TITLE}
    assert FIRST_TITLE not in titles(client.get("/articles/?date_from=2023-03-01"))


def test_entity_and_relation_pages(client, seeds):
    cohen = client.get("/people/eli-cohen/").content.decode()
    assert FIRST_TITLE in cohen and SECOND_TITLE in cohen
    assert "3-6 months" in cohen
    zelensky = client.get("/people/volodymyr-zelensky/").content.decode()
    assert "President" in zelensky and "Ukraine" in zelensky
    assert client.get("/countries/ua/").status_code == 200
    relation = client.get("/relations/il-ua/").content.decode()
    assert FIRST_TITLE in relation and SECOND_TITLE in relation
    assert "denied" in relation
    assert client.get("/relations/ua-il/").status_code == 301


def test_claims_by_stance(client, seeds):
    denials = client.get("/claims/?stance=deny").content.decode()
    assert "repeated official requests" in denials
    assert "3-6 months" not in denials
    assertions = client.get("/claims/?stance=assert").content.decode()
    assert "3-6 months" in assertions


def test_detail_pages_link_entities_and_show_the_inferred_date(client, seeds):
    first, second = seeds
    page = client.get(f"/articles/{first.pk}/").content.decode()
    assert 'href="/people/volodymyr-zelensky/"' in page
    assert 'href="/countries/ua/"' in page
    assert "inferred" in page
    assert "Register for free" not in page and "read more:" not in page
    second_page = client.get(f"/articles/{second.pk}/").content.decode()
    assert 'href="/people/yoav-gallant/"' in second_page


def test_feed_and_exports(client, seeds):
    feed = ET.fromstring(streamed(client.get("/articles/feed/")).encode())
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 2
    rows = list(csv.reader(io.StringIO(streamed(client.get("/articles/export.csv?country=UA")))))
    assert len(rows) == 3  # header + 2
    lines = streamed(client.get("/articles/export.jsonl?person=yoav-gallant")).splitlines()
    assert [json.loads(line)["title"] for line in lines] == [SECOND_TITLE]


@pytest.mark.parametrize(
    "url",
    [
        "/", "/articles/", "/articles/?country=UA&country=IL", "/people/eli-cohen/",
        "/countries/ua/", "/relations/il-ua/", "/claims/?stance=deny",
    ],
)  # fmt: skip
def test_pages_stay_within_the_query_budget(client, seeds, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200
