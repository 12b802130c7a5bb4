"""Control characters never reach a form: one cleaning step for every request.

Citizens paste from word processors: Word writes its manual line break as a vertical tab
(U+000B) and a page break as a form feed (U+000C), and other programs leave stray C0 control
characters. Stored, one of them broke every XML-based output that carried the text (XLSX
exports, DOCX letters), so an application could not be answered in time. Cleaning at the door
covers every public and staff form, Wagtail's included, without each form having to remember:
line and page breaks become line feeds, the other C0 characters (tab, line feed and carriage
return excepted) and DEL are dropped, in keys and values of the query string and of form posts.
File uploads are untouched. Outputs still defend themselves against what was stored before
(``gongkai.core.exports``).
"""

from __future__ import annotations

import re

from django.http import QueryDict

_BREAKS = re.compile("[\x0b\x0c]")
_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_ANY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def clean_text(value: str) -> str:
    """``value`` with breaks as line feeds and the other control characters dropped."""
    return _FORBIDDEN.sub("", _BREAKS.sub("\n", value))


def cleaned_query_dict(data: QueryDict) -> QueryDict:
    """``data`` itself when it holds no control character, else a cleaned immutable copy."""
    if not any(
        _ANY.search(key) or any(_ANY.search(v) for v in values) for key, values in data.lists()
    ):
        return data
    copy = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        copy.setlist(clean_text(key), [clean_text(v) for v in values])
    copy._mutable = False
    return copy


class ControlCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.GET:
            request.GET = cleaned_query_dict(request.GET)
        if request.method == "POST" and request.content_type in FORM_TYPES:
            request.POST = cleaned_query_dict(request.POST)
        return self.get_response(request)
