"""Publication dates: metadata strings, URLs and inference from text."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles.parsing.dates import (
    date_from_url,
    explicit_dates,
    infer_date,
    parse_date_string,
    yearless_dates,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in Paris on February 8, 2023.", date(2023, 2, 8)),
        ("in Kyiv, Ukraine, Monday, Aug 19, 2019.", date(2019, 8, 19)),
        ("signed on 3 March 2021 in Geneva", date(2021, 3, 3)),
        ("the 20th of Feb. 2023", date(2023, 2, 20)),
        ("released 2022-11-30 by the ministry", date(2022, 11, 30)),
    ],
)
def test_explicit_dates_reads_full_dates(text, expected):
    assert [found[0] for found in explicit_dates(text)] == [expected]


@pytest.mark.parametrize(
    "text", ["In February, it voted", "late 2022", "in February 2022", "on February 31, 2023"]
)
def test_explicit_dates_needs_day_month_and_year(text):
    assert explicit_dates(text) == []


def test_lede_weekday_is_resolved_after_latest_explicit_date():
    captions = ["The ministers meet in Kyiv on February 20, 2023. (Photo/Agency)"]
    lede = ["An official told reporters on Wednesday that talks would resume."]
    found = infer_date(lede, lede + captions)
    assert (found.value, found.source, found.precision) == (date(2023, 2, 22), "inferred", "day")


def test_weekday_inside_an_explicit_date_is_not_the_news_peg():
    lede = ["The deal was signed on Monday, Aug 19, 2019, in Kyiv."]
    found = infer_date(lede, lede)
    # Only the anchor itself supports a day: "Monday" belongs to that written date.
    assert found.precision == "month"
    assert found.value == date(2019, 8, 1)


def test_relative_words_alone_give_no_date():
    texts = ["In February, it voted alongside 140 countries.", "officials said last Wednesday."]
    found = infer_date(texts[:1], texts)
    assert (found.value, found.source, found.precision) == (None, "none", "none")


def test_last_weekday_is_not_taken_as_publication_day():
    texts = ["An official said last Wednesday that it met on March 1, 2023."]
    assert infer_date(texts, texts).precision == "month"


@given(
    anchor=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    weekday=st.integers(min_value=0, max_value=6),
)
def test_inferred_day_is_within_a_week_after_anchor(anchor, weekday):
    name = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[weekday]
    written = f"{anchor:%B} {anchor.day}, {anchor.year}"
    lede = [f"The minister said on {name} that talks would go on."]
    found = infer_date(lede, [*lede, f"Leaders met on {written}."])
    assert anchor <= found.value <= anchor + timedelta(days=6)
    assert found.value.weekday() == weekday


@pytest.mark.parametrize(
    ("url", "expected", "precision"),
    [
        ("https://example.com/2023/02/22/some-story/", date(2023, 2, 22), "day"),
        ("https://example.com/news/story-2021-07-04-abc.html", date(2021, 7, 4), "day"),
        ("https://example.com/world/20190819/story", date(2019, 8, 19), "day"),
        ("https://example.com/2020/05/story.html", date(2020, 5, 1), "month"),
    ],
)
def test_date_from_url(url, expected, precision):
    found = date_from_url(url)
    assert (found.value, found.source, found.precision) == (expected, "url", precision)


@pytest.mark.parametrize(
    "url", ["https://example.com/story/12345", "https://2023.example.com/a", None]
)
def test_date_from_url_without_date(url):
    assert date_from_url(url).value is None


@pytest.mark.parametrize(
    ("value", "expected", "precision"),
    [
        ("2023-02-22", date(2023, 2, 22), "day"),
        ("2023-02-22T23:10:00Z", date(2023, 2, 22), "day"),
        ("Wed, 22 Feb 2023 10:00:00 GMT", date(2023, 2, 22), "day"),
        ("22 February 2023", date(2023, 2, 22), "day"),
        ("2023-02", date(2023, 2, 1), "month"),
        ("2023", date(2023, 1, 1), "year"),
    ],
)
def test_parse_date_string(value, expected, precision):
    found = parse_date_string(value)
    assert (found.value, found.source, found.precision) == (expected, "metadata", precision)


@pytest.mark.parametrize("value", ["", "soon", None, 42, "2023-13-45"])
def test_parse_date_string_rejects_non_dates(value):
    assert parse_date_string(value).value is None


def test_yearless_date_moves_anchor_when_year_is_unambiguous():
    texts = ["Talks on February 8, 2023 failed.", "Officials met again on Wednesday, Feb. 24."]
    lede = ["Officials said on Wednesday that talks would resume."]
    found = infer_date(lede, [*texts, *lede])
    # Feb. 24 reads as 2023 (the only reading near the full date); the next Wednesday on or
    # after it is March 1.
    assert (found.value, found.precision) == (date(2023, 3, 1), "day")


def test_yearless_date_far_from_every_full_date_is_ignored():
    found = infer_date([], ["Talks on February 8, 2023 failed.", "A vote is set for August 30."])
    assert (found.value, found.precision) == (date(2023, 2, 1), "month")


def test_yearless_date_across_new_year_takes_previous_year():
    found = infer_date([], ["Talks on January 2, 2024 failed.", "He spoke on Dec. 28."])
    assert (found.value, found.precision) == (date(2024, 1, 1), "month")


def test_yearless_date_alone_gives_no_date():
    found = infer_date(["They met on February 16."], ["They met on February 16."])
    assert (found.value, found.source) == (None, "none")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("met on February 16 in Kyiv", [(2, 16)]),
        ("on Monday, Feb. 20, officials", [(2, 20)]),
        ("signed on 3 March in Geneva", [(3, 3)]),
        ("on February 8, 2023 and in May 2022", []),
        ("they may 5 times", []),
        ("rose in March 1% on the year", []),
    ],
)
def test_yearless_dates(text, expected):
    assert [(m, d) for m, d, _, _ in yearless_dates(text)] == expected
