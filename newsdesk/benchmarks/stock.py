"""The yardstick of `benchmark pages`: a plain Django ListView over the articles' list index.

It is what Django gives with no tuning at all (a COUNT(*) for the paginator, the rows by
OFFSET in the list order, which the `article_visible_order` index serves), rendered in the
site's base template, so each page's time can be read as a multiple of it.
"""

from __future__ import annotations

from django.urls import include, path
from django.views.generic import ListView

from articles.models import Article
from newsdesk.web.filters import DATE_ORDER

STOCK_URL = "/benchmarks/stock/"


class StockArticleList(ListView):
    queryset = Article.objects.visible().select_related("outlet").order_by(*DATE_ORDER)
    paginate_by = 25
    template_name = "benchmarks/stock_list.html"


# The site's URLs with the stock list beside them (only `benchmark pages` uses this urlconf).
urlpatterns = [
    path(STOCK_URL.strip("/") + "/", StockArticleList.as_view()),
    path("", include("newsdesk.urls")),
]
