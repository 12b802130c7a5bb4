"""Admin form for press conferences: host org and policy choices limited to the user's orgs."""

from __future__ import annotations

from gongkai.orgs.forms import OrgLimitedAdminForm


class PressConferenceForm(OrgLimitedAdminForm):
    org_field_name = "host_org"

    def limit_choices(self, *, org_ids):
        if "policies" in self.fields:
            # Any org's published policy may be explained (the city's conference explains the
            # departments' documents), but only published ones: a link must lead somewhere.
            self.fields["policies"].queryset = self.fields[
                "policies"
            ].queryset.model.objects.public()
