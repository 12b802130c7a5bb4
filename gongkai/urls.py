"""URL map: the Wagtail admin, public tools and pages, then Wagtail's page tree last."""

from django.conf import settings
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The portal's language button posts here from cached pages, which carry no CSRF token;
    # all a forged request could do is switch the visitor's language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("search/", include("gongkai.search.urls")),
    path("apply/", include("gongkai.applications.urls")),
    path("tools/workdays/", include("gongkai.calendar.urls")),
    path("mailbox/", include("gongkai.mailbox.urls")),
    path("press/", include("gongkai.press.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    path("stats/", include("gongkai.supervision.urls")),
    path("", include("gongkai.portal.urls")),
    path("", include(wagtail_urls)),
]
