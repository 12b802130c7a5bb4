"""Admin form for press conferences: host org and policy choices limited to the user's orgs."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminModelForm

from gongkai.orgs.models import Org
from gongkai.orgs.scoping import user_org, visible_org_ids


class PressConferenceForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None:
            return
        ids = visible_org_ids(user)
        if "host_org" in self.fields:
            self.fields["host_org"].queryset = (
                Org.objects.active() if ids is None else Org.objects.filter(pk__in=ids)
            )
            own = user_org(user)
            if not self.instance.pk and own is not None and not self.initial.get("host_org"):
                self.initial["host_org"] = own.pk
        if "policies" in self.fields:
            # Any org's published policy may be explained (the city's conference explains the
            # departments' documents), but only published ones: a link must lead somewhere.
            self.fields["policies"].queryset = self.fields[
                "policies"
            ].queryset.model.objects.public()
