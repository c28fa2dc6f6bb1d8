"""Name normalisation and cross-article matching."""

from __future__ import annotations

import pytest

from entities.extract.names import best_match, normalize_name, same_person


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
