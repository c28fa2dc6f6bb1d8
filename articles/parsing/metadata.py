"""Page metadata (title, authors, summary, site name, date) from a parsed HTML tree.

No Django imports. The fields and their order of evidence are trafilatura's (meta tags,
then JSON-LD, then the markup, then htmldate for the date), read from the tree the
parser already holds. trafilatura's own `extract_metadata` costs a third of a text
extraction per page, mostly for what is never stored here (categories, tags, licence)
and for its author search, which deep-copies the tree and evaluates regular expressions
in XPath (a callback into Python per node); the author search below selects the same
elements with XPath string functions and skips discarded parts without copying.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from html import unescape

from htmldate import find_date
from lxml import etree
from trafilatura.json_metadata import normalize_authors
from trafilatura.metadata import (
    examine_meta,
    examine_title_element,
    extract_meta_json,
    extract_title,
)
from trafilatura.utils import trim

from .normalise import normalise_inline

# original_date: the first publication, not the last update. htmldate's extensive search
# (reading dates out of the page text) doubles the cost of a page, so the HTML parser runs
# it only when neither the markup nor the URL holds a date.
DATE_OPTIONS = {"original_date": True, "extensive_search": False}


@dataclass
class PageMetadata:
    title: str | None = None
    author: str | None = None
    description: str | None = None
    sitename: str | None = None
    date: str | None = None


# trafilatura's author rules (AUTHOR_XPATHS, AUTHOR_DISCARD_XPATHS) applied in one pass
# over the elements; the XPath forms cost several milliseconds per page each.
_AUTHOR_TAGS_1 = frozenset(("a", "address", "div", "link", "p", "span", "strong"))
_AUTHOR_TAGS_2 = frozenset(("a", "div", "h3", "h4", "p", "span"))
_AUTHOR_CLASS_1 = re.compile(r"author-?name|AuthorName|authorName")
_AUTHOR_ID_2 = re.compile(r"author|zuozhe|bianji|xiaobian")
_AUTHOR_CLASS_2 = re.compile(
    r"author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name"
)
_AUTHOR_ID_3 = re.compile(r"[Aa]uthor")
_AUTHOR_CLASS_3 = re.compile(r"[Aa]uthor|screenname|writer|[Bb]yline")
# Comments, sidebars, dates, quotes, figures: an author named there is not the page's.
_DISCARD_TAGS = frozenset(("a", "div", "section", "span"))
_DISCARD_ID = re.compile(r"^comments|comment-?list|ProductReviews")
_RULE_ATTRIBUTES = ("class", "id", "itemprop", "rel", "data-testid", "data-component")
# Any attribute value that could satisfy one of the rules above: most elements fail this
# single test and are skipped.
_ANY_RULE = re.compile(
    r"[Aa]uthor|zuozhe|bianji|xiaobian|channel-name|submitted-by|posted-by|journalist-name|"
    r"screenname|writer|[Bb]yl|BBL|username|[Cc]omment|ProductReviews|sidebar|is-hidden|"
    r"quote|embedly-instagram|article-s(?:hare|upport)|print|category|meta-(?:date|reviewer)|"
    r"title|date|Figure"
)
_DISCARD_CLASS = re.compile(
    r"^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|"
    r"article-(?:share|support)|print|category|meta-date|meta-reviewer"
)


def _author_level(tag: str, attrs: dict) -> int:
    """0, 1 or 2 for the rule group (most specific first) the element matches, else 3."""
    cls, ident, itemprop = attrs.get("class", ""), attrs.get("id", ""), attrs.get("itemprop", "")
    if tag == "author" or (
        tag in _AUTHOR_TAGS_1
        and (
            attrs.get("rel") == "author"
            or ident == "author"
            or cls == "author"
            or itemprop == "author name"
            or attrs.get("data-testid") in ("AuthorCard", "AuthorURL")
            or _AUTHOR_CLASS_1.search(cls)
        )
    ):
        return 0
    if tag in _AUTHOR_TAGS_2 and (
        cls in ("byline", "username", "byl", "BBL")
        or "author" in itemprop
        or _AUTHOR_ID_2.search(ident)
        or _AUTHOR_CLASS_2.search(cls)
    ):
        return 1
    if (
        "Byline" in attrs.get("data-component", "")
        or "author" in itemprop
        or _AUTHOR_ID_3.search(ident)
        or _AUTHOR_CLASS_3.search(cls)
    ):
        return 2
    return 3


def _is_discarded(tag: str, attrs: dict) -> bool:
    if tag in ("time", "figure"):
        return True
    if tag not in _DISCARD_TAGS:
        return False
    cls, ident = attrs.get("class", ""), attrs.get("id", "")
    return (
        ident == "comments"
        or cls in ("comments", "title", "date")
        or "Figure" in attrs.get("data-component", "")
        or _DISCARD_ID.search(ident) is not None
        or _DISCARD_CLASS.search(cls) is not None
    )


def _text_without(element, discarded: set) -> str:
    """ " ".join(element.itertext()) as if the discarded descendants had been deleted with
    trafilatura's delete_element, which glues a deleted element's tail to the text before it.
    """
    parts: list[str] = []

    def walk(node) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if child in discarded:
                if child.tail:
                    if parts:
                        parts[-1] += child.tail
                    else:
                        parts.append(child.tail)
                continue
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return " ".join(parts)


def find_author(tree) -> str | None:
    """Author names marked up in the page ("; "-separated), or None.

    Same selection as trafilatura's author search: the first rule group with a usable
    result wins; elements inside comments, sidebars, dates and figures do not count.
    """
    discarded: set = set()
    candidates: list[list] = [[], [], []]
    for element in tree.iter(etree.Element):
        if element.tag not in ("author", "time", "figure"):
            values = " ".join(filter(None, map(element.get, _RULE_ATTRIBUTES)))
            if not values or not _ANY_RULE.search(values):
                continue
        attrs = dict(element.attrib)
        if _is_discarded(element.tag, attrs):
            discarded.add(element)
        level = _author_level(element.tag, attrs)
        if level < 3:
            candidates[level].append(element)
    for group in candidates:
        for element in group:
            if element in discarded or any(a in discarded for a in element.iterancestors()):
                continue
            if discarded and any(d in discarded for d in element.iterdescendants()):
                content = trim(_text_without(element, discarded))
            else:
                content = trim(" ".join(element.itertext()))
            if content and 2 < len(content) < 120:
                return normalize_authors(None, content)
    return None


_SITE_FROM_URL = re.compile(r"https?://(?:www\.|w[0-9]+\.)?([^/]+)")


def _sitename(value: str | None, tree, url: str | None) -> str | None:
    if not value:
        _, *parts = examine_title_element(tree)
        value = next((part for part in parts if part and "." in part), None)
    if value:
        value = value.lstrip("@")
        if value and "." not in value and not value[0].isupper():
            value = value.title()
        return value or None
    match = _SITE_FROM_URL.match(url or "")
    return match[1] if match else None


def page_metadata(tree, url: str | None) -> PageMetadata:
    """Read the page's metadata from `tree` without modifying it.

    Authors come from meta tags and JSON-LD only; the markup search (find_author) is left
    to the caller, which needs it only when these hold none.
    """
    found = examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None  # a user name or handle, not a person's name
    # JSON-LD in the wild can break trafilatura's reader; the meta tags are kept then.
    with contextlib.suppress(Exception):
        found = extract_meta_json(tree, found)
    title = found.title or extract_title(tree)
    # No page URL: a date read from it is labelled "url" by the caller, not "metadata"
    # (htmldate still reads the canonical link, as the page states it).
    date = find_date(tree, url=found.url, **DATE_OPTIONS)
    return PageMetadata(
        title=_clean(title),
        author=_clean(found.author),
        description=_clean(found.description),
        sitename=_clean(_sitename(found.sitename, tree, found.url or url)),
        date=date or None,
    )


def _clean(value: str | None) -> str | None:
    # JSON-LD strings may still hold HTML entities ("&amp;").
    return (normalise_inline(unescape(value)) or None) if value else None
