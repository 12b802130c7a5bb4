"""The project's URLs plus this app's public pages at apply/ (as gongkai.urls will have them)."""

from django.urls import include, path

from gongkai import urls as project_urls

urlpatterns = [
    path("apply/", include("gongkai.applications.urls")),
    *project_urls.urlpatterns,
]
