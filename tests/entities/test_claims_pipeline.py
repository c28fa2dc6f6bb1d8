"""Seeds through the real people and country extractors, then the claim extractor."""

from __future__ import annotations

import pytest

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
