"""Wire the review services to Wagtail's workflow and publishing signals and to the
catalogue import's ``items_imported``."""

from __future__ import annotations

from django.dispatch import receiver
from wagtail.signals import published, task_submitted

from gongkai.catalogue.models import CatalogueItem
from gongkai.catalogue.signals import items_imported

from .models import ReviewStep, ReviewTaskState
from .publication import Source, items_published
from .services import item_precheck


@receiver(task_submitted, sender=ReviewTaskState, dispatch_uid="review_precheck_on_submit")
def precheck_on_submit(sender, instance, user=None, **kwargs):
    """Each submission to confidentiality review is pre-checked, on the submitted revision."""
    if instance.task.specific.step != ReviewStep.REVIEW:
        return
    obj = instance.workflow_state.content_object
    if isinstance(obj, CatalogueItem):
        draft = obj.get_latest_revision_as_object()
        item_precheck(item=obj, text_source=draft, revision=instance.revision)


@receiver(published, sender=CatalogueItem, dispatch_uid="review_record_publication")
def record_publication(sender, instance, revision=None, **kwargs):
    """A revision went live: at sign-off, or at its go-live time (定时发布)."""
    source = Source.SCHEDULED if getattr(revision, "approved_go_live_at", None) else Source.SIGNOFF
    items_published(items=[instance], source=source, revisions={instance.pk: revision})


@receiver(items_imported, sender=CatalogueItem, dispatch_uid="review_publish_imported")
def publish_imported(sender, items, **kwargs):
    """Rows an import created live (items published before the platform existed)."""
    return items_published(items=items, source=Source.IMPORT)
