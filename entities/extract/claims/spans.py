"""Where claims are written: sentence segments of a field and the content span of an
attribution within a sentence, with offsets that index the field.

Sentences split on sentence-final punctuation followed by a capital or an opening quote,
on line breaks, and (in headlines and standfirsts) on semicolons, which separate
independent statements there. Never inside a curly quotation, so a quoted passage of
several sentences stays with its attribution. Known abbreviations ("Mr.", "U.S.",
"Sen.") do not end a sentence. Quotations typed with straight quotes or two apostrophes
read like curly ones (see `normalise_quotes`).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from entities.extract.lexicon import words

_ABBREVIATIONS = words("claims/sentence_abbreviations.txt")
_MAX_QUOTE = 1200  # an unclosed quote mark must not swallow the rest of the article
# " ”" is a closing quotation written with two apostrophes (see `normalise_quotes`).
_END_RE = regex.compile(r"[.!?]+(?: ?”|[”\"’)])*(?=\s+[\p{Lu}“\"‘(\d])")
_QUOTE_RE = regex.compile(r"[“”]")
_ABBREV_RE = regex.compile(r"(?<![\p{L}\p{N}'’])([\p{L}.]+)[.]+[”\"’)]*$")
_INITIALS_RE = regex.compile(r"(?:\p{L}\.)+\p{L}")
_SEPS = {True: regex.compile(r"\n+|;\s+"), False: regex.compile(r"\n+")}
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’.\-]*")

OPEN_QUOTES = '“"‘'
CLOSE_QUOTES = '”"’'
# A content of fewer words is no statement ("he said so").
MIN_CONTENT_WORDS = 3
ACCORDING_RE = regex.compile(r"\baccording to\b", regex.IGNORECASE)

_QUOTE_MARK_RE = regex.compile(r"''|\"")
# What may stand right before an opening quotation mark.
_BEFORE_OPENING = "(—–[/"


def normalise_quotes(value: str) -> str:
    """Rewrite straight quotation marks as curly ones, keeping every offset: a straight
    double quote becomes “ or ” by what stands around it, an opening pair of apostrophes
    (''Like this,'' he said) becomes "“ " and a closing one " ”".

    Outlets type quotations every way; the extractor reads curly quotes (a sentence
    never ends inside one, so a quotation of several sentences stays whole), and offsets
    must still index the original field. A straight quote with letters on both sides or
    spaces on both sides is left as it is, and so is every straight quote of a field
    that has curly ones.
    """
    if "''" not in value and '"' not in value:
        return value
    # A field that already types its quotations curly uses straight marks for something
    # else (the outer marks of an excerpt, inches): those stay as written.
    straight = "“" not in value and "”" not in value
    out = []
    pos = 0
    for m in _QUOTE_MARK_RE.finditer(value):
        a, b = m.span()
        before = value[a - 1 : a]
        after = value[b : b + 1]
        opens_after = bool(after) and not after.isspace()
        opening = (not before or before.isspace() or before in _BEFORE_OPENING) and opens_after
        closing = bool(before) and not before.isspace() and not (after.isalnum())
        out.append(value[pos:a])
        if m.group() == "''":
            out.append("“ " if opening else " ”")
        elif opening and straight:
            out.append("“")
        elif closing and straight:
            out.append("”")
        else:
            out.append('"')
        pos = b
    out.append(value[pos:])
    return "".join(out)


@dataclass
class Segment:
    text: str
    start: int  # offset of text within the field
    location: str


def segments(value: str, location: str) -> list[Segment]:
    """Split one text field into sentence segments whose offsets index `value`."""
    out: list[Segment] = []
    seps = _SEPS[location in {"headline", "standfirst"}]
    pos = 0
    for m in seps.finditer(value + "\n"):
        block_end = min(m.start(), len(value))
        _split_block(value, pos, block_end, location, out)
        pos = m.end()
    return out


def _split_block(value: str, start: int, end: int, location: str, out: list[Segment]) -> None:
    block = value[start:end]
    cut = 0
    # Only the candidate sentence ends and the curly quote marks matter, so walk those
    # positions instead of every character.
    quotes = [(m.start(), m.group()) for m in _QUOTE_RE.finditer(block)]
    last_close = max((at for at, mark in quotes if mark == "”"), default=-1)
    # A quotation left open that goes on in the next paragraph: it opens the paragraph
    # or follows a colon ("She said: “..."), and no other quote mark comes after it.
    lead = len(block) - len(block.lstrip())
    if quotes and quotes[-1][1] == "“":
        at = quotes[-1][0]
        open_ends = at if at == lead or block[:at].rstrip().endswith(":") else -1
    else:
        open_ends = -1
    q = 0
    open_at: int | None = None
    for m in _END_RE.finditer(block):
        pos = m.end()
        while q < len(quotes) and quotes[q][0] < pos:
            at, mark = quotes[q]
            # A quote mark that nothing closes is a stray one, unless it opens a
            # quotation that goes on in the next paragraph.
            open_at = at if mark == "“" and (at < last_close or at == open_ends) else None
            q += 1
        if open_at is not None and pos - 1 - open_at > _MAX_QUOTE:
            open_at = None
        if open_at is None and not _abbreviation(block, pos):
            _emit(value, start + cut, start + pos, location, out)
            cut = pos
    _emit(value, start + cut, end, location, out)


def _abbreviation(block: str, end: int) -> bool:
    m = _ABBREV_RE.search(block, max(0, end - 40), end)
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    # A single letter or initials ("G.K.") end a name's first part, not a sentence.
    return (
        word in _ABBREVIATIONS
        or (len(word) == 1 and word.isalpha())
        or bool(_INITIALS_RE.fullmatch(word))
    )


_ABBREV_DOT_RE = regex.compile(r"(?<![\p{L}\p{N}])((?:\p{L}\.)*\p{L}+)\.(?=[\s\p{L}])")


def mask_abbreviation_dots(s: str) -> str:
    """s with the full stops of abbreviations and initials ("Rep.", "G.K.") replaced by
    a one-dot leader, same length, so a phrase read up to a full stop runs past them."""
    if "." not in s:
        return s

    def mask(m: regex.Match) -> str:
        word = m.group(1).lower().replace(".", "")
        if word in _ABBREVIATIONS or len(word) == 1 or "." in m.group(1):
            return m.group(1).replace(".", "\u2024") + "\u2024"
        return m.group()

    return _ABBREV_DOT_RE.sub(mask, s)


def _emit(value: str, a: int, b: int, location: str, out: list[Segment]) -> None:
    while a < b and value[a].isspace():
        a += 1
    while b > a and value[b - 1].isspace():
        b -= 1
    if b > a:
        out.append(Segment(value[a:b], a, location))


def words_of(phrase: str) -> list[str]:
    """Words of a phrase (letters and digits, with inner apostrophes, dots and hyphens)."""
    return _WORD.findall(phrase)


def content_before(s: str, end: int) -> tuple[int, int] | None:
    """Content that precedes an attribution, without the joining comma; a quotation
    keeps its quote marks and the comma inside them ("“Q,” he said"), as news corpora
    annotate it."""
    start = 0
    while start < end and s[start] == " ":
        start += 1
    while end > start and s[end - 1] in " ;:—–":
        end -= 1
    if s[start : start + 1] in OPEN_QUOTES and s[end - 1 : end] in CLOSE_QUOTES:
        pass
    else:
        while end > start and s[end - 1] in ",":
            end -= 1
    if len(words_of(s[start:end])) < MIN_CONTENT_WORDS:
        return None
    return start, end


def content_after(s: str, start: int) -> tuple[int, int] | None:
    end = len(s)
    acc = ACCORDING_RE.search(s, start)
    if acc:
        end = s.rfind(",", start, acc.start()) if "," in s[start : acc.start()] else acc.start()
    while start < end and s[start] in " ,:":
        start += 1
    while end > start and s[end - 1] in " .,;:!?" + CLOSE_QUOTES:
        end -= 1
    # Keep the closing quote mark (and the full stop inside it) when the content opened
    # a quotation: text == field[start:end] must stay a balanced quotation.
    if s.count("“", start, end) > s.count("”", start, end) or (
        s[start : start + 1] == '"' and s.count('"', start, end) % 2
    ):
        close = max(s.find("”", end), s.find('"', end))
        if 0 <= close <= end + 2:
            end = close + 1
    if len(words_of(s[start:end])) < MIN_CONTENT_WORDS:
        return None
    return start, end


def content_ok(s: str, a: int, b: int) -> bool:
    return len(words_of(s[a:b])) >= MIN_CONTENT_WORDS


def trim_end(s: str, a: int, b: int) -> tuple[int, int]:
    while b > a and s[b - 1] in " ,;:—–":
        b -= 1
    return a, b
