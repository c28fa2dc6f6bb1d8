"""Scraped-text parsing: the seed articles and small hand-written layouts."""

import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles.parsing import ParseError, parse_document
from articles.parsing.authors import parse_contributor_line
from articles.parsing.normalise import normalise_body
from articles.parsing.text import parse_text, split_caption
from articles.parsing.types import Caption

SAMPLES = Path(__file__).resolve().parents[2] / "articles" / "sample_data"
BLANK_LINE_SEED = SAMPLES / "000_27024b9a8a95804f.txt"
LINE_PER_PARAGRAPH_SEED = SAMPLES / "003_1dca181fe05a6f0c.txt"
# Chrome vocabulary that must never reach a body.
BOILERPLATE = ("register", "sign in", "subscribed", "read more", "email", "continue with")


def _seed(path: Path):
    return parse_document(path.read_bytes(), media_type=None, source=str(path))


def _first_lines(path: Path, count: int) -> list[str]:
    return [line.strip() for line in path.read_text().splitlines() if line.strip()][:count]


@pytest.fixture(scope="module")
def first_seed():
    return _seed(BLANK_LINE_SEED)


@pytest.fixture(scope="module")
def second_seed():
    return _seed(LINE_PER_PARAGRAPH_SEED)


def test_first_seed_head_skips_navigation_word(first_seed):
    nav, headline, standfirst = _first_lines(BLANK_LINE_SEED, 3)
    assert nav.casefold() == "search"
    assert first_seed.title == headline
    assert first_seed.standfirst == standfirst


def test_second_seed_head_without_navigation_word(second_seed):
    headline, standfirst = _first_lines(LINE_PER_PARAGRAPH_SEED, 2)
    assert second_seed.title == headline
    assert second_seed.standfirst == standfirst


@pytest.mark.parametrize("path", [BLANK_LINE_SEED, LINE_PER_PARAGRAPH_SEED])
def test_seed_byline_sentence_gives_author_and_outlet(path):
    doc = _seed(path)
    assert doc.byline == ["Lazar Berman"]
    assert doc.outlet == "The Times of Israel"
    assert "diplomatic reporter" not in doc.body


def test_first_seed_captions_once_with_credit_split(first_seed):
    credits = [c.credit for c in first_seed.captions]
    assert credits == [
        "SARAH MEYSSONNIER / POOL / AFP",
        "Shlomi Amsalem/GPO",
        "AP Photo/Efrem Lukatsky",
        "Yuli Edelstein/Twitter",
    ]
    assert all(not c.text.endswith(")") for c in first_seed.captions)
    for caption in first_seed.captions:
        assert caption.text not in first_seed.body
        assert caption.credit not in first_seed.body


def test_first_seed_body_has_no_boilerplate(first_seed):
    last_paragraph = first_seed.body.split("\n\n")[-1]
    assert last_paragraph.startswith("The statement was something of an about-face")
    lowered = first_seed.body.lower()
    assert not any(word in lowered for word in BOILERPLATE)


def test_first_seed_body_starts_with_lede(first_seed):
    assert first_seed.body.startswith("Ukrainian President Volodymyr Zelensky told visiting")


def test_second_seed_body_keeps_every_story_line(second_seed):
    lines = _first_lines(LINE_PER_PARAGRAPH_SEED, 100)
    story = lines[3:-1]  # after headline, standfirst, byline; before the contributor line
    assert second_seed.body.split("\n\n") == story
    assert second_seed.captions == []


def test_contributor_line_is_kept_out_of_body(second_seed):
    assert "contributed to this report" not in second_seed.body
    assert second_seed.contributors == ["The Associated Press"]


@pytest.mark.parametrize(
    ("line", "contributors"),
    [
        ("The Associated Press contributed to this report.", ["The Associated Press"]),
        ("Jane Doe contributed reporting from Kyiv.", ["Jane Doe"]),
        (
            "Associated Press writers Jane Doe in Kyiv and John Roe in Moscow contributed.",
            ["Associated Press", "Jane Doe", "John Roe"],
        ),
        (
            "Reporting by Jane Doe in Kyiv, John Roe in Moscow; Editing by Ann Poe",
            ["Jane Doe", "John Roe", "Ann Poe"],
        ),
        ("Additional reporting by Jane Doe. Writing by John Roe.", ["Jane Doe", "John Roe"]),
        ("News Agency's Jane Doe contributed to this report.", ["News Agency", "Jane Doe"]),
        # Story sentences that only share words with a credit line.
        ("The minister said reporting by journalists was biased.", None),
        ("Ukraine contributed troops to the mission.", None),
        ("Ukraine contributed.", None),
    ],
)
def test_parse_contributor_line(line, contributors):
    assert parse_contributor_line(line) == contributors


def test_contributors_stored_and_kept_out_of_body():
    text = (
        "Ministers agree on grain corridor extension\n"
        "The agreement was signed in Istanbul on Friday.\n"
        "Reporting by Jane Doe in Ankara; Editing by John Roe\n"
        "Shipping resumed the next day.\n"
        "The Associated Press contributed to this report.\n"
    )
    doc = parse_text(text)
    assert doc.body == (
        "The agreement was signed in Istanbul on Friday.\n\nShipping resumed the next day."
    )
    assert doc.contributors == ["Jane Doe", "John Roe", "The Associated Press"]
    assert doc.byline == []


def test_first_seed_date_is_inferred_from_captions_and_lede(first_seed):
    assert date(2023, 2, 20) <= first_seed.published <= date(2023, 2, 28)
    assert first_seed.published == date(2023, 2, 22)
    assert (first_seed.published_source, first_seed.published_precision) == ("inferred", "day")


def test_second_seed_without_full_date_gets_no_date(second_seed):
    assert second_seed.published is None
    assert (second_seed.published_source, second_seed.published_precision) == ("none", "none")


def test_seed_body_is_normalised(first_seed):
    assert "\n\n\n" not in first_seed.body
    assert "  " not in first_seed.body
    assert first_seed.body == first_seed.body.strip()


def test_by_line_and_trailing_newsletter_prompt():
    text = (
        "Menu\n\nLeaders meet in Geneva for new round of talks\n\n"
        "By Jane Doe and John Roe\n\n"
        "The two presidents met on Friday, officials said.\n\n"
        "They agreed to meet again.\n\n"
        "Sign up for our newsletter\nSubscribe\nPrivacy policy\n"
    )
    doc = parse_text(text)
    assert doc.title == "Leaders meet in Geneva for new round of talks"
    assert doc.byline == ["Jane Doe", "John Roe"]
    assert doc.standfirst is None
    assert (
        doc.body
        == "The two presidents met on Friday, officials said.\n\nThey agreed to meet again."
    )


def test_read_more_line_inside_body_is_dropped():
    text = (
        "Ministers agree on grain corridor extension\n"
        "The agreement was signed in Istanbul.\n"
        "Read more: Earlier talks collapsed in July\n"
        "Shipping resumed the next day.\n"
    )
    doc = parse_text(text)
    assert doc.body == "The agreement was signed in Istanbul.\n\nShipping resumed the next day."


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("The minister arrives in Paris, May 2, 2022. (AP Photo/Jane Doe)", "AP Photo/Jane Doe"),
        ("Soldiers at a checkpoint near the border. (REUTERS)", "REUTERS"),
        ("Delegates at the summit in Rome. (Courtesy of the ministry)", "Courtesy of the ministry"),
    ],
)
def test_split_caption_recognises_credits(line, credit):
    caption = split_caption(line)
    assert caption is not None
    assert caption.credit == credit
    assert not caption.text.endswith(")")


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("File: Leaders meet in Kyiv. (AP Photo/Jane Doe)", "AP Photo/Jane Doe"),
        ("FILE - Leaders meet in Kyiv. (AP Photo/Jane Doe)", "AP Photo/Jane Doe"),
        ("File photo: Leaders meet in Kyiv. (Reuters)", "Reuters"),
        ("Leaders meet in Kyiv. (AP Photo/Jane Doe, File)", "AP Photo/Jane Doe"),
    ],
)
def test_archive_photo_marker_is_not_caption_text(line, credit):
    assert split_caption(line) == Caption("Leaders meet in Kyiv.", credit, archive=True)


def test_caption_starting_with_a_word_like_file_is_not_archive():
    caption = split_caption("Files are carried out of the embassy. (AFP)")
    assert caption == Caption("Files are carried out of the embassy.", "AFP", archive=False)


def test_seed_archive_caption_marker_stripped(first_seed):
    archived = [c for c in first_seed.captions if c.archive]
    assert [c.credit for c in archived] == ["AP Photo/Efrem Lukatsky"]
    assert archived[0].text.startswith("Prime Minister Benjamin Netanyahu speaks")


@pytest.mark.parametrize(
    "line",
    [
        "The talks were held in the capital (the second round this year).",
        "He said the plan was agreed (in principle)",
    ],
)
def test_split_caption_ignores_ordinary_parentheses(line):
    assert split_caption(line) is None


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"Just a headline"])
def test_text_without_body_is_rejected(data):
    with pytest.raises(ParseError):
        parse_document(data, media_type="text/plain", source="a.txt")


@given(st.text(alphabet=st.sampled_from("ab é\u0301\u00a0\t\r\n\u200b.")))
def test_normalise_body_is_idempotent_and_canonical(text):
    body = normalise_body(text)
    assert normalise_body(body) == body
    assert "\n\n\n" not in body and "  " not in body
    assert body == body.strip()
    assert unicodedata.is_normalized("NFC", body)
