"""Editors' corrections to people, claims and articles: the services the admin actions call.

Every service here runs in one transaction and leaves the data so that later extraction
respects the editor's decision: the resolver follows `merged_into` to the surviving person and
never turns a rejected alias (or a person marked "not a person") into a person again, so
re-extracting an article cannot bring back what an editor merged away or rejected.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from articles.models import Article
from entities.models import Alias, Claim, Mention, Person
from entities.resolver import normalize_name


class CurationError(ValueError):
    """A correction that cannot be applied as asked (the message says why, for the editor)."""


def _ids(objects: Iterable) -> list[int]:
    """Primary keys of model instances, or of a queryset, without loading more than the ids."""
    if hasattr(objects, "values_list"):
        return list(objects.values_list("pk", flat=True))
    return [obj.pk for obj in objects]


# --- People ----------------------------------------------------------------------------------


@transaction.atomic
def person_merge(target: Person, sources: Iterable[Person]) -> int:
    """Merge duplicate people into `target`; returns how many sources were merged.

    For each source: its mentions, the claims it made and the claims about it move to the
    target; its aliases move too, except those whose normalized form the target already has
    (those are deleted, so the target keeps one alias per form); its own name becomes an alias
    of the target; it is left with status "merged" and `merged_into=target`, and people that had
    been merged into it now point at the target directly (so `merged_into` never chains). Blank
    role, country and description of the target are filled from the first source having them.

    Raises CurationError if the target or a source is not an active person, or if the target
    is among the sources.
    Never deletes a person: the merged row keeps its slug so old links can be redirected.
    """
    target = Person.objects.select_for_update().get(pk=target.pk)
    source_ids = sorted(set(_ids(sources)))
    if target.status != Person.Status.ACTIVE:
        raise CurationError(f"{target} is not an active person and cannot receive a merge")
    if target.pk in source_ids:
        raise CurationError(f"{target} cannot be merged into itself")
    # Sources locked in id order, so two merges of overlapping sets wait rather than deadlock.
    merged = list(Person.objects.select_for_update().filter(pk__in=source_ids).order_by("pk"))
    if not merged:
        return 0
    inactive = [p.name for p in merged if p.status != Person.Status.ACTIVE]
    if inactive:
        raise CurationError(f"only active people can be merged: {', '.join(inactive)}")

    Mention.objects.filter(person_id__in=source_ids).update(person=target)
    Claim.objects.filter(speaker_person_id__in=source_ids).update(speaker_person=target)
    _move_claim_subjects(source_ids, target)
    _move_aliases(merged, target)

    Person.objects.filter(merged_into_id__in=source_ids).update(merged_into=target)
    Person.objects.filter(pk__in=source_ids).update(status=Person.Status.MERGED, merged_into=target)

    changed = []
    for field in ("role", "country", "description"):
        attname = Person._meta.get_field(field).attname
        if not getattr(target, attname):
            value = next((getattr(p, attname) for p in merged if getattr(p, attname)), None)
            if value:
                setattr(target, attname, value)
                changed.append(field)
    target.save(update_fields=[*changed, "updated_at"])
    return len(merged)


def _move_claim_subjects(source_ids: list[int], target: Person) -> None:
    """Claims about a source become claims about the target, without duplicate subject rows."""
    through = Claim.subject_people.through
    rows = through.objects.filter(person_id__in=source_ids)
    already = set(through.objects.filter(person=target).values_list("claim_id", flat=True))
    claim_ids = set(rows.values_list("claim_id", flat=True)) - already
    rows.delete()
    through.objects.bulk_create(through(claim_id=cid, person=target) for cid in claim_ids)


def _move_aliases(sources: list[Person], target: Person) -> None:
    taken = set(target.aliases.values_list("normalized", flat=True))
    for source in sources:
        for alias in source.aliases.order_by("pk"):
            if alias.normalized in taken:
                alias.delete()
            else:
                alias.person = target
                alias.save(update_fields=["person"])
                taken.add(alias.normalized)
        # The source's own name must keep resolving to the target even if no alias held it.
        key = normalize_name(source.name)
        if key and key not in taken:
            Alias.objects.create(person=target, name=source.name, normalized=key)
            taken.add(key)


@transaction.atomic
def person_reject(person: Person) -> None:
    """Mark a person as "not a person" (an extraction mistake, e.g. a place or a phrase).

    Its status becomes "not_person"; its aliases, plus one for its own name, are flagged
    rejected so the resolver never creates or returns a person for those names again; its
    mentions are deleted; claims it made keep their speaker label but lose the speaker link, and
    it is removed from claims' subjects. Safe to repeat. Raises CurationError for a merged person:
    its names now belong to the person it was merged into.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.status == Person.Status.MERGED:
        raise CurationError(f"{person} was merged into another person; reject that one instead")
    key = normalize_name(person.name)
    if key and not person.aliases.filter(normalized=key).exists():
        Alias.objects.create(person=person, name=person.name, normalized=key, rejected=True)
    person.aliases.update(rejected=True)
    Mention.objects.filter(person=person).delete()
    Claim.objects.filter(speaker_person=person).update(speaker_person=None)
    Claim.subject_people.through.objects.filter(person=person).delete()
    person.status = Person.Status.NOT_A_PERSON
    person.save(update_fields=["status", "updated_at"])


# --- Claims ----------------------------------------------------------------------------------


@transaction.atomic
def claim_review(claims: Iterable[Claim], status: str) -> int:
    """Set the review status of claims ("verified", "rejected" or back to "unreviewed").

    Reviewed claims survive re-extraction of their article; rejected ones are hidden from the
    public pages. Returns how many claims were updated.
    """
    if status not in Claim.Review.values:
        raise CurationError(f"unknown review status {status!r}")
    return Claim.objects.filter(pk__in=_ids(claims)).update(review_status=status)


# --- Articles --------------------------------------------------------------------------------


@transaction.atomic
def article_set_date(article: Article, date: datetime.date, precision: str) -> Article:
    """Correct an article's publication date; its provenance becomes "editor".

    `precision` is "day", "month" or "year" (for month or year, `date` is the first day of the
    period by convention). Raises CurationError without a date or with an unknown precision.
    """
    if date is None:
        raise CurationError("a corrected date is required")
    if precision not in {"day", "month", "year"}:
        raise CurationError(f"unknown date precision {precision!r}")
    article.published = date
    article.published_source = Article.DateSource.EDITOR
    article.published_precision = precision
    article.save(
        update_fields=["published", "published_source", "published_precision", "updated_at"]
    )
    return article


def article_hide(articles: Iterable[Article]) -> int:
    """Hide articles from every public page, feed and export; returns how many changed."""
    return (
        Article.objects.filter(pk__in=_ids(articles))
        .exclude(status=Article.Status.HIDDEN)
        .update(status=Article.Status.HIDDEN, updated_at=timezone.now())
    )


def article_show(articles: Iterable[Article]) -> int:
    """Publish hidden articles again; returns how many changed."""
    return (
        Article.objects.filter(pk__in=_ids(articles))
        .exclude(status=Article.Status.PUBLISHED)
        .update(status=Article.Status.PUBLISHED, updated_at=timezone.now())
    )
