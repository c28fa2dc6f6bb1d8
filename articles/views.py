"""Pages, exports and feeds of articles. Views only parse the request and render."""

from __future__ import annotations

from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from articles import selectors
from articles.feeds import ArticleFeed
from articles.models import Outlet
from entities.models import Country
from newsdesk import exports


def home(request):
    context = selectors.home_page(timezone.localdate())
    return render(request, "articles/home.html", context)


def article_list(request):
    result = selectors.article_list_page(request.GET, request.GET.get("page"))
    return render(
        request,
        "articles/list.html",
        {
            "result": result,
            "form": result.filterset.form,
            "countries": _country_choices(),
            "outlets": Outlet.objects.order_by("name").values_list("pk", "name"),
        },
    )


def article_detail(request, pk):
    return render(request, "articles/detail.html", selectors.article_detail(pk))


def _country_choices():
    # For the form's suggestion list; one small query over a fixed table.
    return Country.objects.order_by("name").values_list("iso2", "name")


def _export_rows(request, *, with_body):
    filterset = selectors.article_filterset(request.GET)
    if not filterset.is_valid():
        return None, filterset
    rows = exports.article_records(
        selectors.filtered_articles(filterset),
        lambda pk: request.build_absolute_uri(reverse("articles:detail", args=[pk])),
        with_body=with_body,
    )
    return rows, filterset


def _invalid(filterset):
    lines = [f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items()]
    return HttpResponseBadRequest(
        "Invalid filter:\n" + "\n".join(lines), content_type="text/plain; charset=utf-8"
    )


def article_export_csv(request):
    rows, filterset = _export_rows(request, with_body=False)
    if rows is None:
        return _invalid(filterset)
    return exports.csv_response(rows, exports.ARTICLE_COLUMNS, "articles.csv")


def article_export_jsonl(request):
    rows, filterset = _export_rows(request, with_body=True)
    if rows is None:
        return _invalid(filterset)
    return exports.jsonl_response(rows, "articles.jsonl")


article_feed = ArticleFeed()
