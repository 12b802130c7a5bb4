"""The annual report in Wagtail's admin: status board, one org's report, drill-down, comparison.

Every view resolves the org through ``_org_for`` (404 when the user may not see it) and every
write checks ``services.report_can_edit`` (403) — on the server, whatever the page showed.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from gongkai.appeals.selectors import corrected_rates
from gongkai.orgs.models import Org
from gongkai.orgs.scoping import can_see_org, sees_all_orgs, visible_org_ids
from gongkai.statute import layout

from . import grid, selectors, services
from .checks import cell_label, cell_name, check_report
from .compare import compare_reports
from .models import AnnualFigures, AnnualReport

PAGE_SIZE = 200


def _require_view(user) -> None:
    if not user.has_perm("reports.view_annualreport"):
        raise PermissionDenied


def _org_for(request, org_id: int) -> Org:
    _require_view(request.user)
    org = get_object_or_404(Org, pk=org_id)
    if not can_see_org(request.user, org.pk):
        raise Http404
    return org


def _default_year() -> int:
    return timezone.localdate().year - 1


def _year(raw: str | None, default: int) -> int:
    try:
        year = int(raw or default)
    except ValueError:
        raise Http404 from None
    if not 1990 <= year <= 2100:
        raise Http404
    return year


def index(request):
    """Per org: drafted / checked / in review / published, overdue vs 31 Jan / 31 Mar."""
    _require_view(request.user)
    year = _year(request.GET.get("year"), _default_year())
    today = timezone.localdate()
    ids = visible_org_ids(request.user)
    rows = selectors.report_status_board(year=year, today=today, org_ids=ids)
    rates = {}

    rates = corrected_rates(org_ids=ids, year=year)
    return render(
        request,
        "reports/admin/index.html",
        {
            "year": year,
            "years": range(today.year, today.year - 8, -1),
            "rows": [(r, rates.get(r.org.pk)) for r in rows],
            "overdue": sum(1 for r in rows if r.overdue),
            "published": sum(1 for r in rows if r.signed),
            "board": sees_all_orgs(request.user),
        },
    )


def _table(section_grid: grid.Grid, org: Org, year: int, changes=None) -> list[list[dict]]:
    base = reverse("reports_admin:cell", args=[org.pk, year])
    out = []
    for row in section_grid:
        cells = []
        for cell in row:
            entry = {
                "text": cell.text,
                "rowspan": cell.rowspan,
                "colspan": cell.colspan,
                "kind": cell.kind,
                "href": "",
                "title": "",
                "change": None,
            }
            if cell.path is not None:
                entry["title"] = cell_label(cell.path)
                if selectors.cell_filter(cell.path, year) is not None:
                    entry["href"] = f"{base}?cell={cell_name(cell.path)}"
                if changes is not None:
                    entry["change"] = changes[cell.path]
            cells.append(entry)
        out.append(cells)
    return out


def _tables(report_data, org: Org, year: int, changes=None) -> list[dict]:
    return [
        {
            "key": key,
            "heading": layout.section_heading(key),
            "rows": _table(build(report_data), org, year, changes),
        }
        for key, build in (
            ("section2", grid.section2_grid),
            ("section3", grid.section3_grid),
            ("section4", grid.section4_grid),
        )
    ]


def report_page(request, org_id: int, year: int):
    org = _org_for(request, org_id)
    report = AnnualReport.objects.filter(org=org, year=year).select_related(
        "catalogue_item"
    ).first() or AnnualReport(
        org=org,
        year=year,
        is_rollup=org.kind == Org.Kind.GOVERNMENT and org.children.exists(),
    )
    can_edit = services.report_can_edit(request.user, org)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        return _act(request, org, year)
    try:
        tables = services.report_tables(report, live=True)
        error = ""
    except ValueError as exc:
        tables, error = None, str(exc)
    rollup = None
    if report.is_rollup:
        rollup = selectors.report_rollup(org=org, year=year)
    figures = AnnualFigures.objects.filter(org=org, year=year).first()
    return render(
        request,
        "reports/admin/report.html",
        {
            "org": org,
            "year": year,
            "report": report,
            "status": selectors.report_effective_status(report) if report.pk else "",
            "tables": _tables(tables, org, year) if tables else [],
            "violations": check_report(tables) if tables else [],
            "error": error,
            "figures": figures,
            "can_edit": can_edit,
            "rollup": rollup,
            "formats": ("html", "docx", "pdf", "xlsx", "json"),
            "is_supervisor": sees_all_orgs(request.user),
        },
    )


def _act(request, org: Org, year: int):
    action = request.POST.get("action", "")
    report = services.report_get_or_create(org=org, year=year)
    user = request.user
    try:
        if action == "save_prose":
            services.report_save_prose(
                report=report,
                overview=request.POST.get("overview", ""),
                problems=request.POST.get("problems", ""),
                other_matters=request.POST.get("other_matters", ""),
                user=user,
            )
            messages.success(request, _("已保存文字部分。"))
        elif action == "draft":
            services.report_draft_prose(
                report=report, user=user, overwrite=request.POST.get("overwrite") == "1"
            )
            messages.success(request, _("已根据本年数据生成初稿，请修改完善。"))
        elif action == "figures":
            try:
                fees = Decimal(request.POST.get("fees_10k_yuan") or "0")
                counts = {
                    k: int(request.POST.get(k) or 0)
                    for k in ("licensing", "punishment", "coercion")
                }
            except (InvalidOperation, ValueError):
                raise ValidationError(_("请填写数字。")) from None
            services.annual_figures_save(
                org=org,
                year=year,
                fees_10k_yuan=fees,
                source_note=request.POST.get("source_note", ""),
                user=user,
                **counts,
            )
            messages.success(request, _("已保存填报数据。"))
        elif action == "check":
            violations = services.report_check(report=report, user=user)
            if violations:
                messages.error(
                    request,
                    ngettext(
                        "发现 %(n)d 处不符合校验规则，见下方。",
                        "发现 %(n)d 处不符合校验规则，见下方。",
                        len(violations),
                    )
                    % {"n": len(violations)},
                )
            else:
                messages.success(request, _("校验通过。"))
        elif action == "publish":
            services.report_publish(report=report, user=user)
            messages.success(request, _("已生成年报条目并提交保密审查、签发；签发后自动发布。"))
        elif action == "legacy" and request.FILES.get("file"):
            upload = request.FILES["file"]
            services.report_upload_legacy(
                org=org, year=year, filename=upload.name, content=upload.read(), user=user
            )
            messages.success(request, _("已上传历史年报并提交审核。"))
        else:
            messages.error(request, _("未知操作。"))
    except services.ReportInconsistent as exc:
        for violation in exc.violations:
            messages.error(request, str(violation))
    except (services.ReportError, ValidationError) as exc:
        messages.error(request, _("；").join(getattr(exc, "messages", [str(exc)])))
    return redirect("reports_admin:report", org.pk, year)


@require_POST
def submitted_upload(request, org_id: int, year: int):
    """The general office uploads the filled tables of an org off the platform."""
    org = _org_for(request, org_id)
    if not request.user.has_perm("reports.add_submittedreport") or not sees_all_orgs(request.user):
        raise PermissionDenied
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("请选择文件。"))
    else:
        try:
            services.submitted_report_upload(
                org=org, year=year, filename=upload.name, content=upload.read(), user=request.user
            )
            messages.success(request, _("已接收该单位上报的年报表格。"))
        except services.SubmissionRefused as exc:
            for line in exc.messages:
                messages.error(request, line)
    return redirect("reports_admin:report", org.pk, year)


def cell(request, org_id: int, year: int):
    """The records behind one cell, limited to orgs the user may see."""
    org = _org_for(request, org_id)
    try:
        path = selectors.parse_cell_name(request.GET.get("cell", ""))
    except ValueError:
        raise Http404 from None
    report = AnnualReport.objects.filter(org=org, year=year).first()
    is_rollup = (
        report.is_rollup if report else (org.kind == Org.Kind.GOVERNMENT and org.children.exists())
    )
    ids = org.descendant_ids() if is_rollup else {org.pk}
    visible = visible_org_ids(request.user)
    if visible is not None:
        ids &= visible
    records = selectors.cell_records(org_ids=ids, year=year, path=path)
    if records is None:
        raise Http404
    kind = selectors.cell_filter(path, year)[0]
    records = records.select_related("org").order_by("org__sort_order", "pk")
    total = records.count()
    return render(
        request,
        "reports/admin/cell.html",
        {
            "org": org,
            "year": year,
            "kind": kind,
            "cell": cell_name(path),
            "label": cell_label(path),
            "records": records[:PAGE_SIZE],
            "total": total,
            "truncated": total > PAGE_SIZE,
        },
    )


def compare(request, org_id: int):
    org = _org_for(request, org_id)
    after = _year(request.GET.get("b"), _default_year())
    before = _year(request.GET.get("a"), after - 1)

    def tables_for(year: int):
        report = AnnualReport.objects.filter(org=org, year=year).first() or AnnualReport(
            org=org, year=year, is_rollup=org.kind == Org.Kind.GOVERNMENT and org.children.exists()
        )
        return services.report_tables(report)

    a, b = tables_for(before), tables_for(after)
    changes = compare_reports(a, b)
    return render(
        request,
        "reports/admin/compare.html",
        {
            "org": org,
            "a": before,
            "b": after,
            "tables": _tables(b, org, after, changes),
            "years": range(timezone.localdate().year, timezone.localdate().year - 10, -1),
            "changed": sum(1 for c in changes.values() if c.delta),
        },
    )


def download(request, org_id: int, year: int, fmt: str):
    org = _org_for(request, org_id)
    report = AnnualReport.objects.filter(org=org, year=year).first() or AnnualReport(
        org=org, year=year, is_rollup=org.kind == Org.Kind.GOVERNMENT and org.children.exists()
    )
    if fmt == "legacy":
        html = services.legacy_render_html(report=report)
        return HttpResponse(html, content_type="text/html; charset=utf-8")
    if fmt not in services.CONTENT_TYPES:
        raise Http404
    tables = services.report_tables(report)
    prose = report.prose if any(report.prose.values()) else services.report_generated_prose(report)
    data = services.report_render(tables, prose, fmt)
    response = HttpResponse(data, content_type=services.CONTENT_TYPES[fmt])
    if fmt != "html":
        name = f"{org.code}-{year}-annual-report.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
