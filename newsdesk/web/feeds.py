"""Atom feeds of the article and claim lists, with the same filters as the pages."""

from __future__ import annotations

from datetime import UTC, datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from newsdesk.common.http import invalid_filter_response
from newsdesk.web.filter_fields import STANCE_WORDS
from newsdesk.web.queries.articles import article_filterset, filtered_articles
from newsdesk.web.queries.entities import claim_filterset

FEED_SIZE = 50


def _published(day):
    """An entry's `published`: its article's date, or none for an undated article (Atom
    leaves it out rather than guess)."""
    return datetime.combine(day, time(), tzinfo=UTC) if day else None


def _describe(params) -> str:
    parts = [f"{key}={value}" for key, values in params.lists() for value in values if value]
    return ", ".join(parts)


class PlainTextAtom(Atom1Feed):
    """Atom whose entry summaries are plain text (`type="text"`): an ingested page's markup is
    shown as text by feed readers, never rendered."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class FilteredFeed(Feed):
    """An Atom feed of a list page: the same filters, invalid ones answered with a 400."""

    feed_type = PlainTextAtom
    noun = ""  # "articles", "claims"
    list_url_name = ""

    def filterset(self, data):
        raise NotImplementedError

    def __call__(self, request, *args, **kwargs):
        filterset = self.filterset(request.GET)
        if not filterset.is_valid():
            return invalid_filter_response(filterset.errors)
        # Handed to get_object rather than kept on self: one Feed instance serves all
        # requests, possibly in several threads.
        return super().__call__(request, filterset=filterset)

    def get_object(self, request, filterset):
        return filterset

    def title(self, filterset):
        described = _describe(filterset.data)
        return f"Newsdesk {self.noun}{': ' + described if described else ''}"

    def link(self, filterset):
        query = filterset.data.urlencode()
        return reverse(self.list_url_name) + (f"?{query}" if query else "")


class ArticleFeed(FilteredFeed):
    """The newest matching articles. Queries: the items (one), plus outlet check if given."""

    noun = "articles"
    list_url_name = "articles:list"

    def filterset(self, data):
        return article_filterset(data)

    def subtitle(self, filterset):
        return "Articles on diplomatic relations, newest first."

    def items(self, filterset):
        return filtered_articles(filterset)[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst or item.body[:400]

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return _published(item.published)

    def item_updateddate(self, item):
        # Undated: the time the article was stored, which a re-extraction does not move.
        return item.updated_at if item.published else item.created_at

    def item_author_name(self, item):
        return ", ".join(item.byline) if item.byline else None

    def item_categories(self, item):
        return [item.outlet.name] if item.outlet_id else []


class ClaimFeed(FilteredFeed):
    """The newest matching claims. Queries: the items (one)."""

    noun = "claims"
    list_url_name = "entities:claims"

    def filterset(self, data):
        return claim_filterset(data)

    def subtitle(self, filterset):
        return "Who said what about whom, newest articles first."

    def items(self, filterset):
        return filterset.qs[:FEED_SIZE]

    def item_title(self, item):
        verb = "denied" if item.stance == "deny" else item.cue
        return f"{item.speaker_label} {verb}: {item.text[:120]}"

    def item_description(self, item):
        return f"{item.text} — in “{item.article.title}”"

    def item_link(self, item):
        return f"{item.article.get_absolute_url()}#claim-{item.pk}"

    def item_guid(self, item):
        return f"claim-{item.pk}"

    def item_pubdate(self, item):
        return _published(item.article.published)

    def item_updateddate(self, item):
        # Every Atom entry has `updated`: the article's date, else when the claim was stored.
        return _published(item.article.published) or item.created_at

    def item_categories(self, item):
        return [value for value in (STANCE_WORDS.get(item.stance), item.event_type) if value]
