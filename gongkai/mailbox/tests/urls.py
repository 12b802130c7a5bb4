"""The project's URLs plus the mailbox and press pages (as gongkai.urls will have them)."""

from django.urls import include, path

from gongkai import urls as project_urls

urlpatterns = [
    path("mailbox/", include("gongkai.mailbox.urls")),
    path("press/", include("gongkai.press.urls")),
    *project_urls.urlpatterns,
]
