"""PLOVER event categories from the lexicon classifier."""

from __future__ import annotations

import pytest

from entities.extract.events import classify_event
from entities.extract.types import EVENT_TYPES


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the president invited the prime minister to visit the capital", "consult"),
        ("Kyiv asked for air defense weapons", "request"),
        ("Israel has so far refused to send weapons", "reject"),
        ("a $200 million loan guarantee for civilian infrastructure", "aid"),
        ("the two countries signed an agreement on fishing rights", "agree"),
        ("the government threatened to retaliate if the tests continue", "threaten"),
        ("the army shelled villages near the border, killing four", "assault"),
        ("Washington imposed sanctions on three banks", "sanction"),
        ("thousands protested outside the embassy", "protest"),
        ("the troops will withdraw from the buffer zone", "retreat"),
        ("police arrested twelve opposition activists", "coerce"),
    ],
)
def test_classify_event(text, expected):
    assert classify_event(text) == expected


def test_no_event_words_gives_none():
    assert classify_event("The weather was mild and the roads were quiet") is None


def test_output_is_always_in_taxonomy():
    for text in ("they met and attacked and aided", "", "refused to meet"):
        assert classify_event(text) in (*EVENT_TYPES, None)


def test_withdrawing_aid_is_a_sanction_not_aid():
    assert classify_event("Japan said it had halted economic aid to Serbia") == "sanction"
    assert classify_event("Japan will provide economic aid to Serbia") == "aid"
