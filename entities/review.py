"""The claim review queue: the doubtful claims first, each in its sentence, decided in a click.

A page of the claims admin (`ClaimAdmin.get_urls`): unreviewed claims first, the least
confident first; each row shows the claim's sentence with the claim's span marked, the
speaker as extracted and the article, with buttons to verify or reject it and fields to
correct its text, speaker, stance and event type (saving a correction verifies the claim).
One form for the page, so it works without JavaScript; `static/admin_desk/review.js` adds
keys (j/k move, v verify, r reject, e edit, x select).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Greatest, Substr
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.html import format_html

from entities import curation
from entities.models import Claim, Country, Person
from entities.resolver import normalize_name

PAGE_SIZE = 25
# Characters of the article shown on each side of the claim, cut to whole sentences.
CONTEXT = 300
QUICK_FIELDS = ("text", "speaker_label", "speaker_kind", "stance", "event_type")


def queue_queryset(*, include_reviewed: bool = False):
    """Unreviewed first, then the least confident; each claim with its article's text around
    it (a slice of the body, never the whole body) and its speaker."""
    claims = (
        Claim.objects.all()
        if include_reviewed
        else Claim.objects.filter(review_status=Claim.Review.UNREVIEWED)
    )
    window_start = Case(
        When(location=Claim.Location.BODY, then=Greatest(F("start") - CONTEXT, Value(0))),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        claims.select_related("speaker_person", "speaker_country", "reviewed_by")
        .annotate(
            article_title=F("article__title"),
            window_start=window_start,
            window=Case(
                When(
                    location=Claim.Location.BODY,
                    then=Substr(
                        "article__body", window_start + 1, F("end") - window_start + CONTEXT
                    ),
                ),
                When(location=Claim.Location.STANDFIRST, then=F("article__standfirst")),
                default=F("article__title"),
                output_field=TextField(),
            ),
            unreviewed_first=Case(
                When(review_status=Claim.Review.UNREVIEWED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("unreviewed_first", "confidence", "pk")
    )


def claim_in_context(claim) -> str:
    """The claim's sentence (and its neighbours' ends), escaped, with the span in <mark>."""
    text = claim.window or ""
    start = max(0, claim.start - claim.window_start)
    end = max(start, min(len(text), claim.end - claim.window_start))
    before, span, after = text[:start], text[start:end], text[end:]
    # Whole sentences where the window allows: from after the last full stop before the claim
    # to the first one after it.
    cut = max(before.rfind(". "), before.rfind("\n"))
    if cut != -1 and claim.window_start + cut > 0:
        before = before[cut + 1 :].lstrip()
    stops = [i for i in (after.find(". "), after.find("\n")) if i != -1]
    if stops:
        after = after[: min(stops) + 1]
    return format_html("{}<mark>{}</mark>{}", before, span or claim.text, after)


def review_queue_view(model_admin, request):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    if request.method == "POST":
        if not model_admin.has_change_permission(request):
            raise PermissionDenied
        _decide(model_admin, request)
        return redirect(request.get_full_path())
    include_reviewed = request.GET.get("all") == "1"
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    offset = (page - 1) * PAGE_SIZE
    # One more row than shown tells whether there is a next page, without counting the table.
    rows = list(queue_queryset(include_reviewed=include_reviewed)[offset : offset + PAGE_SIZE + 1])
    claims = rows[:PAGE_SIZE]
    for claim in claims:
        claim.in_context = claim_in_context(claim)
    opts = model_admin.model._meta
    return TemplateResponse(
        request,
        "admin/entities/claim/review_queue.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": "Claim review queue",
            "opts": opts,
            "claims": claims,
            "page": page,
            "has_next": len(rows) > PAGE_SIZE,
            "include_reviewed": include_reviewed,
            "can_change": model_admin.has_change_permission(request),
            "speaker_kinds": Claim.SpeakerKind.choices,
            "stances": Claim.Stance.choices,
            "event_types": [("", "—"), *Claim.EventType.choices],
            # One list for every card's country field (a datalist, typed to filter).
            "country_names": (
                Country.objects.order_by("name").values_list("name", flat=True) if claims else []
            ),
        },
    )


def _decide(model_admin, request) -> None:
    """Apply the button pressed: `verify:<id>`, `reject:<id>`, `save:<id>`, or a bulk one."""
    action, _, claim_id = request.POST.get("do", "").partition(":")
    if action in ("verify_selected", "reject_selected"):
        ids = [int(pk) for pk in request.POST.getlist("selected") if pk.isdigit()]
        if not ids:
            model_admin.message_user(request, "Select claims first.", messages.WARNING)
            return
        status = Claim.Review.VERIFIED if action == "verify_selected" else Claim.Review.REJECTED
        count = curation.claim_review(Claim.objects.filter(pk__in=ids), status)
        label = curation.REVIEW_LABELS[status].lower()
        model_admin.message_user(request, f"{count} claim(s) {label}.", messages.SUCCESS)
        return
    if not claim_id.isdigit():
        model_admin.message_user(request, "Nothing was done: unknown button.", messages.WARNING)
        return
    claim = Claim.objects.filter(pk=int(claim_id)).first()
    if claim is None:
        model_admin.message_user(request, f"Claim #{claim_id} no longer exists.", messages.WARNING)
        return
    if action in ("verify", "reject"):
        status = Claim.Review.VERIFIED if action == "verify" else Claim.Review.REJECTED
        curation.claim_review([claim], status)
        label = curation.REVIEW_LABELS[status].lower()
        model_admin.message_user(request, f"Claim #{claim.pk} {label}.", messages.SUCCESS)
    elif action == "save":
        changes = {}
        for field in QUICK_FIELDS:
            value = request.POST.get(f"{field}-{claim.pk}")
            if value is not None and value.strip() != getattr(claim, field):
                changes[field] = value.strip()
        try:
            changes |= _speaker_links(request, claim)
            curation.claim_edit(claim, changes)
        except curation.CurationError as exc:
            model_admin.message_user(request, str(exc), messages.ERROR)
            return
        done = f"corrected ({', '.join(changes)}) and verified" if changes else "verified"
        model_admin.message_user(request, f"Claim #{claim.pk} {done}.", messages.SUCCESS)


def _speaker_links(request, claim) -> dict:
    """The speaker's person and country as typed in the queue (a name, alias or slug; a
    country's name or ISO code); an empty field clears the link. Raises CurationError for a
    name that matches no one, or several people."""
    changes = {}
    typed = request.POST.get(f"speaker_person-{claim.pk}")
    current = claim.speaker_person.name if claim.speaker_person_id else ""
    if typed is not None and typed.strip() != current:
        changes["speaker_person"] = _person_named(typed.strip()) if typed.strip() else None
    typed = request.POST.get(f"speaker_country-{claim.pk}")
    current = claim.speaker_country.name if claim.speaker_country_id else ""
    if typed is not None and typed.strip() != current:
        name = typed.strip()
        country = (
            Country.objects.filter(Q(name__iexact=name) | Q(iso2__iexact=name)).first()
            if name
            else None
        )
        if name and country is None:
            raise curation.CurationError(f"no country is called {name!r}")
        changes["speaker_country"] = country
    return changes


def _person_named(name: str) -> Person:
    key = normalize_name(name)
    people = list(
        Person.objects.active()
        .filter(
            Q(name__iexact=name)
            | Q(slug=name)
            | Q(aliases__normalized=key, aliases__rejected=False)
        )
        .distinct()[:2]
    )
    if len(people) != 1:
        found = "several people are" if people else "nobody is"
        raise curation.CurationError(
            f"{found} called {name!r}: open the claim's page to choose the speaker"
        )
    return people[0]
