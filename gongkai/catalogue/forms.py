"""Admin forms for catalogue items: choices limited to what the editing user may act for."""

from __future__ import annotations

from django.db.models import Q
from wagtail.admin.forms import WagtailAdminModelForm

from gongkai.orgs.models import Org
from gongkai.orgs.scoping import user_org, visible_org_ids


class CatalogueItemForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None:
            return
        ids = visible_org_ids(user)
        if "org" in self.fields:
            orgs = Org.objects.active() if ids is None else Org.objects.filter(pk__in=ids)
            self.fields["org"].queryset = orgs
            own = user_org(user)
            if not self.instance.pk and own is not None and not self.initial.get("org"):
                self.initial["org"] = own.pk
        if "category" in self.fields and ids is not None:
            self.fields["category"].queryset = self.fields["category"].queryset.filter(
                Q(org__in=ids) | Q(org__isnull=True)
            )
        for name in ("interprets", "related"):
            if name in self.fields and ids is not None:
                self.fields[name].queryset = self.fields[name].queryset.filter(org__in=ids)

    def clean(self):
        cleaned = super().clean()
        org, category = cleaned.get("org"), cleaned.get("category")
        if org and category and category.org_id not in (None, org.pk):
            self.add_error("category", "所选组配分类不属于该发布机构，请重新选择。")
        return cleaned
