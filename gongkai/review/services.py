"""Services of the review workflow: pre-check, resolving findings, acting on a step,
withdrawal and publication timeliness. Each writes an audit record."""

from __future__ import annotations

import hashlib
import html
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.models import TaskState

from gongkai.audit.services import audit_record
from gongkai.documents.extract import ExtractionError, extension_of, extract_chunks
from gongkai.documents.sanitize import SANITIZABLE_EXTENSIONS, strip_metadata
from gongkai.pii import precheck

from .models import (
    PrecheckFinding,
    ReviewStep,
    ReviewTaskState,
    SensitiveWord,
    org_id_of,
    user_may_act,
)

# Item fields whose text the pre-check reads, in the order a reviewer reads them.
TEXT_FIELDS = ("title", "doc_number", "keywords", "summary", "body")

ARTICLE_26_LIMIT_WORKDAYS = 20


def _fingerprint(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def sensitive_words() -> list[str]:
    return list(SensitiveWord.objects.values_list("word", flat=True))


def field_text(item, field: str) -> str:
    value = getattr(item, field, "") or ""
    if field == "body":
        # Scan what a reader sees: tags removed, block ends as line breaks, entities as the
        # characters they show (a number grouped with &nbsp; is a grouped number).
        value = re.sub(r"</(p|div|li|h\d|tr)>|<br\s*/?>", "\n", value)
        value = html.unescape(strip_tags(value))
    return value


def _as_stored(value: str) -> str:
    """How rich text stores ``value`` (the sanitiser writes &amp; &lt; &gt; and &nbsp;)."""
    return html.escape(value, quote=False).replace("\xa0", "&nbsp;")


def item_scan(item, text_source=None) -> list[tuple[str, precheck.Finding]]:
    """Pre-check the text fields of ``text_source`` (default: the item; a draft revision
    during review) and the item's attachments."""
    words = sensitive_words()
    found: list[tuple[str, precheck.Finding]] = []
    for field in TEXT_FIELDS:
        text = field_text(text_source or item, field)
        for finding in precheck.scan_text(text, sensitive_words=words):
            found.append((field, finding))
    for attachment in item.attachments.all():
        try:
            with attachment.file.open("rb") as handle:
                chunks = extract_chunks(handle.read(), attachment.file.name)
        except (ExtractionError, OSError, ValueError):
            continue  # images and OFD: nothing to read; the reviewer checks them by eye
        for finding in precheck.scan_chunks(chunks, sensitive_words=words):
            found.append((f"attachment:{attachment.pk}", finding))
    return found


def finding_unsaved(*, item, field: str, finding: precheck.Finding, revision=None):
    """The (unsaved) record of one pre-check finding: its masked value and fingerprint only."""
    return PrecheckFinding(
        item=item,
        revision=revision,
        kind=finding.kind,
        field=field,
        location=finding.location or "",
        line=finding.line,
        column=finding.column,
        masked_value=finding.masked[:100],
        fingerprint=_fingerprint(finding.value),
    )


@transaction.atomic
def item_precheck(*, item, text_source=None, revision=None) -> list[PrecheckFinding]:
    """Run the pre-check on a submission and record its findings.

    Findings already resolved for the same value and place in an earlier submission keep
    their resolution (a kept office phone number need not be argued again).
    """
    previous = {
        (f.field, f.fingerprint): f
        for f in item.precheck_findings.exclude(resolution=PrecheckFinding.Resolution.OPEN)
    }
    item.precheck_findings.filter(resolution=PrecheckFinding.Resolution.OPEN).delete()
    created = []
    for field, finding in item_scan(item, text_source):
        fp = _fingerprint(finding.value)
        earlier = previous.get((field, fp))
        if earlier is not None and earlier.resolution == PrecheckFinding.Resolution.KEPT:
            continue
        created.append(finding_unsaved(item=item, field=field, finding=finding, revision=revision))
    PrecheckFinding.objects.bulk_create(created)
    if created:
        audit_record(action="review.precheck_found", obj=item, detail={"count": len(created)})
    return created


def _require_reviewer(user, item) -> None:
    if not user_may_act(user, item.org_id, ReviewStep.REVIEW):
        raise PermissionDenied(_("只有本单位保密审查员可以处理预审发现。"))


@transaction.atomic
def finding_mask(*, finding: PrecheckFinding, user) -> None:
    """One-click masking: replace the value in the item's latest draft by its masked form."""
    # Lock and re-read the item: its latest revision may have moved since it was loaded.
    item = type(finding.item).objects.select_for_update().get(pk=finding.item_id)
    _require_reviewer(user, item)
    if finding.field.startswith("attachment:"):
        raise ValidationError(
            _("附件中的内容无法在线遮盖：请删除该附件并上传处理后的文件，或说明保留理由。")
        )
    draft = item.get_latest_revision_as_object()
    text = getattr(draft, finding.field) or ""
    replaced = 0
    for hit in precheck.scan_text(
        field_text(draft, finding.field), sensitive_words=sensitive_words()
    ):
        if _fingerprint(hit.value) != finding.fingerprint:
            continue
        for value, masked in (
            (hit.value, hit.masked),
            (_as_stored(hit.value), _as_stored(hit.masked)),
        ):
            if value in text:
                text = text.replace(value, masked)
                replaced += 1
                break
    if not replaced:
        raise ValidationError(_("未在当前稿件中找到该内容，可能已被修改；请重新预审。"))
    setattr(draft, finding.field, text)
    revision = draft.save_revision(user=user, log_action=True)
    # The reviewer approves what they see: the task in progress now reviews the masked
    # revision (otherwise Wagtail's re-approval rule would send it through review again).
    task_state = item.current_workflow_task_state
    if task_state is not None:
        task_state.revision = revision
        task_state.save(update_fields=["revision"])
    _resolve(finding, PrecheckFinding.Resolution.MASKED, user)
    # Write the masked text through to the row itself unless it is live with a different
    # published version (then the masked draft publishes when the workflow completes).
    if not item.live:
        type(item).objects.filter(pk=item.pk).update(**{finding.field: text})
    audit_record(
        action="review.finding_masked",
        obj=item,
        actor=user,
        detail={"finding": finding.pk, "kind": finding.kind, "revision": revision.pk},
    )


@transaction.atomic
def finding_keep(*, finding: PrecheckFinding, user, reason: str) -> None:
    _require_reviewer(user, finding.item)
    if not reason.strip():
        raise ValidationError(_("请写明保留理由。"))
    finding.reason = reason.strip()
    _resolve(finding, PrecheckFinding.Resolution.KEPT, user)
    audit_record(
        action="review.finding_kept", obj=finding.item, actor=user, detail={"finding": finding.pk}
    )


@transaction.atomic
def finding_mark_removed(*, finding: PrecheckFinding, user) -> None:
    """Mark a finding removed: only when a fresh scan no longer finds the value."""
    item = finding.item
    _require_reviewer(user, item)
    draft = item.get_latest_revision_as_object()
    still_there = any(
        field == finding.field and _fingerprint(hit.value) == finding.fingerprint
        for field, hit in item_scan(item, draft)
    )
    if still_there:
        raise ValidationError(_("该内容仍在稿件中：请先编辑删除，或使用“一键遮盖”。"))
    _resolve(finding, PrecheckFinding.Resolution.REMOVED, user)
    audit_record(
        action="review.finding_removed", obj=item, actor=user, detail={"finding": finding.pk}
    )


def _resolve(finding: PrecheckFinding, resolution: str, user) -> None:
    finding.resolution = resolution
    finding.resolved_by = user
    finding.resolved_at = timezone.now()
    finding.save(update_fields=["resolution", "reason", "resolved_by", "resolved_at"])


@transaction.atomic
def review_act(*, task_state: ReviewTaskState, user, action: str, opinion: str, basis: str):
    """Approve or reject one step, recording the opinion and basis. Refused on the server
    when the user may not act for the item's org, or when pre-check findings are open."""
    task = task_state.task.specific
    obj = task_state.workflow_state.content_object
    org_id = org_id_of(obj)
    if not user_may_act(user, org_id, task.step):
        raise PermissionDenied(_("您不是该单位此环节的办理人。"))
    if task_state.status != TaskState.STATUS_IN_PROGRESS:
        raise PermissionDenied(_("该环节已经办理。"))
    if action == "approve" and task.step == ReviewStep.REVIEW:
        from .models import open_findings_for

        if open_findings_for(obj).exists():
            raise PermissionDenied(_("仍有未处理的预审发现：请先逐条遮盖、删除或说明保留理由。"))
    if action not in ("approve", "reject"):
        raise PermissionDenied(_("未知操作：%(action)s") % {"action": action})
    if action == "approve":
        _bind_to_latest_revision(task_state, obj, task.step)
    task_state.opinion = opinion
    task_state.basis = basis
    task_state.save(update_fields=["opinion", "basis", "revision"])
    if action == "approve":
        task_state.approve(user=user, comment=opinion)
    else:
        task_state.reject(user=user, comment=opinion)
    audit_record(
        action=f"review.{task.step}.{action}",
        obj=obj,
        actor=user,
        org_id=org_id,
        detail={"opinion": opinion, "basis": basis, "task_state": task_state.pk},
    )
    return None


def revision_substance(revision) -> dict:
    """What a reader would see of a revision: its editable fields and child objects.

    Wagtail's edit view saves a revision on every submit, also when an approver only
    approves; bookkeeping fields (live, locks, revision pointers) differ between those.
    """
    model = revision.content_type.model_class() if revision.content_type_id else None
    content = revision.content or {}
    if model is None:
        return content
    keys = {
        field.name
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False) and getattr(field, "editable", False)
    } | {rel.get_accessor_name() for rel in model._meta.related_objects if rel.one_to_many}
    keys -= {"id", "pk"}
    return {key: content.get(key) for key in sorted(keys) if key in content}


def _bind_to_latest_revision(task_state, obj, step: str) -> None:
    """Make the approval apply to the revision the approver actually saw and submitted.

    Under WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT an approval counts only for the latest
    revision. Approving from the edit view saves a revision first, so:
    - unchanged content: this approval and the round's earlier approvals move to it;
    - changed by the reviewer at the review step: the reviewer approves their own edit;
    - changed at the sign-off step: left alone, so the workflow returns to confidentiality
      review — what a signer changes must be reviewed again (一事一审).
    """
    latest = obj.get_latest_revision()
    current = task_state.revision
    if latest is None or current is None or latest.pk == current.pk:
        return
    if revision_substance(latest) == revision_substance(current):
        # Same substance: earlier approvals in this round apply to it unchanged.
        TaskState.objects.filter(
            workflow_state=task_state.workflow_state,
            status=TaskState.STATUS_APPROVED,
            revision=current,
        ).update(revision=latest)
        task_state.revision = latest
    elif step == ReviewStep.REVIEW:
        task_state.revision = latest


@transaction.atomic
def item_withdraw(*, item, user, reason: str) -> None:
    """撤回: take an item off the portal, leaving a public notice; the 索引号 stays reserved."""
    if not reason.strip():
        raise ValidationError(_("请写明撤回原因，它将在原页面公开显示。"))
    if not (user_may_act(user, item.org_id, ReviewStep.SIGNOFF)):
        raise PermissionDenied(_("只有本单位签发领导可以撤回已发布的条目。"))
    if item.withdrawn_at is not None:
        raise ValidationError(_("该条目已经撤回。"))
    type(item).objects.filter(pk=item.pk).update(
        withdrawn_at=timezone.now(), withdrawal_reason=reason.strip()
    )
    audit_record(action="catalogue.withdraw", obj=item, actor=user, detail={"reason": reason})


def attachments_strip_metadata(*, item) -> int:
    """Remove hidden metadata (authors, company, comments, tracked changes) from the item's
    DOCX, XLSX and PDF attachments, in place. Returns how many files changed."""
    changed = 0
    for attachment in item.attachments.all():
        name = attachment.file.name
        if extension_of(name) not in SANITIZABLE_EXTENSIONS - {".txt", ".text", ".md", ".csv"}:
            continue
        try:
            with attachment.file.open("rb") as handle:
                original = handle.read()
            cleaned = strip_metadata(original, name)
        except (ExtractionError, OSError, ValueError):
            continue  # unreadable: left for the reviewer, who saw the pre-check warning
        if cleaned == original:
            continue
        storage = attachment.file.storage
        storage.delete(name)
        attachment.file.save(name.rsplit("/", 1)[-1], ContentFile(cleaned), save=False)
        attachment.size = len(cleaned)
        attachment.sha256 = hashlib.sha256(cleaned).hexdigest()
        # No save(): its signal would queue one more re-index per file, and publication
        # (review.publication.items_published) indexes the item right after this anyway.
        type(attachment).objects.filter(pk=attachment.pk).update(
            file=attachment.file.name, size=attachment.size, sha256=attachment.sha256
        )
        changed += 1
    if changed:
        audit_record(action="catalogue.attachments_cleaned", obj=item, detail={"files": changed})
    return changed
