"""The newsroom's roles: editors curate but manage no users, researchers only read."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from entities.models import Claim
from entities.roles import EDITORS


def test_editor_cannot_reach_user_or_group_management(desk_editor, newsroom):
    for name in ("auth_user_changelist", "auth_group_changelist", "auth_user_add"):
        assert desk_editor.get(reverse(f"admin:{name}")).status_code == 403
    index = desk_editor.get(reverse("admin:index")).content.decode()
    assert "/admin/auth/" not in index


def test_editor_cannot_delete_raw_documents_or_runs(desk_editor, newsroom):
    for model, row in (("rawdocument", newsroom.raw), ("ingestionrun", newsroom.run)):
        url = reverse(f"admin:articles_{model}_delete", args=[row.pk])
        assert desk_editor.get(url).status_code == 403
        assert desk_editor.post(url, {"post": "yes"}).status_code == 403
    assert newsroom.raw.__class__.objects.filter(pk=newsroom.raw.pk).exists()


def test_editor_runs_the_curation_actions(desk_editor, newsroom):
    url = reverse("admin:entities_claim_changelist")
    desk_editor.post(url, {"action": "verify", ACTION_CHECKBOX_NAME: [newsroom.claim.pk]})
    assert Claim.objects.get(pk=newsroom.claim.pk).review_status == "verified"


def test_internal_tables_are_hidden_from_editors_not_superusers(desk_editor, editor, newsroom):
    internal = [
        "articles_minhashband",
        "articles_domainthrottle",
        "django_celery_beat_solarschedule",
        "django_celery_beat_clockedschedule",
    ]
    for name in internal:
        assert desk_editor.get(reverse(f"admin:{name}_changelist")).status_code == 403
        assert editor.get(reverse(f"admin:{name}_changelist")).status_code == 200
    index = desk_editor.get(reverse("admin:index")).content.decode()
    assert "Min hash bands" not in index and "Domain throttles" not in index


def test_researcher_reads_but_cannot_change_anything(researcher, newsroom):
    claim_url = reverse("admin:entities_claim_change", args=[newsroom.claim.pk])
    page = researcher.get(claim_url)
    assert page.status_code == 200
    assert b'name="text"' not in page.content  # read-only: no inputs
    assert researcher.post(claim_url, {"text": "changed"}).status_code == 403

    changelist = reverse("admin:entities_claim_changelist")
    actions = researcher.get(changelist).context["action_form"].fields["action"].choices
    assert [name for name, _ in actions if name] == ["export_csv"]
    researcher.post(changelist, {"action": "verify", ACTION_CHECKBOX_NAME: [newsroom.claim.pk]})
    assert Claim.objects.get(pk=newsroom.claim.pk).review_status == "unreviewed"

    queue = reverse("admin:entities_claim_review")
    assert researcher.get(queue).status_code == 200
    assert researcher.post(queue, {"do": f"verify:{newsroom.claim.pk}"}).status_code == 403
    person_url = reverse("admin:entities_person_change", args=[newsroom.zelensky.pk])
    assert researcher.post(person_url, {"name": "X"}).status_code == 403
    assert researcher.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_researcher_exports_claims_as_csv(researcher, newsroom):
    response = researcher.post(
        reverse("admin:entities_claim_changelist"),
        {"action": "export_csv", ACTION_CHECKBOX_NAME: [newsroom.claim.pk, newsroom.denial.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().strip().splitlines()
    assert lines[0].startswith("id,article,text,speaker")
    assert len(lines) == 3


def test_createeditor_makes_a_staff_user_in_editors(db):
    call_command("createeditor", "maria", "--password", "a long pass phrase 2024")
    user = get_user_model().objects.get(username="maria")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [EDITORS]
    assert user.check_password("a long pass phrase 2024")
    assert user.has_perm("entities.change_claim")
    assert not user.has_perm("auth.change_user")
    assert not user.has_perm("articles.delete_rawdocument")


def test_createeditor_takes_the_password_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", "another long pass phrase")
    call_command("createeditor", "sam", "--researcher")
    user = get_user_model().objects.get(username="sam")
    assert user.check_password("another long pass phrase")
    assert user.has_perm("entities.view_claim") and not user.has_perm("entities.change_claim")


def test_createeditor_refuses_a_weak_password(db):
    with pytest.raises(CommandError):
        call_command("createeditor", "weak", "--password", "123")
