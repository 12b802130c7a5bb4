"""Admin forms for catalogue items: choices limited to what the editing user may act for."""

from __future__ import annotations

from gongkai.orgs.forms import OrgLimitedAdminForm

from .selectors import CATEGORY_NOT_OF_ORG, categories_for_orgs, category_belongs_to, category_label


class CatalogueItemForm(OrgLimitedAdminForm):
    org_field_name = "org"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("category")
        if field is not None:
            field.error_messages["invalid_choice"] = CATEGORY_NOT_OF_ORG
            if self.for_user is None:  # built outside the admin: every org's classes
                self._limit_categories(org_ids=None)

    def limit_choices(self, *, org_ids):
        self._limit_categories(org_ids=org_ids)
        for name in ("interprets", "related"):
            if name in self.fields and org_ids is not None:
                self.fields[name].queryset = self.fields[name].queryset.filter(org__in=org_ids)

    def _limit_categories(self, *, org_ids):
        field = self.fields.get("category")
        if field is None:
            return
        # Only the orgs' own classes (the defaults only for an org without any): the same
        # class name twice in the list would be two different classes.
        field.queryset = categories_for_orgs(org_ids)
        owners = {category.org_id for category in field.queryset}
        with_org = len(owners) > 1

        def label(category):
            return category_label(category, with_org=with_org)

        field.label_from_instance = label

    def clean(self):
        cleaned = super().clean()
        org, category = cleaned.get("org"), cleaned.get("category")
        if org and category and not category_belongs_to(category, org):
            self.add_error("category", CATEGORY_NOT_OF_ORG)
        return cleaned
