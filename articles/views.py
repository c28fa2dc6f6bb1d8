from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from articles.models import Article


def home(request):
    articles = Article.objects.visible().select_related("outlet")[:10]
    return render(request, "articles/home.html", {"articles": articles})


def article_list(request):
    queryset = Article.objects.visible().select_related("outlet")
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    return render(request, "articles/list.html", {"page": page})


def article_detail(request, pk):
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=pk)
    return render(request, "articles/detail.html", {"article": article})
