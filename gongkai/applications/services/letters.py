"""Letters to the applicant: an org's templates, and issuing a letter as DOCX and PDF."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from gongkai.audit.services import audit_record
from gongkai.orgs.models import Org
from gongkai.statute.outcomes import OUTCOME_ROW_LABELS

from ..letters import DEFAULT_TEMPLATES, docx_bytes, format_cn_date, letter_render_text, pdf_bytes
from ..models import Application, EventKind, Letter, LetterTemplate
from .timeline import _event


@transaction.atomic
def letter_template_save(*, template, actor):
    """Save an org's own wording of a letter (``LetterTemplate``), with an audit record."""
    template.updated_by = actor
    template.save()
    audit_record(
        action="application.letter_template_save",
        obj=template,
        actor=actor,
        org_id=template.org_id,
        detail={"kind": template.kind},
    )
    return template


@transaction.atomic
def letter_template_reset(*, org: Org, kind: str, actor) -> None:
    """Drop an org's own wording of a letter: the default template applies again (audited)."""
    LetterTemplate.objects.filter(org=org, kind=kind).delete()
    audit_record(
        action="application.letter_template_reset",
        obj=org,
        actor=actor,
        org_id=org.pk,
        detail={"kind": kind},
    )


def letter_template_for(*, org: Org, kind: str) -> tuple[str, str]:
    """(title, body) of the template in force for ``org``: its own, else the platform's."""
    rows = {
        t.org_id: t
        for t in LetterTemplate.objects.filter(kind=kind).filter(Q(org=org) | Q(org__isnull=True))
    }
    chosen = rows.get(org.pk) or rows.get(None)
    if chosen:
        return chosen.title, chosen.body
    return DEFAULT_TEMPLATES[kind]


def letter_context(application: Application, issued_on: dt.date) -> dict[str, Any]:
    org = application.org
    return {
        "org_name": org.name,
        "ogi_office": org.ogi_office or org.name,
        "org_address": org.address,
        "org_phone": org.ogi_phone or org.phone,
        "reference": application.reference,
        "applicant": application.applicant_display or _("申请人"),
        "received_on": format_cn_date(application.receipt_date),
        "description": application.description,
        "issued_on": format_cn_date(issued_on),
        "due_date": format_cn_date(application.due_date),
        "outcome": OUTCOME_ROW_LABELS.get(application.outcome, ""),
        "legal_basis": application.legal_basis,
        "reply": application.reply_summary,
    }


def letter_issue(
    *,
    application: Application,
    kind: str,
    actor=None,
    issued_on: dt.date,
    extra: dict[str, Any] | None = None,
    with_pdf: bool = True,
) -> Letter:
    """Render the org's template for ``kind`` and store the letter as DOCX and PDF."""
    title, body = letter_template_for(org=application.org, kind=kind)
    serial = application.letters.count() + 1
    number = f"{application.reference}-{serial:02d}"
    context = letter_context(application, issued_on) | {"number": number} | (extra or {})
    rendered = letter_render_text(
        title=title,
        body=body,
        org_name=application.org.name,
        number=number,
        issued_on=issued_on,
        context=context,
    )
    letter = Letter(
        application=application,
        kind=kind,
        number=number,
        title=title,
        body=rendered.text,
        issued_on=issued_on,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    stem = f"{application.reference}-{serial:02d}"
    letter.docx.save(f"{stem}.docx", ContentFile(docx_bytes(rendered)), save=False)
    if with_pdf and getattr(settings, "GONGKAI_LETTER_PDF", True):
        letter.pdf.save(f"{stem}.pdf", ContentFile(pdf_bytes(rendered)), save=False)
    letter.save()
    _event(
        application,
        EventKind.LETTER_ISSUED,
        on=issued_on,
        actor=actor,
        note=f"{title}（{number}）",
        data={"letter": letter.pk, "kind": kind},
    )
    return letter
