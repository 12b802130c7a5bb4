"""Publication, change and withdrawal of items reach the index through the task worker.

Every save enqueues a re-index after the transaction commits; the task itself decides from
``CatalogueItem.objects.public()`` whether the item belongs in the index, so withdrawal, a change
of disclosure method and unpublishing are all the same event.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from gongkai.catalogue.models import Attachment, CatalogueItem, Topic
from gongkai.orgs.models import Org

from .models import SearchTerm


def _enqueue_index(item_id: int) -> None:
    from .tasks import search_index_item_task

    transaction.on_commit(lambda: search_index_item_task.enqueue(item_id))


def item_saved(sender, instance: CatalogueItem, raw: bool = False, **kwargs) -> None:
    if not raw:
        _enqueue_index(instance.pk)


def item_deleted(sender, instance: CatalogueItem, **kwargs) -> None:
    from .tasks import search_remove_item_task

    item_id = instance.pk
    transaction.on_commit(lambda: search_remove_item_task.enqueue(item_id))


def attachment_changed(sender, instance: Attachment, raw: bool = False, **kwargs) -> None:
    if not raw and instance.item_id:
        _enqueue_index(instance.item_id)


def name_before_save(sender, instance, raw: bool = False, **kwargs) -> None:
    """Remember the stored name, so that only a rename re-indexes the items (org and topic
    names are indexed with each item; see services.search_document_build)."""
    if not raw and instance.pk:
        instance._search_old_name = (
            sender._base_manager.filter(pk=instance.pk).values_list("name", flat=True).first()
        )


def name_after_save(sender, instance, created: bool = False, raw: bool = False, **kwargs) -> None:
    if raw or created or getattr(instance, "_search_old_name", instance.name) == instance.name:
        return
    from .tasks import search_reindex_items_of_task

    key = "org_id" if sender is Org else "topic_id"
    pk = instance.pk
    transaction.on_commit(lambda: search_reindex_items_of_task.enqueue(**{key: pk}))


def terms_changed(sender, **kwargs) -> None:
    from .services import search_segmenter_reset

    search_segmenter_reset()


def connect() -> None:
    post_save.connect(item_saved, sender=CatalogueItem, dispatch_uid="search_item_saved")
    post_delete.connect(item_deleted, sender=CatalogueItem, dispatch_uid="search_item_deleted")
    post_save.connect(attachment_changed, sender=Attachment, dispatch_uid="search_att_saved")
    post_delete.connect(attachment_changed, sender=Attachment, dispatch_uid="search_att_deleted")
    for model in (Org, Topic):
        uid = model._meta.label_lower
        pre_save.connect(name_before_save, sender=model, dispatch_uid=f"search_{uid}_pre")
        post_save.connect(name_after_save, sender=model, dispatch_uid=f"search_{uid}_post")
    post_save.connect(terms_changed, sender=SearchTerm, dispatch_uid="search_terms_saved")
    post_delete.connect(terms_changed, sender=SearchTerm, dispatch_uid="search_terms_deleted")
