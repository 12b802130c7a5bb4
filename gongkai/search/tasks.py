"""Background tasks that keep the index in step with the catalogue."""

from __future__ import annotations

from django.tasks import task

from .services import search_index_items, search_reindex_items_of, search_remove_items


@task
def search_index_item_task(item_id: int) -> int:
    """Index the item if it is public, remove it from the index otherwise (idempotent)."""
    return search_index_items(item_ids=[item_id])


@task
def search_remove_item_task(item_id: int) -> None:
    search_remove_items(item_ids=[item_id])


@task
def search_reindex_items_of_task(org_id: int | None = None, topic_id: int | None = None) -> int:
    """After an org or topic is renamed: its name is part of every item's index row."""
    return search_reindex_items_of(org_id=org_id, topic_id=topic_id)
