"""Seeds through the real people and country extractors, then the claim extractor."""

from __future__ import annotations

import pytest

from entities.extract.analysis import EXTRACTORS, Extractor, analyse, check_order
from entities.extract.claims import extract_claims
from entities.extract.contradictions import find_contradictions

from .claims_seed_helpers import SEED_REZNIKOV, SEED_ZELENSKY, seed_article

people_mod = pytest.importorskip("entities.extract.people")
countries_mod = pytest.importorskip("entities.extract.countries")


def _run(seed):
    article = seed_article(seed)
    people = people_mod.extract_people(article)
    countries = countries_mod.extract_countries(article, people)
    return extract_claims(article, people, countries)


def test_cohen_and_denial_with_real_extractors():
    z = _run(SEED_ZELENSKY)
    cohen = [c for c in z if "3-6 months" in c.text]
    assert [c.speaker.person for c in cohen] == ["Eli Cohen"]

    r = _run(SEED_REZNIKOV)
    [denial] = [c for c in r if c.stance == "deny"]
    assert (denial.speaker.kind, denial.speaker.country) == ("anonymous", "IL")
    assert any(denial is r[i] or denial is r[j] for i, j, _ in find_contradictions(r))


def test_analyse_runs_the_extractors_in_order():
    article = seed_article(SEED_REZNIKOV)
    people = people_mod.extract_people(article)
    countries = countries_mod.extract_countries(article, people)
    claims = extract_claims(article, people, countries)

    analysis = analyse(article)

    assert [e.name for e in EXTRACTORS] == ["people", "countries", "claims", "contradictions"]
    assert (analysis.people, analysis.countries, analysis.claims) == (people, countries, claims)
    assert analysis.contradictions == find_contradictions(claims)


def test_extractor_order_is_checked():
    claims_first = [EXTRACTORS[2], *EXTRACTORS[:2], EXTRACTORS[3]]
    with pytest.raises(ValueError, match="needs"):
        check_order(claims_first)
    twice = [*EXTRACTORS, Extractor("again", ("text",), "people", people_mod.extract_people)]
    with pytest.raises(ValueError, match="already provided"):
        check_order(twice)
