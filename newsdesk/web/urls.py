"""The public pages, their exports and feeds, and the read-only API."""

from django.urls import include, path, re_path

from newsdesk.web import views

article_patterns = [
    path("", views.home, name="home"),
    path("articles/", views.article_list, name="list"),
    path("articles/<int:pk>/", views.article_detail, name="detail"),
    path("articles/feed/", views.article_feed, name="feed"),
    path("articles/export.csv", views.article_export_csv, name="export_csv"),
    path("articles/export.jsonl", views.article_export_jsonl, name="export_jsonl"),
]

entity_patterns = [
    path("people/", views.person_list, name="people"),
    path("people/<slug:slug>/", views.person_detail, name="person"),
    path("countries/", views.country_list, name="countries"),
    re_path(r"^countries/(?P<iso2>[A-Za-z]{2})/$", views.country_detail, name="country"),
    re_path(
        r"^relations/(?P<first>[A-Za-z]{2})-(?P<second>[A-Za-z]{2})/$",
        views.relation_detail,
        name="relation",
    ),
    path("claims/", views.claim_list, name="claims"),
    path("claims/feed/", views.claim_feed, name="claims_feed"),
    path("claims/export.csv", views.claim_export_csv, name="claims_export_csv"),
    path("claims/export.jsonl", views.claim_export_jsonl, name="claims_export_jsonl"),
]

# The namespaces keep the URL names the templates use ("articles:detail", "entities:person").
urlpatterns = [
    path("favicon.ico", views.favicon, name="favicon"),
    path("api/", include(("newsdesk.web.api", "api"))),
    path("", include((article_patterns, "articles"))),
    path("", include((entity_patterns, "entities"))),
]
