"""Raw bytes to a ParsedDocument: decoding, then the HTML, scraped-text or JSON parser.

No Django imports: used by tasks, commands and the admin alike, unit-tested on strings.
"""

from __future__ import annotations

import re

from .media_types import (
    FEED_MEDIA_TYPES,
    GENERIC_MEDIA_TYPES,
    KIND_BY_MEDIA_TYPE,
    KIND_BY_SUFFIX,
)
from .normalise import decode_bytes, media_type_charset
from .records import load_records, parse_record
from .text import parse_text
from .types import Caption, ParsedDocument, ParseError

__all__ = ("Caption", "ParseError", "ParsedDocument", "detect_kind", "parse_document", "warm_up")

_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|"
    rb"title|div|p|article)\b",
    re.I | re.S,
)
# A whole HTML document, not text that merely mentions a tag: what overrides a declared
# plain-text type or a .txt name (servers and scrapers mislabel saved pages).
_HTML_DOCUMENT_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.I | re.S,
)
_FEED_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.I | re.S
)


def _suffix(source: str) -> str:
    path = source.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def detect_kind(data: bytes, media_type: str | None, source: str) -> str:
    """Which parser the bytes need: "html", "text" or "json".

    Evidence, strongest first: binary signatures, a specific media type, the suffix of
    `source`, then the first bytes. A plain-text verdict (text/plain, a generic type, a
    .txt name) is overruled by bytes that open an HTML document (doctype, <html>, <head>
    or <body>). Raises ParseError for empty input, binary formats, feeds (they are polled,
    not parsed as articles) and unknown media types.
    """
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise ParseError("empty document")
    if head.startswith(_BINARY_MAGIC):
        raise ParseError("binary file (PDF, image or archive), not an article")
    if media_type in FEED_MEDIA_TYPES or _FEED_START.match(head):
        raise ParseError("this is a feed, not an article: add it as a feed instead")
    kind = None
    if media_type and media_type not in GENERIC_MEDIA_TYPES:
        if media_type not in KIND_BY_MEDIA_TYPE:
            raise ParseError(f"unsupported media type {media_type!r}")
        kind = KIND_BY_MEDIA_TYPE[media_type]
    else:
        kind = KIND_BY_SUFFIX.get(_suffix(source))
    if kind == "text" and _HTML_DOCUMENT_START.match(head):
        return "html"
    if kind is not None:
        return kind
    if _HTML_START.match(head):
        return "html"
    if head[:1] in (b"{", b"["):
        return "json"
    return "text"


def parse_document(data: bytes, *, media_type: str | None, source: str) -> ParsedDocument:
    """Parse one article from the exact bytes received.

    `media_type` is the HTTP Content-Type (parameters such as charset are honoured) or
    None; `source` is the URL or file path the bytes came from (its suffix may tell the
    format; an http(s) source is also the article URL). Dispatches to the HTML, scraped
    text or JSON record parser. Raises ParseError(reason) for empty, binary, undecodable
    or unsupported input and for documents without a title and body. Never performs I/O.
    """
    main_type, charset = media_type_charset(media_type)
    kind = detect_kind(data, main_type, source or "")
    text = decode_bytes(data, declared=charset, sniff_html=kind == "html")
    url = source if source and re.match(r"^https?://", source, re.I) else None
    if kind == "html":
        # trafilatura is slow to import; text and JSON need none of it.
        from .html import parse_html  # noqa: PLC0415

        return parse_html(text, url=url)
    if kind == "json":
        records = list(load_records(text))
        if len(records) != 1:
            raise ParseError(f"{len(records)} records in one document: parse each line alone")
        record = records[0]
        if url and not record.get("url"):
            record = {**record, "url": url}
        return parse_record(record)
    return parse_text(text, source=source)


def warm_up() -> None:
    """Load the HTML parser and the data it otherwise loads on the first pages that need it
    (see `html.warm_up`): for a long-running worker, before its first document."""
    # trafilatura is slow to import; only processes that parse documents need it.
    from .html import warm_up as warm_up_html  # noqa: PLC0415

    warm_up_html()
