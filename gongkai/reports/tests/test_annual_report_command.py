"""``annual_report``: JSON with exactly the counts of §5, documents that open, exit codes."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .test_selectors import EXPECTED_2024

pytestmark = pytest.mark.django_db


def _json(*args) -> dict:
    out = io.StringIO()
    call_command("annual_report", *args, stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def test_json_to_stdout_has_the_hand_checked_counts_in_the_spec_shape(city):
    data = _json("--org", "fc-a", "--year", "2024", "--format", "json")
    assert data["format"] == "gb-2021" and data["year"] == 2024
    assert data["section3"]["columns"] == [
        "natural_person",
        "business",
        "research",
        "public_interest",
        "legal_service",
        "other_org",
        "total",
    ]
    rows = data["section3"]["rows"]
    assert len(rows) == 25 and all(len(v) == 7 for v in rows.values())
    assert {k: v for k, v in rows.items() if any(v)} == EXPECTED_2024
    assert data["section2"]["fees"]["amount_10k_yuan"] == 1.2345
    assert data["checks"] == []
    assert set(data["narrative"]) == {"overview", "problems", "other_matters"}


def test_rollup_json_adds_every_org_below_the_government(city):
    data = _json("--org", "fc", "--year", "2024", "--format", "json", "--rollup")
    # A's 5 new + B's 1 (C is off the platform and submitted nothing).
    assert data["section3"]["rows"]["new"][6] == 6
    assert data["rollup"]["missing"] == ["fc-c"]


def test_pdf_and_docx_are_written_with_chinese_text(city, tmp_path):
    from docx import Document
    from pypdf import PdfReader

    pdf, docx = tmp_path / "r.pdf", tmp_path / "r.docx"
    call_command(
        "annual_report",
        "--org",
        "fc-a",
        "--year",
        "2024",
        "--format",
        "pdf",
        "--output",
        str(pdf),
        stderr=io.StringIO(),
    )
    call_command(
        "annual_report",
        "--org",
        "fc-a",
        "--year",
        "2024",
        "--format",
        "docx",
        "--output",
        str(docx),
        stderr=io.StringIO(),
    )
    reader = PdfReader(pdf)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "丰城市教育局2024年政府信息公开工作年度报告" in text.replace("\n", "")
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            descendant = font.get("/DescendantFonts")
            if descendant:
                desc = descendant[0].get_object()["/FontDescriptor"].get_object()
                assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert any("CJK" in f for f in fonts), fonts
    document = Document(docx)
    assert "一、总体情况" in [p.text for p in document.paragraphs]
    assert len(document.tables) == 3


def test_usage_errors_exit_2(city):
    with pytest.raises(CommandError) as exc:
        call_command("annual_report", "--org", "nope", "--year", "2024", "--format", "json")
    assert exc.value.returncode == 2
    with pytest.raises(CommandError) as exc:
        call_command("annual_report", "--org", "fc-a", "--year", "2024", "--format", "pdf")
    assert exc.value.returncode == 2
