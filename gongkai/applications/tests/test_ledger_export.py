"""The ledger export names each application's org (单位); the import reads that column back."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from gongkai.applications import services
from gongkai.applications.models import Application

from .conftest import APPLICANT

pytestmark = [pytest.mark.django_db, pytest.mark.urls("gongkai.applications.tests.urls")]
SH = zoneinfo.ZoneInfo("Asia/Shanghai")
WHEN = dt.datetime(2025, 9, 15, 10, 0, tzinfo=SH)


@pytest.fixture
def apps(calendar_2025, org_a, org_b):
    a = services.application_submit_online(org=org_a, data=APPLICANT, now=WHEN)
    b = services.application_submit_online(org=org_b, data=APPLICANT, now=WHEN)
    return a, b


def sheet(response) -> list[tuple]:
    assert response.status_code == 200
    return list(
        load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)
    )


def test_the_all_units_export_names_each_row_s_org(client, apps, supervisor):
    a, b = apps
    client.force_login(supervisor)
    rows = sheet(client.get("/admin/applications/?tab=all&export=xlsx"))
    col = rows[0].index("单位")
    by_ref = {row[0]: row[col] for row in rows[1:]}
    assert by_ref == {a.reference: "丰城市发展和改革委员会", b.reference: "丰城市教育局"}


def test_a_one_unit_export_names_its_org_too(client, apps, officer_a):
    a, _b = apps
    client.force_login(officer_a)
    rows = sheet(client.get("/admin/applications/?tab=all&export=xlsx"))
    assert rows[0][-1] == "单位"
    assert rows[1:] and [(r[0], r[-1]) for r in rows[1:]] == [
        (a.reference, "丰城市发展和改革委员会")
    ]


def test_the_import_checks_the_org_column(tmp_path, org_a, calendar_2025):
    path = tmp_path / "ledger.csv"
    path.write_text(
        "编号,收到日期,申请人类型,单位\n"
        "A-1,2025-03-03,自然人,丰城市发展和改革委员会\n"
        "A-2,2025-03-04,自然人,FCFGW\n"
        "A-3,2025-03-05,自然人,\n",
        encoding="utf-8",
    )
    call_command("import_applications", str(path), "--org", org_a.code, stdout=io.StringIO())
    assert set(Application.objects.values_list("reference", flat=True)) == {"A-1", "A-2", "A-3"}


def test_an_export_of_one_org_is_refused_by_the_import_for_another(
    tmp_path, apps, org_a, org_b, calendar_2025
):
    path = tmp_path / "ledger.xlsx"
    call_command("export_applications", str(path), "--org", org_a.code, stdout=io.StringIO())
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import_applications", str(path), "--org", org_b.code, stderr=err)
    assert f"{path}:2: 单位“丰城市发展和改革委员会”与导入的单位“丰城市教育局”（FCJYJ）不符" in (
        err.getvalue()
    )
    assert Application.objects.filter(org=org_b).count() == 1
