"""Publishing goes through the review workflow and is refused for inconsistent tables;
drafts, submissions and the status board behave as the law's deadlines say."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.catalogue.models import CatalogueItem
from gongkai.reports import selectors, services
from gongkai.reports.models import ReportStatus, SubmittedReport
from gongkai.reports.tables import empty_report, report_to_json
from gongkai.review.services import review_act

pytestmark = pytest.mark.django_db


def _approve_both_steps(item, reviewer, signer):
    for user in (reviewer, signer):
        item.refresh_from_db()
        review_act(
            task_state=item.current_workflow_task_state.specific,
            user=user,
            action="approve",
            opinion="同意",
            basis="",
        )


def test_publish_sends_the_report_to_review_and_signoff_publishes_it(city):
    report = services.report_get_or_create(org=city["a"], year=2024)
    services.report_draft_prose(report=report, user=city["a_editor"])
    item = services.report_publish(report=report, user=city["a_editor"])

    item.refresh_from_db()
    assert item.category.slug == "annual-report"
    assert item.title == "丰城市教育局2024年政府信息公开工作年度报告"
    assert not item.live and item.workflow_in_progress
    assert sorted(a.kind for a in item.attachments.all()) == ["docx", "pdf", "xlsx"]
    assert "三、收到和处理政府信息公开申请情况" in item.body
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_REVIEW
    # The snapshot is the table as sent: 5 new applications in 2024 (see test_selectors).
    assert report.snapshot["section3"]["rows"]["new"][6] == 5

    _approve_both_steps(item, city["a_reviewer"], city["a_signer"])
    item.refresh_from_db()
    report.refresh_from_db()
    assert item.live
    assert report.status == ReportStatus.PUBLISHED
    assert selectors.report_effective_status(report) == ReportStatus.PUBLISHED


def test_publish_is_refused_when_a_consistency_rule_is_broken(city):
    # An off-platform org's table stored before validation existed: 2 new, 1 concluded,
    # nothing carried out — 2 + 0 ≠ 1 + 0 in the 自然人 and 总计 columns.
    broken = empty_report("fc-c", "丰城市某乡人民政府", 2024)
    broken["section3"]["rows"]["new"] = [2, 0, 0, 0, 0, 0, 2]
    broken["section3"]["rows"]["granted"] = [1, 0, 0, 0, 0, 0, 1]
    broken["section3"]["rows"]["total"] = [1, 0, 0, 0, 0, 0, 1]
    SubmittedReport.objects.create(
        org=city["c"], year=2024, data=json.loads(report_to_json(broken))
    )
    report = services.report_get_or_create(org=city["gov"], year=2024)
    assert report.is_rollup
    report.overview = "总体情况"
    report.save()
    with pytest.raises(services.ReportInconsistent) as exc:
        services.report_publish(report=report, user=city["supervisor"])
    cells = {c for v in exc.value.violations for c in v.cell_names}
    assert "section3.rows.new[0]" in cells and "section3.rows.carried_out[6]" in cells
    assert not CatalogueItem.objects.filter(category__slug="annual-report").exists()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.snapshot is None


def test_another_orgs_editor_cannot_publish(city):
    report = services.report_get_or_create(org=city["a"], year=2024)
    with pytest.raises(PermissionDenied):
        services.report_publish(report=report, user=city["b_editor"])


def test_draft_prose_uses_the_figures_and_last_year(city):
    report = services.report_get_or_create(org=city["a"], year=2024)
    services.report_draft_prose(report=report, user=city["a_editor"])
    # 5 new in 2024 against 2 in 2023: +150.0%.
    assert "本年新收政府信息公开申请5件，同比增长150.0%" in report.overview
    assert "结转下年度继续办理3件" in report.overview
    # Cases filed in 2024: 2 reviews, 2 suits, 1 corrected (C1).
    assert "被申请行政复议2件、提起行政诉讼2件，其中结果被纠正1件" in report.overview
    assert report.other_matters == "本年度未收取信息处理费。"


def test_submitted_table_is_refused_when_inconsistent_and_accepted_when_not(city):
    table = empty_report("fc-c", "丰城市某乡人民政府", 2024)
    table["section4"]["review"]["total"] = 1  # no result adds up to it
    with pytest.raises(services.SubmissionRefused) as exc:
        services.submitted_report_upload(
            org=city["c"], year=2024, filename="c.json", content=report_to_json(table).encode()
        )
    assert "section4.review.total" in str(exc.value)
    table["section4"]["review"]["upheld"] = 1
    services.submitted_report_upload(
        org=city["c"], year=2024, filename="c.json", content=report_to_json(table).encode()
    )
    assert SubmittedReport.objects.get(org=city["c"], year=2024).data["section4"]["review"] == {
        "upheld": 1,
        "corrected": 0,
        "other": 0,
        "pending": 0,
        "total": 1,
    }


def test_status_board_marks_departments_overdue_after_31_january_and_the_government_after_31_march(
    city,
):
    rows = {
        r.org.code: r for r in selectors.report_status_board(year=2024, today=dt.date(2025, 2, 1))
    }
    assert rows["fc-a"].overdue and rows["fc-a"].deadline == dt.date(2025, 1, 31)
    assert not rows["fc"].overdue and rows["fc"].deadline == dt.date(2025, 3, 31)
    later = {
        r.org.code: r for r in selectors.report_status_board(year=2024, today=dt.date(2025, 4, 1))
    }
    assert later["fc"].overdue
