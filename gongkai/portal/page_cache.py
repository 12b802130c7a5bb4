"""Whole-response caching for the portal's anonymous listing pages (home, catalogue).

Those pages are the same for every visitor, and their data is already allowed to be a minute
old (``HOME_CACHE_SECONDS``, ``FACET_CACHE_SECONDS``); rendering them is what costs: the home
lists ~130 items and 60+ org links (about 100 ms of template work per request at city scale),
a catalogue page runs Wagtail routing, two queries and a full render. Caching the rendered bytes
for the same minute makes a repeat visit a cache hit.

Only anonymous GET/HEAD requests read or fill the cache: staff see their edits at once.
Keys carry the scheme, host and language (absolute links and translations differ), plus what
the caller passes — the page's ``last_published_at``, so publishing the page itself shows at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

PAGE_CACHE_SECONDS = 60


def page_cache_key(*, request: HttpRequest, parts: Iterable[object]) -> str:
    scope = f"{request.scheme}://{request.get_host()}:{get_language()}"
    return "portal:page:v1:" + scope + ":" + ":".join(str(p) for p in parts)


def cached_response(
    request: HttpRequest,
    *,
    parts: Iterable[object],
    render: Callable[[], HttpResponse],
    seconds: int = PAGE_CACHE_SECONDS,
) -> HttpResponse:
    """``render()``'s response, from the cache when an anonymous visitor asked before."""
    cacheable = request.method in ("GET", "HEAD") and not request.user.is_authenticated
    if not cacheable:
        return render()
    key = page_cache_key(request=request, parts=parts)
    hit = cache.get(key)
    if hit is not None:
        content, content_type = hit
        return HttpResponse(content, content_type=content_type)
    response = render()
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    if response.status_code == 200 and not response.streaming and not response.cookies:
        cache.set(key, (response.content, response["Content-Type"]), seconds)
    return response
