"""Wire the review services to Wagtail's workflow and publishing signals."""

from __future__ import annotations

from django.dispatch import receiver
from wagtail.signals import published, task_submitted

from gongkai.catalogue.models import CatalogueItem

from .models import ReviewStep, ReviewTaskState
from .services import item_precheck, item_record_publication


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
    item_record_publication(item=instance, revision=revision)
