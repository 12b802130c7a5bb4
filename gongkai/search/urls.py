"""Public search URLs. Include at ``search/``: ``path("search/", include("gongkai.search.urls"))``."""

from django.urls import path

from . import views

app_name = "search"

urlpatterns = [path("", views.search_page, name="search")]
