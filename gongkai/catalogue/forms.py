"""Admin forms for catalogue items: choices limited to what the editing user may act for."""

from __future__ import annotations

from django.db.models import Q

from gongkai.orgs.forms import OrgLimitedAdminForm


class CatalogueItemForm(OrgLimitedAdminForm):
    org_field_name = "org"

    def limit_choices(self, *, org_ids):
        if "category" in self.fields and org_ids is not None:
            self.fields["category"].queryset = self.fields["category"].queryset.filter(
                Q(org__in=org_ids) | Q(org__isnull=True)
            )
        for name in ("interprets", "related"):
            if name in self.fields and org_ids is not None:
                self.fields[name].queryset = self.fields[name].queryset.filter(org__in=org_ids)

    def clean(self):
        cleaned = super().clean()
        org, category = cleaned.get("org"), cleaned.get("category")
        if org and category and category.org_id not in (None, org.pk):
            self.add_error("category", "所选组配分类不属于该发布机构，请重新选择。")
        return cleaned
