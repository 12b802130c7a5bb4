"""A hand-built city: a government, two departments on the platform, one off it, and a ledger
of applications, cases and documents whose 2024 counts are worked out by hand in the tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from gongkai.appeals.models import Appeal
from gongkai.applications.models import Application, Status
from gongkai.catalogue.models import CatalogueItem, Category
from gongkai.orgs.models import Org
from gongkai.orgs.roles import Role
from gongkai.orgs.services import staff_create
from gongkai.reports.models import AnnualFigures

D = dt.date

# (reference, received, applicant type, concluded, outcome)
LEDGER_A = [
    ("A1", D(2022, 11, 20), "natural_person", D(2024, 1, 10), "granted"),
    ("A2", D(2022, 12, 1), "business", D(2024, 3, 5), "denied.4"),
    ("A3", D(2023, 5, 1), "natural_person", D(2023, 6, 1), "granted"),
    ("A4", D(2023, 12, 20), "natural_person", None, ""),
    ("A5", D(2024, 1, 1), "natural_person", D(2024, 1, 15), "partial"),
    ("A6", D(2024, 6, 30), "research", D(2025, 1, 10), "unable.1"),
    ("A7", D(2024, 12, 31), "legal_service", None, ""),
    ("A8", D(2024, 7, 1), "natural_person", D(2024, 7, 20), "other.2"),
    ("A9", D(2025, 1, 2), "business", None, ""),
    ("A10", D(2024, 3, 1), "business", D(2024, 12, 31), "not_processed.2"),
]
LEDGER_B = [("B1", D(2024, 2, 1), "natural_person", D(2024, 2, 20), "granted")]

# (reference, kind, filed, result, concluded)
CASES_A = [
    ("C1", "review", D(2024, 3, 1), "corrected", D(2024, 5, 1)),
    ("C2", "review", D(2024, 4, 1), "upheld", D(2025, 2, 1)),
    ("C3", "litigation_direct", D(2024, 5, 1), "", None),
    ("C4", "litigation_after_review", D(2023, 11, 1), "upheld", D(2024, 1, 5)),
    ("C5", "litigation_after_review", D(2024, 8, 1), "other", D(2024, 10, 1)),
]


def make_application(org: Org, ref, received, applicant_type, concluded, outcome) -> Application:
    return Application.objects.create(
        org=org,
        reference=ref,
        channel="online",
        applicant_type=applicant_type,
        applicant_name="张三",
        description="申请公开某文件",
        received_at=timezone.make_aware(dt.datetime.combine(received, dt.time(9))),
        receipt_date=received,
        status=Status.CONCLUDED if concluded else Status.RECEIVED,
        concluded_on=concluded,
        outcome=outcome,
    )


def make_document(org: Org, category: Category, doc_type, formed, valid_until=None, live=True):
    return CatalogueItem.objects.create(
        org=org,
        category=category,
        title=f"文件{formed}",
        formed_on=formed,
        published_on=formed if live else None,
        doc_type=doc_type,
        valid_until=valid_until,
        live=live,
    )


@pytest.fixture
def city(db):
    gov = Org.objects.create(code="fc", name="丰城市人民政府", kind=Org.Kind.GOVERNMENT)
    office = Org.objects.create(
        code="fc-bgs", name="丰城市人民政府办公室", kind=Org.Kind.DEPARTMENT, parent=gov
    )
    a = Org.objects.create(code="fc-a", name="丰城市教育局", kind=Org.Kind.DEPARTMENT, parent=gov)
    b = Org.objects.create(code="fc-b", name="丰城市民政局", kind=Org.Kind.DEPARTMENT, parent=gov)
    c = Org.objects.create(
        code="fc-c", name="丰城市某乡人民政府", kind=Org.Kind.TOWN, parent=gov, on_platform=False
    )
    for row in LEDGER_A:
        make_application(a, *row)
    for row in LEDGER_B:
        make_application(b, *row)
    for ref, kind, filed, result, concluded in CASES_A:
        Appeal.objects.create(
            org=a, reference=ref, kind=kind, filed_on=filed, result=result, concluded_on=concluded
        )
    cat = Category.objects.create(org=a, name="法规公文类", slug="policies")
    make_document(a, cat, "normative", D(2024, 3, 1))
    make_document(a, cat, "normative", D(2020, 1, 1), D(2024, 6, 30))
    make_document(a, cat, "normative", D(2019, 5, 1))
    make_document(a, cat, "regulation", D(2024, 12, 31), D(2024, 12, 31))
    make_document(a, cat, "normative", D(2024, 5, 1), live=False)
    AnnualFigures.objects.create(
        org=a, year=2024, licensing=12, punishment=3, coercion=0, fees_10k_yuan=Decimal("1.2345")
    )
    users = {
        "a_editor": staff_create(org=a, username="a-editor", password="x", roles=[Role.EDITOR]),
        "a_reviewer": staff_create(
            org=a, username="a-reviewer", password="x", roles=[Role.REVIEWER]
        ),
        "a_signer": staff_create(org=a, username="a-signer", password="x", roles=[Role.SIGNER]),
        "b_editor": staff_create(org=b, username="b-editor", password="x", roles=[Role.EDITOR]),
        "supervisor": staff_create(
            org=office, username="sup", password="x", roles=[Role.SUPERVISOR]
        ),
    }
    return {"gov": gov, "office": office, "a": a, "b": b, "c": c, **users}
