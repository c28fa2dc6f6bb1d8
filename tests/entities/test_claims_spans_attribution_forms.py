"""Attribution forms read besides "X said C": "with X saying", relative clauses,
trailing "X added", a parenthesis after the speaker."""

from __future__ import annotations

from entities.extract.claims import extract_claim_details, extract_claims
from entities.extract.types import ArticleText


def body_claims(body):
    return extract_claims(ArticleText(title="", body=body), [], [])


def test_with_named_spokesman_saying():
    body = "The mill cut 200 jobs on Monday, with spokesman Dan Perez saying the cuts were needed."
    [claim] = body_claims(body)
    assert claim.speaker.label == "spokesman Dan Perez"
    assert claim.speaker.kind == "person"
    assert claim.text == "the cuts were needed"
    assert claim.cue == "saying"


def test_with_sources_saying_that():
    body = "Bread prices rose again in March, with analysts saying that flour costs had doubled."
    [claim] = body_claims(body)
    assert claim.speaker.label == "analysts"
    assert claim.text == "flour costs had doubled"


def test_with_participle_after_an_attribution_is_a_second_claim():
    body = "The ministry said the strikes hit depots, with officials adding that no one was hurt."
    claims = body_claims(body)
    assert [(c.speaker.label, c.text) for c in claims] == [
        ("The ministry", "the strikes hit depots"),
        ("officials", "no one was hurt"),
    ]


def test_with_participle_after_a_quotation():
    body = "“We hit only depots,” the ministry said, with officials adding that no one was hurt."
    claims = body_claims(body)
    assert [(c.speaker.label, c.text) for c in claims] == [
        ("the ministry", "We hit only depots"),
        ("officials", "no one was hurt"),
    ]


def test_with_phrase_that_is_no_speaker_gives_no_claim():
    assert body_claims("She closed the speech with a line saying the fight would go on.") == []
    assert body_claims("Talks lasted six hours, with neither side saying when they resume.") == []


def test_relative_clause_with_commas_ends_before_the_main_verb():
    body = "Senator Ruth Abbott, who has said repeatedly that the levy hurts farmers, voted no."
    [detail] = extract_claim_details(ArticleText(title="", body=body), [], [])
    assert detail.claim.speaker.label == "Senator Ruth Abbott"
    assert detail.claim.text == "the levy hurts farmers"
    # The relative pronoun is part of how the speaker is written.
    assert body[detail.speaker_span[0] : detail.speaker_span[1]] == "Senator Ruth Abbott, who"


def test_relative_clause_without_comma():
    body = "The levy was attacked by economists who argue that it would hurt farmers."
    [claim] = body_claims(body)
    assert claim.speaker.label == "economists"
    assert claim.text == "it would hurt farmers"


def test_relative_clause_after_an_inverted_attribution_is_a_second_claim():
    body = (
        "“The levy will hurt farmers,” said Tom Kamin, who stressed that small farms "
        "would suffer most."
    )
    claims = body_claims(body)
    assert [(c.speaker.label, c.cue, c.text) for c in claims] == [
        ("Tom Kamin", "said", "The levy will hurt farmers"),
        ("Tom Kamin", "stressed", "small farms would suffer most"),
    ]


def test_relative_clause_without_a_cue_adds_nothing():
    body = "“The levy will hurt farmers,” said Tom Kamin, who farms near the river."
    assert [c.text for c in body_claims(body)] == ["The levy will hurt farmers"]


def test_trailing_added_with_a_named_speaker():
    body = "The levy will cost small farms dearly, added Maria Lopez, a union organiser."
    [claim] = body_claims(body)
    assert claim.cue == "added"
    assert claim.speaker.label.startswith("Maria Lopez")
    assert claim.text == "The levy will cost small farms dearly"


def test_parenthesis_after_the_speaker_stays_with_the_speaker():
    body = "“Subpoenas are not optional,” Rep. Jane Fox (R-Utah) said after the hearing ended."
    [claim] = body_claims(body)
    assert claim.speaker.label == "Rep. Jane Fox (R-Utah)"
    assert claim.text == "Subpoenas are not optional"


def test_title_before_a_full_name_is_a_person():
    body = "The harbour will reopen next week, spokesman Tom Reed said on Tuesday."
    [claim] = body_claims(body)
    assert claim.speaker.kind == "person"
