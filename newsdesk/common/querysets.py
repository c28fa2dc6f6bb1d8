"""Small helpers for services that accept model instances or a queryset alike."""

from __future__ import annotations

from collections.abc import Iterable


def primary_keys(objects: Iterable) -> list[int]:
    """Primary keys of model instances, or of a queryset, without loading more than the ids."""
    if hasattr(objects, "values_list"):
        return list(objects.values_list("pk", flat=True))
    return [obj.pk for obj in objects]
