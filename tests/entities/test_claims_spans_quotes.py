"""Quotations written in several sentences, parts or paragraphs are one claim."""

from __future__ import annotations

from entities.extract.claims import extract_claim_details, extract_claims
from entities.extract.claims.spans import normalise_quotes, segments
from entities.extract.types import ArticleText


def body_claims(body):
    return extract_claims(ArticleText(title="", body=body), [], [])


def test_quotation_of_several_sentences_before_its_attribution_is_one_claim():
    body = "“The bridge is unsafe. It must close tonight,” the mayor said."
    [claim] = body_claims(body)
    assert claim.text == "The bridge is unsafe. It must close tonight"
    assert claim.speaker.label == "the mayor"


def test_quotation_interrupted_by_its_attribution_joins_both_parts():
    body = "“We will not leave,” the union leader said, “until the owners sit down with us.”"
    [claim] = body_claims(body)
    assert claim.text == "We will not leave, until the owners sit down with us"
    assert claim.speaker.label == "the union leader"
    assert claim.quote is True


def test_interrupted_quotation_of_several_sentences_joins_every_sentence():
    body = (
        "“Nobody told us,” a spokeswoman said. “The ships just stopped coming. "
        "We found out from the radio.” The port reopened a week later."
    )
    [claim] = body_claims(body)
    assert claim.text == (
        "Nobody told us. The ships just stopped coming. We found out from the radio"
    )
    assert body[claim.start : claim.end].endswith("from the radio")


def test_question_then_bare_attribution_then_more_quotation_is_one_claim():
    body = "“Who will pay for the repairs?” the mayor asked. “Not the taxpayers, I hope.”"
    [claim] = body_claims(body)
    assert claim.text == "Who will pay for the repairs? Not the taxpayers, I hope"
    assert claim.speaker.label == "the mayor"
    assert claim.cue == "asked"


def test_straight_quotes_keep_a_quotation_of_several_sentences_whole():
    body = '"Rents doubled. Families left," the housing minister said on Monday.'
    [claim] = body_claims(body)
    assert claim.text == "Rents doubled. Families left"
    assert claim.quote is True


def test_straight_quotes_in_a_field_with_curly_ones_stay_as_written():
    value = 'He read aloud: "Rents doubled. Families left." Then “we waited,” she said.'
    assert normalise_quotes(value) == value
    assert normalise_quotes('"Rents doubled," he said.') == "“Rents doubled,” he said."


def test_open_paragraph_then_attributed_paragraph_is_one_claim():
    body = (
        "“The first winter was the hardest. We burned furniture to keep warm.\n\n"
        "“Nobody should live like that,” the governor said on Friday."
    )
    [claim] = body_claims(body)
    assert claim.text == (
        "The first winter was the hardest. We burned furniture to keep warm. "
        "Nobody should live like that"
    )
    assert claim.speaker.label == "the governor"


def test_attributed_paragraph_left_open_continues_in_the_next_one():
    body = (
        "The governor said: “We will rebuild the bridge. It will take years.\n\n"
        "“But we will not give up.”\n\nThe council met again on Monday."
    )
    [claim] = body_claims(body)
    assert claim.text == "We will rebuild the bridge. It will take years. But we will not give up"


def test_paragraph_with_a_closed_quotation_does_not_continue():
    body = "“We will rebuild the bridge,” the governor said.\n\n“It is too late,” a resident said."
    claims = body_claims(body)
    assert [c.text for c in claims] == ["We will rebuild the bridge", "It is too late"]


def test_quotation_first_then_a_clause_keeps_the_quotation():
    body = (
        "“The river has never been this low,” the mayor said, and the crowd on the bank "
        "fell silent as the boat scraped the bottom."
    )
    [claim] = body_claims(body)
    assert claim.text == "The river has never been this low"
    assert claim.speaker.label == "the mayor"


def test_initials_do_not_end_the_sentence_of_an_inverted_attribution():
    body = "“This is a sad day,” said Rep. J.T. Morgan, who chairs the caucus. “We go on.”"
    [claim] = body_claims(body)
    assert claim.speaker.label == "Rep. J.T. Morgan"
    assert claim.text == "This is a sad day. We go on"


def test_decade_is_not_an_abbreviation():
    texts = [s.text for s in segments("Prices soared in the 1970s. The minister said so.", "body")]
    assert texts == ["Prices soared in the 1970s.", "The minister said so."]


def test_detail_keeps_each_part_of_a_joined_quotation():
    body = "“We will not leave,” the union leader said, “until the owners sit down with us.”"
    [detail] = extract_claim_details(ArticleText(title="", body=body), [], [])
    assert [body[a:b] for a, b in detail.parts] == [
        "We will not leave",
        "until the owners sit down with us",
    ]


def test_stray_quote_mark_does_not_hold_the_paragraph_together():
    value = "He called it a “disaster. The minister said the talks would go on."
    assert [s.text for s in segments(value, "body")] == [
        "He called it a “disaster.",
        "The minister said the talks would go on.",
    ]
