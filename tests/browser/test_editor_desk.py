"""An editor's morning: verify a claim from the queue, correct another, merge two people,
read the history."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from entities.models import Claim, Person
from entities.roles import EDITORS
from tests.admin.conftest import make_person
from tests.factories import ArticleFactory, claim_at, mention_at

pytestmark = [
    pytest.mark.browser,
    # serialized_rollback puts the migration-loaded countries and groups back after the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

QUEUE_SHOT = "/tmp/desk_queue.png"
HISTORY_SHOT = "/tmp/desk_history.png"


@pytest.fixture
def desk(transactional_db):
    # As a newsroom starts: the command makes the groups again if a flush removed them.
    call_command("createeditor", "maria", "--password", "pass phrase 2024", stdout=StringIO())
    assert get_user_model().objects.get(username="maria").groups.get().name == EDITORS
    article = ArticleFactory(
        title="Zelensky asks Israel for air defence",
        body=(
            "Ukrainian President Volodymyr Zelensky said on Tuesday that Ukraine would ask "
            "Israel for air defence systems. Israeli Foreign Minister Eli Cohen said Israel "
            "would not send Patriot systems to Ukraine. Officials said talks would resume."
        ),
    )
    zelensky = make_person("Volodymyr Zelensky", "volodymyr-zelensky")
    duplicate = make_person("Volodymyr Zelenskyy", "volodymyr-zelenskyy")
    mention_at(article, duplicate, "Volodymyr Zelensky")
    doubtful = claim_at(
        article, "talks would resume", speaker_label="Officials", speaker_kind="anonymous",
        confidence=0.2,
    )  # fmt: skip
    asks = claim_at(
        article, "Ukraine would ask Israel for air defence systems",
        speaker_label="Ukrainian President Volodymyr Zelensky", speaker_kind="person",
        speaker_person=duplicate, confidence=0.6,
    )  # fmt: skip
    return {"doubtful": doubtful, "asks": asks, "zelensky": zelensky, "duplicate": duplicate}


def test_editor_verifies_edits_merges_and_reads_the_history(live_server, page, desk, screenshot):
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("maria")
    page.get_by_label("Password").fill("pass phrase 2024")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Claim review queue")).to_be_visible()

    # The queue: the least confident claim first, its span marked in its sentence.
    page.get_by_role("link", name="Claim review queue").click()
    cards = page.locator(".desk-claim")
    expect(cards).to_have_count(2)
    expect(cards.first.locator("mark")).to_have_text("talks would resume")
    page.screenshot(path=QUEUE_SHOT, full_page=True)
    screenshot(page, "desk-queue")

    # Verified with the keyboard: the first claim has the focus, "v" verifies it.
    page.keyboard.press("v")
    expect(page.locator(".messagelist")).to_contain_text(f"Claim #{desk['doubtful'].pk} verified.")
    expect(cards).to_have_count(1)

    # Corrected in place: the text, then "Save and verify".
    card = cards.first
    card.get_by_text("Edit text, speaker, stance, event type").click()
    card.get_by_label("Text").fill("Ukraine will ask Israel for air defence")
    card.get_by_role("button", name="Save and verify").click()
    expect(page.locator(".messagelist")).to_contain_text("corrected (text) and verified")
    expect(page.locator(".desk-empty")).to_be_visible()

    # Two people merged through the action.
    page.goto(f"{live_server.url}/admin/entities/person/")
    for person in (desk["zelensky"], desk["duplicate"]):
        page.locator(f'input[name="_selected_action"][value="{person.pk}"]').check()
    page.locator('select[name="action"]').select_option("merge_selected")
    page.get_by_role("button", name="Go").click()
    page.get_by_label("Volodymyr Zelensky", exact=True).check()
    page.get_by_role("button", name="Merge").click()
    expect(page.locator(".messagelist")).to_contain_text("Merged 1 into Volodymyr Zelensky")

    # The history: the merge on the person's page, the correction on the claim's.
    page.goto(f"{live_server.url}/admin/entities/person/{desk['duplicate'].pk}/history/")
    expect(page.locator("#content")).to_contain_text("Merged into Volodymyr Zelensky")
    expect(page.locator("#content")).to_contain_text("maria")
    page.goto(f"{live_server.url}/admin/entities/claim/{desk['asks'].pk}/history/")
    content = page.locator("#content")
    expect(content).to_contain_text("Ukraine would ask Israel for air defence systems")
    expect(content).to_contain_text("Ukraine will ask Israel for air defence")
    expect(content).to_contain_text(re.compile(r"Merged into Volodymyr Zelensky"))
    page.screenshot(path=HISTORY_SHOT, full_page=True)
    screenshot(page, "desk-history")

    asks = Claim.objects.get(pk=desk["asks"].pk)
    assert (asks.text, asks.review_status, asks.speaker_person_id) == (
        "Ukraine will ask Israel for air defence", "verified", desk["zelensky"].pk,
    )  # fmt: skip
    assert Person.objects.get(pk=desk["duplicate"].pk).status == "merged"


def test_editors_lists_fit_1280_pixels(live_server, page, desk):
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("maria")
    page.get_by_label("Password").fill("pass phrase 2024")
    page.get_by_role("button", name="Log in").click()
    lists = [
        "entities/claim",
        "articles/article",
        "entities/person",
        "entities/mention",
        "articles/ingestionfailure",
        "articles/feed",
        "entities/claim/review",
    ]
    for path in lists:
        page.goto(f"{live_server.url}/admin/{path}/")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1280, f"{path} is {width} px wide"
