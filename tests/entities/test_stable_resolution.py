"""Re-extracting an article gives the same people whatever else the database holds."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils.text import slugify

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


# People the knowledge base does not know: a trade negotiator introduced in full in one
# article and named by surname alone in the next.
INTRODUCED = (
    "Trade negotiator Marisol Okonkwo said on Monday that the talks would resume. "
    "Okonkwo added that both sides wanted a deal."
)
SURNAME_ONLY = "Ms Okonkwo told reporters that a deal was close."


def people_of(title: str, body: str, article=None) -> tuple[Article, set[str]]:
    if article is None:
        article = Article.objects.create(
            title=title, body=body, status="published", content_hash=title
        )
    analysed_people(article)
    return article, set(
        Person.objects.filter(mentions__article=article).values_list("name", flat=True)
    )


def add_look_alikes(surname: str) -> None:
    for given in ("Make", "Once", "Questioning"):
        name = f"{given} {surname}"
        person = Person.objects.create(name=name, slug=slugify(name))
        Alias.objects.create(person=person, name=name, normalized=name.lower())
    lone = Person.objects.create(name=surname, slug=slugify(surname) + "-lone")
    Alias.objects.create(person=lone, name=surname, normalized=surname.lower())


def test_look_alikes_do_not_take_a_surname_away_on_reanalysis():
    _, first = people_of("Talks resume", INTRODUCED)
    assert first == {"Marisol Okonkwo"}
    later, named = people_of("A deal is close", SURNAME_ONLY)
    assert named == {"Marisol Okonkwo"}

    add_look_alikes("Okonkwo")

    assert people_of("", "", later)[1] == {"Marisol Okonkwo"}


def test_an_editors_merge_is_followed_on_reanalysis():
    people_of("Talks resume", INTRODUCED)
    later, _ = people_of("A deal is close", SURNAME_ONLY)
    original = Person.objects.get(name="Marisol Okonkwo")
    survivor = Person.objects.create(name="Marisol A. Okonkwo", slug="marisol-a-okonkwo")
    Person.objects.filter(pk=original.pk).update(status=Person.Status.MERGED, merged_into=survivor)
    add_look_alikes("Okonkwo")

    assert people_of("", "", later)[1] == {"Marisol A. Okonkwo"}


def test_an_editors_rejection_wins_over_the_earlier_analysis():
    people_of("Talks resume", INTRODUCED)
    later, _ = people_of("A deal is close", SURNAME_ONLY)
    Person.objects.filter(name="Marisol Okonkwo").update(status=Person.Status.NOT_A_PERSON)

    assert people_of("", "", later)[1] == set()
