"""The claim review queue: doubtful claims first, each in its sentence, decided in a click."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from entities.models import Claim
from tests.factories import ArticleFactory, claim_at

QUEUE = "admin:entities_claim_review"


def article_with_claims(confidences):
    article = ArticleFactory(
        title="Talks on air defence",
        body=(
            "The talks began on Monday. "
            "Kuleba said <b>Ukraine</b> would ask Israel for air defence. "
            "Cohen said Israel would not send Patriot systems. "
            "Gallant said the army was ready. The talks ended on Friday."
        ),
    )
    texts = [
        "Ukraine</b> would ask Israel for air defence",
        "Israel would not send Patriot systems",
        "the army was ready",
    ]
    return [
        claim_at(article, text, speaker_label=label, speaker_kind="person", confidence=c)
        for text, label, c in zip(texts, ["Kuleba", "Cohen", "Gallant"], confidences, strict=False)
    ]


def test_queue_orders_unreviewed_first_least_confident_first(desk_editor, db):
    sure, doubtful, middling = article_with_claims([0.9, 0.2, 0.5])
    reviewed = Claim.objects.filter(pk=middling.pk)
    reviewed.update(review_status="verified")

    shown = desk_editor.get(reverse(QUEUE)).context["claims"]
    assert [c.pk for c in shown] == [doubtful.pk, sure.pk]
    everything = desk_editor.get(reverse(QUEUE), {"all": "1"}).context["claims"]
    assert [c.pk for c in everything] == [doubtful.pk, sure.pk, middling.pk]


def test_queue_shows_the_sentence_escaped_with_the_claim_marked(desk_editor, db):
    first, _second = article_with_claims([0.3, 0.6])
    page = desk_editor.get(reverse(QUEUE)).content.decode()
    assert (
        "Kuleba said &lt;b&gt;<mark>Ukraine&lt;/b&gt; would ask Israel for air defence</mark>."
        in page
    )
    assert "<b>Ukraine" not in page
    assert "The talks began on Monday." not in page.split(f'id="claim-{first.pk}"')[1][:600]
    assert "Talks on air defence" in page  # the article


def test_verify_and_reject_from_the_queue(desk_editor, desk_editor_user, db):
    first, second = article_with_claims([0.3, 0.6])
    desk_editor.post(reverse(QUEUE), {"do": f"verify:{first.pk}"})
    response = desk_editor.post(reverse(QUEUE), {"do": f"reject:{second.pk}"}, follow=True)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.review_status, first.reviewed_by) == ("verified", desk_editor_user)
    assert second.review_status == "rejected"
    assert f"Claim #{second.pk} rejected." in response.content.decode()


def test_bulk_verify_from_the_queue(desk_editor, db):
    claims = article_with_claims([0.3, 0.6, 0.4])
    desk_editor.post(
        reverse(QUEUE), {"do": "verify_selected", "selected": [c.pk for c in claims[:2]]}
    )
    statuses = dict(Claim.objects.values_list("pk", "review_status"))
    assert [statuses[c.pk] for c in claims] == ["verified", "verified", "unreviewed"]


def test_edit_in_the_queue_corrects_and_verifies(desk_editor, desk_editor_user, db):
    claim, _ = article_with_claims([0.3, 0.6])
    desk_editor.post(
        reverse(QUEUE),
        {
            "do": f"save:{claim.pk}",
            f"text-{claim.pk}": "would ask Israel for air defence",
            f"speaker_label-{claim.pk}": "Dmytro Kuleba",
            f"speaker_kind-{claim.pk}": "government",
            f"stance-{claim.pk}": "assert",
            f"event_type-{claim.pk}": "request",
        },
    )
    claim.refresh_from_db()
    assert (claim.text, claim.speaker_label, claim.speaker_kind, claim.event_type) == (
        "would ask Israel for air defence", "Dmytro Kuleba", "government", "request",
    )  # fmt: skip
    assert (claim.review_status, claim.reviewed_by) == ("verified", desk_editor_user)
    assert sorted(claim.editor_fields) == ["event_type", "speaker_kind", "speaker_label", "text"]
    # The new text is in the article: the offsets follow it.
    body = claim.article.body
    assert body[claim.start : claim.end] == "would ask Israel for air defence"


def test_an_invalid_edit_is_refused(desk_editor, db):
    claim, _ = article_with_claims([0.3, 0.6])
    response = desk_editor.post(
        reverse(QUEUE),
        {"do": f"save:{claim.pk}", f"text-{claim.pk}": " ", f"stance-{claim.pk}": "assert"},
        follow=True,
    )
    assert "cannot be empty" in response.content.decode()
    claim.refresh_from_db()
    assert claim.review_status == "unreviewed"


def test_queue_works_without_javascript_and_has_keys(desk_editor, db):
    claim, _ = article_with_claims([0.3, 0.6])
    page = desk_editor.get(reverse(QUEUE)).content.decode()
    # Plain submit buttons in one form: no script is needed to decide.
    assert f'<button type="submit" name="do" value="verify:{claim.pk}"' in page
    assert "admin_desk/review.js" in page


def test_queue_queries_do_not_grow_with_the_rows(desk_editor, db):
    article_with_claims([0.3])
    with CaptureQueriesContext(connection) as one:
        desk_editor.get(reverse(QUEUE))
    for _ in range(5):
        article_with_claims([0.3, 0.6, 0.4])
    with CaptureQueriesContext(connection) as many:
        desk_editor.get(reverse(QUEUE))
    # session; user; the user's and the groups' permissions (not a superuser); the page of
    # claims with their speakers and slices of their articles' text; the countries' names.
    assert len(one.captured_queries) == len(many.captured_queries) == 6


def test_speaker_person_and_country_are_set_in_the_queue(desk_editor, newsroom):
    claim = newsroom.denial  # an Israeli official, no person
    desk_editor.post(
        reverse(QUEUE),
        {
            "do": f"save:{claim.pk}",
            f"speaker_person-{claim.pk}": "volodymyr zelensky",
            f"speaker_country-{claim.pk}": "UA",
        },
    )
    claim.refresh_from_db()
    assert (claim.speaker_person, claim.speaker_country) == (newsroom.zelensky, newsroom.ukraine)
    assert sorted(claim.editor_fields) == ["speaker_country", "speaker_person"]


def test_an_unknown_speaker_is_refused(desk_editor, newsroom):
    claim = newsroom.denial
    response = desk_editor.post(
        reverse(QUEUE),
        {"do": f"save:{claim.pk}", f"speaker_person-{claim.pk}": "Nobody Known"},
        follow=True,
    )
    assert "Nobody is called" in response.content.decode()
    claim.refresh_from_db()
    assert (claim.speaker_person, claim.review_status) == (None, "unreviewed")
