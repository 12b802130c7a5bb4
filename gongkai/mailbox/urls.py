"""Public URLs of the mailboxes. Include at ``mailbox/``."""

from django.urls import path

from . import views

app_name = "mailbox"

urlpatterns = [
    path("", views.write, name="write"),
    path("done/", views.done, name="done"),
    path("track/", views.track, name="track"),
    path("track/<str:code>/", views.track_detail, name="track_detail"),
    path("track/<str:code>/rate/", views.rate, name="rate"),
    path("letters/", views.letter_list, name="letters"),
    path("letters/<int:pk>/", views.letter_detail, name="letter"),
]
