from django.urls import path, re_path

from entities import views

app_name = "entities"

urlpatterns = [
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
