"""Publication dates: from metadata strings, from URLs, or inferred from the text.

No Django imports. Every function returns a `DateFinding`; a date is never invented:
without evidence the finding is (None, "none", "none").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime

_MIN_YEAR, _MAX_YEAR = 1990, 2100


@dataclass(frozen=True)
class DateFinding:
    """A publication date with its provenance (see types.DATE_SOURCES / DATE_PRECISIONS).

    For month or year precision `value` is the first day of that month or year.
    """

    value: date | None = None
    source: str = "none"
    precision: str = "none"


NO_DATE = DateFinding()

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MONTH_RE = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY_PREFIX = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
# "Monday, Aug 19, 2019", "February 8, 2023", "8 February 2023", "20th of Feb. 2023".
_EXPLICIT_DATES = [
    re.compile(rf"\b{_WEEKDAY_PREFIX}{_MONTH_RE}\s+{_DAY_RE},?\s+{_YEAR_RE}\b", re.I),
    re.compile(rf"\b{_WEEKDAY_PREFIX}{_DAY_RE}\s+(?:of\s+)?{_MONTH_RE},?\s+{_YEAR_RE}\b", re.I),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
]
# A day and month without a year ("on February 16", "Feb. 20", "16 February"). The month
# must be capitalised ("may" is a verb) and no year may follow.
_YEARLESS_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_NO_YEAR_AFTER = r"(?![\d%])(?!,?\s+(?:of\s+)?(?:19|20)\d\d)"
_YEARLESS_DATES = [
    re.compile(rf"\b{_WEEKDAY_PREFIX}{_YEARLESS_MONTH}\s+{_DAY_RE}\b{_NO_YEAR_AFTER}"),
    re.compile(rf"\b{_WEEKDAY_PREFIX}{_DAY_RE}\s+(?:of\s+)?{_YEARLESS_MONTH}\b{_NO_YEAR_AFTER}"),
]
# A year-less date takes its year from the latest full date only when exactly one reading
# lies this close to it (so at most one of the neighbouring years can qualify).
_YEARLESS_WINDOW = timedelta(days=92)
# A weekday naming the day of the reported event ("told ... on Wednesday"). Plurals are
# habitual ("on Mondays") and "next"/"last"/"every" shift the week, so they are excluded.
_EVENT_WEEKDAY = re.compile(
    r"(?<!next )(?<!last )(?<!every )(?<!this coming )\b"
    r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b(?!s)",
    re.I,
)
_URL_DATE = [
    (re.compile(r"/((?:19|20)\d\d)/([01]?\d)/([0-3]?\d)(?:/|[-_]|$)"), "day"),
    (re.compile(r"[/_-]((?:19|20)\d\d)-([01]\d)-([0-3]\d)(?:[/_.-]|$)"), "day"),
    (re.compile(r"/((?:19|20)\d\d)([01]\d)([0-3]\d)/"), "day"),
    (re.compile(r"/((?:19|20)\d\d)/([01]?\d)/"), "month"),
]


def _month_number(token: str) -> int:
    return int(token) if token.isdigit() else _MONTHS[token[:3].lower()]


def _safe_date(year: int, month: int, day: int) -> date | None:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def explicit_dates(text: str) -> list[tuple[date, int, int]]:
    """Return every full calendar date written in `text` as (date, start, end) spans,
    in text order. Only dates with day, month and year count."""
    found: dict[tuple[int, int], date] = {}
    for pattern in _EXPLICIT_DATES:
        for match in pattern.finditer(text):
            span = match.span()
            if any(s <= span[0] < e for s, e in found):
                continue
            value = _safe_date(int(match["year"]), _month_number(match["month"]), int(match["day"]))
            if value is not None:
                found[span] = value
    return sorted(((value, s, e) for (s, e), value in found.items()), key=lambda x: x[1])


def yearless_dates(text: str) -> list[tuple[int, int, int, int]]:
    """Return (month, day, start, end) for each day-and-month written without a year,
    outside full dates, in text order."""
    full = [(s, e) for _, s, e in explicit_dates(text)]
    found: dict[tuple[int, int], tuple[int, int]] = {}
    for pattern in _YEARLESS_DATES:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e in [*full, *found]):
                continue
            day = int(match["day"])
            if 1 <= day <= 31:
                found[(start, end)] = (_month_number(match["month"]), day)
    return sorted(((m, d, s, e) for (s, e), (m, d) in found.items()), key=lambda x: x[2])


def _place_yearless(month: int, day: int, anchor: date) -> date | None:
    """The reading of a year-less date within the window around `anchor`, if there is one."""
    readings = (_safe_date(anchor.year + shift, month, day) for shift in (-1, 0, 1))
    close = [d for d in readings if d is not None and abs(d - anchor) <= _YEARLESS_WINDOW]
    return close[0] if len(close) == 1 else None


def _without_spans(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return text


def infer_date(lede: list[str], texts: list[str]) -> DateFinding:
    """Infer a publication date from article text (never from outside knowledge).

    `lede` is the opening paragraph(s) of the body; `texts` is every text unit to search
    for explicit dates (body, standfirst, captions). The latest explicit full date is the
    anchor: the story cannot be older than what it reports. A day and month written
    without a year ("on February 16") moves the anchor later when its year is unambiguous:
    exactly one reading lies within three months of the latest full date. A weekday named
    in the lede
    ("told reporters on Wednesday") is the day of the news peg, i.e. the publication day or
    the day before it; the first such weekday on or after the anchor is returned with day
    precision. Without a lede weekday only the anchor's month is claimed. Without an
    explicit full date nothing is inferred: month names and relative words alone
    ("in February", "last Wednesday") cannot place a story in time.
    """
    dated = [found for text in texts for found in explicit_dates(text)]
    if not dated:
        return NO_DATE
    anchor = max(value for value, _, _ in dated)
    placed = [
        _place_yearless(month, day, anchor)
        for text in texts
        for month, day, _, _ in yearless_dates(text)
    ]
    anchor = max([anchor, *(value for value in placed if value is not None)])
    for paragraph in lede:
        spans = [(s, e) for _, s, e in explicit_dates(paragraph)]
        spans += [(s, e) for _, _, s, e in yearless_dates(paragraph)]
        match = _EVENT_WEEKDAY.search(_without_spans(paragraph, spans))
        if match:
            weekday = _WEEKDAYS.index(match.group(1).lower())
            value = anchor + timedelta(days=(weekday - anchor.weekday()) % 7)
            return DateFinding(value, "inferred", "day")
    return DateFinding(anchor.replace(day=1), "inferred", "month")


def date_from_url(url: str | None) -> DateFinding:
    """Read a date written in a URL path (/2023/02/22/, -2023-02-22-, /20230222/, /2023/02/)."""
    if not url:
        return NO_DATE
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.I)
    for pattern, precision in _URL_DATE:
        match = pattern.search(path)
        if not match:
            continue
        year, month = int(match.group(1)), int(match.group(2))
        day = int(match.group(3)) if precision == "day" else 1
        value = _safe_date(year, month, day)
        if value is not None:
            return DateFinding(value, "url", precision)
    return NO_DATE


_ISO_PARTIAL = re.compile(r"^\s*((?:19|20)\d\d)(?:-([01]\d)(?:-([0-3]\d))?)?\s*$")


def parse_date_string(value: object, source: str = "metadata") -> DateFinding:
    """Parse a date given as metadata (ISO 8601, RFC 2822, '2023-02', or free text such as
    '22 February 2023'). Returns NO_DATE when the string holds no unambiguous date."""
    if isinstance(value, datetime):
        return DateFinding(value.date(), source, "day")
    if isinstance(value, date):
        return DateFinding(value, source, "day")
    if not isinstance(value, str) or not value.strip():
        return NO_DATE
    text = value.strip()
    partial = _ISO_PARTIAL.match(text)
    if partial:
        year, month, day = partial.groups()
        precision = "day" if day else "month" if month else "year"
        parsed = _safe_date(int(year), int(month or 1), int(day or 1))
        return DateFinding(parsed, source, precision) if parsed else NO_DATE
    for parse in (datetime.fromisoformat, parsedate_to_datetime):
        try:
            parsed_dt = parse(
                text.replace("Z", "+00:00") if parse is datetime.fromisoformat else text
            )
        except (TypeError, ValueError, IndexError):
            continue
        if parsed_dt is not None and _MIN_YEAR <= parsed_dt.year <= _MAX_YEAR:
            return DateFinding(parsed_dt.date(), source, "day")
    found = explicit_dates(text)
    if found:
        return DateFinding(found[0][0], source, "day")
    return NO_DATE
