from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include(("newsdesk.api", "api"))),
    path("", include("articles.urls")),
    path("", include("entities.urls")),
]
