"""Plain data types produced by the parsers. No Django imports here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Where a publication date came from; "none" means there was no evidence and no date.
DATE_SOURCES = ("metadata", "url", "inferred", "editor", "none")
DATE_PRECISIONS = ("day", "month", "year", "none")


class ParseError(ValueError):
    """Input that cannot become an article. `reason` is shown to editors; never retried."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Caption:
    """A photo caption. `archive` is True when the caption marked the photo as an archive
    picture ("FILE - ...", "File photo: ..."); the marker itself is not part of `text`."""

    text: str
    credit: str | None = None
    archive: bool = False


@dataclass
class ParsedDocument:
    """One article as parsed from raw bytes, before any entity extraction.

    `body` is normalised (NFC, single spaces, paragraphs separated by one blank line);
    every character offset computed later refers to this exact string.
    """

    title: str
    body: str
    standfirst: str | None = None
    byline: list[str] = field(default_factory=list)
    outlet: str | None = None
    site_domain: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    published: date | None = None
    published_source: str = "none"
    published_precision: str = "none"
    captions: list[Caption] = field(default_factory=list)
    # People and agencies credited on contributor lines ("Reporting by ...", "The Associated
    # Press contributed to this report."), which are not part of `body`. Not authors, and
    # not people the story is about.
    contributors: list[str] = field(default_factory=list)
    # The licence and attribution a record carries ("Text from Wikinews, CC BY 2.5"), shown
    # with the article.
    rights: str = ""
