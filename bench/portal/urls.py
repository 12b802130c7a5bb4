"""The project's URLs plus ``/bench/trivial/``: the floor a Django page cannot go below."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_safe

from gongkai.urls import urlpatterns as project_urlpatterns


@require_safe
def trivial(request: HttpRequest) -> HttpResponse:
    """A small response through the full middleware stack, no database, no template."""
    return HttpResponse("<!doctype html><title>ok</title><p>ok</p>")


urlpatterns = [path("bench/trivial/", trivial), *project_urlpatterns]
