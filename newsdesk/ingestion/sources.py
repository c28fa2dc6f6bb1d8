"""Where documents come from: local files and folders, and the web (the fetch policy).

The media types a local file may have are those of `articles.parsing.media_types`, the one
registry that parsing and fetching read too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from articles.fetching import FetchPolicy
from articles.parsing.media_types import (
    JSON_LINES,
    MEDIA_TYPE_BY_FILE_SUFFIX,
    media_type_of_file,
)


def fetch_policy() -> FetchPolicy:
    return FetchPolicy.from_settings(settings)


@dataclass(frozen=True)
class LocalItem:
    """One document found on disk: a file, or one record of a JSON Lines file. `refusal`
    says why it will not be stored (an unknown type, too large); its content is then empty."""

    path: Path
    media_type: str | None
    content: bytes
    label: str
    refusal: str = ""


def local_items(path: Path) -> Iterator[LocalItem]:
    """Every document under a file or folder, in a stable order. Files of an unknown type or
    larger than INGEST_MAX_FILE_BYTES are yielded unread, with a refusal, so that they are
    refused, and counted, like any bad input."""
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    limit = settings.INGEST_MAX_FILE_BYTES
    for file in files:
        if file.name.startswith("."):
            continue
        media_type = media_type_of_file(file)
        size = file.stat().st_size
        if media_type is None:
            refusal = (
                f"unsupported file type {file.suffix or '(none)'!r}: "
                f"expected one of {', '.join(sorted(MEDIA_TYPE_BY_FILE_SUFFIX))}"
            )
            yield LocalItem(file, None, b"", str(file), refusal)
        elif size > limit:
            refusal = f"file too large: {size:,} bytes (the limit is {limit:,})"
            yield LocalItem(file, media_type, b"", str(file), refusal)
        elif media_type == JSON_LINES:
            yield from _jsonl_items(file)
        else:
            yield LocalItem(file, media_type, file.read_bytes(), str(file))


def _jsonl_items(file: Path) -> Iterator[LocalItem]:
    for number, line in enumerate(file.read_bytes().splitlines(), start=1):
        if line.strip():
            yield LocalItem(file, "application/json", line, f"{file}:{number}")
