"""What happens when the last step of the review workflow approves."""

from __future__ import annotations


def publish_after_signoff(workflow_state, user=None):
    """Publish the approved revision (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

    No role holds the publish permission, so that nobody can publish around the workflow;
    the workflow itself publishes, after ``review_act`` has checked that ``user`` is a
    signer of the item's org. Hence the permission check is skipped here, and only here.
    """
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
