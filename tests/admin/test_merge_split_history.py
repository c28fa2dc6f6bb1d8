"""An editor merges two people, splits them again, and both are in the history."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from entities.models import Alias, Claim, Mention, Person
from tests.admin.conftest import make_claim, make_person


@pytest.fixture
def duplicate(newsroom):
    """The same man under another spelling, with his own mention, claim, subject and alias."""
    person = make_person("Volodymyr Zelenskyy", "volodymyr-zelenskyy")
    person.aliases.create(name="President Zelenskyy", normalized="president zelenskyy")
    Mention.objects.create(
        article=newsroom.article, person=person, location="headline", start=0, end=8,
        text="Zelenskyy",
    )  # fmt: skip
    make_claim(newsroom.article, 80, speaker_person=person, speaker_kind="person",
               speaker_label="President Zelenskyy")  # fmt: skip
    newsroom.denial.subject_people.add(person)
    return person


def merge(client, target, source):
    return client.post(
        reverse("admin:entities_person_changelist"),
        {
            "action": "merge_selected",
            ACTION_CHECKBOX_NAME: [target.pk, source.pk],
            "confirm": "yes",
            "target": target.pk,
        },
    )


def test_editor_merges_two_people_and_everything_moves(desk_editor, newsroom, duplicate):
    target = newsroom.zelensky
    assert merge(desk_editor, target, duplicate).status_code == 302

    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == (Person.Status.MERGED, target)
    assert set(Mention.objects.filter(person__isnull=False).values_list("person", flat=True)) == {
        target.pk
    }
    assert set(
        Claim.objects.exclude(speaker_person=None).values_list("speaker_person", flat=True)
    ) == {target.pk}
    assert list(newsroom.denial.subject_people.all()) == [target]
    assert sorted(target.aliases.values_list("name", flat=True)) == [
        "President Zelenskyy", "Volodymyr Zelensky", "Volodymyr Zelenskyy",
    ]  # fmt: skip
    # The old page sends readers to the person who remains.
    response = desk_editor.get(duplicate.get_absolute_url())
    assert (response.status_code, response["Location"]) == (301, target.get_absolute_url())


def test_merge_is_in_the_history_with_who_and_before_after(desk_editor, newsroom, duplicate):
    merge(desk_editor, newsroom.zelensky, duplicate)

    record = duplicate.history.latest()
    assert record.history_user.username == "desk-editor"
    assert (
        record.history_change_reason == f"Merged into Volodymyr Zelensky (#{newsroom.zelensky.pk})"
    )
    previous = record.prev_record
    assert (previous.status, record.status) == ("active", "merged")
    moved = Mention.history.filter(history_change_reason__startswith="Merged into").get()
    assert moved.person_id == newsroom.zelensky.pk
    assert moved.prev_record.person_id == duplicate.pk

    page = desk_editor.get(reverse("admin:entities_person_history", args=[duplicate.pk]))
    text = page.content.decode()
    assert "Merged into Volodymyr Zelensky" in text and "desk-editor" in text
    target_page = desk_editor.get(
        reverse("admin:entities_person_history", args=[newsroom.zelensky.pk])
    )
    assert "Absorbed Volodymyr Zelenskyy" in target_page.content.decode()


def test_split_undoes_a_wrong_merge(desk_editor, newsroom, duplicate):
    target = newsroom.zelensky
    before = {
        "mentions": set(Mention.objects.filter(person=duplicate).values_list("pk", flat=True)),
        "claims": set(Claim.objects.filter(speaker_person=duplicate).values_list("pk", flat=True)),
    }
    merge(desk_editor, target, duplicate)
    aliases = target.aliases.filter(name__in=["Volodymyr Zelenskyy", "President Zelenskyy"])

    response = desk_editor.post(
        reverse("admin:entities_person_split", args=[target.pk]),
        {"alias": [a.pk for a in aliases]},
    )

    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == (Person.Status.ACTIVE, None)
    assert set(duplicate.aliases.values_list("name", flat=True)) == {
        "Volodymyr Zelenskyy", "President Zelenskyy",
    }  # fmt: skip
    assert (
        set(Mention.objects.filter(person=duplicate).values_list("pk", flat=True))
        == (before["mentions"])
    )
    assert (
        set(Claim.objects.filter(speaker_person=duplicate).values_list("pk", flat=True))
        == (before["claims"])
    )
    assert list(target.aliases.values_list("name", flat=True)) == ["Volodymyr Zelensky"]
    assert desk_editor.get(duplicate.get_absolute_url()).status_code == 200
    assert duplicate.history.latest().history_change_reason.startswith("Split from")


def test_split_into_a_new_person(desk_editor, newsroom):
    alias = Alias.objects.create(
        person=newsroom.zelensky, name="Oleksandr Zelenskyi", normalized="oleksandr zelenskyi"
    )
    desk_editor.post(
        reverse("admin:entities_person_split", args=[newsroom.zelensky.pk]), {"alias": [alias.pk]}
    )
    other = Person.objects.get(name="Oleksandr Zelenskyi")
    assert list(other.aliases.values_list("name", flat=True)) == ["Oleksandr Zelenskyi"]
    assert other.status == Person.Status.ACTIVE


def test_split_refuses_to_take_every_name(desk_editor, newsroom):
    response = desk_editor.post(
        reverse("admin:entities_person_split", args=[newsroom.zelensky.pk]),
        {"alias": [newsroom.alias.pk]},
        follow=True,
    )
    assert "would keep no name" in response.content.decode()
    assert newsroom.alias.__class__.objects.get(pk=newsroom.alias.pk).person == newsroom.zelensky


def test_claim_edit_history_shows_before_and_after(desk_editor, newsroom):
    url = reverse("admin:entities_claim_change", args=[newsroom.claim.pk])
    form = desk_editor.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if k in form.fields and v is not None}
    data.update(
        text="Israel should send Patriot systems",
        speaker_person=newsroom.zelensky.pk,
        speaker_country=newsroom.ukraine.pk,
        subject_countries=[newsroom.israel.pk],
        subject_people=[],
        **{
            f"{p}-{k}": 0
            for p in ("contradictions", "contradicted_by")
            for k in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    )
    assert desk_editor.post(url, data).status_code == 302

    claim = Claim.objects.get(pk=newsroom.claim.pk)
    assert (claim.text, claim.review_status, claim.reviewed_by.username) == (
        "Israel should send Patriot systems", "verified", "desk-editor",
    )  # fmt: skip
    assert "text" in claim.editor_fields
    page = desk_editor.get(reverse("admin:entities_claim_history", args=[claim.pk]))
    text = page.content.decode()
    assert "Israel will not send Patriot systems" in text  # before
    assert "Israel should send Patriot systems" in text  # after
    assert "desk-editor" in text


def test_bulk_actions_are_recorded(desk_editor, newsroom):
    changelist = reverse("admin:entities_claim_changelist")
    ids = [newsroom.claim.pk, newsroom.denial.pk]
    desk_editor.post(changelist, {"action": "reject", ACTION_CHECKBOX_NAME: ids})
    records = Claim.history.filter(history_change_reason="Rejected")
    assert sorted(r.id for r in records) == sorted(ids)
    assert {r.history_user.username for r in records} == {"desk-editor"}

    articles = reverse("admin:articles_article_changelist")
    desk_editor.post(articles, {"action": "hide", ACTION_CHECKBOX_NAME: [newsroom.article.pk]})
    hidden = newsroom.article.history.latest()
    assert (hidden.history_change_reason, hidden.status, hidden.prev_record.status) == (
        "Hidden", "hidden", "published",
    )  # fmt: skip


def test_recent_changes_lists_who_changed_what(desk_editor, newsroom, duplicate):
    merge(desk_editor, newsroom.zelensky, duplicate)
    desk_editor.post(
        reverse("admin:entities_claim_changelist"),
        {"action": "verify", ACTION_CHECKBOX_NAME: [newsroom.denial.pk]},
    )
    page = desk_editor.get(reverse("admin_recent_changes")).content.decode()
    assert "Verified" in page and "Merged into Volodymyr Zelensky" in page
    assert "desk-editor" in page
    only_claims = desk_editor.get(reverse("admin_recent_changes"), {"model": "claim"})
    assert all(change.model == "claim" for change in only_claims.context["changes"])


def test_an_old_version_can_be_viewed_but_not_reverted(desk_editor, newsroom):
    articles = reverse("admin:articles_article_changelist")
    desk_editor.post(articles, {"action": "hide", ACTION_CHECKBOX_NAME: [newsroom.article.pk]})
    desk_editor.post(
        reverse("admin:entities_claim_changelist"),
        {"action": "verify", ACTION_CHECKBOX_NAME: [newsroom.claim.pk]},
    )
    for obj, name in ((newsroom.article, "articles_article"), (newsroom.claim, "entities_claim")):
        before = obj.history.earliest()
        url = reverse(f"admin:{name}_simple_history", args=[obj.pk, before.history_id])
        page = desk_editor.get(url)
        assert page.status_code == 200, name
        assert "Revert" not in page.content.decode()
