"""HTML and JSON-record parsing, and dispatch on media type / file name."""

import json
from datetime import date

import pytest
from htmldate.extractors import get_external_parser

from articles.parsing import ParseError, detect_kind, parse_document, warm_up

PARAGRAPHS = [
    "The foreign ministers of both countries met in Vienna on Tuesday to discuss a "
    "framework for the next round of negotiations on the disputed border region.",
    "According to officials familiar with the talks, the meeting lasted more than four "
    "hours and ended with an agreement to set up a joint technical commission.",
    "The commission is expected to present its first report to both governments before "
    "the end of the year, a spokesperson for the ministry said in a statement.",
    "Analysts said the meeting marked the most serious attempt in a decade to resolve a "
    "conflict that has repeatedly disrupted trade between the two neighbours.",
]


def _page(*, head: str = "", figure: str = "", footer: str = "") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2]) + figure
    body += "".join(f"<p>{p}</p>" for p in PARAGRAPHS[2:])
    return (
        "<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'>"
        "<title>Ministers agree on border commission | The Daily Example</title>"
        "<meta property='og:site_name' content='The Daily Example'>"
        "<link rel='canonical' href='https://news.example.com/world/border-talks'>"
        f"{head}</head><body><nav><a href='/'>Home</a><a href='/world'>World</a></nav>"
        "<article><h1>Ministers agree on border commission</h1>"
        f"{body}</article>{footer}</body></html>"
    ).encode()


def test_html_main_text_and_metadata():
    doc = parse_document(_page(), media_type="text/html; charset=utf-8", source="https://x.test/a")
    assert doc.title == "Ministers agree on border commission"
    assert doc.body.split("\n\n") == PARAGRAPHS
    assert doc.outlet == "The Daily Example"
    assert doc.canonical_url == "https://news.example.com/world/border-talks"
    assert doc.language == "en"


def test_html_visible_headline_preferred_to_rewritten_meta_title():
    page = _page(head="<meta property='og:title' content='Border deal: what we know'>")
    doc = parse_document(page, media_type="text/html", source="a.html")
    assert doc.title == "Ministers agree on border commission"


def test_html_headline_with_section_label_gives_way_to_meta_title():
    page = _page(head="<meta property='og:title' content='Ministers agree on border commission'>")
    page = page.replace(b"<h1>", b"<h1><span>World News</span> ")
    doc = parse_document(page, media_type="text/html", source="a.html")
    assert doc.title == "Ministers agree on border commission"


def test_html_site_name_holding_a_separator_is_removed_from_title():
    title = "Ministers agree on border commission | Example | News and Views"
    page = (
        _page(head=f"<meta property='og:title' content='{title}'>")
        .replace(b"<h1>Ministers agree on border commission</h1>", b"")
        .replace(b"The Daily Example", b"Example | News and Views")
    )
    doc = parse_document(page, media_type="text/html", source="a.html")
    assert doc.title == "Ministers agree on border commission"


def test_html_figcaption_kept_out_of_body_with_credit():
    figure = (
        "<figure><img src='a.jpg'><figcaption>The ministers shake hands in Vienna."
        " <span class='credit'>Jane Doe/Agency</span></figcaption></figure>"
    )
    doc = parse_document(_page(figure=figure), media_type="text/html", source="a.html")
    assert [(c.text, c.credit) for c in doc.captions] == [
        ("The ministers shake hands in Vienna.", "Jane Doe/Agency")
    ]
    assert "shake hands" not in doc.body


def test_html_archive_caption_marker_stripped_and_flagged():
    figure = (
        "<figure><img src='a.jpg'><figcaption>FILE - The ministers shake hands in Vienna."
        " (AP Photo/Jane Doe)</figcaption></figure>"
    )
    doc = parse_document(_page(figure=figure), media_type="text/html", source="a.html")
    assert [(c.text, c.credit, c.archive) for c in doc.captions] == [
        ("The ministers shake hands in Vienna.", "AP Photo/Jane Doe", True)
    ]
    assert "shake hands" not in doc.body


def test_html_contributor_line_goes_to_contributors_not_body():
    footer = "<p>Reporting by Jane Doe in Vienna; Editing by John Roe</p>"
    page = _page().replace(b"</article>", footer.encode() + b"</article>")
    doc = parse_document(page, media_type="text/html", source="a.html")
    assert doc.body.split("\n\n") == PARAGRAPHS
    assert doc.contributors == ["Jane Doe", "John Roe"]


def test_html_date_from_json_ld_is_metadata():
    head = (
        '<script type="application/ld+json">{"datePublished": "2023-02-22T09:00:00+02:00"}</script>'
    )
    doc = parse_document(_page(head=head), media_type="text/html", source="a.html")
    assert (doc.published, doc.published_source, doc.published_precision) == (
        date(2023, 2, 22),
        "metadata",
        "day",
    )


def test_html_early_utc_timestamp_takes_local_day_from_url():
    head = '<script type="application/ld+json">{"datePublished": "2020-04-14T00:38:07Z"}</script>'
    url = "https://news.example.com/news/20200413/border-talks"
    doc = parse_document(_page(head=head), media_type="text/html", source=url)
    assert doc.published == date(2020, 4, 13)


def test_html_date_from_url_when_page_has_none():
    url = "https://news.example.com/2021/07/04/border-talks/"
    doc = parse_document(_page(), media_type="text/html", source=url)
    assert (doc.published, doc.published_source) == (date(2021, 7, 4), "url")


def test_html_declared_charset_is_respected():
    page = _page().replace(b"charset='utf-8'", b"charset='iso-8859-1'")
    page = page.replace(b"Vienna", "Vienne café".encode("latin-1"))
    doc = parse_document(page, media_type="text/html", source="a.html")
    assert "Vienne café" in doc.body


def test_json_record_with_body():
    record = {
        "url": "https://news.example.com/a",
        "title": "  Ministers agree  ",
        "published": "2023-02-22",
        "body": "First paragraph.\r\n\r\n\r\nSecond   paragraph.",
    }
    doc = parse_document(json.dumps(record).encode(), media_type=None, source="item.json")
    assert doc.title == "Ministers agree"
    assert doc.body == "First paragraph.\n\nSecond paragraph."
    assert (doc.published, doc.published_source) == (date(2023, 2, 22), "metadata")


def test_json_record_with_html_goes_through_html_parser():
    record = {"url": "https://x.test/a", "title": "Record title", "html": _page().decode()}
    doc = parse_document(json.dumps(record).encode(), media_type=None, source="one.jsonl")
    assert doc.title == "Record title"
    assert doc.body.split("\n\n") == PARAGRAPHS


@pytest.mark.parametrize(
    ("data", "media_type", "source", "kind"),
    [
        (b"<html><body>x</body></html>", None, "page", "html"),
        (b"plain words", None, "notes.txt", "text"),
        (b'{"title": "x"}', None, "record", "json"),
        (b"anything", "application/octet-stream", "a.html", "html"),
        (b"anything", "text/plain", "a.html", "text"),
        # Mislabelled HTML documents are recognised from their first bytes.
        (b"\n  <!DOCTYPE html><html><body>x</body></html>", "text/plain", "a.txt", "html"),
        (b"<!-- saved page --><html lang='en'>x</html>", "application/octet-stream", "", "html"),
        (b"<head><title>x</title></head>", None, "saved.txt", "html"),
        (b"<body><p>x</p></body>", "binary/octet-stream", "notes.txt", "html"),
        # Text that only starts with a tag-like fragment stays text.
        (b"<p> is the paragraph tag, as every editor knows.", "text/plain", "a.txt", "text"),
        (b"Notes on <html> and <body> tags", None, "notes.txt", "text"),
    ],
)
def test_detect_kind(data, media_type, source, kind):
    assert detect_kind(data, media_type, source) == kind


def test_html_served_as_plain_text_is_parsed_as_html():
    doc = parse_document(_page(), media_type="text/plain; charset=utf-8", source="page.txt")
    assert doc.title == "Ministers agree on border commission"
    assert doc.body.split("\n\n") == PARAGRAPHS
    assert doc.outlet == "The Daily Example"


@pytest.mark.parametrize(
    ("data", "media_type", "reason"),
    [
        (b"", "text/html", "empty"),
        (b"%PDF-1.7 ...", None, "binary"),
        (b"<?xml version='1.0'?><rss><channel/></rss>", None, "feed"),
        (b"hello", "image/png", "unsupported media type"),
        (b"{not json", "application/json", "invalid JSON"),
        (b'{"a": 1}\n{"b": 2}\n', "application/x-ndjson", "2 records"),
        (b'{"title": "only a title"}', "application/json", "no body"),
        (b"<html><body><nav>Home</nav></body></html>", "text/html", "no article text"),
    ],
)
def test_bad_input_raises_parse_error_with_reason(data, media_type, reason):
    with pytest.raises(ParseError) as error:
        parse_document(data, media_type=media_type, source="input")
    assert reason in error.value.reason


def test_relative_canonical_without_page_url_is_dropped():
    page = _page().replace(b"https://news.example.com/world/border-talks", b"/world/border-talks")
    assert parse_document(page, media_type="text/html", source="a.html").canonical_url is None
    doc = parse_document(page, media_type="text/html", source="https://news.example.com/x")
    assert doc.canonical_url == "https://news.example.com/world/border-talks"


def test_json_record_with_relative_url_is_rejected():
    record = {"url": "/a", "title": "T", "body": "Some words of body text here."}
    with pytest.raises(ParseError):
        parse_document(json.dumps(record).encode(), media_type="application/json", source="r")


def test_warm_up_loads_the_date_parser_that_pages_without_metadata_dates_need():
    # htmldate hands the dates it cannot read itself to dateparser, whose data for every
    # locale loads on first use: warming up is what takes that cost off a worker's first page.
    get_external_parser.cache_clear()

    warm_up()

    assert get_external_parser.cache_info().currsize == 1
