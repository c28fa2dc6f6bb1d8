"""Map a person's name from one article to the Person row shared by all articles.

Order: the Wikidata id the extractor found (a known officeholder: the same person
whatever else the database holds), then, when an article is analysed again, the one person
it named before that the name fits (so people added since, look-alikes included, cannot take
a surname or a spelling variant away from it), then exact normalised alias, then a fuzzy
match of full names (spelling variants and transliterations, see `entities.extract.names`),
then a new Person. A name with a Wikidata id never joins a person carrying another id. Merged people
are followed to the survivor; names editors rejected as "not a person" resolve to None.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from entities.extract.names import (
    IN_ARTICLE,
    best_match,
    normalize_name,
    same_person,
    same_person_words,
    surname,
)
from entities.models import Alias, Country, Person

__all__ = ["PersonName", "normalize_name", "resolve_people", "resolve_person"]

_MAX_MERGE_HOPS = 20


def _survivor(person: Person | None) -> Person | None:
    """Follow `merged_into` to the person that absorbed this one; None for non-persons."""
    hops = 0
    while person is not None and person.merged_into_id and hops < _MAX_MERGE_HOPS:
        person = person.merged_into
        hops += 1
    if person is None or person.status == Person.Status.NOT_A_PERSON:
        return None
    return person


def _unique_slug(name: str) -> str:
    base = slugify(name)[:180] or "person"
    slug, n = base, 2
    while Person.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class PersonName(NamedTuple):
    """One name to resolve, with what the article says about the person."""

    name: str
    role: str | None = None
    country_iso2: str | None = None
    surface_forms: tuple[str, ...] = ()
    wikidata_id: str | None = None


def resolve_person(
    name: str,
    *,
    role: str | None = None,
    country_iso2: str | None = None,
    surface_forms=(),
    wikidata_id: str | None = None,
) -> Person | None:
    """The Person for `name`, created if no known person matches; None if rejected.

    Never returns a merged person (its survivor instead) nor one marked "not a person".
    Fills a missing role/country on an existing person; never overwrites editors' values.
    """
    return resolve_people(
        [PersonName(name, role, country_iso2, tuple(surface_forms), wikidata_id)]
    )[0]


def resolve_people(
    names: Sequence[PersonName], *, previous: Sequence[Person] = ()
) -> list[Person | None]:
    """`resolve_person` for each name, in order; the same results, fewer queries.

    `previous`: the people the article named when it was last analysed. A name without a
    Wikidata id that fits exactly one of them (by the in-article rule: a surname alone, a
    shortened given name) resolves to it, unless the full name is an alias of someone
    else; editors' merges are followed and their rejections still win.

    The exact aliases of all the names are read in one query. Whenever resolving a name
    writes (a new person or alias, a filled role or country), the aliases of the names
    still to come are read again, so each name sees what the ones before it stored.
    """
    keyed = [(name, _keys(name)) for name in names]
    known = _aliases_for(set().union(*(keys for _, keys in keyed)))
    before = {p.pk: p for p in map(_survivor, previous) if p is not None}
    people: list[Person | None] = []
    for position, (name, keys) in enumerate(keyed):
        person, wrote = _resolve(name, keys, known, tuple(before.values()))
        people.append(person)
        if wrote:
            known = _aliases_for(set().union(*(keys for _, keys in keyed[position + 1 :])))
    return people


def _keys(name: PersonName) -> set[str]:
    """The normalised forms to look up: the name's own first, then its surface forms."""
    key = normalize_name(name.name)
    if not key:
        return set()
    return {key} | {normalize_name(f) for f in name.surface_forms if same_person(name.name, f)}


def _aliases_for(keys: set[str]) -> dict[str, list[Alias]]:
    if not keys:
        return {}
    found: dict[str, list[Alias]] = {}
    for alias in Alias.objects.filter(normalized__in=keys).select_related("person").order_by("pk"):
        found.setdefault(alias.normalized, []).append(alias)
    return found


def _resolve(
    request: PersonName,
    keys: set[str],
    known: dict[str, list[Alias]],
    previous: tuple[Person, ...] = (),
) -> tuple[Person | None, bool]:
    """One name against the aliases read for it; returns the person and whether it wrote."""
    name, role, country_iso2, surface_forms, qid = request
    key = normalize_name(name)
    if not key:
        return None, False
    aliases = sorted((a for k in keys for a in known.get(k, ())), key=lambda a: a.pk)
    if any(a.rejected for a in aliases):
        return None, False
    if qid:
        return _resolve_known(request, key, aliases)
    full_alias = [a for a in aliases if a.normalized == key and len(key.split()) > 1]
    if previous and not full_alias:
        words = key.split()
        fitting = [
            p
            for p in previous
            if same_person_words(words, normalize_name(p.name).split(), IN_ARTICLE)
        ]
        if len(fitting) == 1:
            return _fill(fitting[0], role, country_iso2)
    exact = [a for a in aliases if a.normalized == key] or aliases
    if exact:
        return _fill(_survivor(exact[0].person), role, country_iso2)

    match = best_match(name, _spelling_candidates(name))
    if match is not None:
        return _adopt(_survivor(Person.objects.get(pk=match)), request, key)
    if len(key.split()) == 1:
        return None, False  # a lone surname nobody has yet is too little to create a person
    return _create(name, key, role, country_iso2, surface_forms), True


def _resolve_known(
    request: PersonName, key: str, aliases: list[Alias]
) -> tuple[Person | None, bool]:
    """A name the officeholders table knows: the person with its Wikidata id, else the one
    person an alias or a fuzzy match gives that has no other id (it gets this one), else a
    new person with the id."""
    name, role, country_iso2, surface_forms, qid = request
    holder = Person.objects.filter(wikidata_id=qid).first()
    if holder is not None:
        if holder.status == Person.Status.NOT_A_PERSON:
            return None, False
        return _adopt(_survivor(holder), request, key)
    exact = [a for a in aliases if a.normalized == key]
    found = _survivor(exact[0].person) if exact else None
    if found is None:
        match = (
            best_match(name, _spelling_candidates(name, person__wikidata_id=None))
            if len(key.split()) > 1
            else None
        )
        found = _survivor(Person.objects.get(pk=match)) if match is not None else None
    if found is not None and found.wikidata_id in (None, qid):
        if found.wikidata_id is None:
            found.wikidata_id = qid
            found.save(update_fields=["wikidata_id"])
        Alias.objects.get_or_create(person=found, normalized=key, defaults={"name": name})
        return _fill(found, role, country_iso2)[0], True
    return _create(name, key, role, country_iso2, surface_forms, qid), True


def _spelling_candidates(name: str, **filters) -> dict[int, list[str]]:
    """Person id -> the names of their aliases sharing the first letters of `name`'s
    surname (no trigram index on the embedded server), for `best_match`; rejected names
    left out."""
    last = surname(name)
    candidates: dict[int, list[str]] = {}
    if not last:
        return candidates
    rows = Alias.objects.filter(normalized__contains=last[:4], rejected=False, **filters)
    for person_id, alias_name in rows.values_list("person_id", "name"):
        candidates.setdefault(person_id, []).append(alias_name)
    return candidates


def _adopt(person: Person | None, request: PersonName, key: str) -> tuple[Person | None, bool]:
    """`person` (None for a non-person) takes the request's full name as an alias and its
    missing role or country; returns it and whether anything was written."""
    wrote = False
    if person is not None and len(key.split()) > 1:
        _, wrote = Alias.objects.get_or_create(
            person=person, normalized=key, defaults={"name": request.name}
        )
    person, filled = _fill(person, request.role, request.country_iso2)
    return person, wrote or filled


def _fill(person: Person | None, role: str | None, iso2: str | None) -> tuple[Person | None, bool]:
    """Fill a missing role or country; returns the person and whether it was saved."""
    if person is None:
        return None, False
    fields = []
    # A value an editor set, or cleared on purpose, is never refilled by extraction.
    if role and not person.role and "role" not in person.editor_fields:
        person.role = role
        fields.append("role")
    if iso2 and person.country_id is None and "country" not in person.editor_fields:
        person.country = Country.objects.filter(iso2=iso2).first()
        if person.country is not None:
            fields.append("country")
    if fields:
        person.save(update_fields=fields)
    return person, bool(fields)


def _create(name, key, role, iso2, surface_forms, qid=None) -> Person | None:
    country = Country.objects.filter(iso2=iso2).first() if iso2 else None
    for _attempt in range(3):
        try:
            with transaction.atomic():
                person = Person.objects.create(
                    name=name,
                    slug=_unique_slug(name),
                    role=role or "",
                    country=country,
                    wikidata_id=qid or None,
                )
                forms = {name} | {
                    f for f in surface_forms if len(f.split()) > 1 and same_person(name, f)
                }
                for form in forms:
                    Alias.objects.get_or_create(
                        person=person, normalized=normalize_name(form), defaults={"name": form}
                    )
                return person
        except IntegrityError:
            # Another worker took the slug first. If it was creating this very person (the
            # same name in two articles analysed at once), its alias is now visible: use it.
            # Otherwise compute a new slug.
            if qid and (known := Person.objects.filter(wikidata_id=qid).first()):
                return _fill(_survivor(known), role, iso2)[0]
            taken = Alias.objects.filter(normalized=key).select_related("person").first()
            if taken is not None:
                return None if taken.rejected else _fill(_survivor(taken.person), role, iso2)[0]
    raise RuntimeError(f"could not create a unique slug for {name!r}")
