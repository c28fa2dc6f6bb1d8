"""Every admin page an editor opens renders, searches find rows, strangers are sent to log in."""

from __future__ import annotations

import pytest
from django.urls import reverse

# (admin url name prefix, the Newsroom attribute holding one row of that model)
PAGES = [
    ("articles_outlet", "outlet"),
    ("articles_feed", "feed"),
    ("articles_feedentry", "entry"),
    ("articles_ingestionrun", "run"),
    ("articles_rawdocument", "raw"),
    ("articles_article", "article"),
    ("articles_ingestionfailure", "failure"),
    ("articles_minhashband", "band"),
    ("articles_domainthrottle", "throttle"),
    ("entities_country", "israel"),
    ("entities_person", "zelensky"),
    ("entities_alias", "alias"),
    ("entities_mention", "mention"),
    ("entities_claim", "claim"),
    ("entities_contradiction", "contradiction"),
]


@pytest.mark.parametrize(("name", "attribute"), PAGES)
def test_changelist_renders_for_editor(editor, newsroom, name, attribute):
    response = editor.get(reverse(f"admin:{name}_changelist"))
    changelist = response.context["cl"]
    assert response.status_code == 200
    assert changelist.result_list  # rows were rendered
    # Countries are all preloaded, so Israel may be on a later page: ask the list's query.
    assert changelist.queryset.filter(pk=getattr(newsroom, attribute).pk).exists()


@pytest.mark.parametrize(("name", "attribute"), PAGES)
def test_change_page_renders_for_editor(editor, newsroom, name, attribute):
    row = getattr(newsroom, attribute)
    response = editor.get(reverse(f"admin:{name}_change", args=[row.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("name", "query", "attribute"),
    [
        ("articles_article", "air defense", "article"),
        ("entities_person", "zelensky", "zelensky"),
        ("entities_country", "IL", "israel"),
        ("entities_claim", "patriot", "claim"),
        ("articles_rawdocument", "a" * 64, "raw"),
        ("articles_feed", "timesofisrael", "feed"),
    ],
)
def test_search_finds_the_row(editor, newsroom, name, query, attribute):
    response = editor.get(reverse(f"admin:{name}_changelist"), {"q": query})
    assert getattr(newsroom, attribute).pk in [r.pk for r in response.context["cl"].result_list]


def test_person_search_matches_an_alias(editor, newsroom):
    newsroom.zelensky.aliases.create(name="Zelenskyy", normalized="zelenskyy")
    response = editor.get(reverse("admin:entities_person_changelist"), {"q": "Zelenskyy"})
    assert [p.pk for p in response.context["cl"].result_list] == [newsroom.zelensky.pk]


def test_country_search_matches_an_alias(editor, newsroom):
    newsroom.israel.aliases = ["State of Israel"]
    newsroom.israel.save(update_fields=["aliases"])
    response = editor.get(reverse("admin:entities_country_changelist"), {"q": "state of isr"})
    assert [c.pk for c in response.context["cl"].result_list] == [newsroom.israel.pk]


def test_person_list_counts_mentions_and_claims(editor, newsroom):
    response = editor.get(reverse("admin:entities_person_changelist"))
    (person,) = response.context["cl"].result_list
    assert (person.mention_count, person.claim_count) == (1, 1)


def test_claims_sort_by_confidence_ascending(editor, newsroom):
    admin_url = reverse("admin:entities_claim_changelist")
    column = editor.get(admin_url).context["cl"].list_display.index("confidence")
    response = editor.get(admin_url, {"o": str(column)})
    confidences = [c.confidence for c in response.context["cl"].result_list]
    assert confidences == [0.4, 0.9]


def test_claim_filters_by_speaker_country(editor, newsroom):
    response = editor.get(
        reverse("admin:entities_claim_changelist"),
        {"speaker_country__id__exact": newsroom.israel.pk},
    )
    assert [c.pk for c in response.context["cl"].result_list] == [newsroom.denial.pk]


def test_raw_document_is_shown_escaped_and_downloadable(editor, newsroom):
    response = editor.get(reverse("admin:articles_rawdocument_change", args=[newsroom.raw.pk]))
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content
    assert b"<script>alert(1)</script>" not in response.content

    download = editor.get(reverse("admin:articles_rawdocument_download", args=[newsroom.raw.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert download.content == bytes(newsroom.raw.content)


def test_undecodable_raw_document_still_renders(editor, newsroom):
    url = reverse("admin:articles_rawdocument_change", args=[newsroom.failed_raw.pk])
    response = editor.get(url)
    assert response.status_code == 200
    assert b"no article text found" in response.content


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/articles/article/",
        "/admin/entities/person/",
        "/admin/articles/rawdocument/1/download/",
    ],
)
def test_anonymous_is_sent_to_login(anonymous, url):
    response = anonymous.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
