"""Pages of people, countries, relations and claims. Views only parse and render."""

from __future__ import annotations

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse

from articles.feeds import ClaimFeed
from entities import selectors
from entities.models import Country, Person
from newsdesk import exports


def person_list(request):
    context = selectors.people_list_page(request.GET, request.GET.get("page"))
    context["countries"] = _country_choices()
    return render(request, "entities/person_list.html", context)


def person_detail(request, slug):
    person = selectors.get_person(slug)
    if person.status == Person.Status.MERGED:
        return redirect(person.merged_into, permanent=True)
    context = selectors.person_page(person, request.GET, request.GET.get("page"))
    return render(request, "entities/person_detail.html", context)


def country_list(request):
    return render(request, "entities/country_list.html", selectors.countries_list())


def country_detail(request, iso2):
    if iso2 != iso2.lower():
        return redirect("entities:country", iso2.lower(), permanent=True)
    country = selectors.get_country(iso2)
    context = selectors.country_page(country, request.GET, request.GET.get("page"))
    return render(request, "entities/country_detail.html", context)


def relation_detail(request, first, second):
    a, b = selectors.relation_codes(first, second)
    if a == b:
        raise Http404("a relation needs two countries")
    if (first, second) != (a, b):
        # One address per relation: /relations/il-ua/, never ua-il or IL-UA.
        url = reverse("entities:relation", args=[a, b])
        query = request.GET.urlencode()
        return redirect(f"{url}?{query}" if query else url, permanent=True)
    context = selectors.relation_page(a, b, request.GET, request.GET.get("page"))
    return render(request, "entities/relation_detail.html", context)


def claim_list(request):
    context = selectors.claim_list_page(request.GET, request.GET.get("page"))
    context["form"] = context["filterset"].form
    context["countries"] = _country_choices()
    return render(request, "entities/claim_list.html", context)


def _country_choices():
    return Country.objects.order_by("name").values_list("iso2", "name")


def _claim_rows(request):
    filterset = selectors.claim_filterset(request.GET)
    if not filterset.is_valid():
        lines = [f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items()]
        return None, HttpResponseBadRequest(
            "Invalid filter:\n" + "\n".join(lines), content_type="text/plain; charset=utf-8"
        )

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
