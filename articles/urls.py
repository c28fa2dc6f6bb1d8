from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.article_list, name="list"),
    path("articles/<int:pk>/", views.article_detail, name="detail"),
    path("articles/feed/", views.article_feed, name="feed"),
    path("articles/export.csv", views.article_export_csv, name="export_csv"),
    path("articles/export.jsonl", views.article_export_jsonl, name="export_jsonl"),
]
