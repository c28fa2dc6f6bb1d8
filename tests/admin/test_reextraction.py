"""Re-extraction keeps every editor's decision and says what it changed."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from articles.models import Article, Outlet
from entities.models import Claim, Mention, Person, ReextractionReport
from newsdesk.common.dispatch import run_synchronously
from newsdesk.ingestion.stages import analyse_article
from tests.admin.test_articles import change_article
from tests.factories import ArticleFactory

BODY = (
    "Ukrainian President Volodymyr Zelensky said on Tuesday that Ukraine would ask Israel for "
    "air defence systems.\n\n"
    "Israeli Foreign Minister Eli Cohen said Israel would not send Patriot systems to Ukraine."
    '\n\n"We will keep asking our partners," Zelensky told reporters in Kyiv.'
)


@pytest.fixture
def analysed(db):
    """An article as the pipeline left it: its people and three claims extracted."""
    article = ArticleFactory(title="Zelensky asks Israel for air defence", body=BODY)
    assert analyse_article(article).outcome == "new"
    claims = {c.speaker_label: c for c in Claim.objects.filter(article=article)}
    assert len(claims) == 3
    return article


def reextract(client, article):
    with run_synchronously():
        return client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "reextract", ACTION_CHECKBOX_NAME: [article.pk]},
            follow=True,
        )


def claim_by(article, label_part):
    return Claim.objects.get(article=article, speaker_label__contains=label_part)


def test_reextraction_keeps_every_editors_decision(desk_editor, analysed):
    article = analysed
    # A verification, through the queue.
    verified = claim_by(article, "Ukrainian President")
    desk_editor.post(reverse("admin:entities_claim_review"), {"do": f"verify:{verified.pk}"})
    # An edit of a claim's text.
    edited = claim_by(article, "Eli Cohen")
    desk_editor.post(
        reverse("admin:entities_claim_review"),
        {"do": f"save:{edited.pk}", f"text-{edited.pk}": "Israel refuses Patriots for Kyiv"},
    )
    # An outlet correction, through the article's form.
    right = Outlet.objects.create(name="Ynet News", domain="ynetnews.com")
    article.refresh_from_db()
    assert change_article(desk_editor, article, outlet=right.pk).status_code == 302
    # A merge: the extracted "Eli Cohen" is the same man as an existing person.
    eliyahu = Person.objects.create(name="Eliyahu Cohen", slug="eliyahu-cohen")
    cohen = Person.objects.get(name="Eli Cohen")
    desk_editor.post(
        reverse("admin:entities_person_changelist"),
        {"action": "merge_selected", ACTION_CHECKBOX_NAME: [eliyahu.pk, cohen.pk],
         "confirm": "yes", "target": eliyahu.pk},
    )  # fmt: skip
    # What an older extractor had missed: the third claim and Zelensky's mentions.
    Claim.objects.filter(article=article, review_status="unreviewed").delete()
    Mention.objects.filter(article=article, person__name="Volodymyr Zelensky").delete()

    response = reextract(desk_editor, article)

    assert response.status_code == 200
    article.refresh_from_db()
    assert article.outlet == right and "outlet" in article.editor_fields
    verified_now = Claim.objects.get(pk=verified.pk)
    assert (verified_now.review_status, verified_now.text) == ("verified", verified.text)
    edited_now = Claim.objects.get(pk=edited.pk)
    assert (edited_now.text, edited_now.review_status) == (
        "Israel refuses Patriots for Kyiv", "verified",
    )  # fmt: skip
    assert Claim.objects.filter(article=article, start=edited.start).count() == 1
    cohen.refresh_from_db()
    assert (cohen.status, cohen.merged_into) == ("merged", eliyahu)
    assert not Person.objects.filter(name="Eli Cohen", status="active").exists()
    assert Mention.objects.filter(article=article, person=eliyahu).exists()

    report = ReextractionReport.objects.filter(article=article).first()  # the latest
    assert report.changes["people_added"] == ["Volodymyr Zelensky"]
    assert report.changes["counts"]["claims_added"] == 1
    assert report.changes["claims_removed"] == []
    assert report.changes["counts"]["kept"] == 2
    assert report.summary == "1 people added, 1 claims added, 2 kept as reviewed"
    # The editor sees it: linked from the message, listed on the article's page.
    assert "What each re-extraction changed" in response.content.decode()
    detail = desk_editor.get(reverse("admin:entities_reextractionreport_change", args=[report.pk]))
    assert "People added (1)" in detail.content.decode()
    page = desk_editor.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert report.summary in page.content.decode()


def test_reextraction_of_an_unchanged_article_reports_no_change(desk_editor, analysed):
    reextract(desk_editor, analysed)
    assert ReextractionReport.objects.filter(article=analysed).first().summary == "no change"


def test_an_editors_title_survives_and_is_marked(desk_editor, analysed):
    change_article(desk_editor, analysed, title="Zelensky asks Israel for Patriots")
    reextract(desk_editor, analysed)
    article = Article.objects.get(pk=analysed.pk)
    assert article.title == "Zelensky asks Israel for Patriots"
    assert "title" in article.editor_fields
    assert article.history.latest().history_change_reason == "Corrected title"
