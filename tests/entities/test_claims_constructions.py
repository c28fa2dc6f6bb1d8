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


def test_split_quote_in_one_sentence_joins_both_parts():
    body = "“We will not accept this,” the minister said, “and we will say so in Brussels.”"
    [claim] = body_claims(body)
    assert claim.text == "We will not accept this, and we will say so in Brussels"
    assert claim.speaker.label == "the minister"
    assert (claim.start, claim.end) == (1, body.index(".”"))


def test_quote_continued_in_next_sentence_joins_the_claim():
    body = "“We will not accept this,” the minister said. “We will say so in Brussels.”"
    [claim] = body_claims(body)
    assert claim.text == "We will not accept this. We will say so in Brussels"
    assert body[claim.start : claim.end].endswith("We will say so in Brussels")


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


def test_quotation_written_with_two_apostrophes_reads_like_curly_quotes():
    curly = "“We will not accept this,” the minister said. “Never, not even in Brussels.”"
    body = curly.replace("“", "''").replace("”", "''")
    [claim] = body_claims(body)
    [expected] = body_claims(curly)
    assert claim.text == expected.text == "We will not accept this. Never, not even in Brussels"
    assert claim.quote is True
    assert body[claim.start : claim.end].startswith("We will not accept this,''")
    assert body[claim.start : claim.end].endswith("not even in Brussels")
    assert claim.speaker.label == "the minister"


def test_according_to_a_source_that_is_not_a_speaker():
    body = "Turnout fell by a third in the north, according to unofficial election results."
    [claim] = body_claims(body)
    assert claim.text == "Turnout fell by a third in the north"
    assert claim.speaker.label == "unofficial election results"


def test_trailing_attribution_with_participle_after_the_adjuncts():
    body = "“The border stays closed,” the minister said Tuesday in Paris, speaking to reporters."
    [claim] = body_claims(body)
    assert claim.text == "The border stays closed"
    assert claim.speaker.label == "the minister"


def test_headline_name_colon_statement():
    assert [
        (c.speaker.label, c.cue, c.text) for c in body_claims("Clinton: I support D.C. statehood.")
    ] == [("Clinton", ":", "I support D.C. statehood")]
    assert body_claims("Update: the story was corrected after publication.") == []


def test_reportative_passives():
    [reported] = body_claims("It was reported that the minister had resigned over the affair.")
    assert reported.speaker.kind == "media"
    assert reported.text == "the minister had resigned over the affair"
    [said] = body_claims("It is said that the envoy carried a letter from the king.")
    assert said.speaker.kind == "anonymous"
    [quoted] = body_claims("The envoy was quoted as saying the talks would resume soon.")
    assert quoted.speaker.label == "The envoy"
    assert quoted.text == "the talks would resume soon"


def test_standfirst_officials_take_the_country_of_matching_body_sources():
    text = ArticleText(
        title="Talks stall",
        standfirst="Officials say the talks will not resume this month",
        body="Israeli officials said on Monday that the talks had stalled over the border.",
    )
    first = extract_claims(text, [], [])[0]
    assert (first.location, first.speaker.country) == ("standfirst", "IL")


def test_standfirst_officials_stay_unknown_when_body_sources_disagree():
    text = ArticleText(
        title="Talks stall",
        standfirst="Officials say the talks will not resume this month",
        body="Israeli officials said the talks had stalled. Egyptian officials said they had not.",
    )
    first = extract_claims(text, [], [])[0]
    assert first.location == "standfirst"
    assert first.speaker.country is None


def test_belief_verb_with_a_clause_without_that():
    [claim] = body_claims("Her advisers think she has the discipline to win the debate.")
    assert (claim.speaker.label, claim.cue, claim.text) == (
        "Her advisers",
        "think",
        "she has the discipline to win the debate",
    )
    assert body_claims("Her advisers think highly of the new campaign manager.") == []


def test_told_an_addressee_then_a_clause_without_that():
    [claim] = body_claims("Rubio told reporters on Monday they would win the state easily.")
    assert (claim.speaker.label, claim.addressee, claim.text) == (
        "Rubio",
        "reporters",
        "they would win the state easily",
    )
    assert body_claims("Rubio told the story of his campaign to everyone.") == []


def test_second_verb_of_a_coordinated_predicate_takes_the_clause_subject():
    body = "In a statement, Governor Rick Scott blasted Congress and said the state had acted."
    [claim] = body_claims(body)
    assert (claim.speaker.label, claim.text) == ("Governor Rick Scott", "the state had acted")
    assert body_claims("The talks collapsed and said nothing about the region's future.") == []


def test_relative_who_speaks_for_its_antecedent():
    body = "The change would help Democrats, who want to keep the White House after two terms."
    [claim] = body_claims(body)
    assert claim.speaker.label == "Democrats"
    assert claim.text == "to keep the White House after two terms"


def test_inverted_attribution_whose_speaker_has_a_relative_clause_with_a_cue():
    body = "“It is too early to tell,” said Cuban, who also said the race was open."
    claims = body_claims(body)
    assert [(c.speaker.label, c.text) for c in claims] == [
        ("Cuban", "It is too early to tell"),
        ("Cuban", "the race was open"),
    ]


def test_subordinator_before_the_subject_is_not_part_of_the_speaker():
    body = "He campaigned in Minnesota, where he says he can win if turnout is strong."
    [claim] = body_claims(body)
    assert claim.speaker.label == "he"
    assert claim.text == "he can win if turnout is strong"


def test_adding_after_a_trailing_attribution_is_a_second_claim():
    body = (
        "“The border stays closed,” the minister said on Tuesday, adding that talks would resume."
    )
    claims = body_claims(body)
    assert [(c.speaker.label, c.cue, c.text) for c in claims] == [
        ("the minister", "said", "The border stays closed"),
        ("the minister", "adding", "talks would resume"),
    ]
