"""Editors' corrections to people, claims and articles: the services the admin actions call.

Every service here runs in one transaction and leaves the data so that later extraction
respects the editor's decision: the resolver follows `merged_into` to the surviving person and
never turns a rejected alias (or a person marked "not a person") into a person again, so
re-extracting an article cannot bring back what an editor merged away or rejected. Fields an
editor corrects are listed in the row's `editor_fields`; a corrected or reviewed claim is never
replaced. Bulk changes are recorded in the history with `newsdesk.common.history.recorded`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Case, F, Func, Value, When
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article
from entities.models import Alias, Claim, Mention, Person
from entities.resolver import normalize_name
from newsdesk.common.history import current_user, recorded, save_recorded
from newsdesk.common.querysets import primary_keys


class CurationError(ValueError):
    """A correction that cannot be applied as asked (the message says why, for the editor)."""


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
    source_ids = sorted(set(primary_keys(sources)))
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

    reason = f"Merged into {target} (#{target.pk})"
    mentions = Mention.objects.filter(person_id__in=source_ids)
    claims = Claim.objects.filter(speaker_person_id__in=source_ids)
    aliases = Alias.objects.filter(person_id__in=source_ids)
    chained = Person.objects.filter(merged_into_id__in=source_ids)
    with (
        recorded(Mention, mentions.values_list("pk", flat=True), reason),
        recorded(Claim, claims.values_list("pk", flat=True), reason),
        recorded(Alias, aliases.values_list("pk", flat=True), reason),
        recorded(Person, [*source_ids, *chained.values_list("pk", flat=True)], reason),
    ):
        mentions.update(person=target)
        claims.update(speaker_person=target)
        _move_claim_subjects(source_ids, target)
        _move_aliases(merged, target)
        chained.update(merged_into=target)
        Person.objects.filter(pk__in=source_ids).update(
            status=Person.Status.MERGED, merged_into=target
        )

    changed = []
    for field in ("role", "country", "description"):
        attname = Person._meta.get_field(field).attname
        if not getattr(target, attname):
            value = next((getattr(p, attname) for p in merged if getattr(p, attname)), None)
            if value:
                setattr(target, attname, value)
                changed.append(field)
    absorbed = f"Absorbed {', '.join(p.name for p in merged)}"
    save_recorded(target, absorbed, update_fields=[*changed, "updated_at"])
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


PERSON_CORRECTABLE = {"name", "slug", "role", "country", "description", "wikidata_id"}


@transaction.atomic
def person_correct(person: Person, fields: Iterable[str]) -> Person:
    """Save a person an editor corrected; the fields become the editor's.

    The resolver fills only blanks, and never a field marked here (a role an editor cleared
    stays clear). A corrected name also becomes an alias, so the new spelling resolves.
    """
    fields = [f for f in fields if f in PERSON_CORRECTABLE]
    if not fields:
        return person
    person.editor_fields = _marked(person.editor_fields, fields)
    person._change_reason = "Corrected " + ", ".join(fields)
    person.save(update_fields=[*fields, "editor_fields", "updated_at"])
    key = normalize_name(person.name)
    if "name" in fields and key:
        Alias.objects.get_or_create(person=person, normalized=key, defaults={"name": person.name})
    return person


@transaction.atomic
def person_split(person: Person, aliases: Iterable[Alias], *, name: str = "") -> Person:
    """Take a wrongly merged person apart: the chosen aliases, with what they named, move out.

    The aliases move to the person they were merged from, which becomes active again (so its
    slug stops redirecting) if one of them is its name; otherwise to a new person named `name`
    (default: the first alias). With them move the mentions whose text is one of those names or
    that belonged to that person before the merge, the claims that person made (by history or
    by speaker label), and the claims about it in the articles whose mentions moved.
    Returns the person split off. Raises CurationError if `person` is not active, if no alias
    is chosen, or if all of its aliases would go.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.status != Person.Status.ACTIVE:
        raise CurationError(f"{person} is not an active person")
    chosen = list(Alias.objects.filter(pk__in=primary_keys(aliases), person=person))
    if not chosen:
        raise CurationError("choose the aliases to split off")
    if len(chosen) == person.aliases.count():
        raise CurationError(f"{person} would keep no name: leave at least one alias")
    keys = {a.normalized for a in chosen}
    former = (
        Person.objects.select_for_update()
        .filter(merged_into=person, status=Person.Status.MERGED)
        .order_by("pk")
    )
    other = next((p for p in former if normalize_name(p.name) in keys), None)
    reason = f"Split from {person} (#{person.pk})"
    if other is None:
        label = name.strip() or chosen[0].name
        other = Person(name=label, slug=_free_slug(label), role=person.role, country=person.country)
        other._change_reason = reason
        other.save()
    else:
        with recorded(Person, [other.pk], reason):
            Person.objects.filter(pk=other.pk).update(status=Person.Status.ACTIVE, merged_into=None)
        other.refresh_from_db()

    before = _history_ids(Mention, "person_id", other.pk)
    mentions = [
        m.pk
        for m in Mention.objects.filter(person=person).only("pk", "text")
        if normalize_name(m.text) in keys or m.pk in before
    ]
    made_before = _history_ids(Claim, "speaker_person_id", other.pk)
    claims = [
        c.pk
        for c in Claim.objects.filter(speaker_person=person).only("pk", "speaker_label")
        if normalize_name(c.speaker_label) in keys or c.pk in made_before
    ]
    with (
        recorded(Alias, [a.pk for a in chosen], reason),
        recorded(Mention, mentions, reason),
        recorded(Claim, claims, reason),
    ):
        Alias.objects.filter(pk__in=[a.pk for a in chosen]).update(person=other)
        Mention.objects.filter(pk__in=mentions).update(person=other)
        Claim.objects.filter(pk__in=claims).update(speaker_person=other)
    _split_claim_subjects(person, other)
    save_recorded(person, f"Split off {other} (#{other.pk})", update_fields=["updated_at"])
    return other


def _history_ids(model, field: str, value) -> set[int]:
    """Ids of `model` rows that ever had `field` = value in their history."""
    return set(model.history.filter(**{field: value}).values_list("id", flat=True))


def _split_claim_subjects(person: Person, other: Person) -> None:
    """Claims about `person` in articles where only `other` is now named are about `other`."""
    through = Claim.subject_people.through
    theirs = set(Mention.objects.filter(person=other).values_list("article_id", flat=True))
    still = set(Mention.objects.filter(person=person).values_list("article_id", flat=True))
    articles = theirs - still
    rows = through.objects.filter(person=person, claim__article_id__in=articles)
    claim_ids = set(rows.values_list("claim_id", flat=True))
    rows.delete()
    through.objects.bulk_create(
        (through(claim_id=cid, person=other) for cid in claim_ids), ignore_conflicts=True
    )


def _free_slug(name: str) -> str:
    base = slugify(name)[:180] or "person"
    slug, n = base, 2
    while Person.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


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
    reason = "Marked as not a person"
    with recorded(Alias, person.aliases.values_list("pk", flat=True), reason):
        person.aliases.update(rejected=True)
    Mention.objects.filter(person=person).delete()
    claims = Claim.objects.filter(speaker_person=person)
    with recorded(Claim, claims.values_list("pk", flat=True), reason):
        claims.update(speaker_person=None)
    Claim.subject_people.through.objects.filter(person=person).delete()
    person.status = Person.Status.NOT_A_PERSON
    person._change_reason = reason
    person.save(update_fields=["status", "updated_at"])


# --- Claims ----------------------------------------------------------------------------------


REVIEW_LABELS = {
    Claim.Review.VERIFIED: "Verified",
    Claim.Review.REJECTED: "Rejected",
    Claim.Review.UNREVIEWED: "Marked unreviewed",
}


@transaction.atomic
def claim_review(claims: Iterable[Claim], status: str) -> int:
    """Set the review status of claims ("verified", "rejected" or back to "unreviewed").

    Reviewed claims survive re-extraction of their article; rejected ones are hidden from the
    public pages. Returns how many claims were updated.
    """
    if status not in Claim.Review.values:
        raise CurationError(f"unknown review status {status!r}")
    ids = primary_keys(claims)
    user = current_user()
    reviewed = status != Claim.Review.UNREVIEWED
    with recorded(Claim, ids, REVIEW_LABELS[status]):
        return Claim.objects.filter(pk__in=ids).update(
            review_status=status,
            reviewed_by=user if reviewed else None,
            reviewed_at=timezone.now() if reviewed else None,
        )


# What an editor may correct on a claim; the offsets follow the text (see `claim_edit`).
CLAIM_CORRECTABLE = (
    "text", "speaker_label", "speaker_kind", "speaker_person", "speaker_country", "addressee",
    "stance", "event_type", "subject_people", "subject_countries",
)  # fmt: skip


@transaction.atomic
def claim_edit(claim: Claim, changes: dict) -> Claim:
    """Correct a claim; it becomes verified by the editor and its fields the editor's.

    `changes` maps names of `CLAIM_CORRECTABLE` to new values (people and countries as rows,
    the subjects as lists). A new text found in the article's text at the claim's location
    moves `start`/`end` to it (the occurrence nearest the old span); a paraphrase keeps the
    span, so the claim stays anchored where the extractor found it. Re-extraction keeps the
    claim (it is reviewed) and never adds another at its span.
    Raises CurationError for an unknown field or an empty text or speaker label.
    """
    unknown = set(changes) - set(CLAIM_CORRECTABLE)
    if unknown:
        raise CurationError(f"these claim fields cannot be corrected: {', '.join(sorted(unknown))}")
    for required in ("text", "speaker_label"):
        if required in changes and not str(changes[required]).strip():
            raise CurationError(f"a claim's {required.replace('_', ' ')} cannot be empty")
    for name in ("speaker_kind", "stance", "event_type"):
        allowed = {value for value, _ in Claim._meta.get_field(name).choices}
        if name in changes and changes[name] not in allowed | (
            {""} if name == "event_type" else set()
        ):
            raise CurationError(f"{changes[name]!r} is not a {name.replace('_', ' ')}")
    if len(changes.get("speaker_label", "")) > 300:
        raise CurationError("a speaker label has at most 300 characters")
    claim = Claim.objects.select_for_update().select_related("article").get(pk=claim.pk)
    changed = []
    for field, value in changes.items():
        if field in ("subject_people", "subject_countries"):
            getattr(claim, field).set(value)
            changed.append(field)
            continue
        if getattr(claim, field) != value:
            setattr(claim, field, value)
            changed.append(field)
    if "text" in changed:
        claim.text = claim.text.strip()
        claim.start, claim.end = _span_of(claim)
    claim.editor_fields = _marked(claim.editor_fields, changed)
    claim.review_status = Claim.Review.VERIFIED
    claim.reviewed_by = current_user()
    claim.reviewed_at = timezone.now()
    claim._change_reason = "Corrected " + ", ".join(changed) if changed else "Verified"
    columns = [f for f in changed if f not in ("subject_people", "subject_countries")]
    claim.save(
        update_fields=[
            *columns, "start", "end", "editor_fields", "review_status", "reviewed_by",
            "reviewed_at",
        ]
    )  # fmt: skip
    return claim


def _span_of(claim: Claim) -> tuple[int, int]:
    """Where the claim's text is in its article, nearest the old span; the old span if absent."""
    article = claim.article
    source = {"headline": article.title, "standfirst": article.standfirst}.get(
        claim.location, article.body
    )
    found, at = [], source.find(claim.text)
    while at != -1:
        found.append(at)
        at = source.find(claim.text, at + 1)
    if not found:
        return claim.start, claim.end
    start = min(found, key=lambda position: abs(position - claim.start))
    return start, start + len(claim.text)


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
    article.editor_fields = _marked(article.editor_fields, ["published", "published_precision"])
    article._change_reason = "Date corrected"
    article.save(
        update_fields=[
            "published", "published_source", "published_precision", "editor_fields",
            "updated_at",
        ]
    )  # fmt: skip
    return article


def article_hide(articles: Iterable[Article]) -> int:
    """Hide articles from every public page, feed and export; returns how many changed."""
    return _article_set_status(articles, Article.Status.HIDDEN, "Hidden")


def _article_set_status(articles, status: str, reason: str) -> int:
    changing = Article.objects.filter(pk__in=primary_keys(articles)).exclude(status=status)
    ids = list(changing.values_list("pk", flat=True))
    with transaction.atomic(), recorded(Article, ids, reason):
        return Article.objects.filter(pk__in=ids).update(
            status=status,
            editor_fields=Case(
                When(editor_fields__contains=["status"], then=F("editor_fields")),
                default=Func(
                    F("editor_fields"),
                    Value("status"),
                    function="array_append",
                    output_field=Article._meta.get_field("editor_fields"),
                ),
            ),
            updated_at=timezone.now(),
        )


def article_show(articles: Iterable[Article]) -> int:
    """Publish hidden articles again; returns how many changed."""
    return _article_set_status(articles, Article.Status.PUBLISHED, "Shown")


def article_correct(article: Article, fields: Iterable[str]) -> Article:
    """Save an article an editor corrected (title, standfirst, byline, outlet...).

    The fields are marked as the editor's (`Article.editor_fields`): parsing never writes an
    existing article again, and nothing else may change a marked field.
    """
    fields = [f for f in fields if f in ARTICLE_CORRECTABLE]
    if not fields:
        return article
    article.editor_fields = _marked(article.editor_fields, fields)
    article._change_reason = "Corrected " + ", ".join(fields)
    article.save(update_fields=[*fields, "editor_fields", "updated_at"])
    return article


ARTICLE_CORRECTABLE = {"title", "standfirst", "byline", "outlet", "status"}


def _marked(current: list[str], fields: Iterable[str]) -> list[str]:
    return sorted(set(current) | set(fields))
