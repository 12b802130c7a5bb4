"""The public form checks a resident ID and a credit code by their check digits (python-stdnum).

Before, a resident ID was checked by its shape alone (18 characters) and a unified social credit
code not at all, so typos reached the ledger, the letters and duplicate detection.
"""

from __future__ import annotations

import pytest

from gongkai.applications.models import Application

from .test_views import _post_apply

pytestmark = [pytest.mark.django_db, pytest.mark.urls("gongkai.applications.tests.urls")]

BUSINESS = {
    "applicant_type": "business",
    "applicant_name": "",
    "id_type": "",
    "id_number": "",
    "organisation": "丰城市某某建材有限公司",
    "contact_person": "李四",
}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("110101199003071234", "最后一位（校验码）与前17位不符"),  # …1233 is right
        ("110101199013071236", "第7至14位应为出生日期"),  # month 13
        ("000101199003071238", "前两位不是任何省份的代码"),
        ("11010119900307123", "应为18位，您填写了17位"),
        ("1101011990030712X3", "前17位应为数字"),
    ],
)
def test_a_resident_id_that_cannot_be_right_is_refused_saying_what_to_fix(
    client, calendar_2025, org_a, typed, message
):
    response = _post_apply(client, org_a, id_number=typed)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'value="{typed}"' in page  # what was typed stays in the form
    assert not Application.objects.exists()


def test_a_resident_id_typed_in_groups_with_a_small_x_is_accepted_and_stored_compact(
    client, calendar_2025, org_a
):
    response = _post_apply(client, org_a, id_number="110105 19491231 002x")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Application.objects.get().id_number == "11010519491231002X"


def test_a_credit_code_with_a_wrong_check_character_is_refused(client, calendar_2025, org_a):
    response = _post_apply(client, org_a, **BUSINESS, credit_code="91110000600037341X")
    assert response.status_code == 400
    assert "统一社会信用代码的最后一位（校验码）与前17位不符" in response.content.decode()
    response = _post_apply(client, org_a, **BUSINESS, credit_code="91110000600O37341L")
    assert "不含I、O、S、V、Z" in response.content.decode()
    assert not Application.objects.exists()


def test_a_valid_credit_code_is_accepted(client, calendar_2025, org_a):
    response = _post_apply(client, org_a, **BUSINESS, credit_code="91110000600037341l")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Application.objects.get().credit_code == "91110000600037341L"
