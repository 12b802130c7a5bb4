"""Read-side helpers of the catalogue: which classes (组配分类) an org's items go under."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.models import Org

from .models import Category

# Shown when the class chosen for an item is not one of its org's classes.
CATEGORY_NOT_OF_ORG = _("所选组配分类不属于该发布机构，请从本单位的组配分类中选择。")


def categories_for_orgs(org_ids: Iterable[int] | None) -> QuerySet[Category]:
    """The classes items of these orgs may be filed under (``None``: every org).

    Each org's own classes; the shared defaults (org = NULL) only for an org that has none of
    its own. That is exactly what the portal lists as an org's columns
    (``portal.selectors.org_categories``): an item filed under a default twin of an own class
    would be published but missing from its org's column and from supervision.
    """
    ids = set(Org.objects.values_list("pk", flat=True) if org_ids is None else org_ids)
    with_own = set(Category.objects.filter(org__in=ids).values_list("org_id", flat=True))
    q = Q(org__in=with_own)
    if ids - with_own:
        q |= Q(org__isnull=True)
    return Category.objects.filter(q).select_related("org").order_by("org_id", "sort_order", "id")


def category_belongs_to(category: Category, org: Org) -> bool:
    """May an item of ``org`` be filed under ``category``? (See ``categories_for_orgs``.)"""
    if category.org_id is not None:
        return category.org_id == org.pk
    return not Category.objects.filter(org=org).exists()


def category_label(category: Category, *, with_org: bool) -> str:
    """The class's name, followed by its org's name when classes of several orgs are listed."""
    if not with_org:
        return category.name
    owner = category.org.name if category.org_id else _("通用")
    return f"{category.name}（{owner}）"
