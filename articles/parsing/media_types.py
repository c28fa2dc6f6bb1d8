"""The one table of media types: which parser a document needs, which types are feeds, and
which file suffixes name which type. Parsing, local-file ingestion and fetching all read it."""

from __future__ import annotations

from pathlib import Path

# Parser kinds: "html", "text" (scraped article text) or "json" (one record).
KIND_BY_MEDIA_TYPE = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "application/json": "json",
    "application/jsonl": "json",
    "application/x-ndjson": "json",
    "application/ndjson": "json",
    "application/jsonlines": "json",
}
KIND_BY_SUFFIX = {
    "html": "html", "htm": "html", "xhtml": "html",
    "txt": "text", "text": "text",
    "json": "json", "jsonl": "json", "ndjson": "json",
}  # fmt: skip

# Feeds are polled, not parsed as articles.
FEED_MEDIA_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json"}
)
# Generic XML may be a feed: the first bytes decide.
XML_MEDIA_TYPES = frozenset({"application/xml", "text/xml"})
# Generic types say nothing about the format: decide from the file name or the bytes.
GENERIC_MEDIA_TYPES = frozenset(
    {"application/octet-stream", "binary/octet-stream", "text/x-unknown"}
)

# Local files: the suffixes ingestion accepts, and the type each is stored under. A JSON Lines
# file is split into one document per record, each stored as JSON.
JSON_LINES = "application/x-ndjson"
MEDIA_TYPE_BY_FILE_SUFFIX = {
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain",
    ".json": "application/json",
    ".jsonl": JSON_LINES,
}


def media_type_of_file(path: str | Path) -> str | None:
    """The media type a local file is ingested as, or None for a suffix that is refused."""
    return MEDIA_TYPE_BY_FILE_SUFFIX.get(Path(path).suffix.lower())
