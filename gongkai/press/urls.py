"""Public URLs of the press conference column. Include at ``press/``."""

from django.urls import path

from . import views

app_name = "press"

urlpatterns = [
    path("", views.press_list, name="list"),
    path("<int:pk>/", views.press_detail, name="detail"),
]
