"""Signals the catalogue sends, so the apps above it (review, search) can react without the
catalogue importing them."""

from __future__ import annotations

from django.dispatch import Signal

#: Sent with ``items=`` (saved CatalogueItem rows, live) and ``progress=`` (a callable or None)
#: by ``import_items`` for the rows it created published, batch by batch, inside its
#: transaction. Bulk-created rows send no ``post_save``: this is how they reach publication
#: (``gongkai.review.publication.items_published``: index, metadata, pre-check, delay, audit).
#: Receivers return a result with ``indexed``, ``attachments_cleaned`` and ``findings`` counts.
items_imported = Signal()
