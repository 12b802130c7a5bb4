"""The decision: a reply is submitted for approval (答复送审), approved or returned by the
org's signer (答复审核), and the application concluded with one of the 21 coded outcomes."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.orgs.models import Org
from gongkai.orgs.roles import ReviewStep, approvers_for, user_may_act
from gongkai.statute.outcomes import OUTCOME_KEYS, OUTCOME_ROW_LABELS

from ..models import (
    Application,
    EventKind,
    Letter,
    LetterKind,
    ReplyState,
    ReplySubmission,
    Status,
)
from ..selectors import can_handle
from .letters import letter_issue
from .timeline import (
    ApplicationError,
    _audit,
    _event,
    _iso,
    _pending_reply,
    _refresh,
    _transition,
)


@transaction.atomic
def application_conclude(
    *,
    application: Application,
    actor,
    on: dt.date,
    outcome: str,
    legal_basis: str,
    reply_summary: str = "",
    letter: bool = True,
) -> Letter | None:
    """Record the decision: exactly one of the 21 coded outcomes, with its legal basis.

    The staff workspace reaches this only through the approval of a submitted reply
    (``application_approve_reply``); imports, the demo and tests call it directly.
    """
    _check_decision(outcome, legal_basis)
    if _pending_reply(application) is not None:
        raise ApplicationError(_("该申请的答复正在审核中，须经审核通过后作出答复。"))
    _transition(
        application,
        EventKind.CONCLUDED,
        on=on,
        status=Status.CONCLUDED,
        actor=actor,
        note=OUTCOME_ROW_LABELS[outcome],
        data={"outcome": outcome},
        update={
            "outcome": outcome,
            "legal_basis": legal_basis,
            "reply_summary": reply_summary,
            "concluded_on": on,
        },
    )
    application = _refresh(application)
    issued = None
    if letter:
        issued = letter_issue(
            application=application, kind=LetterKind.REPLY, actor=actor, issued_on=on
        )
    _audit(
        application,
        "conclude",
        actor=actor,
        detail={
            "on": _iso(on),
            "outcome": outcome,
            "due_date": _iso(application.due_date),
            "letter": issued.number if issued else None,
        },
    )
    return issued


def _check_decision(outcome: str, legal_basis: str) -> None:
    if outcome not in OUTCOME_KEYS:
        raise ApplicationError(_("请选择办理结果。"))
    if not legal_basis.strip() and outcome != "granted":
        raise ApplicationError(_("请填写法律依据。"))


def reply_approvers(org: Org):
    """Who signs an org's replies: its own active 签发领导, as for the catalogue's sign-off.

    Unlike the catalogue, the general office does not stand in for an org without a signer:
    its supervisors read applications but never act on them.
    """
    return approvers_for(org, ReviewStep.SIGNOFF).filter(staff__org=org)


def can_approve_reply(user, application: Application) -> bool:
    """May ``user`` approve or return ``application``'s reply: the handling org's signer
    (``orgs.roles.user_may_act`` for the sign-off step) who may also act on the application."""
    return bool(
        user
        and getattr(user, "is_authenticated", False)
        and can_handle(user, application)
        and user_may_act(user, application.org_id, ReviewStep.SIGNOFF)
    )


def _decide_checks(application: Application, actor) -> tuple[Application, ReplySubmission]:
    if not can_approve_reply(actor, application):
        raise PermissionDenied(_("只有本单位的签发领导可以审核答复。"))
    application = Application.objects.select_for_update().get(pk=application.pk)
    submission = _pending_reply(application, lock=True)
    if submission is None or not application.is_open:
        raise ApplicationError(_("该申请没有待审核的答复。"))
    if submission.submitted_by_id == actor.pk:
        raise ApplicationError(
            _("不能审核自己送审的答复，请由本单位其他签发领导审核（四眼原则）。")
        )
    return application, submission


# How each decision on a submitted reply is recorded: event kind, audit action, default note.
_DECISIONS = {
    ReplyState.RETURNED: (EventKind.REPLY_RETURNED, "reply_return", ""),
    ReplyState.APPROVED: (EventKind.REPLY_APPROVED, "reply_approve", gettext_lazy("同意")),
}


def _decide(application, submission, *, state, actor, opinion: str, on: dt.date, **detail) -> None:
    """Record the approver's decision on the submission, its timeline event and audit record."""
    kind, action, default_note = _DECISIONS[state]
    submission.state = state
    submission.decided_by = actor
    submission.decided_at = timezone.now()
    submission.opinion = opinion
    submission.save()
    data = {"submission": submission.pk, "outcome": submission.outcome}
    _event(
        application,
        kind,
        on=on,
        actor=actor,
        note=opinion or str(default_note),
        data=data,
        public=False,
    )
    _audit(application, action, actor=actor, detail={**data, **detail, "on": _iso(on)})


@transaction.atomic
def application_submit_reply(
    *,
    application: Application,
    actor,
    outcome: str,
    legal_basis: str,
    reply_summary: str = "",
) -> ReplySubmission:
    """The handler submits the prepared reply for approval (答复送审).

    Nothing is decided yet: the outcome stays off the application and the reply date is set
    when the reply is approved. The statutory clock keeps running — approval is not a pause.
    """
    _check_decision(outcome, legal_basis)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.is_open:
        raise ApplicationError(
            _("申请当前状态为“%(status)s”，不能进行此操作。")
            % {"status": application.get_status_display()}
        )
    if _pending_reply(application) is not None:
        raise ApplicationError(_("该申请已有待审核的答复，请等待审核结果。"))
    if not reply_approvers(application.org).exclude(pk=getattr(actor, "pk", None)).exists():
        raise ApplicationError(
            _("本单位没有其他签发领导可以审核此答复，请单位管理员先为本单位指定签发领导。")
        )
    today = timezone.localdate()
    submission = ReplySubmission.objects.create(
        application=application,
        outcome=outcome,
        legal_basis=legal_basis,
        reply_summary=reply_summary,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
        submitted_on=today,
    )
    _event(
        application,
        EventKind.REPLY_SUBMITTED,
        on=today,
        actor=actor,
        note=_("拟答复：%(outcome)s") % {"outcome": OUTCOME_ROW_LABELS[outcome]},
        data={"submission": submission.pk, "outcome": outcome},
        public=False,
    )
    _audit(
        application,
        "reply_submit",
        actor=actor,
        detail={"submission": submission.pk, "outcome": outcome, "on": _iso(today)},
    )
    return submission


@transaction.atomic
def application_return_reply(*, application: Application, actor, opinion: str) -> ReplySubmission:
    """The approver sends the reply back for changes (退回修改) with a written opinion."""
    if not opinion.strip():
        raise ApplicationError(_("退回修改须写明审核意见。"))
    application, submission = _decide_checks(application, actor)
    # The opinion's text stays on the timeline (it may quote the applicant), as for notes.
    _decide(
        application,
        submission,
        state=ReplyState.RETURNED,
        actor=actor,
        opinion=opinion.strip(),
        on=timezone.localdate(),
    )
    return submission


@transaction.atomic
def application_approve_reply(
    *, application: Application, actor, opinion: str = "", on: dt.date | None = None
) -> Letter | None:
    """The approver signs the reply (审核通过); it is then concluded and the 答复书 issued.

    The reply date is the approval day unless ``on`` says otherwise: not in the future and not
    before the reply was submitted (the day the approval was actually given on paper, say) —
    nor before the day of receipt, which may follow a rest day's approval (Art. 31).
    """
    application, submission = _decide_checks(application, actor)
    # An application that arrived on a rest day counts as received on the next working day
    # (Art. 31); a reply given before then is dated that day.
    latest = max(timezone.localdate(), application.receipt_date)
    on = on or latest
    if on > latest:
        raise ApplicationError(_("答复日期不能晚于今天。"))
    if on < submission.submitted_on:
        raise ApplicationError(
            _("答复日期不能早于送审日期（%(day)s）。")
            % {"day": submission.submitted_on.isoformat()}
        )
    submission.reply_on = on
    _decide(
        application,
        submission,
        state=ReplyState.APPROVED,
        actor=actor,
        opinion=opinion.strip(),
        on=on,
        submitted_by=submission.submitted_by_id,
    )
    return application_conclude(
        application=application,
        actor=actor,
        on=on,
        outcome=submission.outcome,
        legal_basis=submission.legal_basis,
        reply_summary=submission.reply_summary,
    )
