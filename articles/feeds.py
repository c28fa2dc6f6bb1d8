"""Atom feeds of the article and claim lists, with the same filters as the pages."""

from __future__ import annotations

from datetime import UTC, datetime, time

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from articles.selectors import article_filterset, filtered_articles

FEED_SIZE = 50


def _as_datetime(day, fallback):
    return datetime.combine(day, time(), tzinfo=UTC) if day else fallback


def _errors_response(filterset):
    lines = [f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items()]
    return HttpResponseBadRequest(
        "Invalid filter:\n" + "\n".join(lines), content_type="text/plain; charset=utf-8"
    )


def _describe(params) -> str:
    parts = [f"{key}={value}" for key, values in params.lists() for value in values if value]
    return ", ".join(parts)


class FilteredFeed(Feed):
    """An Atom feed of a list page: the same filters, invalid ones answered with a 400."""

    feed_type = Atom1Feed
    noun = ""  # "articles", "claims"
    list_url_name = ""

    def filterset(self, data):
        raise NotImplementedError

    def __call__(self, request, *args, **kwargs):
        filterset = self.filterset(request.GET)
        if not filterset.is_valid():
            return _errors_response(filterset)
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
        return _as_datetime(item.published, item.created_at)

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return ", ".join(item.byline) if item.byline else None

    def item_categories(self, item):
        return [item.outlet.name] if item.outlet_id else []


class ClaimFeed(FilteredFeed):
    """The newest matching claims. Queries: the items (one)."""

    noun = "claims"
    list_url_name = "entities:claims"

    def filterset(self, data):
        from entities.selectors import claim_filterset

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
        return _as_datetime(item.article.published, item.created_at)

    def item_categories(self, item):
        return [value for value in (item.stance, item.event_type) if value]
