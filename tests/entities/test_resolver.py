"""Resolver: one Person per real person across articles, in the real database."""

from __future__ import annotations

import pytest

from entities.models import Alias, Country, Person
from entities.resolver import PersonName, resolve_people, resolve_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def ukraine():
    return Country.objects.get_or_create(iso2="UA", defaults={"name": "Ukraine"})[0]


def test_new_name_creates_person_with_alias_and_slug(ukraine):
    person = resolve_person("Volodymyr Zelensky", role="President", country_iso2="UA")
    assert (person.name, person.slug, person.role, person.country) == (
        "Volodymyr Zelensky", "volodymyr-zelensky", "President", ukraine,
    )  # fmt: skip
    assert list(person.aliases.values_list("normalized", flat=True)) == ["volodymyr zelensky"]


@pytest.mark.parametrize(
    "variant", ["Volodymyr Zelensky", "Volodymyr Zelenskyy", "Volodymr Zelensky", "Zelenskiy"]
)
def test_spelling_variants_resolve_to_the_same_person(variant):
    first = resolve_person("Volodymyr Zelensky")
    assert resolve_person(variant) == first
    assert Person.objects.count() == 1


def test_surname_only_needs_exactly_one_known_person():
    eli = resolve_person("Eli Cohen")
    assert resolve_person("Cohen") == eli
    resolve_person("Yossi Cohen")
    assert resolve_person("Cohen") is None
    assert Person.objects.count() == 2


def test_merged_person_resolves_to_survivor():
    survivor = resolve_person("Yoav Gallant")
    duplicate = Person.objects.create(name="Y. Galant", slug="y-galant")
    Alias.objects.create(person=duplicate, name="Y. Galant", normalized="y galant")
    duplicate.status, duplicate.merged_into = Person.Status.MERGED, survivor
    duplicate.save()
    assert resolve_person("Y. Galant") == survivor


def test_rejected_names_resolve_to_none():
    junk = Person.objects.create(
        name="Hebrew Daily", slug="hebrew-daily", status=Person.Status.NOT_A_PERSON
    )
    Alias.objects.create(person=junk, name="Hebrew Daily", normalized="hebrew daily", rejected=True)
    assert resolve_person("Hebrew Daily") is None
    assert Person.objects.filter(status=Person.Status.ACTIVE).count() == 0


def test_same_name_twice_gives_unique_slugs_only_when_people_differ():
    a = resolve_person("Dan Levi")
    b = Person.objects.create(name="Dan Levi", slug="dan-levi-2")
    assert a.slug == "dan-levi" and b.slug == "dan-levi-2"
    assert resolve_person("Dan Levi") == a


def test_existing_role_is_not_overwritten():
    person = resolve_person("Eli Cohen", role="Foreign Minister")
    again = resolve_person("Eli Cohen", role="Energy Minister")
    assert again == person and again.role == "Foreign Minister"


def test_resolving_an_articles_names_together_gives_what_one_at_a_time_gives():
    eli = resolve_person("Eli Cohen", role="Foreign Minister")
    zelensky = resolve_person("Volodymyr Zelensky")

    people = resolve_people(
        [PersonName("Eli Cohen"), PersonName("Volodymyr Zelenskyy"), PersonName("Dan Levi")]
    )

    assert people[:2] == [eli, zelensky]
    assert people[2].slug == "dan-levi"
    assert Person.objects.count() == 3


def test_names_resolved_together_see_what_the_names_before_them_stored():
    eli = resolve_person("Eli Cohen")
    Alias.objects.create(person=eli, name="Elie Cohen", normalized="elie cohen")

    first, second = resolve_people(
        [
            PersonName("Eli Cohen", role="Foreign Minister"),
            PersonName("Elie Cohen", role="Energy Minister"),
        ]
    )

    assert first == second == eli
    eli.refresh_from_db()
    assert eli.role == "Foreign Minister"


def test_rejected_name_resolved_together_with_others_is_none():
    person = resolve_person("Hebrew Daily")
    Alias.objects.filter(person=person).update(rejected=True)

    assert resolve_people([PersonName("Hebrew Daily"), PersonName("Eli Cohen")])[0] is None
