"""The read-only JSON API (``/api/v1/``): orgs and public catalogue items, with OpenAPI 3.1.

django-ninja builds the OpenAPI document from the schemas below; its own docs page loads
assets from the internet, so it is switched off and ``views.api_docs`` serves ours.
"""

from __future__ import annotations

import datetime as dt
import math

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import NinjaAPI, Query, Schema

from gongkai.catalogue.models import CatalogueItem
from gongkai.orgs.models import Org

from . import selectors
from .filters import attachment_filename

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

api = NinjaAPI(
    title="政府信息公开平台 API",
    version="1",
    description="只读接口：单位与主动公开的政府信息目录条目。",
    urls_namespace="portal:api_v1",
    docs_url=None,
    openapi_url="/openapi.json",
)


class OrgOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    parent: str | None
    url: str


class OrgDetailOut(OrgOut):
    address: str
    postcode: str
    office_hours: str
    phone: str
    fax: str
    email: str
    ogi_office: str
    ogi_contact: str
    ogi_phone: str
    functions: str
    leaders: str


class ItemOut(Schema):
    id: int
    index_number: str
    title: str
    org: str
    org_name: str
    doc_number: str
    formed_on: dt.date
    published_on: dt.date | None
    category: str
    category_name: str
    topic: str | None
    topic_name: str | None
    url: str


class AttachmentOut(Schema):
    title: str
    filename: str
    kind: str
    size: int
    url: str


class ItemDetailOut(ItemOut):
    genre: str
    keywords: str
    summary: str
    body: str
    disclosure_method: str
    disclosure_scope: str
    validity: str
    valid_from: dt.date | None
    valid_until: dt.date | None
    view_count: int
    attachments: list[AttachmentOut]
    related: list[int]
    interprets: list[int]
    interpretations: list[int]


class ItemPage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[ItemOut]


class ItemFilters(Schema):
    org: str | None = None
    category: str | None = None
    topic: str | None = None
    year: int | None = None
    page: int = 1
    page_size: int = PAGE_SIZE


def _org_out(org: Org, parent_code: str | None) -> dict:
    site = org.portal_site if hasattr(org, "portal_site") else None
    return {
        "code": org.code,
        "name": org.name,
        "short_name": org.short_name,
        "kind": org.kind,
        "parent": parent_code,
        "url": site.url if site is not None and site.url else "",
    }


def _item_out(item: CatalogueItem) -> dict:
    return {
        "id": item.pk,
        "index_number": item.index_number,
        "title": item.title,
        "org": item.org.code,
        "org_name": item.org.name,
        "doc_number": item.doc_number,
        "formed_on": item.formed_on,
        "published_on": item.published_on,
        "category": item.category.slug,
        "category_name": item.category.name,
        "topic": item.topic.slug if item.topic else None,
        "topic_name": item.topic.name if item.topic else None,
        "url": item.get_absolute_url(),
    }


@api.get("/orgs/", response=list[OrgOut], summary="单位列表", tags=["orgs"])
def org_list(request: HttpRequest):
    orgs = Org.objects.active().select_related("parent", "portal_site")
    return [_org_out(o, o.parent.code if o.parent else None) for o in orgs]


@api.get("/orgs/{code}/", response=OrgDetailOut, summary="单位详情", tags=["orgs"])
def org_detail(request: HttpRequest, code: str):
    org = get_object_or_404(Org.objects.select_related("parent"), code=code, is_active=True)
    data = _org_out(org, org.parent.code if org.parent else None)
    for name in OrgDetailOut.model_fields:
        if name not in data:
            data[name] = getattr(org, name)
    return data


@api.get("/items/", response=ItemPage, summary="目录条目列表（仅主动公开）", tags=["items"])
def item_list(request: HttpRequest, filters: Query[ItemFilters]):
    org = get_object_or_404(Org, code=filters.org) if filters.org else None
    qs = (
        selectors.items_filtered(
            org=org,
            category_slug=filters.category or "",
            topic_slug=filters.topic or "",
            year=filters.year,
        )
        .select_related("org", "category", "topic")
        .order_by("-published_on", "-id")
    )
    size = max(1, min(filters.page_size, MAX_PAGE_SIZE))
    count = qs.count()
    pages = max(1, math.ceil(count / size))
    page = max(1, min(filters.page, pages))
    results = qs[(page - 1) * size : page * size]
    return {
        "count": count,
        "page": page,
        "pages": pages,
        "page_size": size,
        "results": [_item_out(i) for i in results],
    }


@api.get("/items/{pk}/", response=ItemDetailOut, summary="目录条目详情", tags=["items"])
def item_detail(request: HttpRequest, pk: int):
    item = selectors.item_for_page(pk)
    if item is None:
        raise Http404
    data = _item_out(item)
    data.update(
        genre=item.genre,
        keywords=item.keywords,
        summary=item.summary,
        body=item.body,
        disclosure_method=item.disclosure_method,
        disclosure_scope=item.disclosure_scope,
        validity=item.validity,
        valid_from=item.valid_from,
        valid_until=item.valid_until,
        view_count=item.view_count,
        attachments=[
            {
                "title": a.title,
                "filename": attachment_filename(
                    title=a.title, kind=a.kind, stored_name=a.file.name
                ),
                "kind": a.kind,
                "size": a.size,
                "url": reverse("portal:attachment", args=[item.pk, a.pk]),
            }
            for a in item.attachments.all()
        ],
        related=[i.pk for i in item.public_related],
        interprets=[i.pk for i in item.public_interprets],
        interpretations=[i.pk for i in item.public_interpretations],
    )
    return data
