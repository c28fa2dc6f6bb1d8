"""JSON article records to a ParsedDocument. No Django imports.

A record is one JSON object (a `.json` file or one line of a `.jsonl` file) with the keys
`url`, `title`, `published` and either `body` (plain text) or `html` (a page, which goes
through the HTML parser). A `published` value counts as metadata.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from .dates import date_from_url, infer_date, parse_date_string
from .normalise import normalise_body, normalise_inline
from .types import ParsedDocument, ParseError

# JSON escapes can spell characters no stored text may hold: NUL (PostgreSQL refuses it) and
# lone UTF-16 surrogates (not encodable as UTF-8). NUL is dropped, a lone surrogate becomes
# U+FFFD, as a decoder does with bytes it cannot read.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _storable(value):
    if isinstance(value, str):
        return _UNSTORABLE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", value)
    if isinstance(value, list):
        return [_storable(item) for item in value]
    return value


def _storable_object(pairs: dict) -> dict:
    return {_storable(key): _storable(value) for key, value in pairs.items()}


def load_records(text: str) -> Iterator[dict]:
    """Yield the JSON objects in `text`: one object, or one per non-empty line (JSON Lines).

    Raises ParseError for invalid JSON or a value that is not an object.
    """
    stripped = text.strip()
    try:
        values = [json.loads(stripped, object_hook=_storable_object)]
    except json.JSONDecodeError:
        try:
            values = [
                json.loads(line, object_hook=_storable_object)
                for line in stripped.splitlines()
                if line.strip()
            ]
        except json.JSONDecodeError as exc:
            raise ParseError(f"invalid JSON: {exc.msg} (line {exc.lineno})") from exc
    for value in values:
        if not isinstance(value, dict):
            raise ParseError("a JSON record must be an object with url, title and body or html")
        yield value


def parse_record(record: dict) -> ParsedDocument:
    """Turn one record into a ParsedDocument.

    `html` wins over `body` when both are present, since the page holds more evidence
    (captions, authors); the record's own `title`, `url` and `published` override what the
    page says. Raises ParseError when there is neither a title nor body text.
    """
    url = record.get("url") or None
    if url is not None and not (isinstance(url, str) and re.match(r"^https?://\S+$", url.strip())):
        raise ParseError("record 'url' must be an absolute http(s) URL")
    url = url.strip() if url else None
    title = normalise_inline(str(record.get("title") or ""))
    published = parse_date_string(record.get("published"), "metadata")
    html = record.get("html")
    if isinstance(html, str) and html.strip():
        from .html import parse_html  # noqa: PLC0415 - trafilatura is slow to import

        doc = parse_html(html, url=url)
        doc.title = title or doc.title
        doc.rights = _text(record.get("rights") or record.get("license"))[:1000]
        if published.value is not None:
            doc.published = published.value
            doc.published_source = published.source
            doc.published_precision = published.precision
        return doc
    body = normalise_body(record.get("body") if isinstance(record.get("body"), str) else "")
    if not body:
        raise ParseError("record has no body or html text")
    if not title:
        raise ParseError("record has no title")
    if published.value is None:
        published = date_from_url(url)
    if published.value is None:
        published = infer_date(body.split("\n\n")[:2], [body])
    return ParsedDocument(
        title=title,
        body=body,
        byline=_byline(record.get("author") or record.get("authors")),
        url=url,
        published=published.value,
        published_source=published.source,
        published_precision=published.precision,
        rights=_text(record.get("rights") or record.get("license"))[:1000],
    )


def _text(value: object) -> str:
    return normalise_inline(value) if isinstance(value, str) else ""


def _byline(value: object) -> list[str]:
    if isinstance(value, str):
        value = value.split(";")
    if not isinstance(value, list):
        return []
    names = (normalise_inline(v) for v in value if isinstance(v, str))
    return list(dict.fromkeys(n for n in names if n))
