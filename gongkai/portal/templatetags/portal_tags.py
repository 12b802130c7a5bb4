"""Template helpers shared by every portal page (and the search and calendar pages)."""

from __future__ import annotations

from django import template
from django.conf import settings

from gongkai.portal import selectors
from gongkai.portal.filters import human_size as _human_size

register = template.Library()


@register.simple_tag
def portal_site_name() -> str:
    return settings.WAGTAIL_SITE_NAME


@register.simple_tag
def portal_site_identifier() -> str:
    """网站标识码 (the national registry's site code), set by the operator."""
    return getattr(settings, "GONGKAI_SITE_IDENTIFIER", "")


@register.simple_tag
def portal_footer_org():
    return selectors.footer_org()


@register.filter
def ogi_column_title(org_name: str) -> str:
    """The org's 政府信息公开 column heading without "政府政府": 青山镇人民政府 → 青山镇人民政府信息公开,
    澜江市教育局 → 澜江市教育局政府信息公开."""
    return f"{org_name}信息公开" if org_name.endswith("政府") else f"{org_name}政府信息公开"


@register.filter
def human_size(size: int | None) -> str:
    return _human_size(int(size or 0))


@register.inclusion_tag("portal/_org_nav.html")
def org_nav(org_site, active: str = "") -> dict:
    """The org platform's column bar: 首页 · 指南 · 目录 · 年报 · 依申请公开 · 机构信息 · …"""
    base = org_site.url or ""
    links = [
        ("home", "首页", base),
        ("catalogue", "政府信息公开目录", base + "catalogue/"),
        ("reports", "政府信息公开年报", base + "reports/"),
        ("apply", "依申请公开", base + "apply/"),
    ]
    children = org_site.get_children().live()
    for child in children:
        links.insert(
            1 if child.slug == "guide" else len(links), (child.slug, child.title, child.url)
        )
    return {"links": links, "active": active, "org_site": org_site}
