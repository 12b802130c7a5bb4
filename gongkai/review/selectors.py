"""Read-side queries of the review workflow: queues and the review record (送审单)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from wagtail.models import TaskState, WorkflowState

from gongkai.calendar.selectors import get_work_calendar

from .models import PrecheckFinding, ReviewStepTask


@dataclass
class QueueEntry:
    task_state: TaskState
    obj: object
    step: str
    waited_workdays: int
    waited_provisional: bool
    open_findings: int


def review_queue(*, user, today: date | None = None) -> list[QueueEntry]:
    """What waits for ``user``, oldest first, with the working days it has waited."""
    today = today or timezone.localdate()
    calendar = get_work_calendar()
    states = TaskState.objects.none()
    for task in ReviewStepTask.objects.filter(active=True):
        states = states | task.get_task_states_user_can_moderate(user)
    entries = []
    for state in states.select_related("workflow_state", "task").order_by("started_at", "pk"):
        obj = state.workflow_state.content_object
        if obj is None:
            continue
        waited = calendar.workdays_between(timezone.localdate(state.started_at), today)
        entries.append(
            QueueEntry(
                task_state=state,
                obj=obj,
                step=state.task.specific.get_step_display(),
                waited_workdays=max(waited.count, 0),
                waited_provisional=waited.provisional,
                open_findings=PrecheckFinding.objects.filter(
                    item_id=obj.pk, resolution=PrecheckFinding.Resolution.OPEN
                ).count()
                if hasattr(obj, "precheck_findings")
                else 0,
            )
        )
    return entries


def _step_label(task) -> str:
    return str(task.get_step_display()) if hasattr(task, "get_step_display") else task.name


@dataclass
class RecordStep:
    step: str
    status: str
    started_at: object
    finished_at: object
    finished_by: object
    opinion: str
    basis: str


def review_record(*, item) -> dict:
    """Everything the 送审单 of an item shows: findings, each step's decision, dates."""
    rounds = []
    for workflow_state in WorkflowState.objects.for_instance(item).order_by("created_at"):
        steps = []
        for state in (
            TaskState.objects.filter(workflow_state=workflow_state)
            .select_related("task", "finished_by")
            .order_by("started_at", "pk")
        ):
            specific = state.specific
            steps.append(
                RecordStep(
                    step=_step_label(state.task.specific),
                    status=state.get_status_display(),
                    started_at=state.started_at,
                    finished_at=state.finished_at,
                    finished_by=state.finished_by,
                    opinion=getattr(specific, "opinion", "") or state.comment,
                    basis=getattr(specific, "basis", ""),
                )
            )
        rounds.append(
            {
                "workflow_state": workflow_state,
                "requested_by": workflow_state.requested_by,
                "created_at": workflow_state.created_at,
                "status": workflow_state.get_status_display(),
                "steps": steps,
            }
        )
    return {
        "item": item,
        "findings": list(item.precheck_findings.select_related("resolved_by")),
        "rounds": rounds,
        "generated_at": timezone.now(),
    }
