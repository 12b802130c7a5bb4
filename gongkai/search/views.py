"""The public search page /search/?q=… (per org with ?org=<code>)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from gongkai.catalogue.models import CatalogueItem, Category, Topic
from gongkai.orgs.models import Org

from .backends import Filters
from .services import search_exact_item, search_log_query, search_run

PER_PAGE = 10
MAX_PAGE = 100  # deep pages cost the same ranking work for nobody
FILTER_PARAMS = ("org", "category", "topic", "year", "doc_type", "validity")


@dataclass
class FacetOption:
    label: str
    count: int
    url: str
    selected: bool


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _url(params: QueryDict, **changes: object) -> str:
    data = {k: v for k, v in params.items() if k in (*FILTER_PARAMS, "q", "sort") and v}
    for key, value in changes.items():
        if value in (None, ""):
            data.pop(key, None)
        else:
            data[key] = str(value)
    return "?" + urlencode(data)


def _ids(value: str | None) -> tuple[int, ...] | None:
    """``12`` or ``12,35,40`` (one class name shared by several orgs' classes)."""
    ids = tuple(sorted({int(v) for v in (value or "").split(",")[:100] if v.strip().isdigit()}))
    return ids or None


def parse_filters(params: QueryDict) -> tuple[Filters, Org | None]:
    """Filters from query parameters; unknown values are ignored rather than errors."""
    org = None
    if code := params.get("org"):
        org = Org.objects.filter(code=code).first()
    doc_type = params.get("doc_type")
    validity = params.get("validity")
    filters = Filters(
        org_ids=(org.pk,) if org else None,
        category_id=_ids(params.get("category")),
        topic_id=_int(params.get("topic")),
        year=_int(params.get("year")),
        doc_type=doc_type if doc_type in CatalogueItem.DocType.values else None,
        validity=validity if validity in CatalogueItem.Validity.values else None,
    )
    return filters, org


def build_facets(facets: dict[str, dict[object, int]], params: QueryDict) -> list[dict]:
    """Facet groups with labels, counts and links that toggle the filter."""
    orgs = Org.objects.in_bulk([k for k in facets.get("org_id", {}) if k])
    categories = Category.objects.in_bulk([k for k in facets.get("category_id", {}) if k])
    topics = Topic.objects.in_bulk([k for k in facets.get("topic_id", {}) if k])
    doc_types = dict(CatalogueItem.DocType.choices)
    validities = dict(CatalogueItem.Validity.choices)
    # Every org has its own classes, mostly under the same names (概况类, 工作动态类 …): the
    # reader sees one option per name, which filters on all the classes of that name.
    class_counts: dict[str, int] = {}
    class_ids: dict[str, list[int]] = {}
    for value, count in facets.get("category_id", {}).items():
        if value in categories:
            name = categories[value].name
            class_counts[name] = class_counts.get(name, 0) + count
            class_ids.setdefault(name, []).append(value)
    counts_by_key = dict(facets, category_id=class_counts)
    groups = [
        (
            "org",
            _("发布机构"),
            "org_id",
            lambda v: orgs[v].display_name if v in orgs else None,
            lambda v: orgs[v].code if v in orgs else None,
        ),
        (
            "category",
            _("组配分类"),
            "category_id",
            str,
            lambda name: ",".join(str(i) for i in sorted(class_ids[name])),
        ),
        (
            "topic",
            _("主题分类"),
            "topic_id",
            lambda v: topics[v].name if v in topics else None,
            str,
        ),
        ("year", _("发布年份"), "year", lambda v: str(v) if v else None, str),
        ("doc_type", _("文件类型"), "doc_type", lambda v: doc_types.get(v) if v else None, str),
        ("validity", _("有效性"), "validity", lambda v: validities.get(v) if v else None, str),
    ]
    chosen_classes = set(_ids(params.get("category")) or ())
    out = []
    for param, title, key, label_of, value_of in groups:
        counts = counts_by_key.get(key, {})
        options = []
        items = sorted(counts.items(), key=lambda kv: -kv[1])
        if key == "year":
            items = sorted(counts.items(), key=lambda kv: -(kv[0] or 0))
        for value, count in items:
            label = label_of(value) if value is not None else None
            if not label:
                continue
            param_value = value_of(value)
            if param == "category":  # the page's classes may be fewer than the filter's
                selected = bool(chosen_classes) and set(class_ids[value]) <= chosen_classes
            else:
                selected = params.get(param) == param_value
            options.append(
                FacetOption(
                    label=label,
                    count=count,
                    url=_url(params, **{param: None if selected else param_value, "page": None}),
                    selected=selected,
                )
            )
        if options:
            out.append({"param": param, "title": title, "options": options[:20]})
    return out


def search_page(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:100]
    filters, org = parse_filters(request.GET)
    sort = "date" if request.GET.get("sort") == "date" else "relevance"
    page = min(max(_int(request.GET.get("page")) or 1, 1), MAX_PAGE)
    context: dict[str, object] = {"query": query, "org": org, "sort": sort}
    if query:
        exact = search_exact_item(query=query)
        if exact is not None and (org is None or exact.org_id == org.pk):
            search_log_query(query=query, total=1)
            return HttpResponseRedirect(exact.get_absolute_url())
        result = search_run(query=query, filters=filters, sort=sort, page=page, per_page=PER_PAGE)
        search_log_query(query=query, total=result.total)
        pages = max(1, min(math.ceil(result.total / PER_PAGE), MAX_PAGE))
        context.update(
            result=result,
            facets=build_facets(result.facets, request.GET),
            page=page,
            pages=pages,
            prev_url=_url(request.GET, page=page - 1) if page > 1 else None,
            next_url=_url(request.GET, page=page + 1) if page < pages else None,
            sort_relevance_url=_url(request.GET, sort=None, page=None),
            sort_date_url=_url(request.GET, sort="date", page=None),
            suggestion_urls=[(s, _url(request.GET, q=s, page=None)) for s in result.suggestions],
            clear_url=_url(QueryDict(), q=query, org=org.code if org else None),
        )
    return render(request, "search/search.html", context)
