"""The interface language: Simplified Chinese unless the visitor chose another one.

Django's ``LocaleMiddleware`` follows the browser's ``Accept-Language``, so anyone whose browser
prefers English would get the government's portal in English without asking. Here only an
explicit choice counts: the language cookie that ``set_language`` (the portal footer's language
button, ``/i18n/setlang/``) sets. Staff can also pick a language in their Wagtail account
settings, which the admin applies on top of this.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def chosen_language(request: HttpRequest) -> str:
    """The language of the cookie when it is one of ``LANGUAGES``, else ``LANGUAGE_CODE``."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if code:
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


class ChosenLanguageMiddleware(LocaleMiddleware):
    """``LocaleMiddleware`` without ``Accept-Language`` negotiation (see the module docstring)."""

    def process_request(self, request: HttpRequest) -> None:
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        # No ``Vary: Accept-Language``: the header no longer changes the response.
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
