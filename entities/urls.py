from django.urls import path

from entities import views

app_name = "entities"

urlpatterns = [
    path("people/", views.person_list, name="people"),
    path("people/<slug:slug>/", views.person_detail, name="person"),
    path("countries/", views.country_list, name="countries"),
    path("countries/<str:iso2>/", views.country_detail, name="country"),
]
