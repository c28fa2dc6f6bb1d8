"""Claim extraction on small constructed sentences: each attribution form in isolation."""

from __future__ import annotations

import re

import pytest

from entities.extract.claims import extract_claims
from entities.extract.types import ArticleText, PersonResult, Span


def person(name: str, country: str | None, text: str, location: str = "body") -> PersonResult:
    spans = []
    for form in {name, name.split()[-1]}:
        for m in re.finditer(re.escape(form), text):
            if not any(s.start <= m.start() < s.end for s in spans):
                spans.append(Span(m.start(), m.end(), location, form))
    return PersonResult(
        name=name, country=country, mentions=spans, surface_forms=[name, name.split()[-1]]
    )


def body_claims(body: str, people=(), outlet=None):
    return extract_claims(ArticleText(title="", body=body, outlet=outlet), list(people), [])


def test_offsets_index_the_field():
    body = "Intro line here.\n\nThe minister said that talks with Egypt would resume soon."
    [claim] = body_claims(body)
    assert body[claim.start : claim.end] == claim.text
    assert claim.text == "talks with Egypt would resume soon"
    assert claim.cue == "said"


def test_trailing_attribution_with_addressee_and_time():
    body = (
        "The talks collapsed over the border issue, an Egyptian diplomatic source told "
        "Reuters on Monday."
    )
    [claim] = body_claims(body)
    assert claim.text == "The talks collapsed over the border issue"
    assert claim.speaker.label == "an Egyptian diplomatic source"
    assert claim.speaker.kind == "anonymous"
    assert claim.speaker.country == "EG"
    assert claim.addressee == "Reuters"
    assert claim.cue == "told"


def test_told_outlet_that_keeps_addressee_out_of_content():
    body = "A Turkish official told The Daily Gazette on Friday that the deal was off."
    [claim] = body_claims(body)
    assert claim.text == "the deal was off"
    assert claim.addressee == "The Daily Gazette"
    assert claim.speaker.country == "TR"


def test_direct_quote_then_pronoun_resolves_to_previous_person():
    body = (
        "Prime Minister Anna Berg said the summit went well. "
        "“We will not accept new sanctions,” she said."
    )
    berg = person("Anna Berg", "SE", body)
    claims = body_claims(body, [berg])
    assert len(claims) == 2
    quote = claims[1]
    assert quote.quote is True
    assert quote.text == "We will not accept new sanctions"
    assert quote.speaker.kind == "person"
    assert quote.speaker.person == "Anna Berg"


def test_inverted_trailing_said_the_official():
    body = (
        "An Iraqi official said the border would reopen. The crossing had been shut for "
        "a week after the clashes, said the official."
    )
    claims = body_claims(body)
    assert claims[1].text == "The crossing had been shut for a week after the clashes"
    assert claims[1].speaker.label == "the official"
    # coreference: "the official" is the Iraqi official introduced before
    assert claims[1].speaker.country == "IQ"


def test_according_to_both_orders():
    claims = body_claims(
        "According to the newspaper Al Watan, the envoy left Damascus. "
        "The envoy was recalled over the remarks, according to reports."
    )
    assert [c.cue for c in claims] == ["According to", "according to"]
    assert claims[0].speaker.kind == "media"
    assert claims[0].text == "the envoy left Damascus"
    assert claims[1].speaker.label == "reports"
    assert claims[1].speaker.kind == "media"


@pytest.mark.parametrize("verb", ["denied", "rejected", "dismissed"])
def test_denial_verbs_give_deny(verb):
    [claim] = body_claims(f"The Foreign Ministry {verb} that it had expelled the ambassador.")
    assert claim.stance == "deny"
    assert claim.speaker.kind == "organization"


def test_negative_assertion_is_assert():
    [claim] = body_claims("The Foreign Ministry said that no request had been received.")
    assert claim.stance == "assert"


def test_government_speaker_from_country_name():
    [claim] = body_claims("Moscow has repeatedly insisted that the exercises are routine.")
    assert claim.speaker.kind == "government"
    assert claim.speaker.country == "RU"
    assert claim.cue == "insisted"


def test_group_speaker_with_participle():
    [claim] = body_claims(
        "Paris and Berlin have pushed for a ceasefire, saying it could save thousands of lives."
    )
    assert claim.speaker.kind == "group"
    assert claim.speaker.label == "Paris and Berlin"
    assert claim.text == "it could save thousands of lives"


def test_headline_trailing_says():
    art = ArticleText(title="Talks with Cairo stalled, Jordanian official says", body="")
    [claim] = extract_claims(art, [], [])
    assert claim.location == "headline"
    assert claim.text == "Talks with Cairo stalled"
    assert claim.speaker.country == "JO"


def test_unqualified_ministry_takes_outlet_country():
    art = ArticleText(
        title="",
        body="The Defense Ministry said that no shipment was sent.",
        outlet="The Jerusalem Post",
    )
    [claim] = extract_claims(art, [], [])
    assert claim.speaker.kind == "organization"
    assert claim.speaker.country == "IL"


def test_sentence_without_attribution_gives_nothing():
    assert body_claims("The airstrike warning system would be similar to older ones.") == []


def test_subjects_resolved_from_mentions():
    body = "An aide said that Berg will meet the Polish president in Warsaw."
    berg = person("Anna Berg", "SE", body)
    [claim] = body_claims(body, [berg])
    assert claim.subject_people == ["Anna Berg"]
    assert "PL" in claim.subject_countries


def test_confidence_is_lower_for_pronoun_than_for_named_source():
    claims = body_claims(
        "He said the vote was rigged by the ruling party. "
        "A Kenyan official said the vote was rigged by the ruling party."
    )
    assert len(claims) == 2
    assert 0 <= claims[0].confidence < claims[1].confidence <= 1
