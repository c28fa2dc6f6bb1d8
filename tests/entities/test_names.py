"""Name normalisation and cross-article matching."""

from __future__ import annotations

import pytest

from entities.extract.names import (
    IN_ARTICLE,
    best_match,
    normalize_name,
    normalize_names,
    same_person,
    same_person_words,
)


def test_normalize_name():
    assert normalize_name("Ze’ev Elkin’s") == "zeev elkin"
    assert normalize_name("Mr. Volodymyr  Zelenskyy") == "volodymyr zelenskyy"
    assert normalize_name("Recep Tayyip Erdoğan") == "recep tayyip erdogan"


@pytest.mark.parametrize(
    "variant",
    ["Volodymyr Zelenskyy", "Volodymyr Zelenskiy", "Volodymr Zelensky", "Zelensky", "V. Zelensky"],
)
def test_spelling_variants_match(variant):
    assert same_person("Volodymyr Zelensky", variant)


@pytest.mark.parametrize(
    "other", ["Yossi Cohen", "Benny Gantz", "Oleksii Reznikov", "Volodymyr Groysman"]
)
def test_different_people_do_not_match(other):
    assert not same_person("Eli Cohen", other) or other == "Eli Cohen"
    assert not same_person("Volodymyr Zelensky", other)


def test_best_match_surname_only_needs_a_unique_candidate():
    people = {1: ["Eli Cohen"], 2: ["Yossi Cohen"], 3: ["Yoav Gallant"]}
    assert best_match("Gallant", people) == 3
    assert best_match("Cohen", people) is None
    assert best_match("Eli Cohen", people) == 1
    assert best_match("Someone Else", people) is None


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Oleksii Reznikov", "Oleksiy Reznikov", True),  # a given name spelt a little differently
        ("Jo Smith", "John Smith", True),  # two letters count as an initial
        ("Eli Cohen", "Yossi Cohen", False),
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy", False),  # one article, one surname spelling
        ("Oleksii Reznikov", "Aleksii Reznikov", False),  # given names must share an initial
    ],
)
def test_in_article_rule(a, b, expected):
    assert same_person_words(a.split(), b.split(), IN_ARTICLE) is expected


def test_across_articles_rule_is_the_default():
    assert same_person("Volodymyr Zelensky", "Volodymyr Zelenskyy")
    assert not same_person("Volodymyr Zelensky", "Volodymyr Zelenskyy", IN_ARTICLE)


def test_normalize_names_equals_one_at_a_time():
    names = ["Ze’ev Elkin's", "Dr. José Ramos-Horta", "  Mr  Trump ", "Stéphane Séjourné", "mr"]
    assert normalize_names(names) == [normalize_name(n) for n in names]
