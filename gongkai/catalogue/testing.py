"""Helpers for tests that build a city's own catalogue taxonomy."""

from __future__ import annotations

from .models import Category, Topic


def shipped_taxonomy_remove() -> None:
    """Remove the default classes and topics the data migration ships
    (``gongkai.catalogue.defaults``), as a general office that replaced them with its own would:
    for tests whose fixtures define the city's default classes and topics themselves."""
    Category.objects.filter(org__isnull=True, items__isnull=True).delete()
    Topic.objects.all().delete()
