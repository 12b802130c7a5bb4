"""Import commands for one org's records: ``import_x FILE --org CODE``."""

from __future__ import annotations

from django.core.management.base import CommandError

from gongkai.core.importing import TabularImportCommand

from .models import Org


class OrgImportCommand(TabularImportCommand):
    """``TabularImportCommand`` with ``--org CODE``, resolved to the Org (exit 2 if unknown)."""

    takes_org = True

    def org_for(self, code: str) -> Org:
        org = Org.objects.filter(code=code).first()
        if org is None:
            raise CommandError(self.unknown_org_message.format(code=code), returncode=2)
        return org
