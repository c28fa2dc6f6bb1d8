"""Attribution constructions beyond one "X said C" per sentence."""

from __future__ import annotations

from entities.extract.claims import extract_claim_details, extract_claims
from entities.extract.types import ArticleText


def body_claims(body):
    return extract_claims(ArticleText(title="", body=body), [], [])


def test_coordinated_attributions_give_two_claims():
    body = "The minister said the talks would resume, while the envoy said they had collapsed."
    claims = body_claims(body)
    assert [(c.speaker.label, c.text) for c in claims] == [
        ("The minister", "the talks would resume"),
        ("the envoy", "they had collapsed"),
    ]


def test_nested_attribution_keeps_the_outer_one():
    body = "The minister said the envoy told reporters that the talks had collapsed."
    [claim] = body_claims(body)
    assert claim.speaker.label == "The minister"
    assert claim.text == "the envoy told reporters that the talks had collapsed"


def test_split_quote_in_one_sentence_covers_both_parts():
    body = "“We will not accept this,” the minister said, “and we will say so in Brussels.”"
    [claim] = body_claims(body)
    assert claim.text.startswith("We will not accept this")
    assert claim.text.endswith("we will say so in Brussels")


def test_quote_continued_in_next_sentence_joins_the_claim():
    body = "“We will not accept this,” the minister said. “We will say so in Brussels.”"
    [claim] = body_claims(body)
    assert claim.text.endswith("We will say so in Brussels.”")
    assert body[claim.start : claim.end] == claim.text


def test_colon_introduces_the_next_paragraph():
    body = "The minister said:\n\n“We will not accept new sanctions against our farmers.”"
    [claim] = body_claims(body)
    assert claim.cue == "said"
    assert "new sanctions against our farmers" in claim.text


def test_intent_and_particle_cues():
    wants = body_claims("The senator wants to repeal the trade agreement next year.")
    calls = body_claims("The senator called for a ban on arms exports to the region.")
    assert [c.text for c in wants] == ["to repeal the trade agreement next year"]
    assert [c.cue for c in calls] == ["called for"]
    assert body_claims("The senator wants a new car.") == []


def test_apposition_between_subject_and_cue():
    body = "Smith, who leads the delegation, said the talks had failed again."
    [claim] = body_claims(body)
    assert claim.speaker.label.startswith("Smith")
    assert claim.text == "the talks had failed again"


def test_detail_span_keeps_complementiser_and_quote_marks():
    body = "The minister said that the talks had failed. “It is over for now,” he said."
    details = extract_claim_details(ArticleText(title="", body=body), [], [])
    spans = [body[a:b] for a, b in (d.content_span for d in details)]
    assert spans == ["that the talks had failed", "“It is over for now,”"]
