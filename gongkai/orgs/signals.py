"""Signals the org register sends, so the apps above it can react without the register
importing them."""

from __future__ import annotations

from django.dispatch import Signal

#: Sent with ``org=`` when an org is registered or its register row is imported again (the
#: admin's 新增单位, ``import_orgs``), inside the transaction that wrote it. The portal answers by
#: giving the org what it needs to publish: its own catalogue classes and its site
#: (``gongkai.portal.services.org_publishing_ensure``). Receivers must be idempotent.
org_registered = Signal()
