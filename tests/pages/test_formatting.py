"""Plain functions behind the templates: linked article text and SVG timelines."""

from __future__ import annotations

from datetime import date

from entities.models import Country, Mention, Person
from newsdesk.web import charts
from newsdesk.web.templatetags.newsdesk import link_mentions


def person_mention(start, end, text, slug="eli-cohen"):
    return Mention(
        person=Person(pk=1, slug=slug, status="active"),
        person_id=1,
        start=start,
        end=end,
        text=text,
        location="body",
    )


def country_mention(start, end, text, iso2="UA"):
    return Mention(
        country=Country(pk=2, iso2=iso2),
        country_id=2,
        start=start,
        end=end,
        text=text,
        location="body",
    )


def test_link_mentions_escapes_text_and_links_each_span():
    text = "Eli Cohen <b>met</b> Ukraine & more"
    html = link_mentions(
        text, [country_mention(21, 28, "Ukraine"), person_mention(0, 9, "Eli Cohen")]
    )

    assert html == (
        '<a class="mention person" href="/people/eli-cohen/">Eli Cohen</a> '
        "&lt;b&gt;met&lt;/b&gt; "
        '<a class="mention country" href="/countries/ua/">Ukraine</a> &amp; more'
    )


def test_link_mentions_skips_stale_overlapping_and_out_of_range_spans():
    text = "Eli Cohen spoke."
    html = link_mentions(
        text,
        [
            person_mention(0, 9, "Eli Cohen"),
            person_mention(4, 9, "Cohen"),  # overlaps the first
            person_mention(0, 3, "Zed"),  # text no longer matches the offsets
            person_mention(10, 99, "spoke."),  # past the end
        ],
    )

    assert html == '<a class="mention person" href="/people/eli-cohen/">Eli Cohen</a> spoke.'


def test_link_mentions_makes_paragraphs_from_lines():
    html = link_mentions("One.\n\nTwo <i>.", [], paragraphs=True)

    assert html == "<p>One.</p><p>Two &lt;i&gt;.</p>"


def test_bucket_fills_empty_weeks_and_groups_by_month_for_long_spans():
    weeks = charts.bucket([(date(2023, 2, 22), 1), (date(2023, 3, 8), 2)])
    assert [(p.start, p.count) for p in weeks] == [
        (date(2023, 2, 20), 1),
        (date(2023, 2, 27), 0),
        (date(2023, 3, 6), 2),
    ]

    months = charts.bucket([(date(2023, 2, 22), 1), (date(2023, 11, 1), 3)])
    assert months[0].unit == "month"
    assert [p.count for p in months] == [1, 0, 0, 0, 0, 0, 0, 0, 0, 3]  # February to November
    assert months[-1].end == date(2023, 11, 30)


def test_timeline_svg_is_labelled_and_escaped():
    periods = charts.bucket([(date(2023, 2, 22), 1), (date(2023, 6, 11), 1)], unit="month")

    svg = charts.timeline_svg(periods, title="Articles <naming> X", noun="articles", chart_id="c1")

    assert svg.startswith('<svg class="timeline"')
    assert 'role="img" aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Articles &lt;naming&gt; X</title>' in svg
    assert "2 articles by month, February 2023 to June 2023" in svg
    assert svg.count('<rect class="bar"') == 5
    assert ">Feb 2023<" in svg


def test_summary_of_nothing():
    assert charts.summary([], "claims") == "No dated claims."
