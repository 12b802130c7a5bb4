import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.core.tabular import Row
from gongkai.orgs.models import Org
from gongkai.orgs.services import org_row_clean, org_rows_check_tree

HEADER = "代码,名称,类型,上级,统一社会信用代码\n"


def run(path):
    err = io.StringIO()
    try:
        call_command("import_orgs", str(path), stderr=err, stdout=io.StringIO())
    except CommandError as exc:
        return exc.returncode, err.getvalue()
    return 0, err.getvalue()


@pytest.mark.django_db
def test_a_parent_defined_later_in_the_file_is_fine(tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_text(
        HEADER
        + "edu,测试市教育局,部门,gov,\n"
        + "gov,测试市人民政府,government,,11330781751901053P\n",
        encoding="utf-8",
    )
    code, stderr = run(path)
    assert code == 0, stderr
    assert Org.objects.get(code="edu").parent.code == "gov"
    assert Org.objects.get(code="gov").credit_code == "11330781751901053P"


@pytest.mark.django_db
def test_a_cycle_and_an_unknown_parent_are_reported_and_nothing_is_written(tmp_path):
    path = tmp_path / "orgs.csv"
    # Lines 2 and 3 point at each other; line 4 names a parent nobody defines.
    path.write_text(
        HEADER + "a,甲,部门,b,\n" + "b,乙,部门,a,\n" + "c,丙,town,zz,\n", encoding="utf-8"
    )
    code, stderr = run(path)
    assert code == 1
    assert f"{path}:2: " in stderr and "成环" in stderr
    assert f"{path}:3: " in stderr
    assert f"{path}:4: " in stderr and "zz" in stderr
    assert Org.objects.count() == 0


def row(line, **values):
    base = {"code": "", "name": "", "kind": "", "parent": "", "credit_code": ""}
    return Row(line, base | values)


def test_a_bad_credit_code_checksum_is_an_error():
    # Changing the last character of a valid code breaks the GB 32100 check.
    _org, errors = org_row_clean(
        row(2, code="x", name="X", kind="部门", credit_code="11330781751901053Q")
    )
    assert errors and errors[0].line == 2


def test_existing_orgs_can_be_parents_and_rows_come_out_parents_first():
    a, _ = org_row_clean(row(2, code="child", name="子", kind="town", parent="mid"))
    b, _ = org_row_clean(row(3, code="mid", name="中", kind="department", parent="top"))
    ordered, errors = org_rows_check_tree([a, b], {"top": None})
    assert errors == []
    assert [r.code for r in ordered] == ["mid", "child"]


@pytest.mark.django_db
def test_a_mistyped_credit_code_is_refused_saying_what_to_fix(tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_text(
        HEADER
        + "gov,测试市人民政府,government,,11330781751901053Q\n"
        + "edu,测试市教育局,部门,,1133078175190105\n"
        + "fgw,测试市发展和改革委员会,部门,,11330781 751901053P\n",
        encoding="utf-8",
    )
    code, stderr = run(path)
    assert code == 1
    assert f"{path}:2: 统一社会信用代码“11330781751901053Q”：" in stderr
    assert "最后一位（校验码）与前17位不符" in stderr
    assert f"{path}:3: " in stderr and "应为18位，您填写了16位" in stderr
    assert f"{path}:4:" not in stderr  # a space inside a valid code is only a separator
    assert not Org.objects.exists()
