"""``import_appeals``: all or nothing, FILE:LINE errors, exit codes 0/1/2; the corrected rate."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from gongkai.appeals.models import Appeal
from gongkai.appeals.selectors import corrected_rate, corrected_rates
from gongkai.applications.models import Application, Status
from gongkai.orgs.models import Org

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    org = Org.objects.create(code="edu", name="澜江市教育局", kind=Org.Kind.DEPARTMENT)
    Application.objects.create(
        org=org,
        reference="2024-001",
        channel="online",
        applicant_type="natural_person",
        description="某文件",
        received_at=timezone.now(),
        receipt_date=dt.date(2024, 1, 5),
        status=Status.CONCLUDED,
        concluded_on=dt.date(2024, 1, 20),
        outcome="denied.4",
    )
    return org


def _run(path, code="edu"):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_appeals", str(path), "--org", code, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_keys_or_chinese_labels_and_links_the_application(org, tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(
        "\ufeff类型,立案日期,结果,审结日期,申请编号,案号\n"
        "行政复议,2024-03-01,纠正,2024-05-01,2024-001,澜府复〔2024〕3号\n"
        "litigation_direct,2024-04-01,,,,\n",
        encoding="utf-8",
    )
    out, _err = _run(path)
    assert "2 件" in out
    review = Appeal.objects.get(reference="澜府复〔2024〕3号")
    assert (review.kind, review.result, review.application.reference) == (
        "review",
        "corrected",
        "2024-001",
    )
    assert Appeal.objects.get(kind="litigation_direct").result == ""


def test_it_writes_nothing_and_names_each_bad_line(org, tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(
        "kind,filed_on,result,concluded_on,application\n"
        "review,2024-03-01,upheld,2024-04-01,\n"  # line 2: fine
        "appeal,2024-13-01,won,,\n"  # line 3: bad kind, date and result
        "review,2024-03-01,,2024-04-01,\n"  # line 4: concluded without result
        "review,2024-03-01,upheld,2024-02-01,2099-999\n",  # line 5: before filing, unknown app
        encoding="utf-8",
    )
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import_appeals", str(path), "--org", "edu", stdout=io.StringIO(), stderr=err)
    assert exc.value.returncode == 1
    assert Appeal.objects.count() == 0
    lines = err.getvalue().splitlines()
    assert not any(line.startswith(f"{path}:2:") for line in lines)
    assert sum(line.startswith(f"{path}:3:") for line in lines) == 3
    assert any(line.startswith(f"{path}:4: 有审结日期却没有结果") for line in lines)
    assert any(line.startswith(f"{path}:5: 审结日期早于立案日期") for line in lines)


def test_error_lines_are_file_colon_line(org, tmp_path, capsys):
    path = tmp_path / "cases.csv"
    path.write_text("kind,filed_on\nreview,2024-03-01\nappeal,2024-03-01\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_appeals", str(path), "--org", "edu", stdout=io.StringIO(), stderr=err)
    assert err.getvalue().splitlines()[0].startswith(f"{path}:3: 类型“appeal”无效")


def test_usage_errors_exit_2(org, tmp_path):
    with pytest.raises(CommandError) as exc:
        _run(tmp_path / "missing.csv")
    assert exc.value.returncode == 2
    path = tmp_path / "cases.csv"
    path.write_text("kind,filed_on\n", encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        _run(path, code="nope")
    assert exc.value.returncode == 2


def test_corrected_rate_counts_cases_decided_by_year_end(org):
    for result, concluded in [
        ("corrected", dt.date(2024, 5, 1)),
        ("upheld", dt.date(2024, 6, 1)),
        ("upheld", dt.date(2024, 7, 1)),
        ("corrected", dt.date(2025, 1, 3)),  # decided after the year: pending at year end
        ("", None),
    ]:
        Appeal.objects.create(
            org=org,
            kind="review",
            filed_on=dt.date(2024, 3, 1),
            result=result,
            concluded_on=concluded,
        )
    rate = corrected_rates(org_ids={org.pk}, year=2024)[org.pk]
    # 3 decided by 31 Dec 2024, 1 of them corrected: 33.3%.
    assert (rate.decided, rate.corrected, rate.rate) == (3, 1, Decimal("33.3"))
    assert corrected_rate(corrected=0, decided=0) is None
