"""The story's captions only: pictures of galleries and related lists are not the story's."""

from __future__ import annotations

from articles.parsing import parse_document

PARAGRAPHS = [
    "The foreign ministers of both countries met in Vienna on Tuesday to discuss a "
    "framework for the next round of negotiations on the disputed border region.",
    "According to officials familiar with the talks, the meeting lasted more than four "
    "hours and ended with an agreement to set up a joint technical commission.",
    "The commission is expected to present its first report to both governments before "
    "the end of the year, a spokesperson for the ministry said in a statement.",
]
STORY_FIGURE = (
    "<figure><img src='a.jpg'><figcaption>The ministers meet in Vienna.</figcaption></figure>"
)


def page(*, inside: str = "", outside: str = "") -> bytes:
    body = f"<p>{PARAGRAPHS[0]}</p>{STORY_FIGURE}{inside}" + "".join(
        f"<p>{p}</p>" for p in PARAGRAPHS[1:]
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Border talks</title>"
        f"</head><body><article><h1>Border talks</h1>{body}</article>{outside}</body></html>"
    ).encode()


def captions(html: bytes) -> list[str]:
    return [c.text for c in parse_document(html, media_type="text/html", source="a.html").captions]


def test_captions_of_pictures_outside_the_story_are_left_out():
    outside = (
        "<div class='more-stories'><figure><img src='b.jpg'>"
        "<figcaption>A diver in the Red Sea.</figcaption></figure></div>"
    )
    assert captions(page(outside=outside)) == ["The ministers meet in Vienna."]


def test_gallery_and_most_read_captions_inside_the_page_are_left_out():
    inside = (
        "<div class='gallery-carousel'><figure><img src='c.jpg'>"
        "<figcaption>UK news in pictures: a foggy morning.</figcaption></figure></div>"
        "<aside><figure><img src='d.jpg'><figcaption>Most read today.</figcaption></figure></aside>"
        "<div id='mostread'><figure><img src='e.jpg'>"
        "<figcaption>A celebrity at a premiere.</figcaption></figure></div>"
    )
    assert captions(page(inside=inside)) == ["The ministers meet in Vienna."]


def test_page_without_a_marked_story_keeps_its_captions():
    html = (
        "<html><body><div>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + STORY_FIGURE
        + "</div></body></html>"
    ).encode()
    assert captions(html) == ["The ministers meet in Vienna."]
