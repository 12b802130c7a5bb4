"""Admin form for cases: org and application choices limited to what the user may see."""

from __future__ import annotations

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from gongkai.orgs.models import Org
from gongkai.orgs.scoping import user_org, visible_org_ids


class AppealForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None:
            return
        ids = visible_org_ids(user)
        if "org" in self.fields:
            self.fields["org"].queryset = (
                Org.objects.active() if ids is None else Org.objects.filter(pk__in=ids)
            )
            own = user_org(user)
            if not self.instance.pk and own is not None and not self.initial.get("org"):
                self.initial["org"] = own.pk
        if "application" in self.fields and ids is not None:
            self.fields["application"].queryset = self.fields["application"].queryset.filter(
                org__in=ids
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
