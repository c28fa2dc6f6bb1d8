"""Who changed what, and when: editors' changes recorded with django-simple-history.

Only changes made by a person are recorded: during an admin request (the user comes from
`simple_history.middleware.HistoryRequestMiddleware`) or inside `acting_as(user)` (commands).
The pipeline's own writes in a worker are derived data that re-extraction replaces, and a copy
of every row on every run would double the writes for nothing an editor reads.

The first change an editor makes to a row first records the row as it was ("as extracted"),
so every history page shows the before and after of each field, not only the after.
Bulk changes (`QuerySet.update`, which sends no signal) are recorded with `recorded()`.

django-simple-history rather than django-reversion: a row per change in a table per model,
so each object's history page shows every field before and after (reversion stores whole
serialized versions and shows no field differences), bulk updates are recorded with
`bulk_history_create` without a revision context around each action, and the user comes
from its middleware.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

BEFORE_FIRST_CHANGE = "as extracted"

_actor = contextvars.ContextVar("newsdesk_history_actor", default=None)


def current_user():
    """The person making the current change, or None for the pipeline's own writes."""
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    return _actor.get()


@contextmanager
def acting_as(user) -> Iterator[None]:
    """Record the changes made inside the block as `user`'s (for commands and scripts)."""
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


class EditorHistory(HistoricalRecords):
    """`HistoricalRecords` that records people's changes only, with the state before them."""

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if sender is self.cls and not getattr(sender._meta, "abstract", False):
            models.signals.pre_save.connect(self.pre_save, sender=sender, weak=False)

    def pre_save(self, instance, raw=False, update_fields=None, **kwargs):
        if raw or instance.pk is None or instance._state.adding or current_user() is None:
            return
        if self._untracked(update_fields):
            return
        _record_baselines(type(instance), [instance.pk])

    def post_save(self, instance, created, using=None, update_fields=None, **kwargs):
        if current_user() is None or self._untracked(update_fields):
            return
        super().post_save(instance, created, using=using, update_fields=update_fields, **kwargs)

    def _untracked(self, update_fields) -> bool:
        """A save of excluded fields only (the pipeline's bookkeeping): nothing to record."""
        return bool(update_fields) and set(update_fields) <= set(self.excluded_fields)

    def post_delete(self, instance, using=None, **kwargs):
        if current_user() is None:
            return
        super().post_delete(instance, using=using, **kwargs)

    def get_history_user(self, instance):
        if hasattr(instance, "_history_user"):
            return instance._history_user
        return current_user()


def _record_baselines(model, pks: Iterable[int]) -> None:
    """Record the current state of the rows among `pks` that have no history yet."""
    pks = set(pks)
    if not pks:
        return
    history = model.history
    known = set(history.filter(id__in=pks).values_list("id", flat=True).distinct())
    missing = pks - known
    if not missing:
        return
    rows = list(model._base_manager.filter(pk__in=missing))
    for row in rows:
        row._history_user = None  # the state the pipeline left, not the editor's doing
    history.bulk_history_create(
        rows,
        default_change_reason=BEFORE_FIRST_CHANGE,
        default_date=timezone.now() - timezone.timedelta(microseconds=1),
    )


@contextmanager
def recorded(model, pks: Iterable[int], reason: str) -> Iterator[None]:
    """Record a bulk change of `model` rows `pks` (before and after) with `reason`.

    Outside an editor's request or `acting_as`, records nothing. Rows deleted by the change
    are not recorded after it.
    """
    user = current_user()
    pks = list(dict.fromkeys(pks))
    if user is None or not pks:
        yield
        return
    _record_baselines(model, pks)
    yield
    rows = list(model._base_manager.filter(pk__in=pks).order_by("pk"))
    model.history.bulk_history_create(
        rows, update=True, default_user=user, default_change_reason=reason
    )


def save_recorded(instance, reason: str, *, update_fields: list[str]) -> None:
    """Save `instance` and record it with `reason`, even when only bookkeeping fields changed
    (a person absorbing a merge keeps its fields, but the merge belongs in its history)."""
    with recorded(type(instance), [instance.pk], reason):
        instance.skip_history_when_saving = True
        try:
            instance.save(update_fields=update_fields)
        finally:
            del instance.skip_history_when_saving
