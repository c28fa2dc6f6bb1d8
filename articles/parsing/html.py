"""HTML pages to a ParsedDocument. No Django imports.

Main text comes from trafilatura, the best-measured open extractor on news pages, and
metadata from its readers (see metadata.py), on one parsed tree; this module adds what
they do not give directly: photo captions with credits kept out of the body, contributor
lines kept out of it too, the visible headline, a standfirst that does not repeat the
lede, authors as a list, and the provenance of the publication date.
"""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urljoin, urlsplit

import trafilatura
from htmldate import find_date
from trafilatura.utils import load_html

from .authors import parse_contributor_line
from .dates import NO_DATE, DateFinding, date_from_url, infer_date, parse_date_string
from .metadata import find_author, page_metadata
from .normalise import join_paragraphs, normalise_inline
from .text import make_caption, split_caption
from .types import Caption, ParsedDocument, ParseError

# favor_precision measured best on the news benchmark (see articles/evaluation.py);
# comments are never article text. "fast" skips trafilatura's comparison with its external
# extractors (readability, jusText), a third of the cost of a page; on the news benchmark
# that comparison changed only pages where the fast pass found almost nothing, so it runs
# only then (FULL_BELOW_WORDS). Body F1 on that benchmark by threshold: 0.9672 never,
# 0.9681 at 50 words, 0.9736 from 75 to 125, 0.9713 at 150 and 200; each full pass is a
# second extraction of the page (14 of its 181 pages at 100 words, 28 at 200).
EXTRACTION_OPTIONS = {
    "favor_precision": True, "include_comments": False, "include_tables": True, "fast": True,
}  # fmt: skip
FULL_OPTIONS = {**EXTRACTION_OPTIONS, "fast": False}
FULL_BELOW_WORDS = 100
# Fewer words than this is navigation or an error page, not an article.
MIN_BODY_WORDS = 5
# Below this many words the precision-first extraction is retried recall-first.
RETRY_BELOW_WORDS = 40
RECALL_OPTIONS = {"favor_recall": True, "include_comments": False, "include_tables": True}

# One cheap XPath; the class tokens are checked in Python (XPath string tests per element
# were the costliest part of caption reading).
_CAPTION_XPATH = "//figcaption | //*[contains(@class, 'caption')]"
_CAPTION_CLASSES = {"caption", "wp-caption-text", "image-caption", "photo-caption"}
_CREDIT_XPATH = ".//*[contains(@class, 'credit') or contains(@class, 'copyright')]"
# Page furniture whose pictures are not the story's: galleries, related and "most read"
# lists, promotions, sidebars. A caption inside an element whose tag is one of these, or
# whose class or id holds one of these words, is not a caption of the story.
_FURNITURE_TAGS = frozenset({"aside", "nav", "footer", "header"})
_FURNITURE_WORDS = (
    "gallery", "carousel", "slideshow", "related", "most-read", "mostread", "most_read",
    "popular", "trending", "recommend", "promo", "teaser", "sidebar", "widget", "more-from",
    "read-more", "readmore", "outbrain", "taboola",
)  # fmt: skip
# The story's own container, when the page marks one.
_BODY_XPATH = "//article | //*[@itemprop='articleBody']"
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ")


_WORD = re.compile(r"\w+")


def _fold(text: str) -> str:
    """Comparison key: case-folded words, punctuation and spacing ignored."""
    return " ".join(_WORD.findall(text.casefold()))


def _element_text(element) -> str:
    return normalise_inline(" ".join(element.itertext()))


def extract_captions(tree) -> tuple[list[Caption], set[str]]:
    """Photo captions marked up in the page (figcaption or caption classes), each once,
    with the credit split off when the markup or a parenthesised tail marks one and an
    archive marker ("FILE - ") taken off the text (Caption.archive).

    Also returns the folded full texts of the caption elements (marker and credit
    included), to recognise the captions where the extracted text repeats them.
    """
    captions: list[Caption] = []
    raw_keys: set[str] = set()
    seen: set[str] = set()
    used = set()
    elements = [
        element
        for element in tree.xpath(_CAPTION_XPATH)
        if element.tag == "figcaption"
        or _CAPTION_CLASSES & set((element.get("class") or "").lower().split())
    ]
    elements = [element for element in elements if not _in_furniture(element)]
    bodies = set(tree.xpath(_BODY_XPATH))
    in_body = [e for e in elements if any(a in bodies for a in e.iterancestors())]
    if in_body:  # the page marks its story: captions outside it belong to other stories
        elements = in_body
    for element in elements:
        if any(ancestor in used for ancestor in element.iterancestors()):
            continue
        used.add(element)
        full = _element_text(element)
        if not full or len(full.split()) > 120:
            continue
        credit = normalise_inline(" ".join(_element_text(c) for c in element.xpath(_CREDIT_XPATH)))
        if credit and full.endswith(credit) and len(credit) < len(full):
            caption = make_caption(full[: -len(credit)], credit.strip("() "))
        else:
            caption = split_caption(full) or make_caption(full)
        raw_keys.add(_fold(full))
        key = _fold(caption.text)
        if key and key not in seen:
            seen.add(key)
            captions.append(caption)
    return captions, raw_keys


def _in_furniture(element) -> bool:
    """True inside a gallery, a related-article list, a "most read" box or the like."""
    for ancestor in element.iterancestors():
        if not isinstance(ancestor.tag, str):
            continue
        if ancestor.tag in _FURNITURE_TAGS:
            return True
        marks = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}".lower()
        if marks.strip() and any(word in marks for word in _FURNITURE_WORDS):
            return True
    return False


def _canonical(tree, url: str | None) -> str | None:
    for xpath in ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"):
        for href in tree.xpath(xpath):
            absolute = urljoin(url or "", href.strip())
            # A relative link on a page without a known URL cannot be resolved: no canonical.
            if re.match(r"^https?://[^/\s]", absolute, re.I):
                return absolute
    return None


def _language(tree) -> str | None:
    values = tree.xpath("/html/@lang") or tree.xpath(
        "//meta[translate(@http-equiv, 'CONTENTLAG', 'contentlag')='content-language']/@content"
    )
    for value in values:
        code = value.strip().replace("_", "-").split("-")[0].lower()
        if 2 <= len(code) <= 3 and code.isalpha():
            return code
    return None


def _clean_title(title: str | None, outlet: str | None) -> str:
    """The headline without a trailing " | Site name" that pages add to <title>."""
    title = normalise_inline(title)
    if not outlet:
        return title
    site = _fold(outlet).replace(" ", "")
    for separator in _TITLE_SEPARATORS:
        # The site name may itself hold the separator ("Magazine - Art, Design").
        for head, tail in _splits(title, separator):
            if head and site and _fold(tail).replace(" ", "") == site:
                return head.strip()
    return title


def _splits(title: str, separator: str):
    """(head, tail) at each occurrence of `separator`, the last one first."""
    end = len(title)
    while (index := title.rfind(separator, 0, end)) > 0:
        yield title[:index], title[index + len(separator) :]
        end = index


_HEADLINE_WORDS = (3, 40)


def _headline(tree, outlet: str | None) -> str | None:
    """The page's one <h1>, when it reads as a headline (not the site's name): what readers
    see, where meta titles are often rewritten for search engines and social networks."""
    found = tree.xpath("//body//h1")
    if len(found) != 1:
        return None
    text = _element_text(found[0])
    low, high = _HEADLINE_WORDS
    if not low <= len(text.split()) <= high or (outlet and _fold(text) == _fold(outlet)):
        return None
    return text


def _standfirst(description: str | None, title: str, body: str) -> str | None:
    """The page's summary, unless it merely repeats the title or the start of the body."""
    text = normalise_inline(description)
    if len(text.split()) < 6 or text.endswith(("...", "…")):
        return None
    key = _fold(text)
    if key == _fold(title) or key[:120] in _fold(body[:3000]):
        return None
    return text


# A job title that author markup sometimes holds instead of a name ("AP Auto Writer").
_JOB_TITLE = re.compile(
    r"\b(?:writer|reporter|correspondent|editor|staff|contributor|columnist)s?$", re.I
)


def _word_count(doc) -> int:
    return len((doc.text or "").split()) if doc is not None else 0


def _authors(value: str | None) -> list[str]:
    # trafilatura joins several authors with "; " and has already removed "By" and roles.
    names = (normalise_inline(part) for part in (value or "").split(";"))
    return list(dict.fromkeys(n for n in names if n and not _JOB_TITLE.search(n)))


_JSONLD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{6,60})"')


def _jsonld_published(tree, url: str | None) -> DateFinding:
    """The first schema.org datePublished in the page's JSON-LD.

    It is the publisher's own statement of first publication, so it is preferred to
    htmldate's guess, which may favour a date in the URL or a non-standard format it cannot
    read ("Tue, Sep 15 2020 10:01:41 EDT"). Read with a regex: JSON-LD blocks are often
    invalid JSON.
    """
    for script in tree.xpath("//script[contains(@type, 'ld+json')]/text()"):
        match = _JSONLD_PUBLISHED.search(script)
        if match:
            found = parse_date_string(match.group(1), "metadata")
            if found.value is not None and found.precision == "day":
                return _local_day(match.group(1), found, url)
    return NO_DATE


# A UTC timestamp in the small hours ("2020-04-14T00:38:07Z").
_EARLY_UTC = re.compile(r"T(?P<hour>[0-1]\d):?\d\d(?::?\d\d(?:\.\d+)?)?(?:Z|[+-]00:?00)$")


def _local_day(raw: str, found: DateFinding, url: str | None) -> DateFinding:
    """Prefer the URL's day when a UTC timestamp in the small hours falls on the day after it.

    Publishers west of Greenwich stamp evening stories with the next UTC day, while the URL
    keeps the local day on which the story appeared.
    """
    early = _EARLY_UTC.search(raw.strip())
    if not early or int(early["hour"]) >= 8:
        return found
    in_url = date_from_url(url)
    if in_url.precision == "day" and in_url.value == found.value - timedelta(days=1):
        return DateFinding(in_url.value, "metadata", "day")
    return found


def _published(
    jsonld: DateFinding,
    meta_date: str | None,
    urls: list[str | None],
    lede: list[str],
    texts: list[str],
) -> DateFinding:
    """JSON-LD, else htmldate's metadata date, else a URL date, else inferred from text."""
    found = jsonld
    if found.value is None and meta_date:
        found = parse_date_string(meta_date, "metadata")
    for candidate in urls:
        if found.value is None:
            found = date_from_url(candidate)
    if found.value is None:
        found = infer_date(lede, texts)
    return found


def _text_date(tree, url: str | None) -> DateFinding | None:
    """A date printed in the page ("Posted on May 12, 2020"), found by htmldate's
    extensive search. Labelled inferred: it is read from page text, not from metadata."""
    value = find_date(tree, url=url, original_date=True, extensive_search=True)
    if not value:
        return None
    found = parse_date_string(value, "inferred")
    return found if found.value is not None else None


def _split_contributors(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Paragraphs without contributor credit lines, and the names those lines credit."""
    kept: list[str] = []
    contributors: list[str] = []
    for paragraph in paragraphs:
        credited = parse_contributor_line(paragraph) if len(paragraph) < 500 else None
        if credited is None:
            kept.append(paragraph)
        else:
            contributors += [name for name in credited if name not in contributors]
    return kept, contributors


def _extract(tree, url: str | None, options: dict):
    # bare_extraction copies a tree it is given, so `tree` stays whole for later readers.
    return trafilatura.bare_extraction(tree, url=url, **options)


def parse_html(html: str | bytes, *, url: str | None = None) -> ParsedDocument:
    """Parse an article page into a ParsedDocument.

    Input: the page (decoded text preferred) and the URL it came from, used to resolve
    relative links and read dates. The date comes from page metadata, else the URL, else
    it is inferred from the text (DateFinding provenance is stored). Never fetches.
    Raises ParseError when the page holds no extractable article text.
    """
    # The page is parsed once, with trafilatura's own loader: its parser settings (comments
    # and processing instructions removed) are the ones its extraction rules were tuned on.
    tree = load_html(html)
    if tree is None:
        raise ParseError("unparseable HTML")
    captions, caption_keys = extract_captions(tree)
    jsonld_date = _jsonld_published(tree, url)
    canonical = _canonical(tree, url)
    language = _language(tree)
    meta = page_metadata(tree, url)
    doc = _extract(tree, url, EXTRACTION_OPTIONS)
    if _word_count(doc) < FULL_BELOW_WORDS:
        doc = _extract(tree, url, FULL_OPTIONS)
    if _word_count(doc) < RETRY_BELOW_WORDS:
        # Precision-first rules can discard nearly everything on short or unusual pages
        # (blog engines, forum posts); recall-first rules get a second chance there and
        # win when they find more text. Rare, so the double cost stays off the average.
        second = _extract(tree, url, RECALL_OPTIONS)
        if _word_count(second) > _word_count(doc):
            doc = second
    if doc is None or not (doc.text or "").strip():
        raise ParseError("no article text found in the page")
    outlet = meta.sitename
    title = _clean_title(meta.title, outlet)
    headline = _headline(tree, outlet)
    # The <h1> wins unless it only adds a section label or kicker to the meta title
    # ("Local News | <title>").
    if headline and not (title and _fold(title) in _fold(headline)):
        title = headline
    caption_keys |= {_fold(c.text) for c in captions}
    caption_keys |= {_fold(f"{c.text} {c.credit}") for c in captions if c.credit}
    paragraphs = doc.text.split("\n")
    if caption_keys:
        paragraphs = [p for p in paragraphs if _fold(p) not in caption_keys]
    paragraphs, contributors = _split_contributors(paragraphs)
    if not title and paragraphs:
        title = normalise_inline(paragraphs[0])[:300]
    # The headline is stored as the title; the body starts after it.
    while paragraphs and _fold(paragraphs[0]) in (_fold(title), ""):
        paragraphs.pop(0)
    body = join_paragraphs(paragraphs)
    if len(body.split()) < MIN_BODY_WORDS:
        raise ParseError("no article text found in the page")
    lede = body.split("\n\n")[:2]
    texts = [body, *(c.text for c in captions)]
    found = _published(jsonld_date, meta.date, [url, canonical], lede, texts)
    if found.source in ("none", "inferred") and found.precision != "day":
        found = _text_date(tree, url) or found
    # Only pages without author metadata need the markup search (it is the costly part).
    author = meta.author or find_author(tree)
    page_url = canonical or url
    return ParsedDocument(
        title=title,
        body=body,
        standfirst=_standfirst(meta.description, title, body),
        byline=_authors(author),
        outlet=outlet,
        site_domain=urlsplit(page_url).hostname if page_url else None,
        url=url,
        canonical_url=canonical,
        language=language,
        published=found.value,
        published_source=found.source,
        published_precision=found.precision,
        captions=captions,
        contributors=contributors,
    )


# A page whose only date is one no language claims ("Xqzt"): htmldate's extensive search
# hands it to dateparser, which then loads the data of every locale.
_WARM_UP_PAGE = (
    "<html><head><title>Notes</title></head><body><article><h1>Notes</h1>"
    "<p>Posted 12 Xqzt 2019</p><p>" + "A short note about the weather in the town. " * 8
    + "</p></article></body></html>"
)  # fmt: skip


def warm_up() -> None:
    """Load what parsing otherwise loads during the first pages that need it.

    htmldate gives date strings it cannot read itself to dateparser, which reads every
    locale's data the first time a string matches no language: about 1.5 s of CPU, once per
    process, charged to whichever page first holds such a date. A long-running worker
    calls this before its first document.
    """
    parse_html(_WARM_UP_PAGE)
