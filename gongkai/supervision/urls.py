"""Public statistics. Include at ``stats/``: ``path("stats/", include("gongkai.supervision.urls"))``."""

from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.stats_index, name="stats"),
    path("figures.csv", views.stats_index, {"fmt": "csv"}, name="stats_csv"),
    path("figures.json", views.stats_index, {"fmt": "json"}, name="stats_json"),
    path("<str:code>/", views.stats_org, name="stats_org"),
    path("<str:code>/figures.csv", views.stats_org, {"fmt": "csv"}, name="stats_org_csv"),
    path("<str:code>/figures.json", views.stats_org, {"fmt": "json"}, name="stats_org_json"),
]
