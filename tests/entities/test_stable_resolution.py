"""Re-extracting an article gives the same people whatever else the database holds."""

from __future__ import annotations

from datetime import date

import pytest

from articles.models import Article
from entities.extract.analysis import analyse, article_text
from entities.models import Alias, Person
from entities.resolver import resolve_person
from entities.services import article_analysis_replace

pytestmark = pytest.mark.django_db

BODY = (
    "President Donald Trump said on Tuesday that tariffs would stay. "
    "Trump added that talks with China would go on."
)


def analysed_people(article) -> set[tuple[str, str | None]]:
    doc = analyse(
        article_text(
            title=article.title, body=article.body, standfirst=None, captions=[], byline=[],
            outlet=None, published=date(2018, 5, 1),
        )
    )  # fmt: skip
    article_analysis_replace(article, doc)
    people = Person.objects.filter(mentions__article=article).distinct()
    return set(people.values_list("name", "wikidata_id"))


@pytest.fixture
def article():
    return Article.objects.create(title="Tariffs stay", body=BODY, status="published")


def test_junk_look_alikes_do_not_take_a_known_officeholder(article):
    first = analysed_people(article)
    assert first == {("Donald Trump", "Q22686")}
    for junk in ("Make Trump", "Once Trump", "Trump"):
        person = Person.objects.create(name=junk, slug=junk.lower().replace(" ", "-"))
        Alias.objects.create(person=person, name=junk, normalized=junk.lower())
    assert analysed_people(article) == first


def test_known_officeholder_joins_the_person_already_named_without_an_id(article):
    existing = resolve_person("Donald Trump")
    assert existing.wikidata_id is None
    analysed_people(article)
    existing.refresh_from_db()
    assert existing.wikidata_id == "Q22686"
    assert Person.objects.filter(name="Donald Trump").count() == 1


def test_editor_rejection_still_wins(article):
    analysed_people(article)
    Person.objects.filter(wikidata_id="Q22686").update(status=Person.Status.NOT_A_PERSON)
    assert analysed_people(article) == set()
