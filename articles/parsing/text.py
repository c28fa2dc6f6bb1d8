"""Scraped plain text (text copied out of a news page) to a ParsedDocument. No Django imports.

The layout recognised is the one news pages keep when their text is copied: optional
navigation words, the headline, an optional standfirst, a byline (a "By ..." line or an
author-bio sentence), photo captions ending with a credit in parentheses, the body
paragraphs, and site chrome at the end (registration walls, newsletter prompts, "read
more" lists). Blocks may be separated by blank lines or be one paragraph per line. Every
rule is about the shape or the general vocabulary of a line, never about one site.
"""

from __future__ import annotations

import re

from .authors import find_byline, parse_contributor_line
from .dates import infer_date
from .normalise import join_paragraphs, split_lines
from .types import Caption, ParsedDocument, ParseError

# Site chrome: account, newsletter, sharing and promotion vocabulary.
_CHROME = re.compile(
    r"\b(?:sign(?:ed|ing)?\s+(?:you\s+|me\s+)?(?:in|up|out)|log\s*(?:in|out)|logged in|"
    r"regist(?:er|ered|ering|ration)|subscri(?:be|bed|ber|bers|ption)|newsletters?|"
    r"notifications?|continue reading|read more|keep reading|e-?mail|password|"
    r"terms (?:and|&) conditions|terms of (?:use|service)|privacy policy|cookies?|"
    r"create an account|my account|already a member|share (?:this|on|via)|follow us|"
    r"advertisement|sponsored content|related (?:articles|stories|topics|coverage)|"
    r"recommended for you|most (?:read|popular)|all rights reserved|copyright|"
    r"click here|download (?:the|our) app|continue with|never miss)\b|©",
    re.I,
)
# Navigation words that precede a headline when a page is copied.
_NAV = re.compile(
    r"^(?:search|menu|home|skip to (?:main )?content|close|share|print|listen|"
    r"toggle navigation|advertisement|live|watch|more|sections|news|latest|subscribe|"
    r"sign in|log in)$",
    re.I,
)
# Mid-text promotion lines ("Read more: <headline>", "RELATED: ...").
_PROMO = re.compile(r"^(?:read more|read also|also read|related|see also|watch|more)\s*:", re.I)
# A photo caption ends with its credit in parentheses: "(AP Photo/Efrem Lukatsky)".
_CAPTION = re.compile(r"^(?P<text>.*\S)\s*\((?P<credit>[^()]{2,100})\)$")
_CREDIT_WORDS = re.compile(
    r"\b(?:photo|photos|photograph|image|images|credit|courtesy|file|pool|handout|via|"
    r"screenshot|screen capture|twitter|x|facebook|instagram|flickr|wikimedia|ap|afp|"
    r"reuters|getty|epa|ansa|xinhua|tass|anadolu|shutterstock|istock|gpo|efe|dpa|upi|"
    r"sputnik|bloomberg|press office|spokesperson|ministry)\b",
    re.I,
)
# Agencies mark archive pictures at the start of the caption: "FILE - ", "File photo: ",
# "FILE PHOTO: ", "(File) ", "Archive image - ".
_ARCHIVE_MARKER = re.compile(
    r"^\(?(?:file|archive)(?:\s+(?:photo|picture|image|pic))?\)?"
    r"(?:\s*[:|]\s*|\s+[-–—]\s*|\)\s+)(?=\S)",
    re.I,
)
# ... and at the end of the credit: "(AP Photo/Efrem Lukatsky, File)".
_ARCHIVE_CREDIT = re.compile(r"(?:^|\s*[,/;]\s*)file(?:\s+photo)?$", re.I)
_TERMINAL = re.compile(r"[.!?…\"”’]$")


def _words(line: str) -> int:
    return len(line.split())


def make_caption(text: str, credit: str | None = None) -> Caption:
    """A Caption with an archive-photo marker ("FILE - " at the start of the text, ", File"
    at the end of the credit) taken off and kept as the `archive` flag. A marker alone,
    with no caption after it, stays."""
    text, credit = text.strip(), (credit or "").strip()
    archive = False
    marker = _ARCHIVE_MARKER.match(text)
    if marker:
        text, archive = text[marker.end() :].strip(), True
    credit_marker = _ARCHIVE_CREDIT.search(credit)
    if credit_marker:
        credit, archive = credit[: credit_marker.start()], True
    return Caption(text, credit or None, archive=archive)


def split_caption(line: str) -> Caption | None:
    """Return the line as a Caption (text, credit) when it ends with a photo credit.

    A credit is a parenthesised tail that names a photographer or agency: it contains a
    slash ("Name / AFP"), credit vocabulary ("AP Photo", "courtesy"), or is in capitals.
    An archive marker at the start of the line is handled as in make_caption.
    """
    match = _CAPTION.match(line)
    if not match or _words(match["text"]) < 3:
        return None
    credit = match["credit"].strip()
    letters = [c for c in credit if c.isalpha()]
    looks_like_credit = (
        "/" in credit
        or _CREDIT_WORDS.search(credit) is not None
        or (len(letters) >= 2 and all(c.isupper() for c in letters))
    )
    return make_caption(match["text"], credit) if looks_like_credit else None


def _is_chrome(line: str) -> bool:
    if _NAV.match(line) or _PROMO.match(line):
        return True
    if _words(line) > 30:
        return False
    if _CHROME.search(line):
        return True
    # Short and unpunctuated: a button or the heading of a promotion box.
    return _words(line) <= 5 and not _TERMINAL.search(line)


def _trailing_chrome_start(lines: list[str], first_body: int) -> int:
    """Index where the run of site chrome at the end of the text begins."""
    end = len(lines)
    while end > first_body + 1 and _is_chrome(lines[end - 1]):
        end -= 1
    return end


def _is_standfirst(line: str) -> bool:
    # A standfirst summarises in one sentence, conventionally without a final full stop.
    return 6 <= _words(line) <= 80 and not _TERMINAL.search(line)


def parse_text(text: str, *, source: str | None = None) -> ParsedDocument:
    """Parse scraped article text into a ParsedDocument.

    The body keeps only story paragraphs (no navigation, byline, captions, contributor
    credits or trailing chrome), normalised with one blank line between paragraphs; the
    people and agencies on contributor lines go to `contributors`. Each distinct caption
    is kept once with its credit split off. The publication date is inferred from the
    text (see dates.infer_date); it is never guessed without evidence.
    Raises ParseError when no headline and body can be found.
    """
    lines = split_lines(text)
    start = 0
    # Navigation words before the headline: known menu words or a lone one/two-word line.
    while start < len(lines) - 1 and (_NAV.match(lines[start]) or _words(lines[start]) <= 2):
        start += 1
    if start >= len(lines):
        raise ParseError("empty text")
    title = lines[start].rstrip(" .")
    rest = lines[start + 1 :]
    if not rest:
        raise ParseError("a headline without body text")

    byline, outlet, byline_index = find_byline(rest[:4])
    byline_line = rest[byline_index] if byline_index is not None else ""
    standfirst = None
    if byline_index is not None:
        head, after = rest[:byline_index], rest[byline_index + 1 :]
        if head and all(_is_standfirst(line) for line in head):
            standfirst, lines = " ".join(head), after
        else:
            # Lines before the byline that do not read as a standfirst are story text.
            lines = head + after
    elif len(rest) > 1 and _is_standfirst(rest[0]):
        standfirst, lines = rest[0], rest[1:]
    else:
        lines = rest

    end = _trailing_chrome_start(lines, 0)
    captions: list[Caption] = []
    seen_captions: set[str] = set()
    body: list[str] = []
    contributors: list[str] = []
    for line in lines[:end]:
        caption = split_caption(line)
        if caption is not None:
            key = caption.text.casefold()
            if key not in seen_captions:
                seen_captions.add(key)
                captions.append(caption)
            continue
        if _PROMO.match(line) or _NAV.match(line):
            continue
        credited = parse_contributor_line(line)
        if credited is not None:
            contributors += [name for name in credited if name not in contributors]
            continue
        body.append(line)
    # An author bio at the end ("Jane Doe is the paper's Paris correspondent.").
    if body and not byline:
        tail_byline, tail_outlet, tail_index = find_byline(body[-1:])
        if tail_index is not None:
            byline, outlet = tail_byline, tail_outlet
            body = body[:-1]
    body_text = join_paragraphs(body)
    if not body_text:
        raise ParseError("no body text after removing headline, captions and boilerplate")

    texts = [body_text, standfirst or "", byline_line, *(c.text for c in captions)]
    found = infer_date(body[:2], texts)
    return ParsedDocument(
        title=title,
        body=body_text,
        standfirst=standfirst,
        byline=byline,
        outlet=outlet,
        url=source if source and "://" in source else None,
        published=found.value,
        published_source=found.source,
        published_precision=found.precision,
        captions=captions,
        contributors=contributors,
    )
