"""Merging duplicate people and rejecting non-people, through the admin actions."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from entities import curation
from entities.models import Alias, Claim, Mention, Person
from entities.resolver import resolve_person
from tests.admin.conftest import make_claim, make_person

CHANGELIST = "admin:entities_person_changelist"


@pytest.fixture
def duplicate(newsroom):
    """The same man under another spelling, with his own mention, claim, subject and alias."""
    person = make_person("Volodymyr Zelenskyy", "volodymyr-zelenskyy")
    person.aliases.create(name="President Zelenskyy", normalized="president zelenskyy")
    Mention.objects.create(
        article=newsroom.article, person=person, location="headline", start=0, end=8,
        text="Zelensky",
    )  # fmt: skip
    make_claim(newsroom.article, 80, speaker_person=person, speaker_kind="person")
    newsroom.denial.subject_people.add(person, newsroom.zelensky)
    return person


def post_action(client, action, people, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [p.pk for p in people], **extra}
    return client.post(reverse(CHANGELIST), data)


def test_merge_action_first_asks_for_the_target(editor, newsroom, duplicate):
    response = post_action(editor, "merge_selected", [newsroom.zelensky, duplicate], index=0)
    assert response.status_code == 200
    assert response.templates[0].name == "admin/entities/person/merge_confirmation.html"
    duplicate.refresh_from_db()
    assert duplicate.status == Person.Status.ACTIVE


def test_merge_action_moves_everything_to_the_target(editor, newsroom, duplicate):
    target = newsroom.zelensky
    response = post_action(
        editor, "merge_selected", [target, duplicate], confirm="yes", target=target.pk
    )
    assert response.status_code == 302

    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == (Person.Status.MERGED, target)
    assert Mention.objects.filter(person=duplicate).count() == 0
    assert Mention.objects.filter(person=target).count() == 2
    assert Claim.objects.filter(speaker_person=target).count() == 2
    assert list(newsroom.denial.subject_people.all()) == [target]
    assert sorted(target.aliases.values_list("name", flat=True)) == [
        "President Zelenskyy", "Volodymyr Zelensky", "Volodymyr Zelenskyy",
    ]  # fmt: skip
    assert not duplicate.aliases.exists()


def test_merged_name_resolves_to_the_target(editor, newsroom, duplicate):
    post_action(
        editor, "merge_selected", [newsroom.zelensky, duplicate], confirm="yes",
        target=newsroom.zelensky.pk,
    )  # fmt: skip
    assert resolve_person("Volodymyr Zelenskyy") == newsroom.zelensky
    assert resolve_person("President Zelenskyy") == newsroom.zelensky
    assert Person.objects.filter(status=Person.Status.ACTIVE).count() == 1


def test_merge_repoints_people_merged_into_a_source(newsroom, duplicate):
    older = make_person("V. Zelenskyy", "v-zelenskyy")
    curation.person_merge(duplicate, [older])
    curation.person_merge(newsroom.zelensky, [duplicate])
    older.refresh_from_db()
    assert older.merged_into == newsroom.zelensky


def test_merge_keeps_one_alias_per_normalized_form(newsroom, duplicate):
    duplicate.aliases.create(name="VOLODYMYR ZELENSKY", normalized=newsroom.alias.normalized)
    curation.person_merge(newsroom.zelensky, [duplicate])
    normalized = list(newsroom.zelensky.aliases.values_list("normalized", flat=True))
    assert len(normalized) == len(set(normalized)) == 3


def test_merge_refuses_the_target_as_a_source(newsroom):
    with pytest.raises(curation.CurationError):
        curation.person_merge(newsroom.zelensky, [newsroom.zelensky])


def test_reject_action_marks_not_a_person_for_good(editor, newsroom):
    junk = make_person("Hebrew Daily", "hebrew-daily")
    Mention.objects.create(
        article=newsroom.article, person=junk, location="body", start=0, end=12,
        text="Hebrew Daily",
    )  # fmt: skip
    claim = make_claim(newsroom.article, 90, speaker_person=junk, speaker_label="Hebrew Daily")
    newsroom.claim.subject_people.add(junk)

    confirm_page = post_action(editor, "reject_selected", [junk], index=0)
    assert confirm_page.templates[0].name == "admin/entities/person/reject_confirmation.html"
    response = post_action(editor, "reject_selected", [junk], confirm="yes")
    assert response.status_code == 302

    junk.refresh_from_db()
    claim.refresh_from_db()
    assert junk.status == Person.Status.NOT_A_PERSON
    assert list(junk.aliases.values_list("rejected", flat=True)) == [True]
    assert not Mention.objects.filter(person=junk).exists()
    assert (claim.speaker_person, claim.speaker_label) == (None, "Hebrew Daily")
    assert junk not in newsroom.claim.subject_people.all()
    assert resolve_person("Hebrew Daily") is None


def test_reject_refuses_a_merged_person(newsroom, duplicate):
    curation.person_merge(newsroom.zelensky, [duplicate])
    with pytest.raises(curation.CurationError):
        curation.person_reject(duplicate)
    assert Alias.objects.filter(rejected=True).count() == 0
