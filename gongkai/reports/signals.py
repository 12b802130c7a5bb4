"""A report's catalogue item published by the review workflow marks the report published."""

from __future__ import annotations

from django.dispatch import receiver
from wagtail.signals import published

from gongkai.catalogue.models import CatalogueItem


@receiver(published, sender=CatalogueItem, dispatch_uid="reports_mark_published")
def mark_report_published(sender, instance, **kwargs):
    from .services import report_mark_published

    report_mark_published(item=instance)
