"""The scheduled check of everything published, as an inspector would look at it.

For every public item: internal links that lead nowhere (to an item, attachment, page or
document that does not exist or is not public), attachments whose file is missing from storage,
personal data and secrecy markings found again with the review pre-check, words on the general
office's sensitive-word list, and policy documents (规章、行政规范性文件 in force) without a linked
interpretation (政策解读). Each finding goes to the item's org.

Idempotent and incremental in effect: a finding is identified by (item, kind, fingerprint), so
the next run updates ``last_seen`` instead of duplicating it, and an open finding the run no
longer sees is closed as fixed. Only masked values are stored.

The text inside attachments is not read again here: the pre-check reads it when an item is
submitted for review or published without review (an import), and its open findings on public
items are listed here (so personal data in an imported attachment reaches the general office).

Not checked (yet): links to other Wagtail page paths typed by hand (every path resolves to
Wagtail's catch-all; pages are checked when linked the rich-text way, ``linktype="page"``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from gongkai.catalogue.models import Attachment, CatalogueItem
from gongkai.pii.precheck import (
    BANK_CARD,
    ID_NUMBER,
    MOBILE,
    SECRECY_MARK,
    SENSITIVE_WORD,
    scan_text,
)
from gongkai.review.models import PrecheckFinding
from gongkai.review.services import sensitive_words

from .models import FindingKind, FindingStatus, SiteCheckFinding, SiteCheckRun

CHUNK = 2000

_KIND_FOR_PRECHECK = {
    ID_NUMBER: FindingKind.PERSONAL_DATA,
    MOBILE: FindingKind.PERSONAL_DATA,
    BANK_CARD: FindingKind.PERSONAL_DATA,
    SECRECY_MARK: FindingKind.SECRECY_MARK,
    SENSITIVE_WORD: FindingKind.SENSITIVE_WORD,
}
_PRECHECK_LABELS = {
    ID_NUMBER: "身份证号码",
    MOBILE: "手机号码",
    BANK_CARD: "银行卡号",
    SECRECY_MARK: "密级标志",
    SENSITIVE_WORD: "敏感词",
}
_FIELD_LABELS = {"title": "标题", "summary": "内容概述", "body": "正文"}

_HREF_RE = re.compile(r"""<a\b[^>]*>""", re.IGNORECASE)
_ATTR_RE = re.compile(r"""([a-zA-Z_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ITEM_PATH_RE = re.compile(r"^/xxgk/items/(\d+)/(?:attachments/(\d+)/)?(?:[?#].*)?$")


@dataclass(frozen=True)
class RawFinding:
    item_id: int
    org_id: int
    kind: str
    fingerprint: str
    detail: str


def _fp(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()


def links_in(body: str) -> list[dict[str, str]]:
    """The attributes of every ``<a>`` tag in rich text (pure)."""
    out = []
    for tag in _HREF_RE.findall(body or ""):
        attrs = {
            m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or "")
            for m in _ATTR_RE.finditer(tag)
        }
        out.append(attrs)
    return out


@dataclass
class _Known:
    public_items: set[int]
    public_attachments: set[tuple[int, int]]
    live_pages: set[int]
    documents: set[int]


def _known() -> _Known:
    from wagtail.documents import get_document_model
    from wagtail.models import Page

    public = set(CatalogueItem.objects.public().values_list("id", flat=True))
    attachments = {
        (item_id, att_id)
        for att_id, item_id in Attachment.objects.filter(item_id__in=public).values_list(
            "id", "item_id"
        )
    }
    return _Known(
        public_items=public,
        public_attachments=attachments,
        live_pages=set(Page.objects.live().values_list("id", flat=True)),
        documents=set(get_document_model().objects.values_list("id", flat=True)),
    )


def broken_links(body: str, known: _Known) -> list[tuple[str, str]]:
    """(fingerprint source, description) for every internal link in ``body`` that leads nowhere."""
    found = []
    for attrs in links_in(body):
        linktype = attrs.get("linktype", "")
        if linktype == "page":
            if not attrs.get("id", "").isdigit() or int(attrs["id"]) not in known.live_pages:
                found.append(
                    (
                        f"page:{attrs.get('id')}",
                        f"链接的页面（编号{attrs.get('id')}）不存在或未发布",
                    )
                )
            continue
        if linktype == "document":
            if not attrs.get("id", "").isdigit() or int(attrs["id"]) not in known.documents:
                found.append(
                    (f"doc:{attrs.get('id')}", f"链接的文档（编号{attrs.get('id')}）不存在")
                )
            continue
        href = attrs.get("href", "")
        m = _ITEM_PATH_RE.match(href)
        if not m:
            continue
        item_id = int(m.group(1))
        if m.group(2):
            if (item_id, int(m.group(2))) not in known.public_attachments:
                found.append((href, f"链接的附件不存在：{href}"))
        elif item_id not in known.public_items:
            found.append((href, f"链接的信息不存在或已撤回：{href}"))
    return found


def text_findings(
    *, item_id: int, org_id: int, fields: dict[str, str], words_re_words: Iterable[str]
) -> list[RawFinding]:
    out = []
    words = tuple(words_re_words)
    for name, value in fields.items():
        if not value:
            continue
        text = html.unescape(strip_tags(value)) if name == "body" else value
        for f in scan_text(text, sensitive_words=words):
            out.append(
                RawFinding(
                    item_id=item_id,
                    org_id=org_id,
                    kind=_KIND_FOR_PRECHECK[f.kind],
                    fingerprint=_fp(f.kind, f.value),
                    detail=f"{_FIELD_LABELS[name]}第{f.line}行：{_PRECHECK_LABELS[f.kind]} {f.masked}"[
                        :300
                    ],
                )
            )
    return out


def _missing_files(item_ids: Iterable[int]) -> list[tuple[int, int, str]]:
    """(item id, attachment id, title) of attachments whose stored file is gone."""
    missing = []
    for att in Attachment.objects.filter(item_id__in=list(item_ids)).only(
        "id", "item_id", "title", "file"
    ):
        name = att.file.name if att.file else ""
        if not name or not att.file.storage.exists(name):
            missing.append((att.item_id, att.pk, att.title))
    return missing


def _open_attachment_findings(org_of: dict[int, int]) -> list[RawFinding]:
    """Open pre-check findings in the attachments of these public items (item id -> org id)."""
    titles = dict(Attachment.objects.filter(item_id__in=list(org_of)).values_list("id", "title"))
    found = []
    for item_id, field, kind, masked, fingerprint in PrecheckFinding.objects.filter(
        item_id__in=list(org_of),
        resolution=PrecheckFinding.Resolution.OPEN,
        field__startswith="attachment:",
    ).values_list("item_id", "field", "kind", "masked_value", "fingerprint"):
        if kind not in _KIND_FOR_PRECHECK:
            continue
        attachment_id = field.partition(":")[2]
        title = titles.get(int(attachment_id), "") if attachment_id.isdigit() else ""
        found.append(
            RawFinding(
                item_id,
                org_of[item_id],
                _KIND_FOR_PRECHECK[kind],
                _fp("precheck", field, fingerprint),
                f"附件“{title}”：{_PRECHECK_LABELS[kind]} {masked}"[:300],
            )
        )
    return found


def site_check_scan(*, today: dt.date, sensitive_words: Iterable[str] = ()) -> list[RawFinding]:
    """Everything wrong with the published items today (no writes)."""
    words = tuple(sensitive_words)
    known = _known()
    with_interpretation = set(
        CatalogueItem.interprets.through.objects.filter(
            from_catalogueitem__in=CatalogueItem.objects.public()
        ).values_list("to_catalogueitem_id", flat=True)
    )
    found: list[RawFinding] = []
    qs = (
        CatalogueItem.objects.public()
        .order_by("id")
        .values_list("id", "org_id", "title", "summary", "body", "doc_type", "validity")
    )
    last_id = 0
    while True:
        chunk = list(qs.filter(id__gt=last_id)[:CHUNK])
        if not chunk:
            break
        last_id = chunk[-1][0]
        org_of = {row[0]: row[1] for row in chunk}
        for item_id, org_id, title, summary, body, doc_type, validity in chunk:
            for source, detail in broken_links(body, known):
                found.append(
                    RawFinding(
                        item_id, org_id, FindingKind.BROKEN_LINK, _fp("link", source), detail
                    )
                )
            found += text_findings(
                item_id=item_id,
                org_id=org_id,
                fields={"title": title, "summary": summary, "body": body},
                words_re_words=words,
            )
            if (
                doc_type in (CatalogueItem.DocType.REGULATION, CatalogueItem.DocType.NORMATIVE)
                and validity
                not in (CatalogueItem.Validity.REPEALED, CatalogueItem.Validity.EXPIRED)
                and item_id not in with_interpretation
            ):
                found.append(
                    RawFinding(
                        item_id,
                        org_id,
                        FindingKind.NO_INTERPRETATION,
                        _fp("interpretation"),
                        "政策文件未关联政策解读",
                    )
                )
        for item_id, att_id, title in _missing_files(org_of):
            found.append(
                RawFinding(
                    item_id,
                    org_of[item_id],
                    FindingKind.MISSING_ATTACHMENT,
                    _fp("attachment", att_id),
                    f"附件文件缺失：{title}"[:300],
                )
            )
        found += _open_attachment_findings(org_of)
    return found


def site_check_run(*, today: dt.date | None = None) -> SiteCheckRun:
    """Scan, then reconcile with the stored findings: new ones opened, seen ones touched, open
    ones no longer seen closed as fixed. Dismissed findings stay dismissed."""
    today = today or timezone.localdate()
    run = SiteCheckRun.objects.create(run_on=today)
    found = site_check_scan(today=today, sensitive_words=sensitive_words())
    by_key = {(f.item_id, f.kind, f.fingerprint): f for f in found}
    existing = {
        (item_id, kind, fp): (pk, status)
        for pk, item_id, kind, fp, status in SiteCheckFinding.objects.values_list(
            "id", "item_id", "kind", "fingerprint", "status"
        )
    }
    new = [
        SiteCheckFinding(
            org_id=f.org_id,
            item_id=f.item_id,
            kind=f.kind,
            fingerprint=f.fingerprint,
            detail=f.detail,
            first_seen=today,
            last_seen=today,
        )
        for key, f in by_key.items()
        if key not in existing
    ]
    seen_ids = [existing[key][0] for key in by_key if key in existing]
    reopened = [
        existing[key][0]
        for key in by_key
        if key in existing and existing[key][1] == FindingStatus.FIXED
    ]
    gone = [
        pk
        for key, (pk, status) in existing.items()
        if key not in by_key and status == FindingStatus.OPEN
    ]
    with transaction.atomic():
        SiteCheckFinding.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
        for start in range(0, len(seen_ids), 900):
            SiteCheckFinding.objects.filter(pk__in=seen_ids[start : start + 900]).update(
                last_seen=today
            )
        for start in range(0, len(reopened), 900):
            SiteCheckFinding.objects.filter(pk__in=reopened[start : start + 900]).update(
                status=FindingStatus.OPEN, resolved_on=None, resolved_by=None, note="复查再次发现"
            )
        for start in range(0, len(gone), 900):
            SiteCheckFinding.objects.filter(pk__in=gone[start : start + 900]).update(
                status=FindingStatus.FIXED, resolved_on=today, note="复查未再发现"
            )
        run.items_checked = CatalogueItem.objects.public().count()
        run.findings_new = len(new)
        run.findings_fixed = len(gone)
        run.findings_open = SiteCheckFinding.objects.filter(status=FindingStatus.OPEN).count()
        run.finished_at = timezone.now()
        run.save()
    return run
