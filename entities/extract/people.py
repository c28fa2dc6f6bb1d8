"""Find the people an article is about, with role, country and every mention.

Rule based, no model: capitalised word runs are split at titles ("President"), country
words ("Ukrainian", "France's") and honorifics; a remaining 1-4 word stretch is a person
when something vouches for it: a title or honorific, a known given name (Faker's
first-name lists plus a curated list of transliterations), initials ("L. Ron Hubbard"), a
person noun before it ("defender Kyle Walker"), a personal apposition after it (", who",
", a spokesman"), a speech verb around it, or its surname reappearing alone. The last two
are weak: they do not hold for a run with a word the article also writes in lower case
("Space Shuttle Discovery"). Surname-only mentions, possessives and
unambiguous role references ("the Ukrainian president") are then resolved to the full
names introduced anywhere in the article; one person written several ways ("Kestrel
Vane", "Amanda B. Kestrel Vane", "Tom Brix Jr.") is one entry. Things named after
people ("Mary Holt hospital"), authors' credit lines in the body and byline authors
spelt another way are left out. No Django imports.
"""

from __future__ import annotations

import regex

from entities.extract import gazetteer as gz
from entities.extract.lexicon import entries, rows, words
from entities.extract.name_words import (
    HONORIFICS,
    ORG_WORDS,
    PARTICLES,
    PERSON_NOUNS,
    SPEECH_VERBS,
    STOP_WORDS,
    TITLE_COUNTRY,
    VAGUE_TITLES,
    first_names,
    title_keys,
)  # fmt: skip
from entities.extract.names import IN_ARTICLE, normalize_name, same_person_words
from entities.extract.offices import country_before, link_officeholders, of_what, office_references
from entities.extract.outlets import home_country, outlets_written
from entities.extract.tokens import Token, fields, longest_match, masked_tokens, word_key
from entities.extract.types import ArticleText, PersonResult, Span

# Hyphenated describers that start a capitalised run: "Pro-Beijing", "Pan-democrat".
_PREFIXED = regex.compile(r"(?:" + "|".join(entries("people/describer_prefixes.txt")) + r")-\p{L}+")
_QUOTE_BEFORE = words("people/quote_verbs_before.txt")
_SURNAME_COUNTRIES = words("people/surname_countries.txt")
_NOT_CURRENT = words("people/not_current_holder.txt")
_VESSEL_PREFIXES = words("people/vessel_prefixes.txt")
_NAMED_AFTER = words("people/named_after_nouns.txt")
_CREDIT_NOUNS = words("people/credit_nouns.txt")
_NAME_SUFFIXES = words("people/name_suffixes.txt")
_JOINERS = words("people/joining_words.txt")
_CREDIT_WORDS = words("people/credit_words.txt")
# First-level regions ("Kentucky") as token tuples.
_REGIONS = frozenset(
    word_key(name) for name, _iso2, form in rows("places/regions.tsv") if form == "name"
)
_CREDIT_BY_WORDS = _CREDIT_WORDS | words("people/credit_by_words.txt")
# A paragraph that is a bibliographic reference: a marker word, or a year, volume and
# pages written the way citations write them ("2005;161:303-6", "2002;29(12):2492").
_REFERENCE = regex.compile(
    r"\b(?:"
    + "|".join(regex.escape(m) for m in entries("people/reference_markers.txt"))
    + r")\b|\b(?:1[89]|20)\d\d\s*;\s*\d+\s*(?:\(\d+\))?\s*:\s*\d"
)
# A word no name is written with: digits ("LCOc1", "F-35") or a run of capitals followed by
# lower case ("LCOc", "JPMorgan"); "McDonald" and "DeSantis" start with one capital.
_NOT_NAME_WORD = regex.compile(r"\p{N}|^\p{Lu}{2,}\p{Ll}")
_BYLINE_NAME = regex.compile(
    r"\p{Lu}[\p{L}'’.\-]*(?:\s+(?:(?:"
    + "|".join(entries("people/byline_particles.txt"))
    + r")\s+)?\p{Lu}[\p{L}'’.\-]*){1,3}"
)

# A body paragraph that credits an author: "– Jane Doe", "Jane Doe, BBC Africa editor".
_CREDIT_LINE = regex.compile(
    r"(?P<dash>[–—]\s*)?(?P<name>" + _BYLINE_NAME.pattern + r")(?:\s*,\s*(?P<job>[^,.\n]{3,60}))?"
)


class _Cand:
    """One name occurrence found in a field, before people are merged."""

    __slots__ = ("context", "country", "evidence", "idx", "loc", "role", "thing", "tokens", "weak")

    def __init__(self, tokens, loc, idx, role, country, evidence):
        self.tokens: list[Token] = tokens
        self.loc: str = loc
        self.idx: int | None = idx
        self.role: str | None = role
        self.country: str | None = country
        self.evidence: bool = evidence
        self.weak = False  # evidence only from a speech verb or a repeated surname
        self.context = False  # a title, a person noun, an apposition or a speech verb
        self.thing = False  # right before a noun for a place named after someone

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(t.key for t in self.tokens)

    def span(self, text: str) -> Span:
        start, end = self.tokens[0].start, self.tokens[-1].start + len(self.tokens[-1].key)
        return Span(start, end, self.loc, text[start:end], self.idx)


def _scan(tokens: list[Token], loc: str, idx: int | None, text: str) -> list[_Cand]:
    """Split capitalised runs of one field into name candidates with their title context."""
    titles, lex, given = title_keys(), gz.lexicon(), first_names()
    pos = {t.start: k for k, t in enumerate(tokens)}
    cands: list[_Cand] = []
    buf: list[Token] = []
    role = country = None
    honorific = False
    sentence_countries: list[str] = []
    sentence_role: str | None = None  # for "his Israeli counterpart": the role it mirrors
    uppercase = sum(t.is_cap for t in tokens) > 0.6 * max(len(tokens), 1)  # Title Case Headline

    def flush(next_tok: Token | None) -> None:
        nonlocal role, country, honorific, sentence_role
        name = list(buf)
        buf.clear()
        while name and (
            name[0].key in STOP_WORDS
            or _PREFIXED.match(name[0].key)
            or (name[0].gap in _GLUE and pos[name[0].start])  # "B&H": no name opens at "H"
        ):
            name.pop(0)
        while name and (name[-1].key in STOP_WORDS or name[-1].key in PARTICLES):
            name.pop()
        if name and name[0].key in _VESSEL_PREFIXES:
            name = []  # "USS Gerald Ford": a ship
        if name:
            name = name[_place_before(tokens, pos[name[0].start], name, lex) :]
        org = [
            k
            for k, t in enumerate(name)
            if (t.key in ORG_WORDS and not (k == 0 and t.key in given))
            or ("-" in t.key and any(part in ORG_WORDS for part in t.key.split("-")))
            or _acronym(t)
            or _GLUED.search(t.key)
            or _NOT_NAME_WORD.search(t.key)
        ]
        if org and len(name) - org[-1] > 2 and name[org[-1] + 1].key in given:
            # "the Refugee Council Enver Solomon", "Minister of Education Stefania Giannini":
            # a name after an organisation, introduced by it.
            name, org = name[org[-1] + 1 :], []
        if (
            len(name) >= 3 and name[0].sentence_start and name[0].key not in given
            and (name[1].key in given or _initial(name[1]))
        ):  # fmt: skip
            name = name[1:]  # "Nonpartisan Paul Tse": a sentence-initial describer
            while name and name[0].key in STOP_WORDS:
                name.pop(0)  # "Should I Cast it?": the pronoun is no initial
        if (
            not name or len(name) > 4 or org or (len(name) > 1 and _initial(name[-1]))
            or (loc != "headline" and _credited(tokens, pos[name[0].start]))
        ):  # fmt: skip
            role = country = None
            honorific = False
            return
        titled = role is not None or honorific
        evidence = context = titled
        weak = False
        if len(name) >= 2 and not uppercase:
            context = context or _introduced(
                tokens, pos[name[0].start], pos[name[-1].start], titles
            )
            evidence = (
                context
                or name[0].key in given
                or (_initial(name[0]) and not _initial(name[-1]))  # "L. Ron Hubbard"
            )
            if next_tok is not None and next_tok.key in SPEECH_VERBS:
                context = True
                if not evidence:
                    evidence = weak = True
        cand = _Cand(name, loc, idx, role, country, evidence)
        cand.weak, cand.context = weak, context
        cand.thing = (
            next_tok is not None
            and not next_tok.is_cap
            and not next_tok.gap.strip()
            and next_tok.key in _NAMED_AFTER
        )
        if role and role.lower() == "counterpart":
            cand.role = sentence_role
        if cand.role:
            sentence_role = cand.role
        if len(name) >= 2 or titled:
            cands.append(cand)
        role = country = None
        honorific = False

    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.sentence_start:
            flush(tok)
            sentence_countries.clear()
            sentence_role = None
            role = country = None
        elif buf and tok.gap.strip() and not (tok.gap.strip() == "." and len(buf[-1].key) == 1):
            flush(tok)
        n, title = longest_match(tokens, i, titles)
        if n and not buf:
            role = _role_name(title)
            if title in TITLE_COUNTRY:
                country = TITLE_COUNTRY[title]
            elif (
                i
                and tokens[i - 1].key.lower() in ("country", "nation")
                and (tokens[i - 1].possessive and sentence_countries)
            ):
                country = sentence_countries[-1]  # "the country’s Defense Minister"
            else:
                country = country or country_before(tokens, i, lex)
            i += n
            # apposition: "his Israeli counterpart, Yoav Gallant"
            if i < len(tokens) and tokens[i].gap.strip() == "," and tokens[i].is_cap:
                tokens[i] = _without_gap(tokens[i])
            continue
        if n and buf:
            flush(tok)
            continue
        # Every form in the lexicon is capitalised: lower-case words need no lookup.
        m, entry = longest_match(tokens, i, lex) if tok.is_cap else (0, None)
        if entry is not None and _surname_like_place(tokens, i, m, entry, buf, given):
            entry = None  # "Bill Holland", "Valeska Paris", "Michael Jordan"
        if entry is not None and tok.is_cap and not _is_given_name(tokens, i, m, entry, given):
            flush(tok)
            if entry.kind in (gz.NAME, gz.DEMONYM):
                sentence_countries.append(entry.iso2)
                if i + m < len(tokens) and not tokens[i + m].gap.strip():
                    country = entry.iso2  # "German Chancellor", "France's President"
            i += m
            continue
        if tok.key in HONORIFICS and tok.is_cap:
            flush(tok)
            honorific = True
            i += 1
            continue
        if (
            buf and tok.is_cap and tok.key in _JOINERS
            and i + 1 < len(tokens) and tokens[i + 1].is_cap
        ):  # fmt: skip
            flush(tok)  # "Jane Roe And Protesters": the name ends before "And"
        elif tok.is_cap and not (tok.sentence_start and tok.key in STOP_WORDS):
            buf.append(tok)
            if tok.possessive:  # "Likud’s Yuli Edelstein": the possessor is its own name
                flush(tokens[i + 1] if i + 1 < len(tokens) else None)
        elif buf and tok.key in PARTICLES and i + 1 < len(tokens) and tokens[i + 1].is_cap:
            buf.append(tok)
        else:
            flush(tok)
            if not tok.is_cap:
                role = country = None
                honorific = False
        i += 1
    flush(None)
    return cands


# Symbols that join the letters of an acronym: "B&H", "AT&T", "R+D".
_GLUE = frozenset({"&", "+"})


def _place_before(tokens: list[Token], first: int, name: list[Token], lex) -> int:
    """How many words at the start of `name` end a place begun by the word before it:
    "Washington University-St. Louis Jeffrey Eugenides" starts "Louis Jeffrey Eugenides",
    whose "Louis" ends "St. Louis"."""
    if not first or len(name) < 3:
        return 0
    head = tokens[first - 1].key.split("-")[-1]
    for n in (2, 1):
        if len(name) - n >= 2 and (head, *(t.key for t in name[:n])) in lex:
            return n
    return 0


def _credited(tokens: list[Token], first: int) -> bool:
    """A name right after a credit: "Photo: Jane Roe", "Picture Jane Roe", "Featured image
    by Jane Roe", "Courtesy of Jane Roe", "By Jane Roe:" opening a sentence."""
    if not first:
        return False
    prev, gap = tokens[first - 1], tokens[first].gap.strip()
    if gap not in ("", ":"):
        return False
    word = prev.key.lower()
    if word in _CREDIT_WORDS:
        return gap == ":" or prev.is_cap
    if word == "by" and prev.is_cap and prev.sentence_start:
        return True
    if word not in ("by", "of") or first < 2 or prev.gap.strip():
        return False
    before = tokens[first - 2].key.lower()
    return (word == "by" and before in _CREDIT_BY_WORDS) or (word, before) == ("of", "courtesy")


def _initial(tok: Token) -> bool:
    # "J." in "J. K. Rowling"; "K.C." is one token.
    return tok.key.isupper() and (len(tok.key) == 1 or regex.fullmatch(r"(?:\p{Lu}\.)+", tok.key))


def _acronym(tok: Token) -> bool:
    # "Stop TTIP", "Indiana GOP": an acronym makes a run an organisation or a campaign;
    # regnal numbers ("John Paul II") and initials ("K.C.") are parts of names.
    key = tok.key
    return len(key) > 1 and key.isupper() and "." not in key and not _ROMAN.fullmatch(key)


_ROMAN = regex.compile(r"[IVX]+")
# Two words run together by a page's markup ("Ocasio-CortezAlexandria"): a capital inside a
# word after four lower-case letters. "McDonald", "DeSantis", "MacArthur" have fewer.
_GLUED = regex.compile(r"\p{Ll}{4}\p{Lu}")


def _introduced(tokens: list[Token], first: int, last: int, titles) -> bool:
    """Context that says a capitalised run names a person, when no title or known given
    name does: a person noun or a quote verb right before it ("defender Kyle Walker",
    "said Ferjani Sassi") or a personal apposition after it (", who", ", a spokesman")."""
    prev = tokens[first - 1] if first else None
    if (
        prev is not None
        and not tokens[first].gap.strip()
        and (prev.key in PERSON_NOUNS or prev.key in _QUOTE_BEFORE)
    ):
        return True
    nxt = tokens[last + 1] if last + 1 < len(tokens) else None
    if nxt is None or nxt.gap.strip() != ",":
        return False
    if nxt.key in ("who", "whose"):
        return True
    if nxt.key not in ("a", "an", "the"):
        return False
    for tok in tokens[last + 2 : last + 5]:
        if tok.gap.strip():
            return False
        if tok.key in PERSON_NOUNS or ((tok.key,) in titles and not tok.is_cap):
            return True
    return False


def _without_gap(tok: Token) -> Token:
    return tok._replace(sentence_start=False, gap=" ")


def _surname_like_place(tokens, i, m, entry, buf, given) -> bool:
    """A one-word place or ambiguous country name right after a given name is a surname."""
    if m != 1 or not buf or buf[-1].key not in given or buf[-1].possessive:
        return False
    if entry.kind == gz.NAME and entry.form not in gz.AMBIGUOUS_FORMS | _SURNAME_COUNTRIES:
        return False
    if entry.kind not in (gz.NAME, gz.CAPITAL, gz.CITY):
        return False
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return not (nxt is not None and not nxt.gap.strip() and nxt.key in ORG_WORDS)


def _is_given_name(tokens, i, m, entry, given) -> bool:
    """A country word used as a given name: "Israel Katz", "Jordan Bardella"."""
    if m != 1 or entry.kind == gz.DEMONYM or tokens[i].key not in given:
        return False
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return bool(
        nxt
        and nxt.is_cap
        and not nxt.gap.strip()
        and nxt.key not in ORG_WORDS
        and nxt.key not in STOP_WORDS
        and (nxt.key,) not in gz.lexicon()
        and (nxt.key,) not in title_keys()
    )


def _role_name(title: str) -> str:
    # Roles are stored as they are styled before a name: "defense minister" -> "Defense Minister".
    if title.isupper() or title[:1].isupper():
        return title
    return " ".join(w[:1].upper() + w[1:] for w in title.split())


class _Person:
    def __init__(self, keys: tuple[str, ...]):
        self.keys = keys
        self.cands: list[_Cand] = []
        self.extra: list[Span] = []  # surname-only and role-reference mentions

    @property
    def role(self) -> str | None:
        return next((c.role for c in self.cands if c.role), None)

    @property
    def country(self) -> str | None:
        return next((c.country for c in self.cands if c.country), None)


def _field_texts(article: ArticleText) -> dict[tuple[str, int | None], str]:
    return {(loc, idx): text for loc, idx, text in fields(article)}


def _core(keys: tuple[str, ...]) -> tuple[str, ...]:
    """A name's words without a generational suffix: "Tom Brix Jr" -> "Tom Brix"."""
    end = len(keys)
    while end > 2 and keys[end - 1] in _NAME_SUFFIXES:
        end -= 1
    return keys[:end]


def _tail_of(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    # "Kestrel Vane" in "Amanda B. Kestrel Vane", "Garcia Lopez" in "Ana Garcia Lopez".
    return 2 <= len(short) < len(long) and long[-len(short) :] == short


def _one_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    a, b = _core(a), _core(b)
    return same_person_words(a, b, IN_ARTICLE) or _tail_of(a, b) or _tail_of(b, a)


def _group(cands: list[_Cand]) -> list[_Person]:
    """Merge candidates naming the same person; single titled names join a full name."""
    people: list[_Person] = []
    full = [c for c in cands if len(c.tokens) >= 2]
    single = [c for c in cands if len(c.tokens) == 1]
    for cand in full:
        for person in people:
            if _one_person(person.keys, cand.keys):
                person.cands.append(cand)
                break
        else:
            person = _Person(cand.keys)
            person.cands.append(cand)
            people.append(person)
    given = first_names()
    for cand in single:
        owners = [p for p in people if _core(p.keys)[-1] == cand.keys[0]]
        if not owners and (cand.keys[0] not in given or cand.role is None):
            # A family name written first ("Xi Jinping", then "Mr. Xi"): a lone word that
            # opens exactly one full name and is no given name, or follows an honorific
            # ("Mr. Xi", "Prof. Carlos" beside "Carlos Nadalim"), is that person.
            owners = [p for p in people if len(p.keys) >= 2 and p.keys[0] == cand.keys[0]]
        if len(owners) == 1:
            owners[0].cands.append(cand)
        elif not owners:
            person = next((p for p in people if p.keys == cand.keys), None)
            if person is None:
                person = _Person(cand.keys)
                people.append(person)
            person.cands.append(cand)
    return people


def _covered(spans: list[Span], loc: str, idx: int | None, start: int, end: int) -> bool:
    return any(
        s.location == loc and s.caption_index == idx and s.start < end and start < s.end
        for s in spans
    )


def _surname_mentions(article: ArticleText, people: list[_Person], taken: list[Span]) -> None:
    """Attach capitalised surname-only mentions ("Gallant", "Reznikov’s") to their person."""
    by_surname: dict[str, list[_Person]] = {}
    for p in people:
        if len(p.keys) >= 2:
            by_surname.setdefault(_core(p.keys)[-1], []).append(p)
    for loc, idx, text in fields(article):
        for tok in masked_tokens(text, loc):
            owners = by_surname.get(tok.key)
            if not owners or len(owners) != 1 or not tok.is_cap:
                continue
            end = tok.start + len(tok.key)
            if _covered(taken, loc, idx, tok.start, end):
                continue
            span = Span(tok.start, end, loc, text[tok.start : end], idx)
            owners[0].extra.append(span)
            taken.append(span)


def _role_mentions(article: ArticleText, people: list[_Person], taken: list[Span]) -> None:
    """Attach role references ("the Ukrainian president") naming exactly one known person."""
    titles, lex = title_keys(), gz.lexicon()
    roles = [(p, (p.role or "").lower(), p.country) for p in people if p.role]
    if not roles:
        return
    for loc, idx, text in fields(article):
        tokens = masked_tokens(text, loc)
        i = 0
        while i < len(tokens):
            n, title = longest_match(tokens, i, titles)
            if not n or title.title() in VAGUE_TITLES or title in VAGUE_TITLES:
                i += max(n, 1)
                continue
            end_tok = tokens[i + n - 1]
            nxt = tokens[i + n] if i + n < len(tokens) else None
            start, end = tokens[i].start, end_tok.start + len(end_tok.key)
            if (
                end_tok.text != end_tok.key
                and end_tok.text.endswith("s")
                and not end_tok.possessive
            ) or (nxt is not None and nxt.is_cap and not nxt.gap.strip()):
                i += n  # a name follows: the title introduces it, it is no reference
                continue
            if (
                nxt is not None
                and nxt.gap.strip() == ","
                and _covered(taken, loc, idx, nxt.start, nxt.end)
            ):
                i += n  # apposition: "his Israeli counterpart, Yoav Gallant"
                continue
            prev = tokens[i - 1] if i else None
            if prev is not None and prev.key.lower() in _NOT_CURRENT:
                i += n
                continue
            of_phrase, of_country = of_what(tokens, i + n, lex)
            if of_phrase and of_country is None:
                i += n  # "the president of the American Farm Bureau": not a state's office
                continue
            qualifier = country_before(tokens, i, lex) or of_country
            matches = [p for p, r, c in roles if r == title.lower() and (qualifier in (None, c))]
            if len(matches) == 1 and not _covered(taken, loc, idx, start, end):
                span_start = start
                if qualifier and prev is not None:
                    span_start = prev.start  # "Israeli defense minister" as one mention
                span = Span(span_start, end, loc, text[span_start:end], idx)
                matches[0].extra.append(span)
                taken.append(span)
            i += n


def _byline_people(article: ArticleText) -> list[PersonResult]:
    """Authors named in the byline strings ("By Lazar Berman and Jane Doe")."""
    out: dict[str, PersonResult] = {}
    for i, line in enumerate(article.byline):
        for m in _BYLINE_NAME.finditer(line):
            words = m.group().split()
            if words[0] in ("By", "BY"):
                words = words[1:]
            if len(words) < 2 or any(w in ORG_WORDS or w in STOP_WORDS for w in words):
                continue
            name = " ".join(words)
            start = m.end() - len(name)
            result = out.setdefault(name, PersonResult(name=name))
            result.mentions.append(Span(start, m.end(), "byline", name, i))
            if name not in result.surface_forms:
                result.surface_forms.append(name)
    return list(out.values())


def _fullest(spellings: dict[str, int]) -> list[str]:
    """The spellings that may name the person: a spelling that is the end of a longer one
    starting with a given name or an initial ("Kestrel Vane", "Amanda B. Kestrel Vane")
    gives way to it; a longer one starting with anything else ("Public Prosecution
    Lina Berg") gives way to the shorter."""
    given = first_names()
    keys = {form: _core(tuple(form.split())) for form in spellings}

    def opens_a_name(words_: tuple[str, ...]) -> bool:
        return words_[0] in given or _is_initial(words_[0])

    out = []
    for form, words_ in keys.items():
        longer = [w for w in keys.values() if _tail_of(words_, w)]
        shorter = any(_tail_of(w, words_) for w in keys.values())
        if any(opens_a_name(w) for w in longer) or (shorter and not opens_a_name(words_)):
            continue
        out.append(form)
    return out or list(spellings)


def _is_initial(word: str) -> bool:
    return bool(regex.fullmatch(r"(?:\p{Lu}\.?)+", word))


def _credit_names(article: ArticleText) -> list[str]:
    """Authors credited inside the body: a closing sign-off ("– Jane Doe") or a paragraph
    that is a name and a newsroom job alone ("Jane Doe, BBC diplomatic correspondent")."""
    paragraphs = [p.strip() for p in (article.body or "").split("\n\n") if p.strip()]
    found: list[str] = []
    for n, para in enumerate(paragraphs):
        match = _CREDIT_LINE.fullmatch(para)
        if match is None:
            continue
        job = match.group("job")
        last = n == len(paragraphs) - 1
        if (match.group("dash") and last and not job) or (
            job and job.split()[-1].lower() in _CREDIT_NOUNS
        ):
            found.append(match.group("name"))
    return found


def _reference_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of the lines that are bibliographic references: their authors and
    abbreviated journal titles ("J Infect Dis") are no people in the story."""
    out, start = [], 0
    for line in text.split("\n"):
        if _REFERENCE.search(line):
            out.append((start, start + len(line)))
        start += len(line) + 1
    return out


def _author_key(name: str) -> tuple[str, ...]:
    # "Michael L Anderson", "Michael L. Anderson" and "Michael Anderson" are one author.
    return tuple(w for w in normalize_name(name).split() if len(w) > 1)


def extract_people(text: ArticleText) -> list[PersonResult]:
    """Every person named in the article, in order of first appearance.

    Input: the article's fields. Output: one PersonResult per person with the canonical
    full name (its most frequent spelling), role and ISO2 country when the text states them
    (a bare national title such as "Prime Minister" is taken to be of the outlet's
    country), and every mention in headline, standfirst, body and captions. Byline authors
    come back with byline mentions only. Photo credits, outlets, parties, ministries and
    places are never people. Known officeholders (`offices`) carry their Wikidata id and,
    on the article's date (`text.published`), the role and country the text leaves open;
    titles of a country's office ("the Israeli foreign minister") name that day's holder.
    Never raises on odd text; returns [] when nothing is found.
    """
    texts = _field_texts(text)
    cands: list[_Cand] = []
    for loc, idx, field_text in fields(text):
        found = _scan(masked_tokens(field_text, loc), loc, idx, field_text)
        references = _reference_lines(field_text)
        cands.extend(c for c in found if not any(a <= c.tokens[0].start < b for a, b in references))
    # A surname seen alone elsewhere vouches for an unproven full name ("Oleksii Reznikov").
    counts: dict[str, int] = {}
    for loc, _i, f in fields(text):
        for t in masked_tokens(f, loc):
            counts[t.key] = counts.get(t.key, 0) + 1
    lower = {t.key for _l, _i, f in fields(text) for t in masked_tokens(f, _l) if not t.is_cap}
    given = first_names()
    known = {c.keys[-1] for c in cands if c.evidence and not c.weak and len(c.tokens) >= 2}
    for c in cands:
        if not c.evidence and len(c.tokens) >= 2:
            surname = c.keys[-1]
            in_names = sum(1 for d in cands if surname in d.keys)
            c.evidence = surname in known or counts.get(surname, 0) > in_names
            c.weak = surname not in known
            first = c.tokens[0]
            if (
                c.evidence
                and not c.weak
                and first.key not in given
                and (first.sentence_start or first.key.lower() in lower)
            ):
                # A known surname after a word that is no given name and that starts the
                # sentence or is written in lower case too: "Make Trump great", "once Trump".
                c.evidence = False
    # Weak evidence is not enough for a run holding a word the article also writes in lower
    # case: "Space Shuttle Discovery", "Campbell Soup", "Internet Explorer" are things.
    # Nor for one starting with another person's surname: "Warhol Polaroids", "the Monti
    # government" name things after that person.
    strong = {c.keys[-1] for c in cands if c.evidence and not c.weak and len(c.tokens) >= 2}
    for c in cands:
        if (
            c.evidence
            and c.weak
            and (any(k.lower() in lower for k in c.keys) or c.keys[0] in strong)
        ):
            c.evidence = False
    # A name written before "hospital" or "airport" ("Mary Holt hospital") names a place:
    # that name needs a title, a person noun, an apposition or a speech verb to be a person.
    things = {c.keys for c in cands if c.thing}
    for c in cands:
        if c.keys in things and not c.context:
            c.evidence = False
    # A run ending in a region's name ("Pine Ridge Kentucky") names a place unless a
    # title, a person noun, an apposition, a speech verb or a given name says otherwise.
    for c in cands:
        if (
            c.evidence and not c.context and c.keys[0] not in given
            and (c.keys[-1:] in _REGIONS or c.keys[-2:] in _REGIONS)
        ):  # fmt: skip
            c.evidence = False
    people = _group([c for c in cands if c.evidence])

    taken = [c.span(texts[(c.loc, c.idx)]) for p in people for c in p.cands]
    _surname_mentions(text, people, taken)
    _role_mentions(text, people, taken)

    home = home_country(text.outlet, outlets_written(text))
    authors = _byline_people(text)
    author_keys = {_author_key(name) for name in [a.name for a in authors] + _credit_names(text)}
    results: list[PersonResult] = []
    bare_titles: list[PersonResult] = []
    order = {loc: n for n, loc in enumerate(("headline", "standfirst", "body", "caption"))}
    for p in people:
        spellings: dict[str, int] = {}
        for c in p.cands:
            if len(c.tokens) >= 2:
                # As written, whitespace collapsed: "L. Ron Hubbard" keeps its dot.
                form = " ".join(c.span(texts[(c.loc, c.idx)]).text.split())
                spellings[form] = spellings.get(form, 0) + 1
        name = max(_fullest(spellings), key=spellings.get) if spellings else p.keys[0]
        if _author_key(name) in author_keys:
            continue
        mentions = [c.span(texts[(c.loc, c.idx)]) for c in p.cands] + p.extra
        mentions.sort(key=lambda s: (order[s.location], s.caption_index or 0, s.start))
        forms = list(dict.fromkeys(m.text for m in mentions))
        results.append(PersonResult(name, p.role, p.country, mentions, forms))
        if p.role and not p.country and p.role not in VAGUE_TITLES:
            bare_titles.append(results[-1])
    references = office_references(text, taken, day=text.published)
    results = link_officeholders(results, references, day=text.published, home=home, article=text)
    for person in bare_titles:
        # A bare national title the table does not place is taken to be of the outlet's country.
        person.country = person.country or home
    results.sort(key=lambda r: (order[r.mentions[0].location], r.mentions[0].start))
    return results + authors
