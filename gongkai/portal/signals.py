"""The portal's answers to signals from the apps below it."""

from __future__ import annotations

from django.dispatch import receiver

from gongkai.orgs.models import Org
from gongkai.orgs.signals import org_registered

from .services import org_publishing_ensure


@receiver(org_registered, sender=Org, dispatch_uid="portal_org_publishing_ensure")
def org_registered_publishing(sender, org: Org, **kwargs) -> None:
    org_publishing_ensure(org=org)
