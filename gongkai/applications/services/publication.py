"""Art. 44: information several applicants asked for becomes a proactive catalogue item."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.catalogue.models import CatalogueItem
from gongkai.catalogue.selectors import CATEGORY_NOT_OF_ORG, category_belongs_to

from ..models import Application, EventKind
from .timeline import ApplicationError, _audit, _event


@transaction.atomic
def application_publish_as_item(
    *,
    applications: Sequence[Application],
    actor,
    title: str,
    category,
    summary: str = "",
    body: str = "",
    formed_on: dt.date | None = None,
):
    """Art. 44: information several applicants asked for becomes a proactive catalogue item.

    Creates a *draft* item in the org's catalogue — it still goes through the confidentiality
    review and sign-off like any other item — and links it from every application.
    """
    applications = list(applications)
    if not applications:
        raise ApplicationError(_("请至少选择一件申请。"))
    org_ids = {a.org_id for a in applications}
    if len(org_ids) != 1:
        raise ApplicationError(_("只能把同一单位的申请转为主动公开。"))
    org = applications[0].org
    if not category_belongs_to(category, org):  # the same rule as the item form's
        raise ApplicationError(CATEGORY_NOT_OF_ORG)
    item = CatalogueItem(
        org=org,
        title=title,
        category=category,
        formed_on=formed_on or timezone.localdate(),
        summary=summary,
        body=body,
        live=False,
        disclosure_method=CatalogueItem.DisclosureMethod.PROACTIVE,
    )
    item.save()
    if hasattr(item, "save_revision"):
        item.save_revision(user=actor if getattr(actor, "is_authenticated", False) else None)
    refs = []
    for application in applications:
        application.published_item = item
        application.save(update_fields=["published_item", "updated_at"])
        refs.append(application.reference)
        _event(
            application,
            EventKind.PUBLISHED_AS_ITEM,
            on=timezone.localdate(),
            actor=actor,
            note=_("已转为主动公开（目录条目草稿，索引号 %(n)s，待审查发布）")
            % {"n": item.index_number},
            data={"item": item.pk},
        )
        _audit(
            application,
            "publish_as_item",
            actor=actor,
            detail={"item": item.pk, "index_number": item.index_number},
        )
    return item
