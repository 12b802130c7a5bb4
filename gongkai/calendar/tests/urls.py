"""The project's URLs plus the calculator at the place it is meant to live."""

from django.urls import include, path

from gongkai.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("tools/workdays/", include("gongkai.calendar.urls")),
    *[p for p in project_urlpatterns if "workcalendar" not in str(getattr(p, "urlconf_name", ""))],
]
