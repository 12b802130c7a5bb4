"""The spec accessors nest the rows as the official table does and map labels to keys."""

from __future__ import annotations

import pytest

from gongkai.statute import layout


def test_rows_carry_the_group_headings_they_sit_under():
    # From the official table: 三、本年度办理结果 covers （一） to （七）总计, and 1.–8. sit under
    # （三）不予公开; 一、二、四 stand alone.
    assert layout.section3_row("new").group is None
    assert layout.section3_row("granted").group == "三、本年度办理结果"
    assert layout.section3_row("granted").subgroup is None
    assert layout.section3_row("denied.8").subgroup == "（三）不予公开"
    assert layout.section3_row("other.3").subgroup == "（六）其他处理"
    assert layout.section3_row("total").group == "三、本年度办理结果"
    assert layout.section3_row("total").subgroup is None
    assert layout.section3_row("carried_out").group is None


def test_outcomes_and_applicant_types_are_accepted_as_keys_or_labels():
    assert layout.outcome_key("4.保护第三方合法权益") == "denied.4"
    assert layout.outcome_key("（一）予以公开") == "granted"
    assert layout.outcome_key("unable.2") == "unable.2"
    assert layout.applicant_type_key("商业企业") == "business"
    assert layout.applicant_type_key("other_org") == "other_org"
    with pytest.raises(KeyError):
        layout.outcome_key("（七）总计")  # a sum, not an outcome
    with pytest.raises(KeyError):
        layout.applicant_type_key("总计")


def test_section_headings_and_section4_labels_come_from_the_spec():
    assert layout.section_heading("problems") == "五、存在的主要问题及改进情况"
    assert [g.parent for g in layout.section4_groups()] == [None, "行政诉讼", "行政诉讼"]
    assert layout.section4_result_keys() == ("upheld", "corrected", "other", "pending")
    assert layout.applicant_column_keys() == (
        "natural_person", "business", "research", "public_interest", "legal_service", "other_org",
    )  # fmt: skip
