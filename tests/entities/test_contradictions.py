"""Pairs of conflicting claims."""

from __future__ import annotations

from entities.extract.contradictions import contradiction_reason, find_contradictions
from entities.extract.types import ClaimResult, Speaker


def claim(text, label, country, stance="assert", kind="anonymous"):
    return ClaimResult(
        text=text,
        start=0,
        end=len(text),
        location="body",
        speaker=Speaker(label=label, kind=kind, country=country),
        cue="said",
        stance=stance,
    )


def test_denial_of_asserted_requests_conflicts():
    a = claim("Kyiv made repeated requests for a phone call with the minister", "officials", "UA")
    b = claim(
        "there have been repeated official requests from Kyiv",
        "a ministry official",
        "IL",
        stance="deny",
    )
    reason = contradiction_reason(a, b)
    assert reason is not None
    assert "denies" in reason and "a ministry official" in reason
    assert find_contradictions([a, b]) == [(0, 1, reason)]


def test_negated_assertion_from_other_side_conflicts():
    a = claim("the aides have been trying to arrange a call for months", "officials", "UA")
    b = claim("no request for a call was ever made", "the ministry", "IL", kind="organization")
    assert contradiction_reason(a, b) is not None


def test_unrelated_claims_do_not_conflict():
    a = claim("the system will be deployed in September", "an official", "UA")
    b = claim("there were no talks about fishing quotas", "the ministry", "NO", stance="deny")
    assert contradiction_reason(a, b) is None


def test_same_polarity_does_not_conflict():
    a = claim("the two ministers have not spoken since January", "officials", "UA")
    b = claim("the two ministers have not spoken since January", "a report", None, kind="media")
    assert contradiction_reason(a, b) is None


def test_media_country_is_not_a_side():
    a = claim("Smith sent a request for a meeting", "The Daily", "IL", kind="media")
    b = claim("Smith has not spoken about a meeting", "officials", "UA")
    # one shared concept only, and the press is not a party: no conflict claimed
    assert contradiction_reason(a, b) is None


def test_confirmation_is_not_linked_to_what_it_confirms():
    report = claim("the two ministers have spoken by phone", "Israel Hayom", "IL", kind="media")
    confirmation = claim("a report that the two ministers have never spoken", "the officials", "UA")
    confirmation.cue = "confirmed"
    other = claim("the two ministers have spoken by phone twice", "aides", "IL")
    assert contradiction_reason(confirmation, other) is None
    assert contradiction_reason(report, other) is None


def test_failed_contact_is_not_the_negation_of_a_request():
    a = claim("Kyiv has been unable to arrange a phone conversation", "officials", "UA")
    b = claim("Reznikov sent a request for a conversation", "a report", "IL")
    assert contradiction_reason(a, b) is None


def test_strict_mode_needs_a_shared_person_and_two_shared_words():
    def claim(text, stance, people, country):
        return ClaimResult(
            text=text, start=0, end=len(text), location="body", cue="said", stance=stance,
            speaker=Speaker(label="an official", kind="anonymous", country=country),
            subject_people=people,
        )  # fmt: skip

    denial = claim("there were repeated official requests for a call", "deny", [], "IL")
    loose = claim("the minister asked for a call with his counterpart", "assert", [], "UA")
    assert contradiction_reason(denial, loose) is not None  # same story: one shared word
    assert contradiction_reason(denial, loose, strict=True) is None

    named_denial = claim(
        "Gallant received official requests for a call", "deny", ["Yoav Gallant"], "IL"
    )
    named = claim(
        "Reznikov sent official requests for a call to Gallant", "assert", ["Yoav Gallant"], "UA"
    )
    assert contradiction_reason(named_denial, named, strict=True) is not None
