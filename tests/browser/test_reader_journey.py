"""A reader filters articles, opens a person, follows a relation and reads its claims."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.pages.world import build_world

pytestmark = [
    pytest.mark.browser,
    # serialized_rollback puts the migration-loaded countries back after the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def world(transactional_db):
    return build_world()


def test_filter_by_country_and_dates_through_the_form(live_server, page, world, screenshot):
    page.goto(f"{live_server.url}/articles/")
    expect(page.locator(".article-row")).to_have_count(2)

    page.get_by_label("Add a country").fill("UA")
    page.get_by_label("From").fill("2023-02-01")
    page.get_by_label("To (inclusive)").fill("2023-02-28")
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"country=UA"))
    rows = page.locator(".article-row h3")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_text(world.first.title)
    # The chosen country stays in the form as a ticked box, so the next search keeps it.
    expect(page.get_by_role("checkbox", name="UA")).to_be_checked()
    screenshot(page, "articles-filtered-desktop")


def test_person_then_partner_country_then_relation_claims(live_server, page, world, screenshot):
    page.goto(f"{live_server.url}/")
    screenshot(page, "home-desktop")

    page.get_by_role("link", name="Eli Cohen").first.click()
    expect(page).to_have_url(f"{live_server.url}/people/eli-cohen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Eli Cohen")
    expect(page.locator("#made-heading + .claim .text")).to_contain_text("3-6 months")
    screenshot(page, "person-desktop")

    page.locator(".lede").get_by_role("link", name="Israel").click()
    expect(page).to_have_url(f"{live_server.url}/countries/il/")
    screenshot(page, "country-desktop")

    page.get_by_role("link", name="Israel – Ukraine").click()
    expect(page).to_have_url(f"{live_server.url}/relations/il-ua/")
    israel_about_ukraine = page.locator("section", has=page.locator("#ab-heading"))
    denial = israel_about_ukraine.locator(".claim.deny")
    expect(denial).to_have_count(1)
    expect(denial.locator(".text")).to_have_text(
        "there have been repeated official requests from Kyiv"
    )
    expect(denial.locator(".badge.deny").first).to_have_text("denial")
    ukraine_about_israel = page.locator("section", has=page.locator("#ba-heading"))
    expect(ukraine_about_israel.locator(".claim")).to_have_count(2)
    expect(page.locator(".article-row")).to_have_count(2)
    screenshot(page, "relation-desktop")


def test_article_page_links_every_mention(live_server, page, world, screenshot):
    page.goto(f"{live_server.url}/articles/{world.first.pk}/")
    expect(page.locator(".provenance")).to_have_text("(inferred from the text)")
    body = page.locator(".article-body")
    expect(body.get_by_role("link", name="Volodymyr Zelensky").first).to_have_attribute(
        "href", "/people/volodymyr-zelensky/"
    )
    screenshot(page, "article-desktop")

    body.get_by_role("link", name="Volodymyr Zelensky").first.click()
    expect(page.locator(".lede")).to_have_text("President, Ukraine")


def test_pages_are_readable_on_a_phone(live_server, phone, world, screenshot):
    for name, path in [
        ("home", "/"),
        ("articles", "/articles/?country=UA"),
        ("article", f"/articles/{world.first.pk}/"),
        ("person", "/people/eli-cohen/"),
        ("relation", "/relations/il-ua/"),
        ("claims", "/claims/"),
    ]:
        phone.goto(f"{live_server.url}{path}")
        # Nothing wider than the screen: no sideways scrolling on a phone.
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        screenshot(phone, f"{name}-phone")


def test_claims_page_shows_the_contradiction_side_by_side(live_server, page, world, screenshot):
    page.goto(f"{live_server.url}/claims/?stance=deny")
    expect(page.locator(".claim")).to_have_count(2)
    pair = page.locator(".pair-block")
    expect(pair.locator(".claim.deny")).to_have_count(1)
    page.goto(f"{live_server.url}/claims/")
    screenshot(page, "claims-desktop")
