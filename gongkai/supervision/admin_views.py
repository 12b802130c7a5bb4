"""Wagtail admin views: the supervision dashboard, one org's page, the scoreboard (with XLSX
export and charts), site-check findings, rectification notices and visit statistics.

Everything is scoped by ``visible_org_ids``: the general office sees every org, org staff see
their own org (an org administrator of a government also the orgs below it).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from gongkai.core.tabular import write_xlsx
from gongkai.orgs.models import Org
from gongkai.orgs.scoping import can_see_org, visible_org_ids

from . import charts, selectors, services
from .mailbox_bridge import mailbox_figures_for
from .models import (
    FindingKind,
    FindingStatus,
    NoticeStatus,
    RectificationNotice,
    SiteCheckFinding,
)
from .rules import PeriodKind, period_containing, period_parse
from .scoreboard import scoreboard_compute, scoreboard_save, scoreboard_trend


def _today(request: HttpRequest) -> dt.date:
    """Today, or the ``as_of`` date the general office asks about (to see a past state)."""
    raw = request.GET.get("as_of", "")
    try:
        return dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def _period(request: HttpRequest, today: dt.date, default_kind: str = PeriodKind.QUARTER):
    try:
        return period_parse(request.GET.get("period", ""))
    except ValueError:
        return period_containing(default_kind, today)


# --- Dashboard --------------------------------------------------------------------------------


def dashboard(request: HttpRequest) -> HttpResponse:
    today = _today(request)
    ids = visible_org_ids(request.user)
    report = selectors.column_report(today=today, org_ids=ids)
    if ids is not None and len(report) == 1:
        return redirect(reverse("supervision_org", args=[report[0].org.pk]))
    failing_first = sorted(report, key=lambda r: (r.verdict.passes, -len(r.stale) - len(r.blank)))
    totals = selectors.site_wide(report)
    chart = charts.bar_chart_svg(
        title=_("各单位未按期更新和空白栏目数"),
        labels=[r.org.display_name for r in failing_first[:20]],
        values=[len(r.stale) + len(r.blank) for r in failing_first[:20]],
        unit=_("个"),
        highlight=[not r.verdict.passes for r in failing_first[:20]],
    )
    return render(
        request,
        "supervision/admin/dashboard.html",
        {
            "page_title": _("督查概览"),
            "today": today,
            "report": failing_first,
            "totals": totals,
            "chart": mark_safe(chart),
            # The portal's key columns belong to no org: only the general office sees them.
            "topic_columns": selectors.portal_topic_columns(today=today) if ids is None else [],
            "pending_notices": selectors.pending_notices_count(org_ids=ids),
            "open_findings": selectors.findings_for(org_ids=ids, status=FindingStatus.OPEN).count(),
        },
    )


def org_detail(request: HttpRequest, org_id: int) -> HttpResponse:
    org = get_object_or_404(Org, pk=org_id)
    if not can_see_org(request.user, org.pk):
        raise PermissionDenied
    today = _today(request)
    period = _period(request, today)
    columns = selectors.column_report(today=today, org_ids={org.pk})[0]
    timeliness = selectors.timeliness_by_org(
        start=period.start, end=period.end, today=today, org_ids={org.pk}
    ).get(org.pk, selectors.Timeliness())
    return render(
        request,
        "supervision/admin/org.html",
        {
            "page_title": org.name,
            "org": org,
            "today": today,
            "period": period,
            "columns": columns,
            "timeliness": timeliness,
            "mailbox": mailbox_figures_for(start=period.start, end=period.end, org=org),
            "late_items": selectors.late_items(org_id=org.pk, start=period.start, end=period.end),
            "overdue": selectors.overdue_applications(org_id=org.pk, today=today),
            "findings": selectors.findings_for(org_ids={org.pk}, status=FindingStatus.OPEN)[:50],
            "notices": selectors.notices_for(org_ids={org.pk})[:20],
            "may_supervise": services.may_supervise(request.user),
        },
    )


# --- Scoreboard -------------------------------------------------------------------------------


def scoreboard(request: HttpRequest) -> HttpResponse:
    if not services.may_supervise(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    period = _period(request, today)
    board = scoreboard_compute(period=period, today=today)
    scoreboard_save(board=board)
    labels = [line.label for line in board.rows[0].result.lines] if board.rows else []
    if request.GET.get("format") == "xlsx":
        headers = [_("排名"), _("单位"), _("总分"), *labels]
        rows = [
            [
                r.rank,
                r.org.name,
                float(r.result.total),
                *[float(line.score) for line in r.result.lines],
            ]
            for r in board.rows
        ]
        data = write_xlsx(headers, rows, sheet_title=period.label)
        response = HttpResponse(
            data,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="scoreboard-{period.key}.xlsx"'
        return response
    top = board.rows[:6]
    periods, series = scoreboard_trend(kind=period.kind, until=period.end, today=today)
    trend = charts.line_chart_svg(
        title=_("得分趋势（前六名单位）"),
        x_labels=[p.key for p in periods],
        series={
            r.org.display_name: [
                float(v) if v is not None else None for v in series.get(r.org.pk, [])
            ]
            for r in top
        },
        y_max=float(board.rows[0].result.maximum) if board.rows else 100,
    )
    distribution = charts.histogram_svg(
        title=_("各单位得分分布"),
        bins=charts.score_bands([float(r.result.total) for r in board.rows]),
    )
    return render(
        request,
        "supervision/admin/scoreboard.html",
        {
            "page_title": _("考核排名"),
            "board": board,
            "labels": labels,
            "period": period,
            "previous": period.previous(),
            "kinds": [
                (period_containing(k, today).key, label)
                for k, label in (
                    (PeriodKind.MONTH, _("本月")),
                    (PeriodKind.QUARTER, _("本季度")),
                    (PeriodKind.YEAR, _("本年度")),
                )
            ],
            "trend": mark_safe(trend),
            "trend_periods": periods,
            "trend_rows": [(r, series.get(r.org.pk, [])) for r in top],
            "distribution": mark_safe(distribution),
        },
    )


# --- Findings ---------------------------------------------------------------------------------


def findings(request: HttpRequest) -> HttpResponse:
    ids = visible_org_ids(request.user)
    org_id = request.GET.get("org", "")
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", FindingStatus.OPEN)
    qs = selectors.findings_for(
        org_ids=ids,
        org_id=int(org_id) if org_id.isdigit() else None,
        kind=kind if kind in FindingKind.values else "",
        status=status if status in FindingStatus.values else "",
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    orgs = Org.objects.active() if ids is None else Org.objects.filter(pk__in=ids)
    return render(
        request,
        "supervision/admin/findings.html",
        {
            "page_title": _("网站检查问题"),
            "page_obj": page,
            "orgs": orgs,
            "kinds": FindingKind.choices,
            "statuses": FindingStatus.choices,
            "selected": {"org": org_id, "kind": kind, "status": status},
            "may_supervise": services.may_supervise(request.user),
        },
    )


def finding_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        raise Http404
    finding = get_object_or_404(SiteCheckFinding, pk=pk)
    if not can_see_org(request.user, finding.org_id):
        raise PermissionDenied
    services.finding_resolve(
        finding=finding,
        status=request.POST.get("status", ""),
        actor=request.user,
        note=request.POST.get("note", ""),
    )
    messages.success(request, _("已更新问题状态。"))
    return redirect(request.POST.get("next") or reverse("supervision_findings"))


# --- Rectification notices --------------------------------------------------------------------


class NoticeIssueForm(forms.Form):
    org = forms.ModelChoiceField(label=_("整改单位"), queryset=Org.objects.active())
    title = forms.CharField(label=_("标题"), max_length=200)
    requirement = forms.CharField(label=_("整改要求"), widget=forms.Textarea(attrs={"rows": 5}))
    due_date = forms.DateField(label=_("整改期限"), widget=forms.DateInput(attrs={"type": "date"}))
    findings = forms.ModelMultipleChoiceField(
        label=_("相关问题"),
        queryset=SiteCheckFinding.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, org: Org | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        org_id = self.data.get("org") or (org.pk if org else None)
        if org_id:
            self.fields["findings"].queryset = SiteCheckFinding.objects.filter(
                org_id=org_id, status=FindingStatus.OPEN
            )


class NoticeRespondForm(forms.Form):
    response = forms.CharField(label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 5}))
    attachment = forms.FileField(label=_("整改材料"), required=False)


class NoticeReviewForm(forms.Form):
    note = forms.CharField(
        label=_("核验意见"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


def notices(request: HttpRequest) -> HttpResponse:
    ids = visible_org_ids(request.user)
    status = request.GET.get("status", "")
    qs = selectors.notices_for(org_ids=ids, status=status if status in NoticeStatus.values else "")
    return render(
        request,
        "supervision/admin/notices.html",
        {
            "page_title": _("整改通知"),
            "page_obj": Paginator(qs, 50).get_page(request.GET.get("page")),
            "statuses": NoticeStatus.choices,
            "status": status,
            "may_supervise": services.may_supervise(request.user),
        },
    )


def notice_issue(request: HttpRequest) -> HttpResponse:
    if not services.may_supervise(request.user):
        raise PermissionDenied
    org = Org.objects.filter(pk=request.GET.get("org") or 0).first()
    if request.method == "POST":
        form = NoticeIssueForm(request.POST, org=org)
        if form.is_valid():
            try:
                notice = services.rectification_issue(
                    org=form.cleaned_data["org"],
                    title=form.cleaned_data["title"],
                    requirement=form.cleaned_data["requirement"],
                    due_date=form.cleaned_data["due_date"],
                    findings=form.cleaned_data["findings"],
                    actor=request.user,
                )
            except services.RectificationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("整改通知已下发。"))
                return redirect(reverse("supervision_notice", args=[notice.pk]))
    else:
        initial = {"due_date": timezone.localdate() + dt.timedelta(days=15)}
        if org is not None:
            initial |= {"org": org, "title": f"关于{org.name}政务公开问题的整改通知"}
            initial["findings"] = list(
                SiteCheckFinding.objects.filter(org=org, status=FindingStatus.OPEN).values_list(
                    "pk", flat=True
                )[:20]
            )
        form = NoticeIssueForm(initial=initial, org=org)
    return render(
        request,
        "supervision/admin/notice_issue.html",
        {"page_title": _("下发整改通知"), "form": form},
    )


def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(RectificationNotice.objects.select_related("org"), pk=pk)
    if not can_see_org(request.user, notice.org_id):
        raise PermissionDenied
    respond_form = NoticeRespondForm()
    review_form = NoticeReviewForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "respond":
                respond_form = NoticeRespondForm(request.POST, request.FILES)
                if respond_form.is_valid():
                    upload = respond_form.cleaned_data.get("attachment")
                    services.rectification_respond(
                        notice=notice,
                        response=respond_form.cleaned_data["response"],
                        actor=request.user,
                        files=[upload] if upload else [],
                    )
                    messages.success(request, _("整改情况已反馈。"))
                    return redirect(reverse("supervision_notice", args=[notice.pk]))
            elif action in ("verify", "send_back"):
                review_form = NoticeReviewForm(request.POST)
                if review_form.is_valid():
                    note = review_form.cleaned_data["note"]
                    if action == "verify":
                        services.rectification_verify(notice=notice, actor=request.user, note=note)
                        messages.success(request, _("已核验通过。"))
                    else:
                        services.rectification_send_back(
                            notice=notice, actor=request.user, note=note
                        )
                        messages.success(request, _("已退回重新整改。"))
                    return redirect(reverse("supervision_notice", args=[notice.pk]))
        except services.RectificationError as exc:
            messages.error(request, str(exc))
    return render(
        request,
        "supervision/admin/notice_detail.html",
        {
            "page_title": notice.title,
            "notice": notice,
            "events": notice.events.select_related("actor"),
            "findings": notice.findings.select_related("item"),
            "attachments": notice.attachments.all(),
            "may_respond": services.may_respond(request.user, notice)
            and notice.status in (NoticeStatus.ISSUED, NoticeStatus.SENT_BACK),
            "may_review": services.may_supervise(request.user)
            and notice.status == NoticeStatus.RESPONDED,
            "respond_form": respond_form,
            "review_form": review_form,
        },
    )


# --- Visits -----------------------------------------------------------------------------------


def visits(request: HttpRequest) -> HttpResponse:
    ids = visible_org_ids(request.user)
    today = timezone.localdate()
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= today.year else today.year
    start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)
    summary = selectors.visit_summary(start=start, end=end, org_ids=ids)
    chart = charts.bar_chart_svg(
        title=_("%(year)s年各月访问量") % {"year": year},
        labels=[_("%(m)s月") % {"m": m} for m, _n in summary.by_month],
        values=[float(n) for _m, n in summary.by_month],
        unit=_("次"),
    )
    return render(
        request,
        "supervision/admin/visits.html",
        {
            "page_title": _("访问统计"),
            "year": year,
            "years": list(range(today.year, today.year - 5, -1)),
            "summary": summary,
            "chart": mark_safe(chart),
        },
    )
