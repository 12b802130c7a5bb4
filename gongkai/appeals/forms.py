"""Admin form for cases: org and application choices limited to what the user may see."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gongkai.orgs.forms import OrgLimitedAdminForm


class AppealForm(OrgLimitedAdminForm):
    org_field_name = "org"

    def limit_choices(self, *, org_ids):
        if "application" in self.fields and org_ids is not None:
            self.fields["application"].queryset = self.fields["application"].queryset.filter(
                org__in=org_ids
            )

    def clean(self):
        cleaned = super().clean()
        org, application = cleaned.get("org"), cleaned.get("application")
        if org and application and application.org_id != org.pk:
            self.add_error("application", _("所选申请不是该单位办理的。"))
        result, concluded_on = cleaned.get("result"), cleaned.get("concluded_on")
        if concluded_on and not result:
            self.add_error("result", _("有审结日期时请填写结果。"))
        filed_on = cleaned.get("filed_on")
        if filed_on and concluded_on and concluded_on < filed_on:
            self.add_error("concluded_on", _("审结日期早于立案日期。"))
        return cleaned
