from django.contrib import admin
from django.urls import include, path

from entities.desk import extractor_precision_view, recent_changes_view

urlpatterns = [
    # The editors' desk pages that are not one model's list (behind the admin's login).
    path(
        "admin/recent-changes/",
        admin.site.admin_view(recent_changes_view),
        name="admin_recent_changes",
    ),
    path(
        "admin/extractor-precision/",
        admin.site.admin_view(extractor_precision_view),
        name="admin_extractor_precision",
    ),
    path("admin/", admin.site.urls),
    path("", include("newsdesk.web.urls")),
]
