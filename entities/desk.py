"""The editors' desk pages that are not one model's list: recent changes and extractor precision.

Routed in `newsdesk/urls.py` under /admin/, behind the admin's login (`admin_view`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse

from articles.models import Article, Feed, Outlet
from entities.models import Alias, Claim, Country, Mention, Person
from newsdesk.common.history import BEFORE_FIRST_CHANGE

# The models whose changes editors make and read, in the order of the filter menu.
TRACKED = [Article, Outlet, Feed, Person, Alias, Country, Claim, Mention]
RECENT = 200
HISTORY_TYPES = {"+": "added", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class Change:
    when: object
    who: object
    kind: str
    model: str
    label: str
    reason: str
    history_url: str


def recent_changes(*, limit: int = RECENT, user_id=None, model_name: str = "") -> list[Change]:
    """The latest changes people made to the tracked models, newest first (one query each)."""
    changes = []
    for model in TRACKED:
        if model_name and model._meta.model_name != model_name:
            continue
        records = (
            model.history.exclude(history_change_reason=BEFORE_FIRST_CHANGE)
            .select_related("history_user")
            .order_by("-history_date")
        )
        if user_id:
            records = records.filter(history_user_id=user_id)
        for record in records[:limit]:
            changes.append(
                Change(
                    when=record.history_date,
                    who=record.history_user,
                    kind=HISTORY_TYPES.get(record.history_type, record.history_type),
                    model=model._meta.verbose_name,
                    label=str(record.instance)[:120],
                    reason=record.history_change_reason or "",
                    history_url=_history_url(model, record.id),
                )
            )
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes[:limit]


def _history_url(model, pk) -> str:
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_history", args=[pk])
    except NoReverseMatch:
        return ""


def recent_changes_view(request):
    if not any(
        request.user.has_perm(f"{m._meta.app_label}.view_{m._meta.model_name}") for m in TRACKED
    ):
        raise PermissionDenied
    user_id = request.GET.get("user", "")
    model_name = request.GET.get("model", "")
    changes = recent_changes(
        user_id=int(user_id) if user_id.isdigit() else None, model_name=model_name
    )
    editors = get_user_model().objects.filter(is_staff=True).order_by("username")
    return TemplateResponse(
        request,
        "admin/desk/recent_changes.html",
        {
            **admin.site.each_context(request),
            "title": "Recent changes",
            "changes": changes,
            "editors": editors,
            "models": [(m._meta.model_name, m._meta.verbose_name_plural) for m in TRACKED],
            "chosen_user": user_id,
            "chosen_model": model_name,
        },
    )


# --- Extractor precision ---------------------------------------------------------------------


@dataclass(frozen=True)
class Precision:
    """Editors' verdicts on what one extractor version found."""

    version: str
    kind: str  # "claims" or "people"
    total: int
    verified: int
    corrected: int
    rejected: int
    merged: int = 0

    @property
    def reviewed(self) -> int:
        return self.verified + self.corrected + self.rejected + self.merged

    @property
    def precision(self) -> float | None:
        """Share of the reviewed ones that were right as found (None before any review)."""
        return self.verified / self.reviewed if self.reviewed else None


def extractor_precision() -> list[Precision]:
    """Per extractor version: claims verified, corrected (edited) and rejected by editors;
    people confirmed (an editor verified a claim naming them as speaker, uncorrected),
    corrected (a field edited), merged (a duplicate) and rejected ("not a person"). Two
    queries."""
    edited = ~Q(editor_fields=[])
    claims = (
        Claim.objects.order_by()
        .values("extractor_version")
        .annotate(
            total=Count("pk"),
            verified=Count("pk", filter=Q(review_status=Claim.Review.VERIFIED) & ~edited),
            corrected=Count("pk", filter=edited),
            rejected=Count("pk", filter=Q(review_status=Claim.Review.REJECTED) & ~edited),
        )
    )
    confirmed = Exists(
        Claim.objects.filter(
            speaker_person=OuterRef("pk"), review_status=Claim.Review.VERIFIED
        ).exclude(editor_fields__contains=["speaker_person"])
    )
    people = (
        Person.objects.order_by()
        .values("extractor_version")
        .annotate(
            total=Count("pk"),
            verified=Count("pk", filter=Q(confirmed, status=Person.Status.ACTIVE) & ~edited),
            corrected=Count("pk", filter=edited & ~Q(status=Person.Status.NOT_A_PERSON)),
            merged=Count("pk", filter=Q(status=Person.Status.MERGED) & ~edited),
            rejected=Count("pk", filter=Q(status=Person.Status.NOT_A_PERSON)),
        )
    )
    rows = [Precision(kind="claims", version=row.pop("extractor_version"), **row) for row in claims]
    rows += [
        Precision(kind="people", version=row.pop("extractor_version"), **row) for row in people
    ]
    return sorted(rows, key=lambda row: (row.version, row.kind), reverse=True)


def extractor_precision_view(request):
    if not (
        request.user.has_perm("entities.view_claim")
        and request.user.has_perm("entities.view_person")
    ):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "admin/desk/extractor_precision.html",
        {
            **admin.site.each_context(request),
            "title": "Extractor precision",
            "rows": extractor_precision(),
        },
    )
