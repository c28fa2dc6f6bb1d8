"""The newsroom's roles as Django groups: Editors curate, Researchers read.

Editors change articles, outlets, feeds, people, aliases, countries, mentions and claims, and
run the curation actions (merge, split, reject, review, hide, re-extract, retry); they cannot
manage users or groups, nor delete raw documents or runs. Researchers have view permissions
only (the admin's lists, history pages and the CSV export actions). Superusers manage users.

`roles_sync` is called by a data migration with the historical models, and by
`manage.py createeditor`; it is safe to run again and leaves other groups alone.
"""

from __future__ import annotations

EDITORS = "Editors"
RESEARCHERS = "Researchers"

# (app label, model name): the actions editors have on it, beyond "view".
EDITOR_PERMISSIONS = {
    ("articles", "article"): ("change",),
    ("articles", "outlet"): ("add", "change"),
    ("articles", "feed"): ("add", "change"),
    ("articles", "feedentry"): (),
    ("articles", "rawdocument"): (),
    ("articles", "ingestionrun"): (),
    ("articles", "ingestionfailure"): ("change",),
    ("entities", "country"): ("change",),
    ("entities", "person"): ("add", "change"),
    ("entities", "alias"): ("add", "change", "delete"),
    ("entities", "mention"): ("change",),
    ("entities", "claim"): ("change",),
    ("entities", "contradiction"): ("delete",),
    ("entities", "reextractionreport"): (),
    ("entities", "officeterm"): (),
}


def _codenames() -> dict[str, set[tuple[str, str]]]:
    editors, researchers = set(), set()
    for (app_label, model), actions in EDITOR_PERMISSIONS.items():
        researchers.add((app_label, f"view_{model}"))
        editors.add((app_label, f"view_{model}"))
        editors.update((app_label, f"{action}_{model}") for action in actions)
    return {EDITORS: editors, RESEARCHERS: researchers}


def roles_sync(group_model, permission_model) -> dict[str, int]:
    """Create or update the Editors and Researchers groups; returns permissions per group.

    The permissions must exist (after `create_permissions`, or `migrate`'s post_migrate).
    A group's permissions are set exactly: one an admin added by hand is removed.
    """
    counts = {}
    for group_name, wanted in _codenames().items():
        group, _ = group_model.objects.get_or_create(name=group_name)
        labels = {app for app, _ in wanted}
        names = {name for _, name in wanted}
        permissions = [
            p
            for p in permission_model.objects.filter(
                content_type__app_label__in=labels, codename__in=names
            ).select_related("content_type")
            if (p.content_type.app_label, p.codename) in wanted
        ]
        group.permissions.set(permissions)
        counts[group_name] = len(permissions)
    return counts
