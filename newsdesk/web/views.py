"""The public pages, exports and feeds. Views only parse the request and render; the
queries are in `newsdesk.web.queries`."""

from __future__ import annotations

import functools

from django.db import OperationalError
from django.http import Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from psycopg.errors import QueryCanceled

from entities.models import Person
from newsdesk.common.http import invalid_filter_response
from newsdesk.web import exports
from newsdesk.web.feeds import ArticleFeed, ClaimFeed
from newsdesk.web.queries import articles as article_queries
from newsdesk.web.queries import entities as entity_queries
from newsdesk.web.queries.countries import country_choices

FAVICON = "icons/newsdesk.svg"


def stops_when_too_slow(view):
    """A page whose query outran the statement timeout (the web's connections set one, see
    `DB_STATEMENT_TIMEOUT_MS`) answers 503 with a page asking for narrower filters: the
    timeout is the expected limit of a too-broad request, not a server error."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except OperationalError as error:
            if not isinstance(error.__cause__, QueryCanceled):
                raise
            return render(request, "query_timeout.html", status=503)

    return wrapped


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; the icon is a static SVG."""
    return redirect(static(FAVICON))


@stops_when_too_slow
def home(request):
    context = article_queries.home_page(timezone.localdate())
    return render(request, "articles/home.html", context)


@stops_when_too_slow
def article_list(request):
    # The form's country list first: it also gives the filters the known country codes.
    countries = country_choices()
    result = article_queries.article_list_page(request.GET, request.GET.get("page"))
    return render(
        request,
        "articles/list.html",
        {
            "result": result,
            "form": result.filterset.form,
            "countries": countries,
            "outlets": result.outlets,
        },
    )


@stops_when_too_slow
def article_detail(request, pk):
    return render(request, "articles/detail.html", article_queries.article_detail(pk))


def _export_rows(request, *, with_body):
    filterset = article_queries.article_filterset(request.GET)
    if not filterset.is_valid():
        return None, filterset
    rows = exports.article_records(
        article_queries.filtered_articles(filterset),
        lambda pk: request.build_absolute_uri(reverse("articles:detail", args=[pk])),
        with_body=with_body,
    )
    return rows, filterset


def article_export_csv(request):
    rows, filterset = _export_rows(request, with_body=False)
    if rows is None:
        return invalid_filter_response(filterset.errors)
    return exports.csv_response(rows, exports.ARTICLE_COLUMNS, "articles.csv")


def article_export_jsonl(request):
    rows, filterset = _export_rows(request, with_body=True)
    if rows is None:
        return invalid_filter_response(filterset.errors)
    return exports.jsonl_response(rows, "articles.jsonl")


article_feed = ArticleFeed()


@stops_when_too_slow
def person_list(request):
    countries = country_choices()
    context = entity_queries.people_list_page(request.GET, request.GET.get("page"))
    context["countries"] = countries
    return render(request, "entities/person_list.html", context)


@stops_when_too_slow
def person_detail(request, slug):
    person = entity_queries.get_person(slug)
    if person.status == Person.Status.MERGED:
        return redirect(person.merged_into, permanent=True)
    context = entity_queries.person_page(person, request.GET, request.GET.get("page"))
    return render(request, "entities/person_detail.html", context)


@stops_when_too_slow
def country_list(request):
    return render(request, "entities/country_list.html", entity_queries.countries_list())


@stops_when_too_slow
def country_detail(request, iso2):
    if iso2 != iso2.lower():
        return redirect("entities:country", iso2.lower(), permanent=True)
    country = entity_queries.get_country(iso2)
    context = entity_queries.country_page(country, request.GET, request.GET.get("page"))
    return render(request, "entities/country_detail.html", context)


@stops_when_too_slow
def relation_detail(request, first, second):
    a, b = entity_queries.relation_codes(first, second)
    if a == b:
        raise Http404("a relation needs two countries")
    if (first, second) != (a, b):
        # One address per relation: /relations/il-ua/, never ua-il or IL-UA.
        url = reverse("entities:relation", args=[a, b])
        query = request.GET.urlencode()
        return redirect(f"{url}?{query}" if query else url, permanent=True)
    context = entity_queries.relation_page(a, b, request.GET, request.GET.get("page"))
    return render(request, "entities/relation_detail.html", context)


@stops_when_too_slow
def claim_list(request):
    countries = country_choices()
    context = entity_queries.claim_list_page(request.GET, request.GET.get("page"))
    context["form"] = context["filterset"].form
    context["countries"] = countries
    return render(request, "entities/claim_list.html", context)


def _claim_rows(request):
    filterset = entity_queries.claim_filterset(request.GET)
    if not filterset.is_valid():
        return None, invalid_filter_response(filterset.errors)

    def page_url(article_id, claim_id):
        path = reverse("articles:detail", args=[article_id])
        return request.build_absolute_uri(f"{path}#claim-{claim_id}")

    return exports.claim_records(filterset.qs, page_url), None


def claim_export_csv(request):
    rows, error = _claim_rows(request)
    return error or exports.csv_response(rows, exports.CLAIM_COLUMNS, "claims.csv")


def claim_export_jsonl(request):
    rows, error = _claim_rows(request)
    return error or exports.jsonl_response(rows, "claims.jsonl")


claim_feed = ClaimFeed()
