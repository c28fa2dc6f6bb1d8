"""Claims of the two seed articles: the attributions a careful reader finds in them."""

from __future__ import annotations

import pytest

from entities.extract.claims import extract_claims
from entities.extract.contradictions import find_contradictions

from .claims_seed_helpers import SEED_REZNIKOV, SEED_ZELENSKY, hand_people, seed_article

# (location, fragment of the content, speaker kind, speaker country, stance)
EXPECTED = {
    SEED_ZELENSKY: [
        ("headline", "Zelensky seeking Netanyahu visit to Kyiv", "anonymous", "IL", "assert"),
        (
            "body",
            "he would like to see Prime Minister Benjamin Netanyahu",
            "anonymous",
            "IL",
            "assert",
        ),
        ("body", "he reiterated the invitation", "anonymous", "IL", "assert"),
        ("body", "no concrete plans in the works", "anonymous", "IL", "assert"),
        ("body", "Zelensky is not interested in a photo opportunity", "anonymous", "IL", "assert"),
        (
            "body",
            "it would take between 3-6 months for the system to arrive",
            "person",
            "IL",
            "assert",
        ),
        ("body", "it could save countless lives", "group", None, "assert"),
        ("body", "new measures of support", "person", "IL", "assert"),
        ("body", "We support tangible cooperation", "group", "IL", "assert"),
        ("body", "The meeting was conducted in Russian", "anonymous", None, "assert"),
        (
            "body",
            "it needs to maintain a working relationship with Russia",
            "government",
            "IL",
            "assert",
        ),
    ],
    SEED_REZNIKOV: [
        ("headline", "Israeli defense minister rebuffing requests", "government", "UA", "assert"),
        (
            "standfirst",
            "Oleksii Reznikov has been trying to arrange call",
            "anonymous",
            None,
            "assert",
        ),
        ("standfirst", "no official request made", "organization", "IL", "assert"),
        (
            "body",
            "Ukraine has been unable to arrange a phone conversation",
            "anonymous",
            "UA",
            "assert",
        ),
        (
            "body",
            "Reznikov’s aides have been trying to coordinate the call",
            "anonymous",
            "UA",
            "assert",
        ),
        (
            "body",
            "a report last week in the Hebrew daily Israel Hayom",
            "anonymous",
            "UA",
            "assert",
        ),
        ("body", "there have been repeated official requests from Kyiv", "anonymous", "IL", "deny"),
        ("body", "At the beginning of Gallant’s tenure", "anonymous", "IL", "assert"),
        ("body", "Reznikov himself sent a request to Israel", "media", None, "assert"),
        ("body", "including supplying weapons to Kyiv", "media", None, "assert"),
        ("body", "it is in fact on Ukraine’s side", "government", "IL", "assert"),
        (
            "body",
            "assist Ukraine with developing a smart early warning system",
            "person",
            "IL",
            "assert",
        ),
        (
            "body",
            "That system is on track to be deployed in September",
            "anonymous",
            "UA",
            "assert",
        ),
    ],
}


def _claims(seed):
    article = seed_article(seed)
    return article, extract_claims(article, hand_people(article), [])


def _find(claims, location, fragment):
    return [c for c in claims if c.location == location and fragment in c.text]


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_seed_recall_and_precision_at_least_80_percent(seed):
    _, claims = _claims(seed)
    expected = EXPECTED[seed]
    found = [e for e in expected if _find(claims, e[0], e[1])]
    assert len(found) / len(expected) >= 0.8, [e[1] for e in expected if e not in found]
    real = [c for c in claims if any(c.location == e[0] and e[1] in c.text for e in expected)]
    assert len(real) / len(claims) >= 0.8


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_seed_speakers_and_stances(seed):
    _, claims = _claims(seed)
    wrong = []
    for location, fragment, kind, country, stance in EXPECTED[seed]:
        for c in _find(claims, location, fragment):
            got = (
                (c.speaker.kind, c.stance)
                if country is None
                else (c.speaker.kind, c.speaker.country, c.stance)
            )
            want = (kind, stance) if country is None else (kind, country, stance)
            if got != want:
                wrong.append((fragment, got, want))
    assert wrong == []


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_seed_offsets_match_text(seed):
    article, claims = _claims(seed)
    fields = {"headline": article.title, "standfirst": article.standfirst, "body": article.body}
    for c in claims:
        assert fields[c.location][c.start : c.end] == c.text


def test_cohen_claim_is_linked_to_person():
    _, claims = _claims(SEED_ZELENSKY)
    [claim] = _find(claims, "body", "3-6 months")
    assert claim.speaker.person == "Eli Cohen"
    assert claim.cue == "said"


def test_joint_statement_speaker_is_the_two_lawmakers():
    _, claims = _claims(SEED_ZELENSKY)
    [claim] = _find(claims, "body", "We support tangible cooperation")
    assert claim.quote is True
    assert "Elkin" in claim.speaker.label and "Edelstein" in claim.speaker.label
    assert claim.addressee == "Zelensky"


def test_addressee_is_kept_apart():
    _, claims = _claims(SEED_ZELENSKY)
    [claim] = _find(claims, "body", "he would like to see")
    assert claim.addressee == "The Times of Israel"
    assert "Times of Israel" not in claim.text
    assert claim.speaker.label == "an Israeli diplomatic source"


def test_israel_hayom_is_media():
    _, claims = _claims(SEED_REZNIKOV)
    [claim] = _find(claims, "body", "Reznikov himself sent a request")
    assert claim.speaker.label == "Israel Hayom"
    assert claim.cue == "According to"


def test_event_types_of_seed_claims():
    _, claims = _claims(SEED_ZELENSKY)
    [loan] = _find(claims, "body", "loan guarantee")
    assert loan.event_type == "aid"


def test_ukrainian_account_and_israeli_denial_are_linked():
    _, claims = _claims(SEED_REZNIKOV)
    pairs = find_contradictions(claims)
    denial = next(i for i, c in enumerate(claims) if c.stance == "deny")
    ukrainian = {i for i, c in enumerate(claims) if c.speaker.country == "UA"}
    linked = {j if i == denial else i for i, j, _ in pairs if denial in (i, j)}
    assert linked & ukrainian
