"""The staff workspace in Wagtail's admin: queue, registration, detail with actions, letters,
ledger export and letter templates.

Every view resolves the application through ``selectors.application_get`` (404 for other orgs)
and every action checks ``selectors.can_handle`` (403) — on the server, whatever the page showed.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.orgs.models import Org
from gongkai.orgs.scoping import user_org, visible_org_ids
from gongkai.pii.masking import mask_address, mask_email, mask_id_number, mask_name, mask_phone
from gongkai.statute.outcomes import OUTCOME_ROW_LABELS

from . import forms as f
from . import services
from .ledger import ledger_rows, ledger_xlsx
from .letters import DEFAULT_TEMPLATES, VARIABLES
from .models import Application, LetterKind, LetterTemplate, ReplyState, ReplySubmission
from .selectors import (
    QUEUE_TABS,
    application_get,
    application_queue,
    can_handle,
    officers_for,
    queue_counts,
    reply_timeliness,
    sees_personal_data,
)

PAGE_SIZE = 50


def _require_view(user) -> None:
    if not user.has_perm("applications.view_application"):
        raise PermissionDenied


def _visible_orgs(user):
    ids = visible_org_ids(user)
    qs = Org.objects.active()
    return qs if ids is None else qs.filter(pk__in=ids)


def _org_filter(request) -> int | None:
    raw = request.GET.get("org")
    if not raw or not raw.isdigit():
        return None
    org_id = int(raw)
    if not _visible_orgs(request.user).filter(pk=org_id).exists():
        raise Http404
    return org_id


def queue(request):
    _require_view(request.user)
    tab = request.GET.get("tab", "open")
    if tab not in QUEUE_TABS:
        tab = "open"
    org_id = _org_filter(request)
    qs = application_queue(user=request.user, tab=tab, org_id=org_id)
    if q := request.GET.get("q", "").strip():
        qs = qs.filter(reference__icontains=q) | qs.filter(description__icontains=q)
    if request.GET.get("export") == "xlsx":
        data = ledger_xlsx(ledger_rows(qs[:100000]))
        response = HttpResponse(
            data,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="applications-{stamp}.xlsx"'
        return response
    try:
        page = max(int(request.GET.get("page", 1)), 1)
    except ValueError:
        page = 1
    rows = list(qs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    has_next = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    pending = set(
        ReplySubmission.objects.filter(
            application_id__in=[a.pk for a in rows], state=ReplyState.PENDING
        ).values_list("application_id", flat=True)
    )
    for app in rows:
        app.reply_pending = app.is_open and app.pk in pending
        app.masked_name = mask_name(app.applicant_display)
        app.masked_phone = mask_phone(app.phone)
    counts = queue_counts(user=request.user, org_id=org_id)
    return render(
        request,
        "applications/admin/queue.html",
        {
            "rows": rows,
            "tab": tab,
            "tabs": [(key, label, counts[key]) for key, label in QUEUE_TABS.items()],
            "orgs": _visible_orgs(request.user)
            if visible_org_ids(request.user) != {getattr(user_org(request.user), "pk", None)}
            else None,
            "org_id": org_id,
            "q": q,
            "page": page,
            "has_next": has_next,
            "today": timezone.localdate(),
            "can_register": request.user.has_perm("applications.add_application")
            and user_org(request.user) is not None,
        },
    )


def register(request):
    if not request.user.has_perm("applications.add_application"):
        raise PermissionDenied
    org = user_org(request.user)
    if org is None:
        raise PermissionDenied
    form = f.RegisterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        proofs = [data.pop("proof")] if data.get("proof") else []
        try:
            app = services.application_register(
                org=org,
                actor=request.user,
                channel=data.pop("channel"),
                arrived_on=data.pop("arrived_on"),
                note=data.pop("note", ""),
                data=data,
                proofs=proofs,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("已登记申请 %(ref)s。") % {"ref": app.reference})
            return redirect("applications_admin:detail", app.pk)
    return render(request, "applications/admin/register.html", {"form": form, "org": org})


def _personal(app: Application, full: bool) -> list[tuple[str, str]]:
    fields = [
        (_("申请人"), app.applicant_name, mask_name),
        (_("证件类型"), app.get_id_type_display(), str),
        (_("证件号码"), app.id_number, mask_id_number),
        (_("法人或其他组织名称"), app.organisation, str),
        (_("统一社会信用代码"), app.credit_code, str),
        (_("联系人"), app.contact_person, mask_name),
        (_("联系电话"), app.phone, mask_phone),
        (_("电子邮箱"), app.email, mask_email),
        (_("通信地址"), app.address, mask_address),
        (_("邮政编码"), app.postcode, str),
    ]
    return [(label, value if full else mask(value)) for label, value, mask in fields if value]


ACTIONS = {
    "assign": f.AssignForm,
    "correction": f.CorrectionRequestForm,
    "correction_received": f.CorrectionReceivedForm,
    "consult": f.ConsultationStartForm,
    "consult_end": f.ConsultationEndForm,
    "extend": f.ExtendForm,
    "fee": f.FeeNoticeForm,
    "payment": f.PaymentForm,
    "transfer": f.TransferForm,
    "reply": f.ReplySubmitForm,
    "release": f.ReleaseForm,
    "note": f.NoteForm,
    "publish": f.PublishForm,
}

ACTION_LABELS = {
    "assign": _("分配承办人"),
    "correction": _("告知补正"),
    "correction_received": _("登记收到补正"),
    "consult": _("征求意见"),
    "consult_end": _("征求意见结束"),
    "extend": _("延期答复"),
    "fee": _("收费通知"),
    "payment": _("登记缴费"),
    "transfer": _("转办"),
    "reply": _("答复送审"),
    "release": _("提供信息"),
    "note": _("备注"),
    "publish": _("转为主动公开（条例第四十四条）"),
    "archive": _("归档"),
}


def _available_actions(app: Application, user) -> list[str]:
    s = app.status
    actions = []
    if app.is_open:
        actions.append("assign")
        if s in ("received", "in_progress"):
            actions += ["correction", "consult", "fee"]
        if s == "awaiting_correction":
            actions.append("correction_received")
        if s == "in_consultation":
            actions += ["consult", "consult_end"]
        if s == "awaiting_fee":
            actions.append("payment")
        if not app.extended and s != "awaiting_correction" and services.can_approve_extension(user):
            actions.append("extend")
        # The reply goes out only after a signer approves it (reply_approve below); while
        # one waits, neither a second reply nor a transfer is offered (the services refuse).
        if not getattr(app, "pending_reply", None):
            actions += ["transfer", "reply"]
    if s in ("received", "in_progress", "in_consultation", "awaiting_fee", "concluded"):
        actions.append("release")
    if s in ("concluded", "transferred"):
        actions.append("archive")
    if app.published_item_id is None:
        actions.append("publish")
    actions.append("note")
    return actions


def _make_form(name: str, app: Application, data=None, files=None):
    cls = ACTIONS[name]
    auto_id = f"id_{name}_%s"  # several action forms share one page
    if name == "assign":
        return cls(data, officers=officers_for(app.org_id), auto_id=auto_id)
    if name == "publish":
        return cls(data, org=app.org, initial={"title": app.description[:100]}, auto_id=auto_id)
    if name == "transfer":
        return cls(data, files, org=app.org, auto_id=auto_id)
    if name == "reply":
        # After a return, the handler starts from the reply that was sent back.
        last = app.reply_submissions.filter(state=ReplyState.RETURNED).last()
        initial = (
            {
                "outcome": last.outcome,
                "legal_basis": last.legal_basis,
                "reply_summary": last.reply_summary,
            }
            if last
            else None
        )
        return cls(data, files, initial=initial, auto_id=auto_id)
    return cls(data, files, auto_id=auto_id)


def _with_pending_reply(app: Application) -> Application:
    app.pending_reply = (
        app.reply_submissions.filter(state=ReplyState.PENDING)
        .select_related("submitted_by")
        .first()
        if app.is_open
        else None
    )
    return app


def detail(request, pk: int):
    app = _with_pending_reply(application_get(user=request.user, pk=pk))
    handle = can_handle(request.user, app)
    pending = app.pending_reply
    may_decide = bool(pending and services.can_approve_reply(request.user, app))
    actions = _available_actions(app, request.user) if handle else []
    full = sees_personal_data(request.user, app)
    if full:
        services.application_personal_data_viewed(application=app, user=request.user)
    return render(
        request,
        "applications/admin/detail.html",
        {
            "app": app,
            "personal": _personal(app, full),
            "personal_masked": not full,
            "events": app.events.select_related("actor").order_by("on", "at", "id"),
            "letters": app.letters.all(),
            "released": app.released.all(),
            "proofs": app.proofs.all() if full else [],
            "can_handle": handle,
            "forms": [
                (name, ACTION_LABELS[name], _make_form(name, app))
                for name in actions
                if name != "archive"
            ],
            "can_archive": "archive" in actions,
            "pending_reply": pending,
            "pending_outcome_label": OUTCOME_ROW_LABELS.get(pending.outcome, "") if pending else "",
            "may_decide": may_decide,
            "own_submission": bool(pending and pending.submitted_by_id == request.user.pk),
            "decision_form": f.ReplyDecisionForm(
                auto_id="id_decide_%s",
                initial={"on": max(timezone.localdate(), app.receipt_date)},
            )
            if may_decide
            else None,
            "submissions": app.reply_submissions.select_related("submitted_by", "decided_by"),
            "outcome_label": OUTCOME_ROW_LABELS.get(app.outcome, ""),
            "timeliness": reply_timeliness(app),
        },
    )


def _split_refs(text: str) -> list[str]:
    return [r for r in re.split(r"[\s,，、;；]+", text or "") if r]


@require_POST
def action(request, pk: int, name: str):
    app = application_get(user=request.user, pk=pk)
    if not can_handle(request.user, app):
        raise PermissionDenied
    if name == "archive":
        try:
            services.application_archive(application=app, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("applications_admin:detail", app.pk)
    if name not in ACTIONS:
        raise Http404
    form = _make_form(name, app, request.POST, request.FILES)
    if not form.is_valid():
        messages.error(
            request,
            _("%(action)s：%(errors)s")
            % {
                "action": ACTION_LABELS[name],
                "errors": "；".join(
                    f"{form.fields[k].label if k in form.fields else ''}{' '.join(v)}"
                    for k, v in form.errors.items()
                ),
            },
        )
        return redirect("applications_admin:detail", app.pk)
    d = form.cleaned_data
    u = request.user
    try:
        match name:
            case "assign":
                services.application_assign(application=app, officer=d["officer"], actor=u)
            case "correction":
                services.application_request_correction(
                    application=app,
                    actor=u,
                    on=d["on"],
                    items=d["items"],
                    period_days=d["period_days"],
                )
            case "correction_received":
                services.application_receive_correction(
                    application=app, actor=u, on=d["on"], description=d["description"]
                )
            case "consult":
                services.application_start_consultation(
                    application=app, actor=u, on=d["on"], party=d["party"], kind=d["kind"]
                )
            case "consult_end":
                services.application_end_consultation(
                    application=app, actor=u, on=d["on"], kind=d["kind"], note=d["note"]
                )
            case "extend":
                services.application_extend(
                    application=app, actor=u, on=d["on"], days=d["days"], reason=d["reason"]
                )
            case "fee":
                services.application_send_fee_notice(
                    application=app,
                    actor=u,
                    on=d["on"],
                    method=d["method"],
                    quantity=d["quantity"],
                )
            case "payment":
                services.application_record_payment(application=app, actor=u, on=d["on"])
            case "transfer":
                services.application_transfer(
                    application=app, actor=u, on=d["on"], to_org=d["to_org"], note=d["note"]
                )
            case "reply":
                services.application_submit_reply(
                    application=app,
                    actor=u,
                    outcome=d["outcome"],
                    legal_basis=d["legal_basis"],
                    reply_summary=d["reply_summary"],
                )
            case "release":
                services.application_release_document(
                    application=app,
                    actor=u,
                    title=d["title"],
                    upload=d["file"],
                    on=d["on"],
                    pages=d["pages"],
                )
            case "note":
                services.application_add_note(application=app, actor=u, note=d["note"])
            case "publish":
                refs = _split_refs(d["others"])
                others = list(Application.objects.filter(org=app.org, reference__in=refs))
                missing = set(refs) - {o.reference for o in others}
                if missing:
                    raise services.ApplicationError(
                        _("本单位没有这些编号的申请：%(refs)s")
                        % {"refs": "、".join(sorted(missing))}
                    )
                item = services.application_publish_as_item(
                    applications=[app, *[o for o in others if o.pk != app.pk]],
                    actor=u,
                    title=d["title"],
                    category=d["category"],
                    summary=d["summary"],
                )
                messages.success(
                    request,
                    _("已在本单位目录中创建条目草稿（索引号 %(n)s），请提交审查。")
                    % {"n": item.index_number},
                )
    except ValidationError as exc:
        messages.error(request, f"{ACTION_LABELS[name]}：{' '.join(exc.messages)}")
    else:
        if name != "publish":
            messages.success(request, _("已完成：%(a)s") % {"a": ACTION_LABELS[name]})
    return redirect("applications_admin:detail", app.pk)


def _reply_decision(request, pk: int, submission_id: int):
    """The pending reply ``submission_id`` of an application the user may see, or 404; 403
    unless the user is a signer of the handling org. The id pins the reply the approver read:
    a reply returned and resubmitted meanwhile is not approved unseen."""
    app = application_get(user=request.user, pk=pk)
    submission = get_object_or_404(app.reply_submissions, pk=submission_id)
    if not services.can_approve_reply(request.user, app):
        raise PermissionDenied
    form = f.ReplyDecisionForm(request.POST)
    if submission.state != ReplyState.PENDING:
        messages.error(request, _("该答复已经审核，不能再次审核。"))
        return app, None
    if not form.is_valid():
        messages.error(
            request,
            "；".join(f"{form.fields[k].label}{' '.join(v)}" for k, v in form.errors.items()),
        )
        return app, None
    return app, form.cleaned_data


@require_POST
def reply_approve(request, pk: int, submission_id: int):
    app, data = _reply_decision(request, pk, submission_id)
    if data is not None:
        try:
            services.application_approve_reply(
                application=app, actor=request.user, opinion=data["opinion"], on=data["on"]
            )
        except ValidationError as exc:
            messages.error(request, _("审核通过：%(e)s") % {"e": " ".join(exc.messages)})
        else:
            messages.success(request, _("答复已审核通过，申请已办结，答复书已生成。"))
    return redirect("applications_admin:detail", app.pk)


@require_POST
def reply_return(request, pk: int, submission_id: int):
    app, data = _reply_decision(request, pk, submission_id)
    if data is not None:
        try:
            services.application_return_reply(
                application=app, actor=request.user, opinion=data["opinion"]
            )
        except ValidationError as exc:
            messages.error(request, _("退回修改：%(e)s") % {"e": " ".join(exc.messages)})
        else:
            messages.success(request, _("答复已退回承办人修改。"))
    return redirect("applications_admin:detail", app.pk)


def letter_download(request, pk: int, letter_id: int, fmt: str):
    app = application_get(user=request.user, pk=pk)
    letter = get_object_or_404(app.letters, pk=letter_id)
    field = {"pdf": letter.pdf, "docx": letter.docx}.get(fmt)
    if not field:
        raise Http404
    return FileResponse(
        field.open("rb"), as_attachment=True, filename=f"{letter.title}-{letter.number}.{fmt}"
    )


def proof_download(request, pk: int, proof_id: int):
    app = application_get(user=request.user, pk=pk)
    if not sees_personal_data(request.user, app):
        raise PermissionDenied
    proof = get_object_or_404(app.proofs, pk=proof_id)
    services.application_personal_data_viewed(application=app, user=request.user, proof=proof)
    return FileResponse(proof.file.open("rb"), content_type=proof.content_type)


def released_download(request, pk: int, doc_id: int):
    app = application_get(user=request.user, pk=pk)
    doc = get_object_or_404(app.released, pk=doc_id)
    return FileResponse(
        doc.file.open("rb"), as_attachment=True, filename=doc.file.name.rsplit("/", 1)[-1]
    )


def _template_org(request) -> Org:
    if not request.user.has_perm("applications.change_lettertemplate"):
        raise PermissionDenied
    org = user_org(request.user)
    if org is None:
        raise PermissionDenied
    return org


def templates_index(request):
    org = _template_org(request)
    own = {t.kind: t for t in LetterTemplate.objects.filter(org=org)}
    kinds = [(k, label, k in own) for k, label in LetterKind.choices]
    return render(request, "applications/admin/templates_index.html", {"org": org, "kinds": kinds})


def template_edit(request, kind: str):
    org = _template_org(request)
    if kind not in LetterKind.values:
        raise Http404
    instance = LetterTemplate.objects.filter(org=org, kind=kind).first()
    if instance is None:
        title, body = services.letter_template_for(org=org, kind=kind)
        instance = LetterTemplate(org=org, kind=kind, title=title, body=body)
    form = f.LetterTemplateForm(request.POST or None, instance=instance)
    if request.method == "POST":
        if request.POST.get("reset"):
            services.letter_template_reset(org=org, kind=kind, actor=request.user)
            messages.success(request, _("已恢复为默认模板。"))
            return redirect("applications_admin:templates")
        if form.is_valid():
            services.letter_template_save(template=form.save(commit=False), actor=request.user)
            messages.success(request, _("模板已保存。"))
            return redirect("applications_admin:templates")
    return render(
        request,
        "applications/admin/template_edit.html",
        {
            "form": form,
            "org": org,
            "kind_label": LetterKind(kind).label,
            "variables": VARIABLES,
            "default_title": DEFAULT_TEMPLATES[kind][0],
        },
    )
