"""Reviewing claims in bulk and by hand."""

from __future__ import annotations

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from entities.models import Claim


def post_action(client, action, claims):
    url = reverse("admin:entities_claim_changelist")
    return client.post(url, {"action": action, ACTION_CHECKBOX_NAME: [c.pk for c in claims]})


def test_verify_and_reject_actions(editor, newsroom):
    post_action(editor, "verify", [newsroom.claim])
    post_action(editor, "reject", [newsroom.denial])
    statuses = dict(Claim.objects.values_list("pk", "review_status"))
    assert statuses == {newsroom.claim.pk: "verified", newsroom.denial.pk: "rejected"}


def test_review_actions_are_in_the_claims_history(editor, newsroom):
    post_action(editor, "verify", [newsroom.claim])
    url = reverse("admin:entities_claim_history", args=[newsroom.claim.pk])
    assert b"Verified" in editor.get(url).content
