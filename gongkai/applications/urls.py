"""Public URLs of 依申请公开. Include at ``apply/``."""

from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("", views.apply, name="apply"),
    path("done/", views.done, name="done"),
    path("track/", views.track, name="track"),
    path("track/<str:code>/", views.track_detail, name="track_detail"),
    path("track/<str:code>/correct/", views.track_correct, name="track_correct"),
    path(
        "track/<str:code>/letters/<int:letter_id>.<str:fmt>",
        views.track_letter,
        name="track_letter",
    ),
    path("track/<str:code>/documents/<int:doc_id>/", views.track_document, name="track_document"),
]
