"""Map a person's name from one article to the Person row shared by all articles.

Order: exact normalised alias, then a fuzzy match of full names (spelling variants and
transliterations, see `entities.extract.names`), then a new Person. Merged people are
followed to the survivor; names editors rejected as "not a person" resolve to None.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from entities.extract.names import best_match, normalize_name, same_person, surname
from entities.models import Alias, Country, Person

__all__ = ["normalize_name", "resolve_person"]

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


def resolve_person(
    name: str, *, role: str | None = None, country_iso2: str | None = None, surface_forms=()
) -> Person | None:
    """The Person for `name`, created if no known person matches; None if rejected.

    Never returns a merged person (its survivor instead) nor one marked "not a person".
    Fills a missing role/country on an existing person; never overwrites editors' values.
    """
    key = normalize_name(name)
    if not key:
        return None
    keys = {key} | {normalize_name(f) for f in surface_forms if same_person(name, f)}
    aliases = list(Alias.objects.filter(normalized__in=keys).select_related("person"))
    if any(a.rejected for a in aliases):
        return None
    exact = [a for a in aliases if a.normalized == key] or aliases
    if exact:
        return _fill(_survivor(exact[0].person), role, country_iso2)

    last = surname(name)
    candidates: dict[int, list[str]] = {}
    if last:
        # Narrow by the surname's first letters (no trigram index on the embedded server).
        rows = Alias.objects.filter(normalized__contains=last[:4], rejected=False).values_list(
            "person_id", "name"
        )
        for person_id, alias_name in rows:
            candidates.setdefault(person_id, []).append(alias_name)
    match = best_match(name, candidates)
    if match is not None:
        person = _survivor(Person.objects.get(pk=match))
        if person is not None and len(key.split()) > 1:
            Alias.objects.get_or_create(person=person, normalized=key, defaults={"name": name})
        return _fill(person, role, country_iso2)
    if len(key.split()) == 1:
        return None  # a lone surname nobody has yet is too little to create a person
    return _create(name, key, role, country_iso2, surface_forms)


def _fill(person: Person | None, role: str | None, iso2: str | None) -> Person | None:
    if person is None:
        return None
    fields = []
    if role and not person.role:
        person.role = role
        fields.append("role")
    if iso2 and person.country_id is None:
        person.country = Country.objects.filter(iso2=iso2).first()
        if person.country is not None:
            fields.append("country")
    if fields:
        person.save(update_fields=fields)
    return person


def _create(name, key, role, iso2, surface_forms) -> Person:
    country = Country.objects.filter(iso2=iso2).first() if iso2 else None
    for _attempt in range(3):
        try:
            with transaction.atomic():
                person = Person.objects.create(
                    name=name, slug=_unique_slug(name), role=role or "", country=country
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
            continue  # another worker took the slug first: compute a new one
    raise RuntimeError(f"could not create a unique slug for {name!r}")
