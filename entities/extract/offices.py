"""Officeholders in an article: who a name or a title stands for on the article's date.

Used by the people extractor after it has found the names. No Django imports. Two steps:
- `office_references`: titles naming an office of a country ("the Israeli foreign
  minister", "Ukraine's defense minister", "the president of France") resolve to the one
  national holder on the article's date in the officeholders table. A bare title ("the
  president") counts only when the article names a single country; a title of an
  organisation ("the president of the American Farm Bureau") never counts.
- `link_officeholders`: a person whose name (or a spelling the table lists) is a known
  officeholder gets the Wikidata id; role and country the text leaves open are the ones
  held on the article's date, and an envoy's country is the sending state, never the host.
Nothing here happens without the article's date, except linking names to ids and
correcting an envoy's country.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import regex

from entities.extract import gazetteer as gz
from entities.extract.names import normalize_name
from entities.extract.officeholders import Officeholders, Term, office_titles, officeholders
from entities.extract.tokens import Token, fields, longest_match, masked_tokens, word_key
from entities.extract.types import ArticleText, PersonResult, Span

_LATIN_NAME = regex.compile(r"[\p{Latin}\p{M}'’.\- ]+")


def country_before(tokens: list[Token], i: int, lex) -> str | None:
    """Country word right before a title: "Ukrainian President", "Ukraine's defense minister"."""
    return country_word_before(tokens, i, lex)[0]


def country_word_before(tokens: list[Token], i: int, lex) -> tuple[str | None, int]:
    """`country_before` and the index of the country word's first token (`i` when none)."""
    for n in range(1, 4):
        j = i - n
        if j < 0 or tokens[j + 1].gap.strip():
            return None, i
        entry = lex.get(tuple(t.key for t in tokens[j:i]))
        if entry is not None and entry.kind in (gz.NAME, gz.DEMONYM):
            return entry.iso2, j
    return None, i


def of_what(tokens: list[Token], j: int, lex) -> tuple[bool, str | None]:
    """What follows a title at `j`: (whether an "of"/"at" phrase does, its country if it is
    one). "president of France" -> (True, "FR"); "president of the Farm Bureau" -> (True,
    None): the title is an organisation's, not a state's."""
    if j >= len(tokens) or tokens[j].gap.strip() or tokens[j].key not in ("of", "at"):
        return False, None
    k = j + 1
    if k < len(tokens) and tokens[k].key == "the" and not tokens[k].gap.strip():
        k += 1
    if k >= len(tokens) or tokens[k].gap.strip():
        return True, None
    n, entry = longest_match(tokens, k, lex)
    if entry is not None and entry.kind == gz.NAME:
        following = tokens[k + n] if k + n < len(tokens) else None
        if following is None or following.gap.strip() or not following.is_cap:
            return True, entry.iso2
    return True, None


def article_countries(article: ArticleText) -> set[str]:
    """ISO2 of every country named (by name or demonym) in the article's fields."""
    return set(country_counts(article))


def country_counts(article: ArticleText) -> dict[str, int]:
    """How often each country is named (by name or demonym) in the article's fields."""
    lex = gz.lexicon()
    found: dict[str, int] = {}
    for loc, _idx, text in fields(article):
        if loc == "byline":
            continue
        tokens = masked_tokens(text, loc)
        i = 0
        while i < len(tokens):
            n, entry = longest_match(tokens, i, lex) if tokens[i].is_cap else (0, None)
            if entry is not None and entry.kind in (gz.NAME, gz.DEMONYM):
                found[entry.iso2] = found.get(entry.iso2, 0) + 1
            i += max(n, 1)
    return found


class OfficeReference:
    """A title in the text that names the holder of an office on the article's date."""

    __slots__ = ("country", "qid", "role", "span")

    def __init__(self, qid: str, span: Span, role: str, country: str):
        self.qid, self.span, self.role, self.country = qid, span, role, country


@cache
def _title_table() -> dict[tuple[str, ...], str]:
    return {word_key(title): title for title in office_titles()}


def office_references(
    article: ArticleText,
    taken: list[Span],
    *,
    day: date | None,
    kb: Officeholders | None = None,
) -> list[OfficeReference]:
    """Titles resolved to the one holder of that office on `day` (see module docstring).

    Spans already in `taken` (names, references to people the text names) are left alone.
    [] without a date.
    """
    if day is None:
        return []
    kb = kb or officeholders()
    lex, titles, table = gz.lexicon(), _title_table(), office_titles()
    context: list[set[str]] = []  # the article's countries, read when a bare title needs them
    found: list[OfficeReference] = []
    for loc, idx, text in fields(article):
        if loc == "byline":
            continue
        tokens = masked_tokens(text, loc)
        i = 0
        while i < len(tokens):
            n, title = longest_match(tokens, i, titles)
            if not n:
                i += 1
                continue
            last = tokens[i + n - 1]
            nxt = tokens[i + n] if i + n < len(tokens) else None
            plural = last.text != last.key and last.text.endswith("s") and not last.possessive
            names_follow = nxt is not None and nxt.is_cap and not nxt.gap.strip()
            of_phrase, of_country = of_what(tokens, i + n, lex)
            before, start_tok = country_word_before(tokens, i, lex)
            prev = tokens[start_tok - 1] if start_tok else None
            # "the Israeli foreign minister", "Ukraine's defense minister": a definite
            # reference; "a foreign minister" or "former president" is none.
            definite = (prev is not None and prev.key.lower() == "the") or (
                before is not None and tokens[i - 1].possessive
            )
            if plural or names_follow or (of_phrase and of_country is None) or not definite:
                i += n
                continue
            country = before or of_country
            if country is None:
                if not context:
                    context.append(article_countries(article))
                country = next(iter(context[0])) if len(context[0]) == 1 else None
            if country is None:
                i += n
                continue
            kinds, word = table[title]
            holders = kb.holders(country, kinds, day, label_word=word)
            end = last.start + len(last.key)
            begin = tokens[start_tok].start
            if len(holders) == 1 and not any(
                s.location == loc and s.caption_index == idx and s.start < end and begin < s.end
                for s in taken
            ):
                span = Span(begin, end, loc, text[begin:end], idx)
                taken.append(span)
                role = " ".join(w[:1].upper() + w[1:] for w in title.split())
                found.append(OfficeReference(holders[0], span, role, country))
            i += n
    return found


def link_officeholders(
    results: list[PersonResult],
    references: list[OfficeReference],
    *,
    day: date | None,
    kb: Officeholders | None = None,
    home: str | None = None,
    article: ArticleText | None = None,
) -> list[PersonResult]:
    """Give known officeholders their Wikidata id and, on the article's date, the role and
    country the text leaves open; attach office references to their holder (a new
    PersonResult when the text never names them). Returns the people in text order.

    `home` is the outlet's country: a person the text gives no country is looked up as of
    it first, then anywhere when the office they hold on the day bears the text's title
    (a US state's governor named in a foreign outlet is of the US). Of two
    offices of equal rank held on the day, the one in the country `article` names most wins.
    """
    kb = kb or officeholders()
    counts: dict[str, int] | None = None  # the article's countries, counted when first needed

    def named(country: str) -> int:
        nonlocal counts
        if counts is None:
            counts = country_counts(article) if article is not None else {}
        return counts.get(country, 0)

    by_qid: dict[str, PersonResult] = {}
    for person in results:
        qid = kb.person_for(person.name, day=day, country=person.country or home)
        if qid is None and home and person.country is None:
            qid = _holder_of_title(
                kb.person_for(person.name, day=day, country=None), person, kb, day
            )
        if qid is None:
            for form in person.surface_forms:
                if len(form.split()) >= 2 and form != person.name:
                    qid = kb.person_for(form, day=day, country=person.country)
                    if qid:
                        break
        if qid is None:
            qid = _holder_by_title(person, kb, day)
            if qid is not None and len(person.name.split()) == 1:
                person.name = kb.names[qid]  # "President Trump": the full name
        if qid is None or qid in by_qid:
            continue
        person.wikidata_id = qid
        by_qid[qid] = person
        _office_on(person, kb, day, named)
    for ref in references:
        person = by_qid.get(ref.qid)
        if person is None:
            name = kb.names.get(ref.qid, "")
            if not _LATIN_NAME.fullmatch(name):
                continue  # no name in the Latin script to show
            person = PersonResult(name, ref.role, ref.country, [], [], ref.qid)
            by_qid[ref.qid] = person
            results.append(person)
        person.mentions.append(ref.span)
        if ref.span.text not in person.surface_forms:
            person.surface_forms.append(ref.span.text)
    order = {loc: n for n, loc in enumerate(("headline", "standfirst", "body", "caption"))}
    for person in results:
        person.mentions.sort(
            key=lambda s: (order.get(s.location, 9), s.caption_index or 0, s.start)
        )
    return results


def _holder_by_title(person: PersonResult, kb: Officeholders, day: date | None) -> str | None:
    """The holder, on the article's date, of the office the text gives the person ("President
    Trump", "Chancellor Scholz"), when that holder's surname is the name's."""
    office = office_titles().get((person.role or "").lower())
    if office is None or day is None:
        return None
    kinds, word = office
    if person.country:
        candidates = kb.holders(person.country, kinds, day, label_word=word)
    else:
        candidates = kb.holders_anywhere(kinds, day, label_word=word)
    last = normalize_name(person.name).split()[-1:]
    holders = [qid for qid in candidates if normalize_name(kb.names[qid]).split()[-1:] == last]
    return holders[0] if len(holders) == 1 else None


def _holder_of_title(qid: str | None, person: PersonResult, kb: Officeholders, day) -> str | None:
    """`qid` when, on `day`, it holds an office whose title holds the person's role."""
    if qid is None or day is None or not person.role:
        return None
    role = person.role.lower()
    return qid if any(role in t.office.lower() for t in kb.held_on(qid, day)) else None


def _main_term(person: PersonResult, kb: Officeholders, held: list, named) -> Term | None:
    """Of the highest-ranking terms held, the one bearing the text's title, then the one in
    the country the article names most (`named`), then the one in the country where the
    person held most offices: a head of state who is also ex officio another state's (the
    French president, co-prince of Andorra) is of the first."""
    top = [t for t in held if t.rank == held[0].rank]
    if len(top) == 1:
        return top[0]
    role = (person.role or "").lower()
    terms = kb.terms_of(person.wikidata_id or "")

    def key(t) -> tuple:
        return (
            not (role and role in t.office.lower()),
            -named(t.country),
            -sum(1 for other in terms if other.country == t.country),
        )

    top.sort(key=key)
    if key(top[0]) == key(top[1]) and top[0].country != top[1].country:
        return None  # the monarch of several realms, none of them named: no country
    return top[0]


def _office_on(person: PersonResult, kb: Officeholders, day: date | None, named) -> None:
    """Role and country from the table where the text gives none; an envoy's country is the
    state that sends them."""
    terms = kb.terms_of(person.wikidata_id or "")
    envoy_hosts = {t.host for t in terms if t.is_envoy and t.host}
    if day is not None:
        held = kb.held_on(person.wikidata_id or "", day)
        if held:
            term = _main_term(person, kb, held, named)
            if person.role is None:
                person.role = (term or held[0]).office
            if term is None:
                return
            if person.country is None or (term.is_envoy and person.country == term.host):
                person.country = term.country or person.country
            return
    if person.country in envoy_hosts:
        senders = {t.country for t in terms if t.is_envoy and t.host == person.country}
        if len(senders) == 1:
            person.country = senders.pop() or person.country
