"""Text normalisation and byte decoding shared by every parser. No Django imports.

The body string produced here is the reference for all character offsets computed later,
so `normalise_body` must be deterministic and idempotent.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from .types import ParseError

# Characters that carry no text: soft hyphen, zero-width space/joiners, word joiner, BOM.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
# Any horizontal whitespace (NBSP, thin spaces, tabs...) becomes one plain space.
_HSPACE = re.compile(r"[^\S\n]+")
# Control characters other than newline and tab are noise in scraped or decoded text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")


def normalise_inline(text: str | None) -> str:
    """Return `text` as one line: NFC, invisible characters removed, whitespace collapsed.

    Never returns None; an empty or missing input gives "".
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = _CONTROL.sub(" ", _NEWLINES.sub(" ", text))
    return " ".join(text.split())


def split_lines(text: str) -> list[str]:
    """Split `text` into normalised, non-empty lines (every line break counts)."""
    text = _NEWLINES.sub("\n", unicodedata.normalize("NFC", text))
    return [line for line in (normalise_inline(part) for part in text.split("\n")) if line]


def join_paragraphs(paragraphs: list[str]) -> str:
    """Join paragraphs with one blank line, normalising each and dropping empty ones."""
    cleaned = (normalise_inline(p) for p in paragraphs)
    return "\n\n".join(p for p in cleaned if p)


def normalise_body(text: str | None) -> str:
    """Return the canonical body form: each non-empty line a paragraph, NFC, single spaces,
    paragraphs separated by exactly one blank line, no leading or trailing whitespace.

    Idempotent: normalise_body(normalise_body(x)) == normalise_body(x).
    """
    if not text:
        return ""
    return join_paragraphs(split_lines(text))


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def decode_bytes(data: bytes, *, declared: str | None = None, sniff_html: bool = False) -> str:
    """Decode raw bytes to text.

    Order of evidence: byte-order mark, then the declared charset (HTTP header / media type
    parameter), then a `<meta charset>` in the first 4 KB when `sniff_html`, then strict
    UTF-8, then charset detection. Raises ParseError for empty input or binary data.
    """
    if not data or not data.strip():
        raise ParseError("empty document")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    if b"\x00" in data[:4096]:
        # NUL bytes without a UTF-16/32 BOM: an image, PDF or other binary upload.
        raise ParseError("binary content, not text")
    candidates = [_known_codec(declared)]
    if sniff_html:
        match = _META_CHARSET.search(data[:4096])
        candidates.append(_known_codec(match.group(1).decode("ascii")) if match else None)
    candidates.append("utf-8")
    for encoding in candidates:
        if encoding is None:
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return _detect_and_decode(data)


def _detect_and_decode(data: bytes) -> str:
    try:
        from charset_normalizer import from_bytes  # noqa: PLC0415 - optional: a fallback decoder
    except ImportError:  # pragma: no cover - installed with trafilatura
        return data.decode("cp1252", errors="replace")
    best = from_bytes(data).best()
    if best is None:
        raise ParseError("undecodable bytes: no text encoding fits")
    return str(best)


def media_type_charset(media_type: str | None) -> tuple[str | None, str | None]:
    """Split 'text/html; charset=UTF-8' into ('text/html', 'UTF-8'); lower-cases the type."""
    if not media_type:
        return None, None
    main, _, params = media_type.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return main.strip().lower() or None, charset
