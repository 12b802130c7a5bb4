"""URLs for the search tests until the project's urls.py includes the search app."""

from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("search/", include("gongkai.search.urls")),
    path("", include("gongkai.portal.urls")),
]
